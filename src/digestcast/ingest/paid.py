"""Items a page marks as paid: a small label element ("sponsor", "ad", "promoted", in a few
languages) whose markup names it so. The label alone says the item around it is an ad, so the
item goes with it (not only the label, which would leave the ad looking like a story)."""

from __future__ import annotations

import re

from bs4 import Tag

from digestcast.ingest.images import attribute_text

_PAID_MARK = re.compile(
    r"(?:^|[-_ ])(?:sponsor\w*|ad|ads|advert\w*|promo\w*|paid)(?:$|[-_ ])", re.IGNORECASE
)
_PAID_WORD = re.compile(
    r"^\W*(?:sponsor(?:ed)?|ad|advertisement|promoted|paid|partner|anzeige|werbung|"
    r"publicit[ée]|sponsoris[ée]e?|patrocinado|广告|赞助)\W*$",
    re.IGNORECASE,
)
_ITEM_TAGS = ("table", "div", "li", "section", "article", "tr", "td")
_MAX_ITEM_WORDS = 150  # bigger than this, the holder is a part of the page, not the item


def _item_around(label: Tag) -> Tag | None:
    """The smallest item-sized element holding `label` and more than it."""
    own = len(label.get_text(" ").split())
    parent = label.parent
    while isinstance(parent, Tag) and parent.name not in ("body", "html"):
        n = len(parent.get_text(" ").split())
        if n > _MAX_ITEM_WORDS:
            return None
        if parent.name in _ITEM_TAGS and n > own + 8:
            return parent
        parent = parent.parent
    return None


def drop_paid_items(root: Tag) -> None:
    """Remove every item holding a paid label (its markup says sponsor/ad, its text too)."""
    labels = [
        t
        for t in root.find_all(True)
        if isinstance(t, Tag)
        and _PAID_MARK.search(attribute_text(t, ("class", "id")))
        and _PAID_WORD.match(t.get_text(" "))
    ]
    for label in labels:
        if label.decomposed:
            continue
        item = _item_around(label)
        if item is not None and not item.decomposed:
            item.decompose()
