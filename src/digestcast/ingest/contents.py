"""A table of contents: lines or list items repeating titles that come later in the issue,
never read (the stories themselves are)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.clean import norm


def drop_table_of_contents(blocks: Sequence[Block], titles: dict[int, str]) -> list[Block]:
    """Items or lines repeating a title that comes later (a table of contents) are dropped,
    and a list at least half of whose items (two or more) do, or one under a contents label
    ("In today's episode:") with one that does: the contents, its other lines naming sections
    in other words ("Trending posts, top repos, and more"), with its label."""
    later: dict[str, int] = {}
    for index, title in titles.items():
        later[norm(title)] = max(later.get(norm(title), -1), index)
    listed = [
        i not in titles and later.get(norm(b.text), -1) > i and b.kind in ("item", "para")
        for i, b in enumerate(blocks)
    ]
    for start, end in _item_runs(blocks):
        hits = sum(listed[start:end])
        labelled = start > 0 and _labels_contents(blocks[start - 1])
        closing = labelled and _closes_issue(blocks[end:])  # the issue's other pages
        if (hits >= _MIN_CONTENTS and 2 * hits >= end - start) or (labelled and (hits or closing)):
            listed[start:end] = [True] * (end - start)
            listed[start - 1] = listed[start - 1] or labelled
    return [b for b, dropped in zip(blocks, listed, strict=True) if not dropped]


_MIN_CONTENTS = 2
# A line naming the list under it as the issue's contents: "In today's episode:", "Inside
# this week's Harbour Weekly Edition".
_CONTENTS_LABEL = re.compile(
    r"^\W*(?:(?:table of )?contents|in(?:side)? (?:this|today(?:'|’)?s|this week(?:'|’)?s) "
    r"(?:[\w.-]+ ){0,4}?(?:issue|episode|edition|newsletter|email))\W*$",
    re.IGNORECASE,
)


_PAGER_WORDS = 6


def _closes_issue(after: Sequence[Block]) -> bool:
    """Nothing after a list but a pager line or two ("Next page: Security>>")."""
    return len(after) <= 2 and all(len(b.text.split()) <= _PAGER_WORDS for b in after)


def _labels_contents(block: Block) -> bool:
    return block.kind in ("para", "heading") and bool(_CONTENTS_LABEL.match(block.text))


def _item_runs(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """The (start, end) of each run of list items in a row."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, b in enumerate([*blocks, Block("rule", "")]):
        item = b.kind == "item"
        if item and start is None:
            start = i
        elif not item and start is not None:
            runs.append((start, i))
            start = None
    return runs
