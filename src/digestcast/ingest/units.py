"""Candidate segmentations of a section's blocks into items, and the score that picks one.

A section's blocks may be one story, or a run of items each opening with a title: a paragraph
or list item with a bold or linked lead-in, a list item at some nesting depth ("Title: text",
a short linked line), or a chunk between separators. Each generator (`itemtitles.candidates`)
proposes one such segmentation; `best_units` scores them all by how much they look like an
issue's stories and keeps the best, or none when no segmentation is convincing.

The score of a segmentation (0 when it is not one) is the product of
  - coverage: the share of the section's words inside the items (an intro is allowed, a story
    with two bold phrases in it is not a list of items);
  - titled: the share of items with a title-shaped title (2-25 words, or a short linked name);
  - repetition: items of one template (same kind, same depth, same lead style) score higher;
  - balance: a handful to a few dozen items is an issue; a hundred one-line items at the
    deepest level is a list that belongs to its parents;
and shallower levels win ties (a category over its links, a story over its bullets)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from digestcast.ingest.blocks import Block
from digestcast.ingest.itemtitles import (
    KICKER_WORDS,
    MAX_TITLE_WORDS,
    TITLE_COLON,
    candidates,
    runs_on,
    titled_by_linked_sentence,
)
from digestcast.ingest.marks import PAID, SEE_ALSO
from digestcast.ingest.runs import comments_before
from digestcast.ingest.titles import clean_title
from digestcast.ingest.tree import block_words, words

_MIN_SCORE = 0.35
_NUMBER = re.compile(r"^(\d{1,3})\s*[、.)．]")
# What may come before an item's title: a number, a bullet, an emoji or a tag ("1、", "▶ ",
# "[video] ").
_NUMBER_PREFIX = re.compile(
    r"^(?:[^\w\s\[(（\"“'‘]\s*)*(?:#?\d{1,3}\s*[、.)．:]?\s*|[\[(][^\[\]()]{1,15}[\])]\s*[:–—-]?\s*)?"
)
_TAG_ONLY = re.compile(r"^[(（\[][^()（）\[\]]{1,30}[)）\]]$")
_BARE_LINK_WORDS = 3


@dataclass(frozen=True)
class Unit:
    """An item: its title, link, and the blocks of its body (the rest of its opening block
    first, as a paragraph)."""

    title: str
    url: str | None
    body: tuple[Block, ...]
    image: str | None = None
    paid: bool = False  # marked as a sponsor's or an ad: "(sponsored)", "(ad)", "SPONSORED"
    listed: bool = False  # a list item opening with a bold or linked title
    kind: str = "para"  # the kind of block the item opens with
    sentence: bool = False  # titled by its first sentence (its lead-in runs on into it)


_LABEL_END = re.compile(r"[:—–|]\s*$")
_LOWER_WORD = re.compile(r"[a-z]+(?![\w/@]|\.\w)")  # a word ("r/rust", "npm.js" are names)


def _rest(block: Block, title_source: str | None) -> tuple[Block, ...]:
    """The opening block's text after its title, as a paragraph of the body."""
    text = block.text
    if title_source and not text.startswith(title_source):
        text = _NUMBER_PREFIX.sub("", text, count=1)  # "1、[Title](url)", "▶ Title": the mark goes
    if title_source and text.startswith(title_source):
        text = text[len(title_source) :]
    elif m := TITLE_COLON.match(text):
        text = m["rest"] if clean_title(m["title"]) == title_source else text
    head = block.text[: len(block.text) - len(text.lstrip(" \t—–-:|."))]
    text = text.strip(" \t—–-:|.")
    if _LABEL_END.search(head) and _LOWER_WORD.match(text):  # "**Title:** the artist..."
        text = text[0].upper() + text[1:]  # a new sentence after a label, not a run-on
    if _TAG_ONLY.match(text):
        return ()  # "（英文）", "(GitHub Repo)", "（WindowSwap）": a tag on the title, not a body
    return (Block("para", text),) if text and words(text) >= 2 else ()


_BYLINE_WORDS = 8


