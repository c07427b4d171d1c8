"""Boxed sections of a page that are about the newsletter, not its news: a box (a table, a
cell, a div) opening with a label such as "Jobs", "Events" or "Sponsors" and holding the items
under it. Table-layout emails draw these boxes in the middle of the issue, with no heading to
close them; the box itself says where they end, so it goes whole."""

from __future__ import annotations

from collections.abc import Callable

from bs4 import Tag

_LABEL_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "span", "strong", "b")
_BOX_TAGS = ("table", "td", "div", "section", "aside")
_LABEL_WORDS = 4
_MIN_ITEMS_WORDS = 10  # a box holds more than its label
_MAX_SHARE = 0.4  # a box is a part of the page, not the page


def _words(tag: Tag) -> list[str]:
    return tag.get_text(" ").split()


def _box_around(label: Tag, page_words: int) -> Tag | None:
    """The smallest box holding `label` first and items after it; None when the smallest
    element holding more than the label is a large part of the page (a flat article)."""
    own = _words(label)
    parent = label.parent
    while isinstance(parent, Tag) and parent.name not in ("body", "html"):
        words = _words(parent)
        if len(words) >= len(own) + _MIN_ITEMS_WORDS:
            if len(words) > _MAX_SHARE * page_words or words[: len(own)] != own:
                return None
            return parent if parent.name in _BOX_TAGS else None
        parent = parent.parent
    return None


def drop_labelled_boxes(root: Tag, is_label: Callable[[str], bool]) -> None:
    """Remove every box that opens with a label `is_label` accepts, with its items."""
    page_words = len(_words(root))
    labels = [
        t
        for t in root.find_all(_LABEL_TAGS)
        if isinstance(t, Tag)
        and 0 < len(_words(t)) <= _LABEL_WORDS
        and is_label(" ".join(_words(t)))
    ]
    for label in labels:
        if label.decomposed:
            continue
        box = _box_around(label, page_words)
        if box is not None and not box.decomposed:
            box.decompose()
