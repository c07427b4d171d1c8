"""A table of contents: lines or list items repeating titles that come later in the issue,
never read (the stories themselves are)."""

from __future__ import annotations

from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.clean import norm


def drop_table_of_contents(blocks: Sequence[Block], titles: dict[int, str]) -> list[Block]:
    """Items or lines repeating a title that comes later (a table of contents) are dropped,
    and a list at least half of whose items (two or more) do: the contents, its other lines
    naming sections in other words ("Trending posts, top repos, and more")."""
    later: dict[str, int] = {}
    for index, title in titles.items():
        later[norm(title)] = max(later.get(norm(title), -1), index)
    listed = [
        i not in titles and later.get(norm(b.text), -1) > i and b.kind in ("item", "para")
        for i, b in enumerate(blocks)
    ]
    for start, end in _item_runs(blocks):
        hits = sum(listed[start:end])
        if hits >= _MIN_CONTENTS and 2 * hits >= end - start:
            listed[start:end] = [True] * (end - start)
    return [b for b, dropped in zip(blocks, listed, strict=True) if not dropped]


_MIN_CONTENTS = 2


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
