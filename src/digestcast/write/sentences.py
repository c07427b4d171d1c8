"""Long spoken sentences split at a natural break, so a listener (and the voice) can breathe."""

from __future__ import annotations

import re

from digestcast.write.summarize import sentences

MAX_SENTENCE_WORDS = 40
MIN_PART_WORDS = 6  # neither side of a split is shorter than this
DASH = " \u2014 "
# Breaks, best first: a semicolon, a dash, a colon, a comma before a conjunction, a comma
# between two clauses (not inside a list of short items).
BREAKS = (
    re.compile(r";\s+"),
    re.compile(r"\s+\u2014\s+"),
    re.compile(r":\s+"),
    re.compile(r",\s+(?=(?:and|but|so|yet|while|because|although)\s)"),
    re.compile(r",\s+"),
)
LIST_ITEM_WORDS = 4  # a comma with a chunk this short on either side is inside a list
FINAL_DASH = re.compile(r"\s*\u2014\s*(?=[.!?]|$)")
LEADING_DASH = re.compile(r"^\s*\u2014\s*")
DASH_PAUSE = re.compile(r"\s*\u2014\s*")


def _words(text: str) -> int:
    return len(text.split())


def _clause_comma(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[: match.start()].rsplit(",", 1)[-1]
    after = sentence[match.end() :].split(",", 1)[0]
    return _words(before) >= LIST_ITEM_WORDS and _words(after) >= LIST_ITEM_WORDS


# A sentence opening on one of these has its first comma end a fronted clause ("Besides the
# fees, critics say..."): cut there, it leaves a fragment. So does a cut before "such as".
FRONTED = frozenset(
    {
        "besides",
        "although",
        "though",
        "while",
        "when",
        "whenever",
        "if",
        "unless",
        "because",
        "since",
        "after",
        "before",
        "as",
        "unlike",
        "despite",
        "without",
        "like",
        "once",
        "until",
        "whereas",
        "even",
        "given",
        "instead",
    }
)
FRAGMENT_START = re.compile(r"(?:including|especially|such as|for example|for instance)\b", re.I)
FRAGMENT_END = re.compile(r"\b(?:for example|for instance)$", re.I)


def _leaves_fragment(sentence: str, match: re.Match[str]) -> bool:
    """Cutting here leaves a part that is no sentence."""
    before = sentence[: match.start()]
    first = before.split(maxsplit=1)[0].lower().strip("\"'\u201c") if before.split() else ""
    if first in FRONTED and "," not in before:
        return True
    if FRAGMENT_END.search(before.rstrip(" ,")):
        return True
    return FRAGMENT_START.match(sentence[match.end() :]) is not None


def _in_list(sentence: str, match: re.Match[str]) -> bool:
    """A cut before "and" right after a short item of a list ("on Node, Bun, and Deno")."""
    before = sentence[: match.start()]
    after = sentence[match.end() :]
    return (
        "," in before
        and _words(before.rsplit(",", 1)[-1]) < LIST_ITEM_WORDS
        and re.match(r"(?:and|or)\s", after) is not None
    )


def _ends_on_a_letter(text: str) -> bool:
    """A part ending on a lone capital ("Q and A") would end on what reads as an initial
    ("A."): the sentence splitters would not see it end."""
    return re.search(r"(?:^|\s)[A-Z]$", text.rstrip(" ,;:\u2014")) is not None


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def split_long(sentence: str, limit: int = MAX_SENTENCE_WORDS) -> list[str]:
    """The sentence itself when it has at most `limit` words, else its parts split at the best
    natural break nearest the middle ("a; b" -> "a." "B"), as long as one exists."""
    if _words(sentence) <= limit:
        return [sentence]
    for whole in (True, False):  # cuts that leave no fragment first, then any
        for kind, pattern in enumerate(BREAKS):
            candidates = [
                m
                for m in pattern.finditer(sentence)
                if min(_words(sentence[: m.start()]), _words(sentence[m.end() :])) >= MIN_PART_WORDS
                and (kind < len(BREAKS) - 1 or _clause_comma(sentence, m))
                and not (whole and kind >= len(BREAKS) - 2 and _leaves_fragment(sentence, m))
                and not _ends_on_a_letter(sentence[: m.start()])
                and not _in_list(sentence, m)
            ]
            if candidates:
                return _split_nearest_half(sentence, candidates, limit)
        if whole and (parts := _split_at_last_resort(sentence, limit))[0] != sentence:
            return parts
    return _split_at_last_resort(sentence, limit, whole=False)


def _split_nearest_half(sentence: str, candidates: list[re.Match[str]], limit: int) -> list[str]:
    """Cut at the candidate break nearest the sentence's middle; split each half again."""
    total = _words(sentence)
    best = min(candidates, key=lambda m: abs(_words(sentence[: m.start()]) - total / 2))
    left = sentence[: best.start()].rstrip(" ,;:\u2014") + "."
    right = _sentence_case(sentence[best.end() :].strip())
    return split_long(left, limit) + split_long(right, limit)


# Where a sentence with no natural break is cut all the same: any comma (a list of items),
# else before a conjunction or a relative word.
LAST_RESORT = (
    re.compile(r"[,;]\s+"),
    # (not before "with", "that", "which": "critics have. With the list...")
    re.compile(r"\s+(?=(?:and|but|or|while|because|so)\s)"),
)
LAST_RESORT_WORDS = 3


def _split_at_last_resort(sentence: str, limit: int, whole: bool = True) -> list[str]:
    for pattern in LAST_RESORT:
        candidates = [
            m
            for m in pattern.finditer(sentence)
            if min(_words(sentence[: m.start()]), _words(sentence[m.end() :])) >= LAST_RESORT_WORDS
            and not _ends_on_a_letter(sentence[: m.start()])
            and not (whole and _leaves_fragment(sentence, m))
            and not _in_list(sentence, m)
        ]
        if candidates:
            return _split_nearest_half(sentence, candidates, limit)
    return [sentence]


def breathe(paragraph: str, limit: int = MAX_SENTENCE_WORDS) -> str:
    """Split the paragraph's long sentences; the dashes left become comma pauses."""
    if _words(paragraph) > limit:
        paragraph = " ".join(
            part for sentence in sentences(paragraph) for part in split_long(sentence, limit)
        )
    paragraph = FINAL_DASH.sub("", paragraph)
    paragraph = LEADING_DASH.sub("", paragraph)
    return DASH_PAUSE.sub(", ", paragraph)
