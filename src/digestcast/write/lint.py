"""A listener's lint of a script: what would sound wrong when heard, each with its line in
the editable script (`digestcast script` prints it; `--check` lists these)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from digestcast.models import Script, Segment, Utterance
from digestcast.write.cleanup import starts_with_title
from digestcast.write.episode import NUMBERED, READ_TIME
from digestcast.write.foreign import without_foreign_numbers
from digestcast.write.leadins import continues
from digestcast.write.phrasing import COMMON_WORDS, LINK
from digestcast.write.scriptfile import dump_script
from digestcast.write.summarize import STOPWORDS, key_terms, leans_back, sentences

ORDINALS = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Next", "Finally")
# Phrases the built-in templates put before a story's own words (a sentence of their own, or
# run into the sentence after a colon).
LEAD_INS = (
    "One thing to remember:",
    "The key takeaway:",
    "Why does it matter?",
    "Why does this matter?",
    "So why does it matter?",
    "Now the author's own take.",
    "Here's the author's view.",
    "And now, the author's take.",
    "Now the newsletter's own take.",
    "Here's the editors' view.",
    "And now, the editors' take.",
    "The key takeaways.",
    "A few takeaways.",
    "What to remember.",
    "The main points.",
)
MAX_SENTENCE_WORDS = 40
TITLE_POINTER = re.compile(
    r"^(?:This|It|It's|Its|He|He's|She|She's|His|Her|They|Their|Which|Another"
    r"|The (?:company|firm|startup|team|project|tool|library|app|paper|study))\b"
)
SAME_SENTENCE = 0.8  # key-term overlap (Jaccard) of two sentences that say the same thing
# The kinds of defect, in the order they are counted.
KINDS = (
    "reference",  # an opening that refers to something never said
    "repeat",  # a sentence said twice in one story
    "byline",
    "dateline",
    "caption",
    "badge",
    "footnote",
    "abbreviation",  # an abbreviation read letter by letter or as symbols
    "fragment",  # a sentence without its beginning
    "list case",  # "First, Users ..."
    "digits",
    "url",
    "markup",
    "title twice",
    "long sentence",
    "empty",
)
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
WRITTEN_CHECKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "byline",
        re.compile(r"^(?:By|Written by|Words by)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\W*$"),
    ),
    (
        "byline",
        re.compile(r"^By\s+[A-Z][\w.'-]+\s+[A-Z][\w.'-]+(?:\s+and\s+[A-Z][\w.'-]+)?[,|∙•·]"),
    ),
    (
        "dateline",
        re.compile(
            rf"^{WEEKDAY}(?:{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+{MONTH})(?:,?\s+\d{{4}})?\W*$"
            rf"|^\d{{4}}-\d{{2}}-\d{{2}}\W*$|^(?:Published|Updated|Posted)(?:\s+on)?\s+{WEEKDAY}{MONTH}",
        ),
    ),
    (
        "dateline",
        re.compile(r"^[A-Z]{3,}(?:\s[A-Z]{3,})*(?:,\s[A-Z][a-z]+)?\s(?:\(\w+\)\s)?\u2014\s"),
    ),
    (
        "caption",
        re.compile(
            r"^(?:Image|Photo|Photograph|Picture|Illustration|Credit|Caption|Pictured|Chart|Figure)"
            r"(?:\s+(?:credit|source))?\s*:"
            r"|\b(?:Photo|Image|Illustration|Chart)\s+(?:by|via|courtesy of)\s+[A-Z]"
            r"|\b(?:Getty Images|Unsplash|Shutterstock|AP Photo)\b"
        ),
    ),
    (
        "badge",
        re.compile(
            r"^(?:[∙•·]\s*)?(?:Paid|Free|Sponsored|Premium|Subscribers?[- ]only|Members?[- ]only"
            r"|Advertisement|Promoted|Partner content)(?:\s*(?:[∙•·|]|\W*$))"
            r"|^[∙•·]\s*(?:Paid|Free|Sponsored|Premium)\b",
        ),
    ),
    (
        "footnote",
        re.compile(
            r"[a-z][.,;:!?\"'\u201d)]\d{1,2}(?=\s|$)|[\u00b9\u00b2\u00b3\u2070-\u2079]"
            r"|\[\d{1,2}\]|^(?!\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
            r"\d{1,2}\s(?=[A-Z][a-z])"  # "1 Yes, ..." opens a footnote; "18 Dec" is a date
        ),
    ),
)
SPOKEN_CHECKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("url", re.compile(r"https?://|www\.|\S+@\S+\.\w+")),
    ("markup", re.compile(r"[*_`#\[\]<>{}|\\]")),
    ("digits", re.compile(r"\d")),
    ("markup", re.compile(r"[&%$€£@=+~^/°×]")),
    (
        "abbreviation",
        re.compile(
            r"\bh or t\b|\bet al\b|\bc or o\b|(?<![\w-])[IVX](?:-[IVX])+(?![\w-])|\bw or\b", re.I
        ),
    ),
)
LEAD_IN = re.compile(
    r"^(?:(?:" + "|".join(re.escape(o) for o in ORDINALS) + r"|And finally|Also|Then),\s+)"
    r"|^(?:" + "|".join(re.escape(p) for p in LEAD_INS) + r")\s+"
)


@dataclass(frozen=True)
class Defect:
    kind: str
    line: int  # in the editable script (`digestcast script`)
    chapter: str
    excerpt: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.kind}: {self.chapter}: {self.excerpt}"


def _excerpt(text: str, size: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 3] + "..."


def _text_lines(script: Script) -> list[int]:
    """The line (1-based) where each segment's text starts in `dump_script(script)`."""
    lines = dump_script(script).split("\n")
    starts: list[int] = []
    for n, line in enumerate(lines):
        if line.startswith("## ") and len(starts) < len(script.segments):
            end = next((k for k in range(n, len(lines)) if lines[k] == "-->"), n)
            starts.append(end + 3)  # past "-->" and the blank line
    return starts


