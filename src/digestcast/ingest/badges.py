"""Story titles glued to their number badge: an email flattened to text draws each story's
number as a badge (often twice: the badge's text and its picture's alt text) right before the
title, with arrow marks before it ("↓↓11Violence reaches..." is story 1, "↓↓1010Marathon..."
story 10). When such lines count 1, 2, 3 through the issue, each is a story's heading; a
section label drawn the same way ("↓↓Mixed SignalsMixed Signals") is a heading too."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.titles import counts_up

# Marks before the badge (arrows, bullets), the number drawn twice or once, then the title's
# first letter with no space between.
_BADGE = re.compile(r"^[^\w\s]{0,4}\s*(?:(\d{1,2})\1|(\d{1,2}))(?=[^\W\d_])")
_ARROWS = "[\u2190-\u21ff\u2b05-\u2b07\u25b2-\u25bf\u27a1]{1,4}"
_DOUBLED_LABEL = re.compile(_ARROWS + r"\s*(\w[^.!?]{1,40}?)\s*\1\s*$")
# The same lines inside a paragraph of flattened text: each set apart as a paragraph of its own.
_BADGE_LINE = re.compile(
    "^(" + _ARROWS + r"[ \t]*(?:\d{1,4}[^\W\d_]|(\w[^.!?\n]{1,40}?)[ \t]*\2[ \t]*$).*)$", re.M
)
_MIN_BADGES = 3
_MAX_TITLE_WORDS = 16
LEVEL = 2


def _badge(block: Block) -> tuple[int, str] | None:
    if block.kind != "para" or block.lead_is_link:
        return None
    m = _BADGE.match(block.text)
    if m is None:
        return None
    title = block.text[m.end() :].strip()
    if not 0 < len(title.split()) <= _MAX_TITLE_WORDS or title.endswith((".", ":")):
        return None
    return int(m[1] or m[2]), title


def set_badge_lines_apart(text: str) -> str:
    """Markdown or plain text with every badge line ("↓↓22Title") a paragraph of its own."""
    return _BADGE_LINE.sub(lambda m: f"\n\n{m[1]}\n\n", text)


def badge_titles_as_headings(blocks: Sequence[Block]) -> list[Block]:
    """Lines opening with number badges that count 1, 2, 3 become headings (without the
    badge), and labels drawn twice after the same marks become headings of the same level."""
    badges = {i: found for i, b in enumerate(blocks) if (found := _badge(b)) is not None}
    if len(badges) < _MIN_BADGES or not counts_up([n for n, _ in badges.values()]):
        return list(blocks)
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if i in badges:
            out.append(Block("heading", badges[i][1], level=LEVEL, url=b.url, image=b.image))
        elif b.kind == "para" and not b.url and (m := _DOUBLED_LABEL.match(b.text)):
            out.append(Block("heading", m[1].strip(), level=LEVEL, image=b.image))
        else:
            out.append(b)
    return out