def _kicker(units: Sequence[tuple[str, Block, list[Block]]], i: int) -> bool:
    """A one- or two-word label over the next item's title ("Design", "IA"): its category."""
    title, opener, rest = units[i]
    if i + 1 < len(units) and units[i + 1][1].card and not rest:
        return words(opener.text) <= _BYLINE_WORDS  # "Ann Lee in Better Code" over a card
    if i + 1 >= len(units) or rest or words(title) > KICKER_WORDS or opener.kind == "item":
        return False  # a bullet of its own is an entry, never a label over the next one
    if clean_title(opener.text) != title:
        return False
    return words(units[i + 1][0]) > 2 * words(title) + 2


def _first_words(last: tuple[str, Block, list[Block]], block: Block) -> bool:
    """A paragraph opening with a linked name that runs on as a sentence ("[Ann Lee](url) with
    a story about..."), right under a title standing alone: that title's text, not an item."""
    title, opener, rest = last
    lead, text = (block.lead or "").strip(), block.text.strip()
    return (
        not rest
        and block.kind == "para"
        and bool(lead)
        and text.startswith(lead)
        and _LOWER_RUN.match(text[len(lead) :]) is not None
        and words(text) >= _RUN_ON_WORDS
        and opener.url is not None
        and words(opener.text) <= words(title)
        and opener.text.rstrip()[-1:] not in ".!?"  # a title, not a one-sentence item
    )


_LOWER_RUN = re.compile(r"^(?:,|\s+[a-z])")
_RUN_ON_WORDS = 12


def _segment(
    blocks: Sequence[Block], starts: Callable[[Block], str | None]
) -> tuple[list[Unit], int]:
    """Items opened by the blocks `starts` gives a title to; and the words before the first."""
    units: list[tuple[str, Block, list[Block]]] = []
    before: list[Block] = []
    held = False  # the bullets under a "See also:" line belong to the item above
    for block in blocks:
        held = held and block.kind == "item"
        title = starts(block) if block.kind in ("para", "item") and not held else None
        if block.kind == "para" and units and SEE_ALSO.match(block.text):
            held = True
        if title and units and _first_words(units[-1], block):
            title = None
        if title:
            units.append((title, block, []))
        elif units:
            units[-1][2].append(block)
        else:
            before.append(block)
    units = [u for i, u in enumerate(units) if not _kicker(units, i)]
    if comments_before(units, before):
        comments = [before[0]] + [rest[0] for _, _, rest in units[:-1]]
        units = [(t, o, [c]) for (t, o, _), c in zip(units, comments, strict=True)]
        before = []
    return [_unit(title, opener, rest) for title, opener, rest in units], block_words(before)


def _unit(title: str, opener: Block, rest: list[Block]) -> Unit:
    """The item `opener` opens under `title`, with the blocks after it."""
    lead = opener.lead if opener.lead and clean_title(opener.lead) == title else title
    body = (*_rest(opener, lead), *rest)
    paid = bool(PAID.search(opener.text) or any(PAID.search(b.text) for b in rest[:1]))
    listed = opener.kind == "item" and bool(opener.lead)
    linked_sentence = titled_by_linked_sentence(opener, title)
    sentence = bool(opener.lead) and runs_on(opener.lead or "", opener.text)
    sentence = sentence or linked_sentence
    url = opener.url or (opener.inline_url if linked_sentence else None)
    return Unit(title, url, body, opener.image, paid, listed, opener.kind, sentence)


def _titled(unit: Unit) -> bool:
    """An item with a title and something behind it: a body, or a link under a title of three
    words or more (a bare short bullet is a point of a story, not an item)."""
    n = words(unit.title)
    if not 1 <= n <= MAX_TITLE_WORDS:
        return False
    # a bare link of a word or two ("Reddit", "GitHub", "@someone") is a story's source link
    return block_words(unit.body) > 0 or (unit.url is not None and n >= _BARE_LINK_WORDS)


