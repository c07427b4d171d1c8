"""Card links: one link wrapping a whole card (a bookmark or link-preview card: its title, its
description and its site, each a block of its own). Read as it stands, the card is one
paragraph whose title runs into its description ("...broken clipWhat a year..."). It becomes
one paragraph opening with its title as the link, each other part on a line of its own."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from digestcast.ingest.images import MARKER

CARD = "data-dc-card"  # marks the link of a card's title
_BLOCKS = ("div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "section")


def _parts(card: Tag) -> list[str]:
    """The texts of the card's innermost blocks, in order (spans in one block spaced)."""
    parts: list[str] = []
    for block in card.find_all(_BLOCKS):
        text = " ".join(block.get_text(" ").split()) if isinstance(block, Tag) else ""
        if text and isinstance(block, Tag) and not block.find(_BLOCKS):
            parts.append(text)
    return parts


_SITE_WORDS = 4


def _site_line_dropped(parts: list[str]) -> list[str]:
    """A card's parts without its last line when that names the site under a title and a
    description ("Crumb", "github.com", "The Verge · Jane Doe"): not words to read."""
    site = parts[-1] if len(parts) >= 3 else ""
    if site and len(site.split()) <= _SITE_WORDS and not site.rstrip().endswith((".", "!", "?")):
        return parts[:-1]
    return parts


def unwrap_card_links(soup: BeautifulSoup, root: Tag) -> None:
    """Every link holding blocks becomes a paragraph: the link on its first part, the others
    on lines under it, its pictures kept."""
    for card in list(root.find_all("a", href=True)):
        if not isinstance(card, Tag) or card.decomposed or card.find(_BLOCKS) is None:
            continue
        parts = _site_line_dropped(_parts(card))
        if not parts:
            continue
        para = soup.new_tag("p")
        link = soup.new_tag("a", href=str(card["href"]), attrs={CARD: "1"})
        link.string = parts[0]
        para.append(link)
        for part in parts[1:]:
            para.append(soup.new_tag("br"))
            para.append(NavigableString(part))
        for image in card.find_all(MARKER):
            para.append(image.extract())
        card.replace_with(para)
