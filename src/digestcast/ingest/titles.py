"""Titles as a listener hears them, and text safe to carry on: unprintable characters removed,
entities decoded, Markdown escapes, numbering, reading-time and source tags, decorative emoji,
heading anchors and trailing colons taken off."""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from digestcast.ingest.blocks import Block

# Control, format and other unprintable characters (tabs and newlines become spaces).
_UNPRINTABLE = {"Cc", "Cf", "Co", "Cs", "Cn"}
_KEEP_FORMAT = {"\u200d"}
_REPLACEMENT = "\ufffd"  # the zero-width joiner inside emoji sequences
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_NUMBERING = re.compile(
    r"^(?:#?\d{1,3}(?:[.)]\s+|\s*[、：]\s*|\s+-\s+)|[(\[]\d{1,3}[)\]]\s+)(?=\S)"
)
_SUFFIX = re.compile(
    r"\s*[(（\[](?:\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|mins?)\.?(?:\s+(?:read|watch|listen))?|"
    r"github repo|repo|website|video|podcast|pdf|sponsor(?:ed)?|ad|英文|中文|英语|"
    r"free|paywall(?:ed)?|\d+\s*(?:sec|second)s?(?: read)?)[)）\]]\s*$",
    re.IGNORECASE,
)
# The same kind of tag before the title: "[video] Building a text editor", "(PDF) The spec".
_PREFIX = re.compile(
    r"^[(\[](?:video|podcast|audio|slides|paper|pdf|github repo|repo|sponsor(?:ed)?|ad)[)\]]\s*"
    r"[:–—-]?\s*(?=\S)",
    re.IGNORECASE,
)
# A name's original-language gloss after a CJK title: "窗口交换（WindowSwap）" is read as its
# first name, the one in the language.
_GLOSS = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])\s*[（(]"
    r"(?!(?i:part|vol|no|ch)\b)[A-Z][\w .,'&+-]{0,40}[)）]\s*$"
)
_ANCHOR = re.compile(r"\s*\{#[\w:.-]+\}\s*$")
_TRAIL = " :：|—–-·•\t"
_LEAD = " |—–-·•>»\t"
_TAIL = 80  # the marks at the end are looked for in this many last characters


def printable(text: str) -> str:
    """`text` without control or other unprintable characters: tabs, newlines and the like
    become spaces; zero-width and private-use characters go."""
    if text.isprintable() and _REPLACEMENT not in text:
        return text
    out: list[str] = []
    for ch in text:
        if ch == _REPLACEMENT:  # a decoder's mark for a byte it could not read
            continue
        if ch.isprintable() or ch in _KEEP_FORMAT:
            out.append(ch)
        elif ch in "\t\n\r\x0b\x0c\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) not in _UNPRINTABLE:
            out.append(" ")  # other separators
    return "".join(out)


def clean_text(text: str) -> str:
    """Printable text on one line with its whitespace collapsed."""
    return " ".join(printable(text).split())


def clean_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Blocks whose text and lead-in are printable, on one line, whitespace collapsed."""
    out: list[Block] = []
    for b in blocks:
        text = clean_text(b.text)
        lead = clean_text(b.lead) if b.lead else None
        if text != b.text or lead != b.lead:
            b = replace(b, text=text, lead=lead or None)
        out.append(b)
    return out


def _is_decoration(ch: str) -> bool:
    """An emoji, pictograph, dingbat or their modifiers (not a letter, digit or punctuation)."""
    if ch in "\u200d\ufe0f\ufe0e\u20e3":
        return True
    cat = unicodedata.category(ch)
    if cat == "So" or (cat == "Sk" and ord(ch) >= 0x1F3FB):
        return True
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF  # regional indicators (flags)


def strip_decoration(text: str) -> str:
    start, end = 0, len(text)
    while start < end and (_is_decoration(text[start]) or text[start].isspace()):
        start += 1
    while end > start and (_is_decoration(text[end - 1]) or text[end - 1].isspace()):
        end -= 1
    return text[start:end]


def clean_title(text: str) -> str:
    """A title as read aloud: "1. 🚀 Go 1.27 is out (5 minute read):" -> "Go 1.27 is out"."""
    title = clean_text(html.unescape(text))
    title = _MD_ESCAPE.sub(r"\1", title)
    for _ in range(3):  # the marks may come in any order: strip until nothing changes
        before = title
        title = strip_decoration(title)
        head, tail = title[:-_TAIL], title[-_TAIL:]
        title = head + _GLOSS.sub("", _SUFFIX.sub("", _ANCHOR.sub("", tail)))
        title = _PREFIX.sub("", _NUMBERING.sub("", title))
        title = title.lstrip(_LEAD).rstrip(_TRAIL)
        if title == before:
            break
    return title.strip("*_ ") or clean_text(text)


# A bare number before a title, "1 Ferry strike ends": numbering only when the titles around it
# count 1, 2, 3 ("3 Things to know" alone is a title).
BARE_NUMBER = re.compile(r"^(\d{1,2}) +(?!\d{3}\b)(?=[^\s.,:;%)/-])")


def counts_up(numbers: Sequence[int]) -> bool:
    """Whether `numbers` count 1, 2, 3... (starting over at 1 in a new section), two or more."""
    if len(numbers) < 2 or numbers[0] != 1:
        return False
    return all(n in (1, prev + 1) for prev, n in itertools.pairwise(numbers))


def without_bare_numbers(titles: Sequence[str]) -> list[str]:
    """The titles without their bare numbers, when the numbered ones count 1, 2, 3..."""
    numbers = [int(m[1]) for t in titles if (m := BARE_NUMBER.match(t))]
    if not counts_up(numbers):
        return list(titles)
    return [BARE_NUMBER.sub("", t, count=1) for t in titles]


# A sentence ends at ". ", "! " or "? " before a capital (or CJK full stops), also when the
# stop sits inside a closing quote or bracket ('...the forum." If you...'), not after an
# initial ("T. Quan") or a common abbreviation ("vs.", "e.g.").
_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"”’')\]]))\s+(?=[\"“'(\[]?[A-Z0-9])|(?<=[。！？])"
)
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\b(?:vs|etc|e\.g|i\.e|Mr|Mrs|Ms|Dr|St|No|Inc|Jr))\.$")


def first_sentence(text: str) -> str:
    """The first sentence of `text` (all of it when it is one sentence)."""
    text = clean_text(text)
    for m in _SENTENCE_END.finditer(text):
        head = text[: m.start()].rstrip()
        if not _ABBREVIATION.search(head):
            return head
    return text
