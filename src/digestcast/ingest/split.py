"""The story splitter. Works on blocks, driven by structure: headings (and plain-text title
lines), separators, paragraphs that open with a bold or linked title, and section headings that
only group such items. Subheads inside a story never start a new one."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from digestcast.ingest.blocks import Block
from digestcast.ingest.clean import drop_table_of_contents, is_promotional, says_nothing
from digestcast.ingest.dates import find_date, is_date_line
from digestcast.ingest.sections import READ_MORE, is_subhead, section_name, story_parts
from digestcast.models import Story
from digestcast.patterns import UserPattern, user_pattern

OPENING_TITLE = "A letter from the editor"
_MIN_OPENING_WORDS = 25
_SIGN_OFF = re.compile(
    r"^(?:keep \w+|best(?: wishes| regards)?|cheers|thanks(?: for reading)?|thank you|regards|"
    r"warmly|until next (?:time|week)|see you[\w ]*|yours(?: truly)?|sincerely|all the best|"
    r"happy \w+|onward)"
    r",\s*\S.{0,40}$",
    re.IGNORECASE,
)


@dataclass
class _Unit:
    heading: Block | None
    content: list[Block] = field(default_factory=list)
    forced: bool = False


@dataclass(frozen=True)
class Split:
    stories: tuple[Story, ...]
    opening: Story | None
    label_title: str | None  # a heading with nothing under it at the very top: the issue's title
    date_text: str | None  # a line that is only a date ("Published on 10.04.2026")


_BULLET = "■□▪▫▶►▸▹●○◆◇★☆•→✦✧❖➤»>"


def title_like(text: str) -> bool:
    text = text.lstrip(_BULLET + " \t")
    words = text.split()
    if not 1 <= len(words) <= 20 or len(text) > 160 or is_subhead(text) or _SIGN_OFF.match(text):
        return False
    core = text.rstrip(" \"'”’)]*_")
    if not core or core[-1] in ".,;:" or "://" in text or READ_MORE.match(text):
        return False
    if len(words) <= 3 and text[0].islower():  # a lowercase name: "tfsec-lite (GitHub Repo)"
        return True
    return text[0].isupper() or text[0].isdigit() or text[0] in "\"“'‘[(¿¡"


_BARE_URL = re.compile(r"^<?https?://\S+>?$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}", re.I
)
# Sections about the newsletter itself, not stories.
_META = re.compile(r"^\W*(?:housekeeping|programming note|admin(?:istrative)? note)\b", re.I)
_ISSUE_NO = re.compile(r"\b(?:issue|no\.|number|edition|vol\.?|volume|week)\s*#?\s*\d+|#\d+", re.I)


def _masthead(index: int, text: str) -> bool:
    """One of a plain-text issue's first lines naming its number or date, not a story."""
    return index < 3 and bool(_ISSUE_NO.search(text) or _DAY.search(text) or find_date(text))


def _sentence(block: Block) -> bool:
    if block.kind == "item":
        return True
    words = len(block.text.split())
    return block.kind == "para" and (
        words >= 8 or (words >= 3 and block.text.rstrip()[-1:] in ".!?")
    )


def _is_lead_unit(block: Block) -> bool:
    """A paragraph or item opening with a bold or linked title (not a "Label:" subhead)."""
    lead = block.lead
    if block.kind not in ("para", "item") or not lead or is_subhead(lead) or READ_MORE.match(lead):
        return False
    if block.lead_is_link:
        return len(lead.split()) <= 25
    return lead != block.text and len(lead.split()) >= 2 and not lead.rstrip().endswith(":")