def _paragraph_lines(segment: Segment, first: int) -> list[int]:
    lines, n = [], first
    for para in segment.text.split("\n\n"):
        if para.strip():
            lines.append(n)
        n += para.count("\n") + 2
    return lines or [first]


def _located(segment: Segment, first: int) -> Iterator[tuple[int, Utterance, bool]]:
    """Each utterance with its line and whether it opens a passage: its paragraph, or what
    follows a template's lead-in. A story's first sentence after its title may point at the
    title ("This is a neat idea.")."""
    lines = _paragraph_lines(segment, first)
    para, opening = 0, True
    for u in segment.utterances or _from_spoken(segment.spoken):
        after_title = para == 1 and opening and segment.kind == "story"
        yield (
            lines[min(para, len(lines) - 1)],
            u,
            opening and not (after_title and TITLE_POINTER.match(u.written)),
        )
        if u.paragraph_end:
            para += 1
        # a story's own paragraphs follow each other: only its first words and what follows
        # a lead-in of the template open anew
        opening = u.written in LEAD_INS or (para == 1 and u.paragraph_end)


def _from_spoken(spoken: str) -> list[Utterance]:
    """A segment made without utterances: its spoken sentences stand for the written ones."""
    out: list[Utterance] = []
    for para in spoken.split("\n\n"):
        said = [Utterance(s.strip(), s.strip()) for s in sentences(para) if s.strip()]
        if said:
            said[-1] = Utterance(said[-1].written, said[-1].spoken, paragraph_end=True)
        out.extend(said)
    return out


def _common_word(word: str, segment: Segment) -> bool:
    lower = word.lower()
    return (
        lower in STOPWORDS
        or lower in COMMON_WORDS
        or re.search(rf"(?<![.!?]\s)\b{re.escape(lower)}\b", LINK.sub(" ", segment.text))
        is not None
    )


