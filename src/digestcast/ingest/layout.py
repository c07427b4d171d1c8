"""Titles found by layout where the format marks none: in plain text (and in HTML or Markdown
without headings) a short title-shaped line over prose, a whole bold line over its text, or a
line over a separator reads as a heading. Also the issue's own masthead line at the top."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from digestcast.ingest.blocks import Block
from digestcast.ingest.dates import find_date
from digestcast.ingest.sections import READ_MORE, is_subhead, section_name
from digestcast.ingest.titles import strip_decoration

_BULLET = "■□▪▫▶►▸▹●○◆◇★☆•→✦✧❖➤»>"
_SIGN_OFF = re.compile(
    r"^(?:keep \w+|best(?: wishes| regards)?|cheers|thanks(?: for reading)?|thank you|regards|"
    r"warmly|until next (?:time|week)|see you[\w ]*|yours(?: truly)?|sincerely|all the best|"
    r"happy \w+|onward),\s*\S.{0,40}$",
    re.IGNORECASE,
)
# A closing sentence then the writer's name after a line break ("...einen guten Tag. Ihre
# Katrin Vogel", "...next week. Yours, Sam"): a sign-off, in a few languages.
_SIGN_OFF_END = re.compile(
    r"[.!]\s+(?:ihre?|eure?r?|dein|deine|yours|votre|tu|su|un abrazo|saludos|cordialement|"
    r"bises|cheers|best|equipe|equipo|team|the team|l'équipe|die redaktion|la redacción),?"
    r"\s+\w+(?:\s+\w+)?\s*$",
    re.IGNORECASE,
)
_PROSE_WORDS = 8
_BARE_URL = re.compile(r"^<?https?://\S+>?$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}", re.I
)
# A quoted sentence, maybe with its attribution ("“We are not done.” — the mayor"): a pull
# quote. A headline quoting someone leaves the period out ("“There are more drugs”").
# A line all in brackets ("(I'm delighted to report they featured it, too!)"): an aside.
_ASIDE = re.compile(r"^\((?:[^()]|\([^()]*\))*\)[\s.!?]*$")
_ASIDE_WORDS = 5
# A sentence closed and another begun: "...a reason. But again", "...tested it! Then we".
_TWO_SENTENCES = re.compile(r"[a-z]{2,}[”\"’']?[.!?]\s+[A-Z][a-z]+\s+\w")
_QUOTED_SENTENCE = re.compile(r"^\W{0,2}[\"“«„].{8,}[.!][\"”»“]")
_ISSUE_NO = re.compile(r"\b(?:issue|no\.|number|edition|vol\.?|volume|week)\s*#?\s*\d+|#\d+", re.I)


# A line of three or more short fields split by dots or bars, one with a figure in it (or
# two fields, both with figures): an item's facts ("Rust · ★ 2.1k · MIT", "9 min read ·
# 640 claps"), never a title.
_FIELD_SPLIT = re.compile(r"\s+[·•|]\s+")
_FIELD_WORDS = 3


def fact_line(text: str) -> bool:
    fields = _FIELD_SPLIT.split(text.strip())
    figures = sum(1 for f in fields if any(c.isdigit() for c in f))
    return (
        len(fields) >= 2
        and all(1 <= len(f.split()) <= _FIELD_WORDS for f in fields)
        and figures >= (1 if len(fields) >= 3 else 2)  # "9 min read · 640 claps"
    )


def title_like(text: str) -> bool:
    """A line shaped like a title: 1-20 words, capitalized, no sentence end, no URL."""
    text = strip_decoration(text.lstrip(_BULLET + " \t"))  # "🛠 Code & Tools": a label too
    words = text.split()
    if not 1 <= len(words) <= 20 or len(text) > 160 or is_subhead(text) or _SIGN_OFF.match(text):
        return False
    if fact_line(text) or _SIGN_OFF_END.search(text):
        return False
    if _QUOTED_SENTENCE.match(text) or (len(words) >= _ASIDE_WORDS and _ASIDE.match(text)):
        return False
    if _TWO_SENTENCES.search(text):
        return False  # "...might be a reason. But again: why?": prose, not a title
    core = text.rstrip(" \"'”’)]*_").removesuffix("...").rstrip("…")  # "Your hold music..."
    if not core or core[-1] in ".,;:" or "://" in text or READ_MORE.match(text):
        return False
    if len(words) <= 3 and text[0].islower():  # a lowercase name: "tfsec-lite (GitHub Repo)"
        return True
    return text[0].isupper() or text[0].isdigit() or text[0] in "\"“'‘[(¿¡"


def masthead(index: int, text: str) -> bool:
    """One of an issue's first lines naming its number or date, not a story."""
    return index < 3 and bool(_ISSUE_NO.search(text) or _DAY.search(text) or find_date(text))


def _sentence(block: Block) -> bool:
    if block.kind == "item":
        return True
    words = len(block.text.split())
    return block.kind == "para" and (
        words >= 8 or (words >= 3 and block.text.rstrip()[-1:] in ".!?")
    )


_VALEDICTION_WORDS = 5


def _valediction(block: Block) -> bool:
    """A short line ending in a comma ("Until next time,", "Warm wishes,"): a letter's close."""
    text = block.text.rstrip()
    return block.kind == "para" and text.endswith(",") and len(text.split()) <= _VALEDICTION_WORDS


def _linked_line(block: Block) -> bool:
    return block.lead_is_link and block.lead == block.text


