"""A story told as a lede and labelled parts ("**Why it matters:** ...", "**Zoom in:** ..."),
the way Smart Brevity dailies write: one story, not a list of items titled by their labels."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.tree import words

_LEDE_WORDS = 8
_SHORT_LEDE_LABELS = 2  # a short lede ("The Bulls got bad news.") over labelled parts


def lede_and_labels(blocks: Sequence[Block]) -> bool:
    """A story's lede, then paragraphs opening with bold labels ("**Why it matters:** ...",
    "**Zoom in:** ..."): one story told in labelled parts, not a list of items."""
    first = next((b for b in blocks if b.kind == "para"), None)
    if first is None or not _sentence_lead(first):
        return False
    if first.lead and not first.text.rstrip().endswith((".", "!", "?", "…", "”", '"')):
        return False  # "**Ann and Bo are sued** for promoting a coin": an item's title line
    leads = [b.lead for b in blocks if b.kind == "para" and b.lead and b is not first]
    labels = [lead for lead in leads if lead.rstrip(" *_").endswith(":")]
    if words(first.text) < _LEDE_WORDS and len(labels) < _SHORT_LEDE_LABELS:
        return False  # a short line over one label: not enough to call it a lede
    return bool(labels) and all(
        _sentence_lead(b) or b.lead.rstrip(" *_").endswith(":") or _further_link(b)
        for b in blocks
        if b.kind == "para" and b.lead and b is not first
    )


_GOES_ON = re.compile(r"^(?:,|\s+[a-z])")


def _sentence_lead(block: Block) -> bool:
    """A paragraph opening with no bold words, or with its first words in bold ("**The Bulls**
    got bad news", "**We recently reported** on..."): a story's prose, not a titled item."""
    lead, text = (block.lead or "").strip(), block.text.strip()
    if not lead:
        return True
    if block.lead_is_link or not text.startswith(lead) or lead.endswith((".", ":", "!", "?")):
        return False
    return _GOES_ON.match(text[len(lead) :]) is not None


def _further_link(block: Block) -> bool:
    """A line that is only a link ("Go deeper for more."): where to read on, not an item."""
    lead = block.lead
    return block.lead_is_link and lead is not None and lead.strip() == block.text.strip()
