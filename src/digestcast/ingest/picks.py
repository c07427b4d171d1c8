"""What the editors picked: a label saying so ("Featured PRs", "Notable changes", "Pick of
the week") over linked titles, each of which is then a story of its own."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.tree import words

_TITLE_LINE_WORDS = 12
# A label saying the editors picked what is under it: "Featured PRs", "Notable changes", "Pick
# of the week". The picks under it are stories of their own.
SELECTION = re.compile(
    r"^\W*(?:featured|notable|highlighted|selected|spotlight|top|editors?(?:'|’)s? picks?)\b|"
    r"\bof the (?:week|day|month)\W*$",
    re.IGNORECASE,
)


def title_line(block: Block) -> bool:
    """A short linked line that is not a sentence ("#4521 [parser: add a mode](url)")."""
    text = block.text.rstrip()
    return (
        block.kind == "para"
        and block.url is not None
        and 2 <= words(text) <= _TITLE_LINE_WORDS
        and not text.endswith((".", "!", "?", ":", "…"))
    )


def picked_changes(label: str, blocks: Sequence[Block]) -> bool:
    """Changes the editors picked ("Notable changes"), each item a linked title of its own
    ("[Fix a crash on start](.../pull/12)"): stories, not one changelog."""
    entries = [b for b in blocks if b.kind == "item" and b.depth == 0]
    return bool(SELECTION.search(label)) and all(
        b.lead_is_link and b.lead is not None and b.lead.strip() == b.text.strip() for b in entries
    )