def _sentence_defects(segment: Segment, line: int, u: Utterance, opens: bool) -> Iterator[Defect]:
    def found(kind: str, text: str) -> Defect:
        return Defect(kind, line, segment.chapter, _excerpt(text))

    lead_in = LEAD_IN.match(u.written)
    rest = u.written[lead_in.end() :] if lead_in else u.written
    title = _is_title(rest, segment.chapter)  # a title is read as it is written
    for kind, pattern in WRITTEN_CHECKS:
        if pattern.search(u.written) and not title:
            yield found(kind, u.written)
    spoken = without_foreign_numbers(u.spoken)  # "2013年": digits left for the voice
    for kind, pattern in SPOKEN_CHECKS:
        if pattern.search(spoken):
            yield found(kind, u.spoken)
    for sentence in sentences(u.spoken):
        if len(sentence.split()) > MAX_SENTENCE_WORDS:
            yield found("long sentence", sentence)
    if continues(u.written) and not title:
        yield found("fragment", u.written)
    listed = segment.kind == "story" and lead_in and lead_in.group().rstrip().endswith(",")
    if listed and _capital_after_comma(rest, segment):
        yield found("list case", u.written)
    aside = u.written in LEAD_INS
    if segment.kind == "story" and (opens or lead_in) and not (aside or title) and leans_back(rest):
        yield found("reference", u.written)


def _capital_after_comma(rest: str, segment: Segment) -> bool:
    """ "First, Users can ...": a common word capitalized after a list's lead-in."""
    if not rest[:1].isupper():
        return False
    first = rest.split()[0].strip(",.;:'\"")
    return first != "I" and not first.isupper() and _common_word(first, segment)


def _repeats(segments: list[tuple[Segment, int]]) -> Iterator[Defect]:
    heard: list[frozenset[str]] = []
    for segment, first in segments:
        for line, u, _opens in _located(segment, first):
            terms = key_terms(u.written)
            if len(terms) < 3:
                continue
            if any(len(terms & t) / len(terms | t) >= SAME_SENTENCE for t in heard):
                yield Defect("repeat", line, segment.chapter, _excerpt(u.written))
            heard.append(terms)


def _title_twice(segments: list[tuple[Segment, int]]) -> Iterator[Defect]:
    """A story's title read, then again as the start of a sentence."""
    said = 0
    for segment, first in segments:
        for line, u, _opens in _located(segment, first):
            lead_in = LEAD_IN.match(u.written)
            rest = u.written[lead_in.end() :] if lead_in else u.written
            if starts_with_title(rest, _title_read(segment.chapter)):
                said += 1
                if said == 2:
                    yield Defect("title twice", line, segment.chapter, _excerpt(u.written))


def _title_read(chapter: str) -> str:
    return NUMBERED.sub("", READ_TIME.sub("", chapter))


def _is_title(sentence: str, chapter: str) -> bool:
    words = re.findall(r"\w+", sentence.lower())
    return words in (
        re.findall(r"\w+", chapter.lower()),
        re.findall(r"\w+", _title_read(chapter).lower()),
    )


def lint(script: Script) -> list[Defect]:
    """Every defect a listener would notice, in script order."""
    defects: list[Defect] = []
    starts = _text_lines(script)
    chapters: list[list[tuple[Segment, int]]] = []
    for n, (segment, first) in enumerate(zip(script.segments, starts, strict=True)):
        if not segment.spoken.strip():
            defects.append(Defect("empty", first, segment.chapter, "nothing to say"))
        for line, u, opens in _located(segment, first):
            defects.extend(_sentence_defects(segment, line, u, opens))
        if segment.kind in ("story", "transition", "opening"):
            if not (chapters and n > 0 and script.segments[n - 1].chapter == segment.chapter):
                chapters.append([])
            chapters[-1].append((segment, first))
    for segments in chapters:
        defects.extend(_repeats(segments))
        defects.extend(_title_twice(segments))
    return sorted(defects, key=lambda d: d.line)


def lint_script(script: Script) -> list[str]:
    """The defects as lines of text, for `digestcast script --check`."""
    return [str(d) for d in lint(script)]
