"""A web page's frame over its article: the menus, log-in links and side boxes a table-layout
site draws before the page's one H1, when that H1 repeats the page's own title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.dates import find_date

_MENU_PART_WORDS = 8
_PARTS = re.compile(r"[.·|•]\s+|\s*->\s*|\n")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _menu_line(block: Block) -> bool:
    """A line of menu entries: every part a few words, none a sentence."""
    if block.kind not in ("para", "item"):
        return False
    return all(len(p.split()) <= _MENU_PART_WORDS for p in _PARTS.split(block.text.strip()))


def without_site_frame(blocks: Sequence[Block], page_title: str | None) -> tuple[Block, ...]:
    """The blocks from the page's H1 on, when the page has one H1, it names the page (its
    <title> opens with it) and only menu lines stand before it (a line with a date, not
    opening with a link, stays: it dates the issue); else all the blocks."""
    firsts = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1]
    if not page_title or len(firsts) != 1 or firsts[0] == 0:
        return tuple(blocks)
    start = firsts[0]
    heading = _norm(blocks[start].text)
    if not heading or not _norm(page_title).startswith(heading):
        return tuple(blocks)
    if not all(_menu_line(b) for b in blocks[:start]):
        return tuple(blocks)
    dated = tuple(b for b in blocks[:start] if b.lead is None and find_date(b.text))
    return dated + tuple(blocks[start:])
