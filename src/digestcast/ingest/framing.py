"""The sections that frame an issue rather than report: an "Editor's Note" opening it (the
editor's letter) and a "Looking Ahead" closing it (its sign-off), each under its own heading."""

from __future__ import annotations

import re

from digestcast.ingest.titles import clean_text
from digestcast.ingest.tree import Node

_OPENING = re.compile(
    r"^\W*(?:(?:an?\s+|the\s+)?editor(?:'|’)?s?(?:'|’)?\s+(?:note|letter|desk)"
    r"|(?:a\s+)?(?:note|letter|word)s?\s+from\s+(?:the|your|our)\s+editors?(?:'s desk)?"
    r"|from\s+the\s+editor(?:(?:'|’)s\s+desk)?)\W*$",
    re.I,
)
_CLOSING = re.compile(
    r"^\W*(?:looking\s+ahead|final\s+thoughts|closing\s+thoughts|parting\s+thoughts"
    r"|in\s+closing|until\s+next\s+(?:time|week))\W*$",
    re.I,
)
_MIN_SECTIONS = 3  # an opening, a story and a closing at least


def _titled(node: Node, label: re.Pattern[str]) -> bool:
    return (
        node.heading is not None
        and not node.children
        and bool(label.match(clean_text(node.heading.text)))
    )


def without_framing(root: Node) -> Node:
    """The tree with an opening editor's note moved into the issue's intro and a closing
    look-ahead dropped, when the issue has stories between them."""
    children = list(root.children)
    if len(children) < _MIN_SECTIONS:
        return root
    blocks = list(root.blocks)
    if _titled(children[0], _OPENING) and not blocks:
        blocks, children = list(children[0].blocks), children[1:]
    if _titled(children[-1], _CLOSING):
        children = children[:-1]
    if len(children) == len(root.children):
        return root
    return Node(root.heading, blocks, children, root.label)