def _headings(blocks: Sequence[Block], forced: Sequence[UserPattern]) -> dict[int, Block]:
    """Indexes of blocks that head a unit, with the block as a heading."""
    explicit = [b for b in blocks if b.kind == "heading" and not is_subhead(b.text, heading=True)]
    heads: dict[int, Block] = {}
    infer = len(explicit) < 2
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if forced and b.kind != "rule" and any(p.search(b.text) for p in forced):
            heads[i] = Block("heading", b.text, level=0, url=b.url, image=b.image)
        elif b.kind == "heading":
            if not is_subhead(b.text, heading=True):
                heads[i] = b
        elif infer and b.kind == "para" and title_like(b.text) and not _masthead(i, b.text):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            whole_bold = b.lead == b.text and not b.lead_is_link
            if nxt is not None and (
                whole_bold
                or _sentence(nxt)
                or (i + 1) in heads
                or nxt.kind == "rule"
                or _BARE_URL.match(nxt.text) is not None
            ):
                heads[i] = Block(
                    "heading", b.text.lstrip(_BULLET + " \t"), level=0, url=b.url, image=b.image
                )
    return heads


def _units(blocks: Sequence[Block], heads: dict[int, Block], keep: set[int]) -> list[_Unit]:
    units = [_Unit(None)]
    for i, b in enumerate(blocks):
        if i in heads and i in keep:
            units.append(_Unit(heads[i]))
        elif b.kind == "rule":
            units.append(_Unit(None))
        else:
            units[-1].content.append(heads.get(i, b))
    return units


def _has_body(unit: _Unit) -> bool:
    return any(b.kind in ("para", "item") for b in unit.content)


def _story_level(units: Sequence[_Unit]) -> int | None:
    counts = Counter(u.heading.level for u in units if u.heading and _has_body(u))
    if not counts:
        return None
    best = max(counts.values())
    return max(level for level, n in counts.items() if n == best)


def _story(
    title: str, blocks: Sequence[Block], url: str | None, image: str | None = None
) -> Story | None:
    parts = story_parts(blocks)
    title = " ".join(title.split())
    url = url or parts.url
    body = parts.body or ((title,) if url else ())  # a linked title alone is a link item
    if not body or is_promotional(title, body) or says_nothing(body) or _META.match(title):
        return None
    return Story(
        title=title, body=body, url=url, sections=parts.sections, image=image or parts.image
    )


def _lead_stories(blocks: Sequence[Block]) -> list[Story]:
    stories: list[Story] = []
    current: tuple[Block, list[Block]] | None = None
    groups: list[tuple[Block, list[Block]]] = []
    for b in blocks:
        if _is_lead_unit(b):
            current = (b, [])
            groups.append(current)
        elif current is not None:
            current[1].append(b)
    for lead_block, rest in groups:
        lead = lead_block.lead or ""
        after = (
            lead_block.text[len(lead) :].strip(" \t—–-:|.")
            if lead_block.text.startswith(lead)
            else lead_block.text
        )
        body = [Block("para", after)] if after else []
        if not after and not rest:
            body = [Block("para", lead.strip())]
        title = lead.strip().rstrip(".:—–-").strip()
        story = _story(title, [*body, *rest], lead_block.url, lead_block.image)
        if story:
            stories.append(story)
    return stories


def _before_first_lead(content: Sequence[Block]) -> list[Block]:
    leads = [i for i, b in enumerate(content) if _is_lead_unit(b)]
    return list(content[: leads[0]]) if leads else []


def _titled_unit(content: Sequence[Block]) -> list[Story] | None:
    """A unit between separators that opens with a bold title (even one ending in ":", as
    in "**Robots learn to fold laundry:** ..."): one story under that title."""
    head = next((b for b in content if b.kind != "rule"), None)
    if head is None or head.kind != "para" or not head.lead or head.lead_is_link:
        return None
    title = head.lead.strip().rstrip(":").strip()
    if not title_like(title) or section_name(title) or READ_MORE.match(title):
        return None
    rest = head.text[len(head.lead) :].strip() if head.text.startswith(head.lead) else ""
    blocks = [Block("para", rest)] if rest else []
    story = _story(title, [*blocks, *content[content.index(head) + 1 :]], None, head.image)
    return [story] if story else None


