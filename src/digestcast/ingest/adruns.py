"""A sponsor's block in a layout with no headings to end it (a plain-text email): the label
("Tuesday's issue is presented by X"), the ad's title and text, and its call to action ("Try X
For Free") closing it. Everything from the label to that button goes; with no button within a
few blocks, nothing says where the ad ends and nothing is dropped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.promo import SPONSOR_START

# The issue's own date before "issue is presented by" ("Tuesday 16th January's issue is...").
_DATED_LABEL = re.compile(
    r"^\W*[\w ,.]{3,40}?(?:'|’)s? (?:issue|email|newsletter|edition) is "
    r"(?:sponsored|presented|brought to you|supported) by\b",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"^\W*(?:try|get|start|sign up|learn more|book|request|download|join|claim|register|"
    r"see how|find out|check (?:it|them) out|get started)\b",
    re.IGNORECASE,
)
_LABEL_WORDS = 12
_CTA_WORDS = 6
_AD_BLOCKS = 8


def _sponsor_label(block: Block) -> bool:
    text = block.text
    return (
        block.kind == "para"
        and len(text.split()) <= _LABEL_WORDS
        and bool(SPONSOR_START.match(text) or _DATED_LABEL.match(text))
    )


def _call_to_action(block: Block) -> bool:
    return (
        block.kind == "para"
        and len(block.text.split()) <= _CTA_WORDS
        and _CALL_TO_ACTION.match(block.text) is not None
    )


def _ad_end(blocks: Sequence[Block], start: int) -> int | None:
    """The index of the call to action closing the ad opened at `start`, if one comes soon."""
    for j in range(start + 1, min(len(blocks), start + 1 + _AD_BLOCKS)):
        if blocks[j].kind in ("heading", "rule"):
            return None
        if _call_to_action(blocks[j]):
            return j
    return None


def drop_ads_closed_by_a_button(blocks: Sequence[Block]) -> list[Block]:
    """Blocks without each sponsor label's run up to the call to action closing it."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        end = _ad_end(blocks, i) if _sponsor_label(blocks[i]) else None
        if end is None:
            out.append(blocks[i])
            i += 1
        else:
            i = end + 1
    return out
