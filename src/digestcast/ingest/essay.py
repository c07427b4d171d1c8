"""Essays: one piece whose subheads are its parts (never split on them, never lose the last),
and the byline and dateline over it, which are never read as a story."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block
from digestcast.ingest.dates import find_date
from digestcast.ingest.segment import Found
from digestcast.ingest.titles import clean_text, clean_title
from digestcast.ingest.tree import Node, block_words, words
from digestcast.ingest.units import best_units
from digestcast.models import Part

_BY = re.compile(
    r"^(?:(?:posted|published|written)(?: on [^,]{3,30}?,? \d{4})? by|by|par|von|por|words by)"
    r"\s+(?P<name>\S.{1,60})$",
    re.I,
)
_NAME_DATE = re.compile(
    r"^(?P<name>[A-Z][a-zà-ÿ'’.-]+(?:\s+[A-Z][a-zà-ÿ'’.-]*){1,3}?)\s*(?:[·•∙|]\s*)?"
    r"(?P<date>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s*\d{4})?)$"
)
_NAME = re.compile(
    r"^[A-Z][a-zà-ÿ'’.-]+(?:\s+(?:[A-Z][a-zà-ÿ'’.-]*|[A-Z]\.|de|van|von|da|di|le|la)){1,4}$"
)
_SHORT_DATE = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?$",
    re.I,
)
# What sits beside a byline: a dateline, a dot, "Paid", reading time, "Read in app".
_DATELINE = re.compile(r"^(?:[∙·•|]|paid|free|read in app|\d+\s*min(?:ute)?s?(?: read)?)$", re.I)
_NAME_END = re.compile(r"\s+[·•∙|–—]\s+")
_PROSE_WORDS = 12
_MIN_ESSAY_WORDS = 300
_MIN_SIGNED_WORDS = 200
_MIN_INTRO_WORDS = 50
_MAX_PARTS = 6
_MAX_SIGNED_PARTS = 10  # under the author's byline, a long essay's many parts


def _dateline(text: str) -> bool:
    return bool(
        _DATELINE.match(text) or _SHORT_DATE.match(text) or (len(text) < 40 and find_date(text))
    )


def _byline_at(blocks: Sequence[Block], i: int) -> str | None:
    """The author's name if block `i` is a byline: "By Jane Doe", "Jane DoeMar 17", or a name
    over a dateline."""
    block = blocks[i]
    if block.kind not in ("para", "heading") or (block.kind == "heading" and block.lead_is_link):
        return None
    text = clean_text(block.text)
    if (m := _BY.match(text)) and len(text.split()) <= 8:
        name = _NAME_END.split(m["name"])[0]  # "Jane Doe · 8 min read": the name
        return None if _PHRASE.match(name) and not _STAFF.match(name) else name
    if m := _NAME_DATE.match(text):
        return m["name"]
    return text if _NAME.match(text) and _dated_from(blocks, i + 1) is not None else None


_ROLE_WORDS = 14


def _dated_from(blocks: Sequence[Block], start: int) -> int | None:
    """Where the datelines under a name start: right under it, or under one short line of
    the author's role ("COO at Tessel · Writing about teams"); None when there are none."""
    for at in (start, start + 1):
        if at >= len(blocks) or blocks[at].kind != "para":
            return None
        text = clean_text(blocks[at].text)
        if _dateline(text):
            return at
        if words(text) > _ROLE_WORDS or text.endswith((".", "!", "?")) or blocks[at].url:
            return None
    return None


