"""Candidate segmentations of a section's blocks into items, and the score that picks one.

A section's blocks may be one story, or a run of items each opening with a title: a paragraph
or list item with a bold or linked lead-in, a list item at some nesting depth ("Title: text",
a short linked line), or a chunk between separators. Each generator below proposes one such
segmentation; `best_units` scores them all by how much they look like an issue's stories and
keeps the best, or none when no segmentation is convincing.

The score of a segmentation (0 when it is not one) is the product of
  - coverage: the share of the section's words inside the items (an intro is allowed, a story
    with two bold phrases in it is not a list of items);
  - titled: the share of items with a title-shaped title (2-25 words, or a short linked name);
  - repetition: items of one template (same kind, same depth, same lead style) score higher;
  - balance: a handful to a few dozen items is an issue; a hundred one-line items at the
    deepest level is a list that belongs to its parents;
and shallower levels win ties (a category over its links, a story over its bullets)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from digestcast.ingest.blocks import Block
from digestcast.ingest.marks import PAID, SEE_ALSO
from digestcast.ingest.runs import caps_leads, comments_before, is_caps
from digestcast.ingest.sections import READ_MORE, section_name
from digestcast.ingest.titles import BARE_NUMBER, clean_title, counts_up, first_sentence
from digestcast.ingest.tree import block_words, words

_MAX_TITLE_WORDS = 25
_KNOWN_LABEL = re.compile(
    r"^\W*(?:action|note|update|source|via|context|background|details|bottom line|"
    r"why (?:it|this) matters|what(?:'|’)?s (?:new|next)|yes, but|the takeaway|tl;?dr)\W*$",
    re.IGNORECASE,
)
_TITLE_COLON = re.compile(r"^(?P<title>[^:|—–]{3,140}?)\s*(?::\s|\s[|—–]\s)\s*(?P<rest>\S.*)$")
_MIN_SCORE = 0.35
_MAX_SENTENCE_WORDS = 30
# The sentence goes on after the lead-in: a comma, or a lowercase word that is not a byline's
# or a title's own ("[Title](url) by Ann", "**Title** in Go", "**Title** and more").
_RUN_ON = re.compile(
    r"^(?:,|\s+(?!(?:by|from|via|and|or|in|on|at|for|with|of|to|the|a|an|vs)\b)[a-z])"
)
_CHANGE_REF = re.compile(r"#\d+\b")  # "Project #1234": a numbered change, titled by its number
_NUMBER = re.compile(r"^(\d{1,3})\s*[、.)．]")
_NUMBERED = re.compile(r"^\d{1,3}\s*[、.)．]\s*\S")
# What may come before an item's title: a number, a bullet, an emoji or a tag ("1、", "▶ ",
# "[video] ").
_NUMBER_PREFIX = re.compile(
    r"^(?:[^\w\s\[(（\"“'‘]\s*)*(?:#?\d{1,3}\s*[、.)．:]?\s*|[\[(][^\[\]()]{1,15}[\])]\s*[:–—-]?\s*)?"
)
_TAG_ONLY = re.compile(r"^[(（\[][^()（）\[\]]{1,30}[)）\]]$")
_MIN_SENTENCE_ITEMS = 2
_BRIEF_WORDS = 4
_KICKER_WORDS = 2
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


def _lead_title(block: Block) -> str | None:
    """The bold or linked title a paragraph or item opens with, if it reads as a title."""
    lead = block.lead
    if not lead or READ_MORE.match(lead):
        return None
    if runs_on(lead, block.text) or _bare_code(lead, block.text):
        return _sentence_title(block.text)
    title = clean_title(lead)
    stopped = not block.lead_is_link and title.endswith(".") and not title.endswith("..")
    if stopped:
        title = title[:-1]  # "**Chipmaker raises forecast.** The company said..."
    if not title or section_name(title) or _KNOWN_LABEL.match(title):
        return None
    n = words(title)
    if block.lead_is_link and (line := _short_line(block, lead)):
        return line
    if block.lead_is_link:
        return title if n <= _MAX_TITLE_WORDS else None
    if lead.strip() == block.text.strip() and block.kind == "para":
        return title if 2 <= n <= _MAX_TITLE_WORDS else None  # a bold line over its text
    alone = lead.strip() == block.text.strip()
    if n == 1 and stopped and block.kind == "para" and not alone and _WORD_TITLE.match(title):
        return title  # "**Folktales.** The index sorts..."
    return title if 2 <= n <= _MAX_TITLE_WORDS else None


# One capitalised word closed by its own full stop over its text: a topic's title.
_WORD_TITLE = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]{3,}$")

_LINE_GOES_ON = re.compile(r"^\s+(?!(?:by|via|from)\b)[a-z][\w'’-]*(?:\s+[\w'’.-]+){0,7}$")


def _short_line(block: Block, lead: str) -> str | None:
    """A bullet that is one short line opening with a link of a word or two that the line
    goes on from ("[RFC](url) on improving RFC", "[Go cross-builds](url) landed in staging"):
    the whole line is its title, not the bare link."""
    text = block.text.strip()
    if block.kind != "item" or words(lead) > _KICKER_WORDS or not text.startswith(lead.strip()):
        return None
    rest = text[len(lead.strip()) :]
    return clean_title(text) if _LINE_GOES_ON.match(rest) else None


def runs_on(lead: str, text: str) -> bool:
    """Whether a bold or linked lead-in is the subject of the sentence it opens ("**Ann Lee**
    shipped the fix", "[pkg](url), a parser for...") rather than a title over its text."""
    lead, text = lead.strip(), text.strip()
    if not text.startswith(lead) or lead.endswith((".", ":", "!", "?", "…")):
        return False
    if _CHANGE_REF.search(lead):
        return False
    return _RUN_ON.match(text[len(lead) :]) is not None


def _bare_code(lead: str, text: str) -> bool:
    """A lead-in that is only a code ("SE-0412", "RFC9110") opening a longer sentence: it says
    nothing to a listener alone; the sentence is the title."""
    code = clean_title(lead)
    if " " in code or not any(c.isdigit() for c in code) or _CHANGE_REF.search(code):
        return False
    return len(text.split()) > 3 and text.strip().startswith(lead.strip())


def _sentence_title(text: str) -> str | None:
    """A paragraph's first sentence as its title, when it is short enough to be one."""
    sentence = first_sentence(text)
    return sentence if 2 <= words(sentence) <= _MAX_SENTENCE_WORDS else None


def _brief(text: str) -> bool:
    return first_sentence(text) == text and _BRIEF_WORDS <= words(text) <= _MAX_SENTENCE_WORDS


def _item_title(block: Block) -> str | None:
    """The title of a list item: its lead-in, "Title: text", or the whole line when short."""
    if title := _lead_title(block):
        return title
    text = clean_title(block.text)
    if 1 <= words(text) <= 14 and not text.endswith((".", "?", "!", ",")):
        return text
    m = _TITLE_COLON.match(block.text)
    if m and 2 <= words(m["title"]) <= 15 and not _KNOWN_LABEL.match(m["title"]):
        return clean_title(m["title"])
    if block.url is None and block.inline_url is None and _brief(text):
        return text  # a one-sentence bullet linking nowhere: a brief of its own
    return None


_LABEL_END = re.compile(r"[:—–|]\s*$")
_LOWER_WORD = re.compile(r"[a-z]+(?![\w/@]|\.\w)")  # a word ("r/rust", "npm.js" are names)


def _rest(block: Block, title_source: str | None) -> tuple[Block, ...]:
    """The opening block's text after its title, as a paragraph of the body."""
    text = block.text
    if title_source and not text.startswith(title_source):
        text = _NUMBER_PREFIX.sub("", text, count=1)  # "1、[Title](url)", "▶ Title": the mark goes
    if title_source and text.startswith(title_source):
        text = text[len(title_source) :]
    elif m := _TITLE_COLON.match(text):
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
    if i + 1 >= len(units) or rest or words(title) > _KICKER_WORDS or opener.kind == "item":
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
    linked_sentence = _titled_by_linked_sentence(opener, title)
    sentence = bool(opener.lead) and runs_on(opener.lead or "", opener.text)
    sentence = sentence or linked_sentence
    url = opener.url or (opener.inline_url if linked_sentence else None)
    return Unit(title, url, body, opener.image, paid, listed, opener.kind, sentence)


def _titled(unit: Unit) -> bool:
    """An item with a title and something behind it: a body, or a link under a title of three
    words or more (a bare short bullet is a point of a story, not an item)."""
    n = words(unit.title)
    if not 1 <= n <= _MAX_TITLE_WORDS:
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


def _linked_sentence(block: Block) -> str | None:
    """A paragraph or item opening with no title but linking in its first sentence ("Ann
    pitched [a proposal](url) to..."): its sentence is its title, among items titled so."""
    if block.lead or not block.inline_url:
        return None
    return _sentence_title(block.text)


def _titled_by_linked_sentence(opener: Block, title: str) -> bool:
    """Whether `title` is the opener's sentence linking in it, for want of any other title."""
    if opener.lead or not opener.inline_url:
        return False
    if opener.kind == "item" and _item_title(opener):
        return False
    return title == _linked_sentence(opener)


def _lead_start(
    sentences: tuple[bool, bool], labels: frozenset[int], caps: bool, block: Block
) -> str | None:
    """A bold or linked lead-in's title; a short "Label:" line over a list ("IN BRIEF:", its
    roundup's title); or, among paragraphs (items) titled by sentences (`sentences`: for
    paragraphs, for items), a sentence linking in it. Among capital lead-ins (`caps`), a
    bold lead-in in small letters ("What to watch:") is a label inside a story."""
    if block.depth != 0:
        return None
    if id(block) in labels:
        return clean_title(block.text)
    if caps and block.lead and not block.lead_is_link and not is_caps(block.lead):
        return None
    title = _lead_title(block)
    return title or (_linked_sentence(block) if sentences[block.kind == "item"] else None)


_LIST_LABEL_WORDS = 3
_COLON_LABEL = re.compile(r"^\W*\w+(?:[ &/]+\w+){0,2}\s*[:：]$")


def _list_labels(blocks: Sequence[Block]) -> frozenset[int]:
    """Short plain "Label:" lines right over a list of briefs or links ("IN BRIEF:")."""
    return frozenset(
        id(b)
        for b, nxt in itertools.pairwise(blocks)
        if b.kind == "para"
        and not b.lead
        and nxt.kind == "item"
        and _COLON_LABEL.match(b.text)
        and words(b.text) <= _LIST_LABEL_WORDS
        and bool(nxt.url or nxt.inline_url or _brief(nxt.text))  # briefs, not a contents list
    )


def _item_start(depth: int, sentences: bool, block: Block) -> str | None:
    if block.kind != "item" or block.depth != depth:
        return None
    title = _item_title(block)
    return title or (_linked_sentence(block) if sentences else None)


def _sentence_items(blocks: Sequence[Block], depth: int | None = None) -> bool:
    """Whether the blocks (the items at `depth`) are a digest whose items may be titled by a
    sentence linking in it: two or more paragraphs open with a lead-in running on into its
    sentence ("[Ann](url) pitched..."), or two or more items at `depth` open with a link. (A
    paragraph under a titled item, "Note this proposal runs with [SE-12](url)...", is its body.)"""
    if depth is None:
        found = [b for b in blocks if b.kind == "para" and b.lead and runs_on(b.lead, b.text)]
    else:
        found = [b for b in blocks if b.kind == "item" and b.depth == depth and b.lead_is_link]
    return len(found) >= _MIN_SENTENCE_ITEMS


def _numbered_start(block: Block) -> str | None:
    """A short numbered line over its text ("1、Title", "2. Title"): a title in a sequence."""
    if block.kind != "para" or not _NUMBERED.match(block.text):
        return None
    text = block.text.rstrip()
    if (
        text.endswith(("。", ".", "!", "！", "?", "？", ":", "："))
        or words(text) > _MAX_TITLE_WORDS
    ):
        return None
    return clean_title(text) or None


_URL_ONLY = re.compile(r"^https?://\S+(?:\s+https?://\S+)*$")


def _over_url_lines(blocks: Sequence[Block]) -> Callable[[Block], str | None] | None:
    """Paragraphs each followed by a line of bare URLs and nothing else (an item with no
    title: its text, then its link): two or more are a digest titled by their first
    sentences."""
    openers = {
        id(b)
        for b, nxt in itertools.pairwise(blocks)
        if b.kind == "para"
        and not b.url
        and not _URL_ONLY.match(b.text.strip())
        and nxt.kind == "para"
        and nxt.url
        and _URL_ONLY.match(nxt.text.strip())
    }
    if len(openers) < _MIN_SENTENCE_ITEMS:
        return None
    return lambda block: _sentence_title(block.text) if id(block) in openers else None


def _bare_numbered(blocks: Sequence[Block]) -> Callable[[Block], str | None] | None:
    """Paragraphs opening with a bare number that counts 1, 2, 3 ("1 Ferry strike ends"): the
    titles of a numbered sequence, without their numbers."""
    paras = [(b, m) for b in blocks if b.kind == "para" and (m := BARE_NUMBER.match(b.text))]
    if not counts_up([int(m[1]) for _, m in paras]):
        return None
    openers = {id(b) for b, _ in paras}

    def starts(block: Block) -> str | None:
        if id(block) not in openers:
            return None
        if block.lead:
            return _lead_title(block)
        return _numbered_start(replace(block, text=BARE_NUMBER.sub("1. ", block.text, count=1)))

    return starts


def _candidates(blocks: Sequence[Block]) -> list[tuple[str, Callable[[Block], str | None]]]:
    """The segmentations to try: bold or linked lead-ins, numbered title lines (bare numbers
    when they count up), then list items at each of the first three nesting depths."""
    depths = sorted({b.depth for b in blocks if b.kind == "item"})
    gens: list[tuple[str, Callable[[Block], str | None]]] = [
        (
            "lead",
            partial(
                _lead_start,
                (_sentence_items(blocks), _sentence_items(blocks, 0)),
                _list_labels(blocks),
                caps_leads(blocks),
            ),
        ),
        ("numbered", _numbered_start),
    ]
    if (bare := _bare_numbered(blocks)) is not None:
        gens.append(("bare", bare))
    if (over := _over_url_lines(blocks)) is not None:
        gens.append(("url_lines", over))
    gens.extend(
        (f"item{depth}", partial(_item_start, depth, _sentence_items(blocks, depth)))
        for depth in depths[:3]
    )
    return gens


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
    for name, starts in _candidates(blocks):
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