def _lead_count(unit: _Unit) -> tuple[int, int]:
    """How many lead units the unit holds, and how many plain paragraphs come before the first."""
    leads = [i for i, b in enumerate(unit.content) if _is_lead_unit(b)]
    before = sum(1 for b in unit.content[: leads[0]] if b.kind == "para") if leads else 0
    return len(leads), before


def split_stories(blocks: Sequence[Block], story_heading_patterns: Sequence[str] = ()) -> Split:
    forced = [user_pattern(p) for p in story_heading_patterns]
    date_text = next((b.text for b in blocks if b.kind == "para" and is_date_line(b.text)), None)
    early = [b.text for b in blocks[:6] if b.kind in ("para", "heading") and len(b.text) < 80]
    date_text = date_text or next((t for t in early if find_date(t)), None)
    blocks = [b for b in blocks if not (b.kind == "para" and is_date_line(b.text))]
    heads = _headings(blocks, forced)
    titles = {i: h.text for i, h in heads.items()}
    titles.update({i: b.lead for i, b in enumerate(blocks) if b.lead and _is_lead_unit(b)})
    kept = drop_table_of_contents(blocks, titles)
    if len(kept) != len(blocks):
        blocks = kept
        heads = _headings(blocks, forced)
    level = _story_level(_units(blocks, heads, set(heads)))
    forced_idx = {i for i, h in heads.items() if any(p.search(h.text) for p in forced)}
    keep = {
        i
        for i, h in heads.items()
        if level is None or (h.level or 7) <= (level or 7) or i in forced_idx
    }
    units = _units(blocks, heads, keep)

    counts = [_lead_count(unit) for unit in units]
    first = next((u for u in units if u.heading or u.content), None)
    # the top-ranked heading, first, over bold-lead items: the issue's title, not a story
    if first is not None and first.heading is not None:
        top = first.heading.level
        if all(u.heading.level > top for u in units if u.heading and u is not first):
            n, before = counts[units.index(first)]
            counts[units.index(first)] = (n, min(before, 1) if n >= 2 else before)
    lead_doc = any(n >= 2 and before <= 1 for n, before in counts)
    forced_titles = {blocks[i].text for i in forced_idx}
    label_title = None
    if (
        first is not None
        and first.heading
        and (
            not _has_body(first)
            or (level is not None and (first.heading.level or 7) < (level or 7))
            or (counts[units.index(first)][0] >= 2 and counts[units.index(first)][1] <= 1)
        )
    ):
        label_title = first.heading.text
    elif blocks and blocks[0].kind == "para" and 0 not in heads and title_like(blocks[0].text):
        label_title = blocks[0].text  # a plain-text masthead line: "DEVOPS DISPATCH"

    stories: list[Story] = []
    opening: Story | None = None
    preamble: list[Block] = []
    for unit, (n_leads, before) in zip(units, counts, strict=True):
        heading = unit.heading
        is_story_heading = heading is not None and (
            heading.level == level or heading.text in forced_titles
        )
        if (n_leads >= 2 and before <= 1) or (lead_doc and n_leads >= 1 and before == 0):
            if not stories and (heading is None or heading.text == label_title):
                preamble.extend(_before_first_lead(unit.content))
            stories.extend(_lead_stories(unit.content))
        elif heading is None and unit is not units[0] and (titled := _titled_unit(unit.content)):
            stories.extend(titled)
        elif heading is not None and is_story_heading and _has_body(unit):
            story = _story(heading.text, unit.content, heading.url, heading.image)
            if story:
                stories.append(story)
        elif not stories and heading is None:
            preamble.extend(unit.content)
    words = sum(len(b.text.split()) for b in preamble if b.kind in ("para", "item"))
    if words >= _MIN_OPENING_WORDS:
        opening = _story(OPENING_TITLE, preamble, None)
    return Split(tuple(stories), opening, label_title, date_text)
