"""Image captions and notes that are not read: a caption or photo credit line, a number alone
on its line with the footnote under it, a list of "[1] ..." notes after a rule. Numbers that
count 1, 2, 3 through the issue are its items' numbers instead: the item under each is read,
and a short sentence right under a number is that item's title."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.titles import clean_title, first_sentence
from digestcast.ingest.tree import words

_CAPTION = re.compile(
    r"^(?:(?:photo|image|picture|illustration|graphic|video|chart)(?:graph)?(?:s|\(s\))?\s*(?:by|:|credit)|"
    r"(?:credit|source|courtesy)\s*:|\(?(?:photo|image)\s*:)|"
    # a figure's credit: "Adapted from concepts shared by the authors", "| Reproduced from"
    r"(?:^|\|\s*)(?:adapted|reproduced|reprinted) from\b|"
    # a credit closing a short caption: "Hanna Okafor. Photo by Lev Brandt.", "... Foto: AFP"
    r"[.!?]\s+(?:photo|image|picture|foto|bild)s?\s*(?:by|:|von|de|di)\s*\S|"
    r"\b(?:getty images|shutterstock|istock\w*|unsplash|associated press|reuters|afp)\b",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^\W*(?:source|via)\s*:", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^\[?\d{1,2}\]?$")
_MAX_CAPTION_WORDS = 25


def is_caption(block: Block) -> bool:
    """An image caption or credit line: "Photo by ... / Getty Images"."""
    if block.url and _SOURCE_LINE.match(block.text):
        return False  # "Source: <a>Sky and Space</a>": the story's link, kept for it
    return (
        block.kind == "para"
        and len(block.text.split()) <= _MAX_CAPTION_WORDS
        and _CAPTION.search(block.text) is not None
    )


_NOTE_START = re.compile(r"^\[(\d{1,2})\]\s+\S")


def _note_list(blocks: Sequence[Block]) -> set[int]:
    """Footnotes after a rule in an issue's second half: paragraphs opening "[1] ", "[2] "...
    counting up from one (the marks in the text are gone, the notes are not read)."""
    for r in range(len(blocks) // 2, len(blocks)):
        if blocks[r].kind != "rule":
            continue
        n = 0
        while r + 1 + n < len(blocks) and blocks[r + 1 + n].kind == "para":
            m = _NOTE_START.match(blocks[r + 1 + n].text)
            if m is None or int(m[1]) != n + 1:
                break
            n += 1
        if n:
            return set(range(r + 1, r + 1 + n))
    return set()


_MIN_ITEM_NUMBERS = 3


def _item_numbers(blocks: Sequence[Block]) -> bool:
    """Numbers alone on their lines counting 1, 2, 3... from the issue's first half: its items'
    numbers (the item under each is read), not notes at its end."""
    marks = [i for i, b in enumerate(blocks) if b.kind == "para" and _NOTE_MARK.match(b.text)]
    values = [int(blocks[i].text.strip("[]")) for i in marks]
    return (
        len(marks) >= _MIN_ITEM_NUMBERS
        and values == list(range(1, len(marks) + 1))
        and marks[0] < len(blocks) // 2
    )


_TITLE_WORDS = 25


def _numbered_title(blocks: Sequence[Block], i: int) -> bool:
    """The line under an item's number is its title when it is one short sentence linking
    nowhere with a paragraph under it ("3", "Exports hit records as the Gulf closes.", its
    text); a long paragraph under the number is the item's text, titled by its label."""
    under = next((b for b in blocks[i + 1 :] if not is_caption(b)), None)
    if i >= len(blocks) or under is None or under.kind != "para":
        return False
    line = blocks[i]
    text = line.text.strip()
    return (
        line.kind == "para"
        and not line.url
        and not line.inline_url
        and words(text) <= _TITLE_WORDS
        and first_sentence(text) == text
        and words(under.text) > words(text)
    )


_LABEL_WORDS = 5


def _item_label(block: Block) -> bool:
    """A short line right over an item's number: the item's label ("FROM THE MARKETS")."""
    text = block.text.strip()
    if block.kind != "para" or block.url or not 0 < words(text) <= _LABEL_WORDS:
        return False
    return text.endswith("...") or not text.endswith((".", ",", ";"))  # "AND FINALLY..."


def drop_notes(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without image captions and footnotes (a number alone on its line, and the
    note under it; a list of "[1] ..." notes after a rule)."""
    out: list[Block] = []
    skip_next = False
    notes = _note_list(blocks)
    numbered = _item_numbers(blocks)
    for i, block in enumerate(blocks):
        if i in notes:
            continue
        if skip_next:
            skip_next = False
            continue
        if block.kind == "para" and _NOTE_MARK.match(block.text):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            late = i > len(blocks) // 2 and not numbered
            skip_next = nxt is not None and nxt.kind == "para" and late
            if numbered and out and _item_label(out[-1]):
                out[-1] = Block("heading", out[-1].text, level=0)  # "FROM THE MARKETS", "2"
            if numbered and _numbered_title(blocks, i + 1):
                title = clean_title(blocks[i + 1].text)
                title = title[:-1] if title.endswith(".") and not title.endswith("..") else title
                out.append(Block("heading", title, level=0))
                skip_next = True
            continue
        if not is_caption(block):
            out.append(block)
    return out