def _score(units: Sequence[Unit], before: int, total: int) -> float:
    if not units or total == 0:
        return 0.0
    lone = units[0]
    if len(units) == 1 and (before > 0 or lone.sentence or not (lone.url or lone.listed)):
        return 0.0  # one item is a list only when it is a linked or titled item alone
    covered = (total - before) / total
    titled = sum(1 for u in units if _titled(u)) / len(units)
    balance = 1.0 if len(units) <= 40 else 40 / len(units)
    return covered * titled * balance * _repetition(units)


_MIN_STRAY = 2


def _stray_paragraphs(units: Sequence[Unit]) -> int:
    """The words of paragraphs after a list that open with a link of their own ("[Ann](url)
    opened a pull request..."), two or more: items of the section, not the last bullet's text."""
    if not units or any(u.kind != "item" for u in units):
        return 0
    tail: list[Block] = []
    for block in reversed(units[-1].body):
        if block.kind != "para" or block.depth != 0:
            break
        tail.append(block)
    linked = sum(1 for b in tail if b.lead_is_link or b.inline_url)
    return block_words(tail) if linked >= _MIN_STRAY else 0


def _repetition(units: Sequence[Unit]) -> float:
    """The share of items opening the way most of them do (a list item, or a paragraph): a
    promo line between bullets is not one of the bullets."""
    kinds = Counter(u.kind for u in units)
    return max(kinds.values()) / len(units)


@dataclass(frozen=True)
class Segmentation:
    """The items chosen, the generator that proposed them, and the blocks before the first."""

    units: tuple[Unit, ...]
    name: str
    intro: tuple[Block, ...]
    numbered: bool = False  # every item opens with its number in sequence: "1.", "2."...


def _more_of_the_same(
    best: tuple[float, list[Unit], str, Callable[[Block], str | None]],
    score: float,
    units: Sequence[Unit],
) -> bool:
    """A tie where this segmentation finds every item the best one found and more of them,
    all list items (a bullet whose title is not linked, among linked bullets): it wins."""
    if score < best[0] - 0.05 or len(units) <= len(best[1]):
        return False
    titles = {u.title for u in units}
    return all(u.kind == "item" for u in units) and all(u.title in titles for u in best[1])


_READING_LEAD_WORDS = 25


def _further_reading(blocks: Sequence[Block], units: Sequence[Unit], before: int) -> bool:
    """Bare links (a title, nothing under it) after two or more paragraphs of the section's
    own text: that text is the story, the links its further reading ("Complete guide", "vs
    X"), not stories of their own."""
    if not units or before < _READING_LEAD_WORDS or any(block_words(u.body) for u in units):
        return False
    lead: list[Block] = []
    for b in blocks:
        if block_words(lead) >= before:
            break
        lead.append(b)
    return sum(1 for b in lead if b.kind == "para") >= 2


def best_units(blocks: Sequence[Block]) -> Segmentation | None:
    """The best-scoring segmentation of `blocks` into items, or None when the blocks read as
    one piece."""
    total = block_words(blocks)
    best: tuple[float, list[Unit], str, Callable[[Block], str | None]] | None = None
    for name, starts in candidates(blocks):
        units, before = _segment(blocks, starts)
        uncovered = before + _stray_paragraphs(units)
        score = 0.0 if _further_reading(blocks, units, before) else _score(units, uncovered, total)
        if score >= _MIN_SCORE and (
            best is None or score > best[0] + 0.05 or _more_of_the_same(best, score, units)
        ):
            best = (score, units, name, starts)
    if best is None:
        return None
    starts = best[3]
    first = next(i for i, b in enumerate(blocks) if b.kind in ("para", "item") and starts(b))
    if first and best[1][0].body[-1:] == (blocks[first - 1],):
        first = 0  # the paragraph before the first card is that card's comment
    openers = [b for b in blocks if b.kind in ("para", "item") and starts(b)]
    numbers = [m[1] for b in openers if (m := _NUMBER.match(b.text))]
    numbered = len(numbers) == len(openers) and numbers == [str(n + 1) for n in range(len(numbers))]
    return Segmentation(tuple(best[1]), best[2], tuple(blocks[:first]), numbered)
