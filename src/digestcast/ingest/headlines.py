"""Headlines that table-layout emails draw without heading tags: a short line of text in a
span, cell or paragraph whose class names it a headline ("hed", "headline", "story-title").
Read as headings, so each one opens its story the way an `<h3>` would."""

from __future__ import annotations

import re

from bs4 import Tag

# A class token naming a headline; not a site's name, a subtitle, a card's title (a link) or
# the comments' title.
_HEADLINE_CLASS = re.compile(
    r"^(?:(?:story|article|item|news|section)[-_])?(?:hed|headline|heading|title)$",
    re.IGNORECASE,
)
_HOLDERS = ("span", "td", "p", "div", "font")
_MAX_WORDS = 18
LEVEL = "h3"


def _named_headline(tag: Tag) -> bool:
    classes = tag.get("class")
    names = classes if isinstance(classes, list) else str(classes or "").split()
    return any(_HEADLINE_CLASS.match(str(c)) for c in names)


def _is_headline(tag: Tag) -> bool:
    if not _named_headline(tag) or tag.find_parent(["a", "h1", "h2", "h3", "h4", "h5", "h6"]):
        return False
    if tag.find(["p", "li", "table", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br"]):
        return False  # a box holding paragraphs, not one line
    words = tag.get_text(" ").split()
    return 0 < len(words) <= _MAX_WORDS and not words[-1].endswith((".", ":"))


def mark_headlines(root: Tag) -> None:
    """Turn every element a mail's layout names a headline into a heading."""
    for tag in root.find_all(_HOLDERS, class_=True):
        if isinstance(tag, Tag) and not tag.decomposed and _is_headline(tag):
            tag.name = LEVEL