def _story_before(blocks: Sequence[Block]) -> bool:
    """Whether a heading with prose under it is among `blocks`."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    return first is not None and bool(_prose(blocks[first:]))


def find_byline(blocks: Sequence[Block]) -> tuple[str | None, list[Block]]:
    """The author named over the issue's text, and the blocks without the byline and the
    datelines beside it."""
    for i in range(min(len(blocks), 10)):
        if i and blocks[i - 1].kind == "heading" and _story_before(blocks[: i - 1]):
            break  # under a headline after a story: that story's own byline
        name = _byline_at(blocks, i)
        if name is None:
            continue
        end = _dated_from(blocks, i + 1) or i + 1
        while (
            end < len(blocks)
            and blocks[end].kind == "para"
            and _dateline(clean_text(blocks[end].text))
        ):
            end += 1
        return name, [*blocks[:i], *blocks[end:]]
    return None, list(blocks)


# "By the numbers", "By a landslide": a phrase, not an author (unless "the editors").
_PHRASE = re.compile(r"^(?:[Tt]he|an?)\s")
_STAFF = re.compile(r"^the (?:\w+ )?(?:editors|team|staff|newsroom|desk)\W*$", re.I)
_NAMES_SEP = re.compile(r",\s*|\s+(?:and|&|und|et|y)\s+")
_PARTICLES = {"de", "van", "von", "da", "di", "le", "la", "del", "der", "den"}


def _names(text: str) -> bool:
    """People's names ("Tom Adeyemi", "Lena Kovacs and Ana Sousa", "ANA DE LA CRUZ"), not a
    phrase ("the numbers")."""
    parts = [p for p in _NAMES_SEP.split(text.strip()) if p]
    return bool(parts) and all(w[:1].isupper() or w in _PARTICLES for p in parts for w in p.split())


def story_byline(blocks: Sequence[Block]) -> tuple[str | None, list[Block]]:
    """A story's own byline right under its title ("By Tom Adeyemi"), or the credit line
    closing an item ("Russ Cox"): the author's name, and the story's blocks without it."""
    if blocks and blocks[-1].credit:
        return clean_text(blocks[-1].text), list(blocks[:-1])
    if not blocks or blocks[0].kind != "para" or (name := _byline_at(blocks, 0)) is None:
        return None, list(blocks)
    if not _names(name):
        return None, list(blocks)  # "By the numbers": not a name
    end = 1
    while end < len(blocks) and blocks[end].kind == "para" and _dateline(blocks[end].text):
        end += 1
    return name, list(blocks[end:])


def _prose(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if b.kind == "para" and words(b.text) >= _PROSE_WORDS]


def _is_dek(node: Node) -> bool:
    """A heading that is a sentence (a subtitle), not a section title."""
    text = clean_text(node.heading.text) if node.heading else ""
    return text.endswith((".", "!", "?")) and words(text) >= 6


def _reads_as_prose(flat: Sequence[Block], signed: bool = False) -> bool:
    """Enough prose, mostly in full paragraphs, with no list of linked items (a signed piece
    may be shorter)."""
    prose = _prose(flat)
    total = block_words(flat)
    if (
        total < (_MIN_SIGNED_WORDS if signed else _MIN_ESSAY_WORDS)
        or len(prose) < 5
        or block_words(prose) < 0.7 * total
    ):
        return False
    linked = sum(1 for b in flat if b.lead and b.lead_is_link)
    return linked <= 1 and best_units(flat) is None


def _subheads_of_one_piece(
    sections: Sequence[Node], intro: Sequence[Block], n_prose: int, signed: bool = False
) -> bool:
    """A few unlinked subheads, each over paragraphs, after an introduction: an essay's parts
    (many sections, linked ones, or ones a line long are a digest's). Under an author's byline
    a part may be one paragraph."""
    if not sections:
        return True
    if len(sections) > min(_MAX_SIGNED_PARTS if signed else _MAX_PARTS, max(1, n_prose // 2)):
        return False
    if any(n.heading and n.heading.url for n in sections):
        return False
    if any(len(_prose(n.blocks)) < (1 if signed else 2) for n in sections):
        return False
    return block_words(intro) >= _MIN_INTRO_WORDS


_MAX_LONG_PARTS = 12
_MIN_LONG_WORDS = 600


def _long_unlinked_piece(
    sections: Sequence[Node], intro: Sequence[Block], flat: Sequence[Block]
) -> bool:
    """A long essay cut by many unlinked subheads (a how-to in H2 and H3 parts, with its own
    bullet lists): hardly a link anywhere, no bold or linked lead-ins, and every part opened
    by a paragraph. A digest's stories each carry their link."""
    if not 3 <= len(sections) <= _MAX_LONG_PARTS or block_words(flat) < _MIN_LONG_WORDS:
        return False
    if any(n.heading and n.heading.url for n in sections) or any(b.lead for b in flat):
        return False
    linked = sum(1 for b in flat if b.url or b.inline_url)
    opened = all(n.blocks and n.blocks[0].kind == "para" for n in sections)
    prose = block_words(_prose(flat))
    return (
        opened
        and linked <= max(1, len(sections) // 4)
        and prose >= 0.5 * block_words(flat)
        and block_words(intro) >= _MIN_INTRO_WORDS
    )


_MIN_OUTLINE_POINTS = 3
_MAX_OUTLINE_LINKS = 2


def _outlined_piece(sections: Sequence[Node], flat: Sequence[Block]) -> bool:
    """An explainer cut by unlinked subheads whose points are bold list items ("**Runtime
    spec**", "**Security by default:** ..."): every bold lead-in on a list item and unlinked,
    no paragraph titled by one, and hardly a link in the whole piece. A digest's bold items
    each carry their link."""
    if not 3 <= len(sections) <= _MAX_LONG_PARTS or block_words(flat) < _MIN_ESSAY_WORDS:
        return False
    if any(n.heading and n.heading.url for n in sections):
        return False
    points = [b for b in flat if b.lead and not b.lead_is_link]
    if len(points) < _MIN_OUTLINE_POINTS or any(b.kind != "item" or b.url for b in points):
        return False
    if any(b.inline_url for b in points):
        return False
    linked = sum(1 for b in flat if b.url or b.inline_url)
    return linked <= _MAX_OUTLINE_LINKS and len(_prose(flat)) >= len(sections)


def essay_story(root: Node, title: str | None, byline: str | None) -> Found | None:
    """The whole issue as one essay, when it reads as one: prose paragraphs under at most a
    few unlinked subheads, an introduction before the first, no list of items anywhere, and a
    title or a byline at its top."""
    if title is None and byline is None:
        return None
    sections = [n for n in root.walk() if n is not root]
    intro = list(root.blocks)
    if sections and _is_dek(sections[0]) and not root.blocks:
        intro, sections = list(sections[0].blocks), sections[1:]
    flat = root.flat()
    signed = byline is not None
    outlined = _outlined_piece(sections, flat)
    if (
        not outlined
        and not _long_unlinked_piece(sections, intro, flat)
        and (
            not _reads_as_prose(flat, signed)
            or not _subheads_of_one_piece(sections, intro, len(_prose(flat)), signed)
        )
    ):
        return None
    return Found(title or "", None, tuple(flat), next((b.image for b in flat if b.image), None))


_MIN_LINKED_ITEMS = 2


def _linked_items(node: Node) -> bool:
    """A section that is a list of two or more items, most of them linked."""
    split = best_units(node.blocks)
    if split is None or node.children or len(split.units) < _MIN_LINKED_ITEMS:
        return False
    return 2 * sum(1 for u in split.units if u.url) > len(split.units)


def essay_then_links(
    root: Node, title: str | None, byline: str | None
) -> tuple[Found, Node, Node] | None:
    """An essay closed by sections of linked items (a post's "Links" list): the essay as one
    story, its part of the tree, and the sections after it (read as a digest)."""
    cut = next((i for i, c in enumerate(root.children) if _linked_items(c)), None)
    if cut is None or (title is None and byline is None):
        return None
    head = Node(None, list(root.blocks), root.children[:cut])
    if any(b.lead for b in head.flat()):
        return None  # paragraphs titled by bold or linked lead-ins: a digest's stories
    found = essay_story(head, title, byline)
    if found is None:
        return None
    return found, head, Node(None, [], root.children[cut:])


def essay_parts(root: Node) -> tuple[Part, ...]:
    """The essay's subheaded parts in order, the last one included."""
    parts: list[Part] = []
    for node in root.walk():
        if node is root or node.heading is None or _is_dek(node):
            continue
        paras = tuple(clean_text(b.text) for b in node.blocks if b.kind in ("para", "item"))
        parts.append(Part(clean_title(node.heading.text), paras))
    return tuple(parts)
