"""The author's own offers and an archiver's metadata, recognised by their shape: a list of
linked calls to action about the author's own things ("Join my training day", "Get my
templates", "Discover my consulting services"), and a run of "Key: value" items at the top
("Author: ...", "Published: ...", "Source: ...")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block

# A call to action opening an item: what a reader is asked to do with the author's offer.
_OFFER = re.compile(
    r"^\W*(?:join|get|grab|discover|play|book|buy|hire|download|work with|enrol+|sign up|"
    r"follow|subscribe|listen to|watch|check out|try)\b",
    re.IGNORECASE,
)
_OWN = re.compile(r"\b(?:my|our)\b", re.IGNORECASE)
_MIN_OFFERS = 3
_MIN_OWN = 2
# The keys of an archived page's metadata list.
_META_KEY = re.compile(
    r"^(?:author|authors|by|published|publication date|date|updated|source|public source|"
    r"original|url|link|canonical|tags?|categor(?:y|ies)|language|reading time|access\b.*)\W*$",
    re.IGNORECASE,
)
_META_SPAN = 12  # among the first blocks
_MIN_META = 3


def _run_end(blocks: Sequence[Block], start: int) -> int:
    """Where the run of list items at the same depth opening at `start` ends (exclusive)."""
    end = start
    while (
        end < len(blocks)
        and blocks[end].kind == "item"
        and blocks[end].depth == blocks[start].depth
    ):
        end += 1
    return end


def _offer_list(run: Sequence[Block]) -> bool:
    """Three or more linked items, every one a call to action, two or more about the
    author's own things."""
    return (
        len(run) >= _MIN_OFFERS
        and all((b.url or b.inline_url) and _OFFER.match(b.text) for b in run)
        and sum(1 for b in run if _OWN.search(b.text)) >= _MIN_OWN
    )


def _metadata_list(run: Sequence[Block]) -> bool:
    """Three or more "Key: value" items, every key a page's metadata ("Author", "Published")."""
    return len(run) >= _MIN_META and all(
        b.lead and b.lead.rstrip().endswith(":") and _META_KEY.match(b.lead) for b in run
    )


def drop_offers(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without lists of the author's own offers and the archiver's metadata list
    near the top."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "item" or (i and blocks[i - 1].kind == "item"):
            out.append(blocks[i])
            i += 1
            continue
        end = _run_end(blocks, i)
        run = blocks[i:end]
        if not (_offer_list(run) or (i < _META_SPAN and _metadata_list(run))):
            out.extend(run)
        i = end
    return out
