"""Where an item of a section starts, and its title: a bold or linked lead-in, a "Title: text"
list item, a short numbered line, a sentence linking in a paragraph, a paragraph over a line of
bare URLs. `candidates` lists the ways to cut a section into items that `units.best_units`
scores; the others read one block's title."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from digestcast.ingest.blocks import Block
from digestcast.ingest.runs import caps_leads, is_caps
from digestcast.ingest.sections import READ_MORE, section_name
from digestcast.ingest.titles import BARE_NUMBER, clean_title, counts_up, first_sentence
from digestcast.ingest.tree import words

MAX_TITLE_WORDS = 25

_KNOWN_LABEL = re.compile(
    r"^\W*(?:action|note|update|source|via|context|background|details|bottom line|"
    r"why (?:it|this) matters|what(?:'|’)?s (?:new|next)|yes, but|the takeaway|tl;?dr)\W*$",
    re.IGNORECASE,
)

TITLE_COLON = re.compile(r"^(?P<title>[^:|—–]{3,140}?)\s*(?::\s|\s[|—–]\s)\s*(?P<rest>\S.*)$")

_MAX_SENTENCE_WORDS = 30

# The sentence goes on after the lead-in: a comma, or a lowercase word that is not a byline's
# or a title's own ("[Title](url) by Ann", "**Title** in Go", "**Title** and more").
_RUN_ON = re.compile(
    r"^(?:,|\s+(?!(?:by|from|via|and|or|in|on|at|for|with|of|to|the|a|an|vs)\b)[a-z])"
)

_CHANGE_REF = re.compile(r"#\d+\b")  # "Project #1234": a numbered change, titled by its number

_NUMBERED = re.compile(r"^\d{1,3}\s*[、.)．]\s*\S")

_MIN_SENTENCE_ITEMS = 2

_BRIEF_WORDS = 4

KICKER_WORDS = 2


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
        return title if n <= MAX_TITLE_WORDS else None
    if lead.strip() == block.text.strip() and block.kind == "para":
        return title if 2 <= n <= MAX_TITLE_WORDS else None  # a bold line over its text
    alone = lead.strip() == block.text.strip()
    if n == 1 and stopped and block.kind == "para" and not alone and _WORD_TITLE.match(title):
        return title  # "**Folktales.** The index sorts..."
    return title if 2 <= n <= MAX_TITLE_WORDS else None


# One capitalised word closed by its own full stop over its text: a topic's title.
_WORD_TITLE = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]{3,}$")

_LINE_GOES_ON = re.compile(r"^\s+(?!(?:by|via|from)\b)[a-z][\w'’-]*(?:\s+[\w'’.-]+){0,7}$")


def _short_line(block: Block, lead: str) -> str | None:
    """A bullet that is one short line opening with a link of a word or two that the line
    goes on from ("[RFC](url) on improving RFC", "[Go cross-builds](url) landed in staging"):
    the whole line is its title, not the bare link."""
    text = block.text.strip()
    if block.kind != "item" or words(lead) > KICKER_WORDS or not text.startswith(lead.strip()):
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
    m = TITLE_COLON.match(block.text)
    if m and 2 <= words(m["title"]) <= 15 and not _KNOWN_LABEL.match(m["title"]):
        return clean_title(m["title"])
    if block.url is None and block.inline_url is None and _brief(text):
        return text  # a one-sentence bullet linking nowhere: a brief of its own
    return None


def _linked_sentence(block: Block) -> str | None:
    """A paragraph or item opening with no title but linking in its first sentence ("Ann
    pitched [a proposal](url) to..."): its sentence is its title, among items titled so."""
    if block.lead or not block.inline_url:
        return None
    return _sentence_title(block.text)


def titled_by_linked_sentence(opener: Block, title: str) -> bool:
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
    if text.endswith(("。", ".", "!", "！", "?", "？", ":", "：")) or words(text) > MAX_TITLE_WORDS:
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


def candidates(blocks: Sequence[Block]) -> list[tuple[str, Callable[[Block], str | None]]]:
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
