"""A section's label drawn as a short line right over a heading ("Job board" over "Find the
perfect match for your career path"): in table emails the label is a cell of its own, not a
heading. When the label says what the section is (jobs, events, sponsors), the heading under
it is read as that label, so the section goes with everything under it."""

from __future__ import annotations

from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.segment import is_boilerplate_heading
from digestcast.ingest.tree import words

_LABEL_WORDS = 4


def _label_over_heading(blocks: Sequence[Block], i: int) -> bool:
    block = blocks[i]
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    return (
        block.kind == "para"
        and nxt is not None
        and nxt.kind == "heading"
        and not block.url
        and 0 < words(block.text) <= _LABEL_WORDS
        and is_boilerplate_heading(block.text)
    )


def boilerplate_labels_over_headings(blocks: Sequence[Block]) -> list[Block]:
    """Each boilerplate label line over a heading becomes that heading (at its level)."""
    out: list[Block] = []
    skip = False
    for i, block in enumerate(blocks):
        if skip:
            skip = False
            continue
        if _label_over_heading(blocks, i):
            out.append(replace_heading(blocks[i + 1], block.text))
            skip = True
        else:
            out.append(block)
    return out


def replace_heading(heading: Block, label: str) -> Block:
    return Block("heading", label, level=heading.level, url=heading.url, image=heading.image)
