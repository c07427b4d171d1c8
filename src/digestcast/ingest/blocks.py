"""The common block representation every format is turned into before stories are split."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

BlockKind = Literal["heading", "para", "item", "rule"]


@dataclass(frozen=True)
class Block:
    """One block of an issue, in reading order.

    `level` is the heading level (1-6), or 0 for a plain-text line guessed to be a title.
    `url` is the block's own link: a heading's link, or the link a paragraph or item opens with.
    `lead` is the bold (or linked) title a paragraph or item opens with, `text` the whole text.
    `image` is the first real image (an absolute http(s) URL) in or next to the block.
    """

    kind: BlockKind
    text: str
    level: int = 0
    url: str | None = None
    lead: str | None = None
    lead_is_link: bool = False
    image: str | None = None


@dataclass(frozen=True)
class Document:
    """A parsed issue before splitting: what its format says about it, and its blocks."""

    blocks: tuple[Block, ...]
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    publisher: str | None = None


_TRACKING = ("utm_", "mc_", "ref_src", "fbclid", "gclid", "_hsenc", "_hsmi", "mkt_tok")


def clean_url(url: str, base: str | None = None) -> str:
    """An absolute URL without tracking parameters (utm_*, mc_*, fbclid...)."""
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.startswith(_TRACKING)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))