def _title_line(blocks: Sequence[Block], i: int, heads: set[int]) -> bool:
    block = blocks[i]
    if block.kind != "para" or not title_like(block.text) or masthead(i, block.text):
        return False
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is None or (_linked_line(block) and _linked_line(nxt)):
        return False  # a linked label over a linked title is its kicker, the title the item
    if i and _valediction(blocks[i - 1]):
        return False  # "Until next time," then "Marion": the writer's name, not a title
    whole_bold = block.lead == block.text and not block.lead_is_link
    return (
        whole_bold
        or _sentence(nxt)
        or (i + 1) in heads
        or nxt.kind == "rule"
        or _BARE_URL.match(nxt.text) is not None
    )


def _colon_titles(blocks: Sequence[Block]) -> list[int]:
    """Title lines that end in ":" over a paragraph ("Ferry fares go up in June:"), when the
    issue has several: a repeated layout, not a sentence introducing a list."""
    found = []
    for i, block in enumerate(blocks[:-1]):
        text = block.text.rstrip()
        if block.kind != "para" or not text.endswith(":") or section_name(text):
            continue
        nxt = blocks[i + 1]
        if title_like(text[:-1]) and nxt.kind == "para" and len(nxt.text.split()) >= _PROSE_WORDS:
            found.append(i)
    return found if len(found) >= 2 else []


def _title_lines(blocks: Sequence[Block], heads: set[int]) -> set[int]:
    for i in range(len(blocks) - 1, -1, -1):  # backwards: a title over a title is a masthead
        if _title_line(blocks, i, heads):
            heads.add(i)
    return heads


_MIN_CREDITS = 3
_CREDIT_WORDS = 5
_BLURB_CHARS = 20


def _bare_url(block: Block) -> bool:
    return block.kind == "para" and bool(block.url) and block.text.strip() == block.url


def _credit_line(blocks: Sequence[Block], i: int) -> bool:
    """A short unlinked line right under an item that opens with its linked title and goes on
    with a blurb ("Go 1.18 RC 1 — The first release candidate is out...", then "Go Team"):
    the item's source or author, as link digests credit them."""
    block, prev = blocks[i], blocks[i - 1] if i else None
    if prev is not None and _bare_url(prev):  # under the item's bare link: "NBA — Habits"
        return block.kind == "para" and not block.url and len(block.text.split()) <= _CREDIT_WORDS
    if prev is None or prev.kind != "para" or not prev.lead_is_link or not prev.lead:
        return False
    blurb = len(prev.text) >= len(prev.lead) + _BLURB_CHARS
    return (
        blurb
        and block.kind == "para"
        and not block.url
        and len(block.text.split()) <= _CREDIT_WORDS
    )


def infer_headings(blocks: Sequence[Block]) -> list[Block]:
    """`blocks` with title lines made headings (level 0), when the format marked fewer than
    two headings of its own."""
    explicit = [b for b in blocks if b.kind == "heading" and not is_subhead(b.text, heading=True)]
    if len(explicit) >= 2:
        return list(blocks)
    heads = _title_lines(blocks, set())
    if len(heads) < 2:  # no titles of their own: lines ending in ":" may be the titles
        heads = _title_lines(blocks, set(_colon_titles(blocks)))
    if sum(1 for b in blocks if b.lead_is_link and b.kind == "para") >= 2:
        # paragraphs opening with linked titles are items, read as such; not headings
        heads = {i for i in heads if not blocks[i].lead_is_link}
    if heads and all(blocks[i].text.rstrip(" \"'”’*_").endswith("!") for i in heads):
        heads = set()  # exclamations in running prose ("This could be us!"): emphasis, not titles
    credits = {i for i in heads if _credit_line(blocks, i)}
    under_links = sum(1 for i in credits if i and _bare_url(blocks[i - 1]))
    credited = len(credits) >= _MIN_CREDITS and (
        2 * len(credits) >= len(heads) or under_links >= _MIN_CREDITS
    )
    if credited:
        heads -= credits  # each item's source or author under it, not section labels
    return [
        Block(
            "heading", b.text.lstrip(_BULLET + " \t").rstrip(":"), level=0, url=b.url, image=b.image
        )
        if i in heads
        else replace(b, credit=True)
        if credited and _credit_line(blocks, i)
        else b
        for i, b in enumerate(blocks)
    ]


def masthead_title(blocks: Sequence[Block]) -> tuple[str | None, list[Block]]:
    """A plain masthead line opening the issue ("DEVOPS DISPATCH"): the issue's title."""
    first = blocks[0] if blocks else None
    if first is not None and first.kind == "para" and title_like(first.text) and not first.lead:
        return first.text.strip(), list(blocks[1:])
    return None, list(blocks)


def drop_item_bylines(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without an item's byline: a line of facts ("Ann Lee | The Review | 24th
    April 2026") right under a title line that is only a link, the item's author, publication
    and date, read as neither its title nor its section."""
    return [
        b
        for i, b in enumerate(blocks)
        if not (
            i > 0
            and b.kind == "para"
            and not b.url
            and _byline(b.text)
            and _linked_title_line(blocks[i - 1])
        )
    ]


_BYLINE_FIELDS = 3
_BYLINE_FIELD_WORDS = 8


def _byline(text: str) -> bool:
    """Short fields between bars or dots, one of them a date."""
    fields = _FIELD_SPLIT.split(text.strip())
    return (
        len(fields) >= _BYLINE_FIELDS
        and all(1 <= len(f.split()) <= _BYLINE_FIELD_WORDS for f in fields)
        and find_date(text) is not None
    )


def _linked_title_line(block: Block) -> bool:
    return block.kind == "para" and bool(block.url) and block.lead == block.text
