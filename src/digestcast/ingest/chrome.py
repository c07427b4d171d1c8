"""Lines of an email's frame that are never words to read, whatever the issue: a postal
address, a line of figures with no words (the cells of a markets table), and the buttons of a
navigation row beside a date ("December 01, 2026 | View Online | Sign Up": the date stays);
and a section label drawn as a line in capitals between stories ("📰 WHAT ELSE IS BREWING")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from digestcast.ingest.blocks import Block

# A postcode as addresses write it, in a few countries, or a post-office box.
_POSTCODE = re.compile(
    r"\b[A-Z]{2},?\s\d{5}(?:-\d{4})?\b"  # "San Francisco, CA 94111"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"  # "Leek ST13 5AA"
    r"|\b\d{4}\s?[A-Z]{2}\s+[A-Z][a-z]"  # "3511 AV Utrecht"
    r"|\b\d{2}-\d{3}\s+\w"  # "31-042 Kraków"
    r"|\b\d{3}\s\d{2}\s+[A-ZÅÄÖ]"  # "118 60 Stockholm"
    r"|\b\d{4,5}\s+[A-ZÀ-Ý][a-zà-ÿ]+"  # "0155 Oslo", "75011 Paris", "1010 Wien"
    r"|\bP\.?\s?O\.?\s+Box\b|\bPostbus\b|\bPostfach\b|\bskr\. poczt"
)
_ADDRESS_WORDS = 20
_ADDRESS_PARTS = 3
_PART_SPLIT = re.compile(r"\s*(?:,|·|•|\|)\s*")
# A street with its number, for addresses written without a postcode ("The Pier Ltd., 2nd
# Floor, 18 Harbour Street, Leith, UK").
_STREET = re.compile(
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Way|Place|Square|Drive|Dr)\b"
)
# A row's buttons: each part of "View Online | Sign Up | Shop" alone.
_NAV = re.compile(
    r"^\W*(?:view (?:it |this (?:email |issue )?)?(?:online|in (?:your |a )?browser)|sign ?up|"
    r"subscribe|advertise|careers|jobs|shop|store|faq|unsubscribe|share|forward(?: to a friend)?|"
    r"web version|read online|privacy(?: policy)?|terms(?: of (?:service|use))?|"
    r"contact(?: us)?|about(?: us)?|archives?|log ?in|sign in|manage preferences)\W*$",
    re.IGNORECASE,
)
_ROW_SPLIT = re.compile(r"\s+(?:\||·|•|//)\s+")


def is_postal_address(block: Block) -> bool:
    """A short line of three or more parts naming a postcode or a post-office box: the
    publisher's address in the footer."""
    text = block.text.strip()
    if block.kind != "para" or len(text.split()) > _ADDRESS_WORDS or text.endswith(("!", "?")):
        return False
    parts = [p for p in _PART_SPLIT.split(text) if p]
    if len(parts) < _ADDRESS_PARTS:
        return False
    return _POSTCODE.search(text) is not None or (
        _STREET.search(text) is not None and not text.endswith(".")
    )


def is_figures_only(block: Block) -> bool:
    """A line of figures with no word ("19,402.11", "+0.62%", "$88,310.04"): a table cell,
    nothing to read (a bare number, "1" or "2026", may be an item's mark and stays)."""
    text = block.text.strip()
    if block.kind != "para" or block.url or any(c.isalpha() for c in text):
        return False
    return sum(c.isdigit() for c in text) >= 3 and any(c in "%$€£¥.,+−-" for c in text)


def without_nav_buttons(block: Block) -> Block | None:
    """A row of short parts without the parts that are buttons; None when all of them are."""
    if block.kind != "para" or block.lead:
        return block
    parts = _ROW_SPLIT.split(block.text.strip())
    if len(parts) < 2 or not any(_NAV.match(p) for p in parts):
        return block
    kept = [p for p in parts if not _NAV.match(p)]
    return replace(block, text=" · ".join(kept)) if kept else None


_CELL_WORDS = 4


def _figure_cell(block: Block) -> bool:
    """A table cell that is a figure alone: "3.8%", "455499", "$88.04" (two digits at least;
    a lone "1" may be an item's mark)."""
    text = block.text.strip()
    if block.kind != "para" or block.url or any(c.isalpha() for c in text):
        return False
    return sum(c.isdigit() for c in text) >= 2


_MIN_TABLE_CELLS = 6


def _figure_tables(blocks: Sequence[Block]) -> set[int]:
    """Runs of six or more short lines, two in five of them figures alone: a table of figures
    (a markets box: "Nasdaq", "19,402.11", "+0.62%"...), its labels included."""
    dropped: set[int] = set()
    start = 0
    for end in range(len(blocks) + 1):
        cell = end < len(blocks) and blocks[end].kind == "para"
        if cell and len(blocks[end].text.split()) <= _CELL_WORDS:
            continue
        run = range(start, end)
        figures = sum(1 for i in run if _figure_cell(blocks[i]))
        if len(run) >= _MIN_TABLE_CELLS and 5 * figures >= 2 * len(run):
            dropped.update(run)
        start = end + 1
    return dropped


def drop_frame_lines(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without addresses, tables and lines of figures, and navigation buttons."""
    out: list[Block] = []
    tables = _figure_tables(blocks)
    for i, block in enumerate(blocks):
        if i in tables or is_postal_address(block) or is_figures_only(block):
            continue
        if (kept := without_nav_buttons(block)) is not None:
            out.append(kept)
    return out


_LABEL_WORDS = 5
_MIN_LABEL_LETTERS = 4


def _capitals_label(block: Block) -> bool:
    letters = [c for c in block.text if c.isalpha()]
    return (
        block.kind == "para"
        and not block.url
        and not block.lead
        and 1 <= len(block.text.split()) <= _LABEL_WORDS
        and len(letters) >= _MIN_LABEL_LETTERS
        and all(c.isupper() for c in letters)
    )


def _label_after_stories(block: Block, nxt: Block | None, stories_before: int) -> bool:
    return (
        stories_before >= 2 and nxt is not None and nxt.kind != "heading" and _capitals_label(block)
    )


def capitals_labels_as_headings(blocks: Sequence[Block]) -> list[Block]:
    """A line in capitals after stories, not over a heading (a kicker is): a section label
    closing the story before it; it becomes a heading of that story's level (when two
    headings of that level came before it: stories, not the issue's title)."""
    out: list[Block] = []
    seen: Counter[int] = Counter()
    level = 0
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind == "heading":
            level = block.level
            seen[level] += 1
        elif _label_after_stories(block, nxt, seen[level] if level else 0):
            out.append(Block("heading", block.text, level=level))
            continue
        out.append(block)
    return out
