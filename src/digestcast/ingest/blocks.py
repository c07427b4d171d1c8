"""The common block representation every format is turned into before stories are split."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from digestcast.ingest import links

BlockKind = Literal["heading", "para", "item", "rule"]


@dataclass(frozen=True)
class Block:
    """One block of an issue, in reading order.

    `level` is the heading level (1-6), or 0 for a plain-text line guessed to be a title.
    `url` is the block's own link: a heading's link, or the link a paragraph or item opens with.
    `lead` is the bold (or linked) title a paragraph or item opens with, `text` the whole text.
    `image` is the first real image (an absolute http(s) URL) in or next to the block.
    `inline_url` is the first link in the middle of a paragraph or item that opens with none
    ("Ann pitched [a proposal](url) to..."): the story's link when its sentence is its title.
    """

    kind: BlockKind
    text: str
    level: int = 0
    url: str | None = None
    lead: str | None = None
    lead_is_link: bool = False
    image: str | None = None
    depth: int = 0  # how deep a list item is nested (0: a top-level item)
    inline_url: str | None = None  # the first link inside a block that opens with none
    credit: bool = False  # an item's source or author on a line under it ("Russ Cox")
    card: bool = False  # a link card (title, description, site) the whole of which was a link


@dataclass(frozen=True)
class Document:
    """A parsed issue before splitting: what its format says about it, and its blocks."""

    blocks: tuple[Block, ...]
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    publisher: str | None = None


def clean_url(url: str, base: str | None = None) -> str:
    """An absolute URL to the article: redirect wrappers unwrapped, tracking parameters dropped."""
    return links.clean_url(url, base)
