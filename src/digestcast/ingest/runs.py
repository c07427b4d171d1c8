"""How the items of a run are laid out, beyond their titles: an editor's comment before each
card rather than after it, and lead-ins in capitals that make a small-letter lead-in a label
inside a story."""

from __future__ import annotations

from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.tree import words

_COMMENT_WORDS = 12


def _comment(block: Block) -> bool:
    return (
        block.kind == "para"
        and not block.url
        and not block.lead
        and words(block.text) >= _COMMENT_WORDS
    )


def comments_before(units: Sequence[tuple[str, Block, list[Block]]], before: list[Block]) -> bool:
    """An editor's paragraph before each linked card, the last card closing the run (comment,
    card, comment, card): each paragraph is about the card under it, not the one above."""
    if len(units) < 2 or len(before) != 1 or not _comment(before[0]):
        return False
    if any(c.isalnum() for b in units[-1][2] for c in b.text):
        return False  # the last card closes the run (a rule or an emoji may follow)
    return all(o.url for _, o, _ in units) and all(
        len(rest) == 1 and _comment(rest[0]) for _, _, rest in units[:-1]
    )


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def caps_leads(blocks: Sequence[Block]) -> bool:
    """Whether the paragraphs' bold lead-ins are capitals, most of them ("THE DEAL —")."""
    leads = [b.lead for b in blocks if b.kind == "para" and b.lead and not b.lead_is_link]
    caps = sum(1 for lead in leads if is_caps(lead))
    return caps >= 2 and 2 * caps > len(leads)
