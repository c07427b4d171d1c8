"""A bare web address on its own line under an item's bold title ("**Title**  \\n<https://…>
\\ntext": a Markdown autolink between hard line breaks): the item's link, not words for a
listener, and the end of the title line (the description after it is not the title's
sentence running on)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import Tag
from bs4.element import PageElement

LINE = "\u2028"  # one <br>: a line break inside a paragraph
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_SPACE = " \t\r\n"


def _raw(nodes: list[PageElement]) -> str:
    return "".join(n.get_text("") if isinstance(n, Tag) else str(n) for n in nodes)


def address_line(nodes: list[PageElement], lead: str) -> Tag | None:
    """The paragraph's first link when it shows its bare address alone on the line right after
    the bold title line `lead`."""
    index = next((i for i, n in enumerate(nodes) if isinstance(n, Tag) and n.name == "a"), None)
    if index is None:
        return None
    link = nodes[index]
    assert isinstance(link, Tag)
    if not _ADDRESS.match(" ".join(link.get_text("").split())):
        return None
    before, after = _raw(nodes[:index]).rstrip(_SPACE), _raw(nodes[index + 1 :]).lstrip(_SPACE)
    if not before.endswith(LINE) or (after and not after.startswith(LINE)):
        return None
    return link if " ".join(before.replace(LINE, " ").split()) == lead else None


def without_address(text: str, lead: str, address: str) -> str:
    """The paragraph's text without the address line, a stop closing the title line."""
    rest = text[len(lead) :] if text.startswith(lead) else text
    rest = re.sub(r"\s*" + re.escape(address) + r"\.?(?=\s|$)", "", rest, count=1)
    rest = rest.lstrip(" .").rstrip()
    return f"{lead}. {rest}" if rest else lead


_SOURCE_WORDS = 4


def source_line(text: str, lead: str | None, url: str | None) -> bool:
    """A short line opening with a link that shows only its own site's name ("nextjs.org
    NextJS" under a card's title and blurb): the item's source credit, not an item."""
    if not lead or not url or len(text.split()) > _SOURCE_WORDS:
        return False
    host = (urlsplit(url).hostname or "").casefold().removeprefix("www.")
    return bool(host) and lead.strip().casefold().removeprefix("www.") == host
