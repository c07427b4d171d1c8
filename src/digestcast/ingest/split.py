"""The story splitter: blocks -> section tree -> stories, with the issue's shape.

Every format reaches here as the same blocks. The blocks become a tree of sections
(`tree`), the sections stories by what they hold (`segment`, `units`: one story, a container,
or a list of items chosen by score), and the issue gets its shape (`shape`): a news digest, a
link digest, an essay, or a single story."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from digestcast.ingest.badges import badge_titles_as_headings
from digestcast.ingest.blocks import Block
from digestcast.ingest.chrome import capitals_labels_as_headings
from digestcast.ingest.clean import is_promotional, norm, says_nothing
from digestcast.ingest.contents import drop_table_of_contents
from digestcast.ingest.dates import find_date, is_date_heading, is_date_line
from digestcast.ingest.essay import (
    essay_parts,
    essay_story,
    essay_then_links,
    find_byline,
    story_byline,
)
from digestcast.ingest.framing import without_framing
from digestcast.ingest.layout import infer_headings, masthead, masthead_title, title_like
from digestcast.ingest.sections import READ_MORE, story_parts
from digestcast.ingest.segment import Found, section_stories
from digestcast.ingest.shape import issue_shape
from digestcast.ingest.titles import clean_text, clean_title, counts_up, without_bare_numbers
from digestcast.ingest.tree import Node, block_words, build_tree, words
from digestcast.ingest.units import best_units
from digestcast.models import IssueShape, Story
from digestcast.patterns import user_pattern

OPENING_TITLE = "A letter from the editor"
_MIN_OPENING_WORDS = 20
_CRUMB_WORDS = 12
_MASTHEAD_HEADINGS = 3
_MIN_PROSE_WORDS = 8  # less is a note, not an issue
_BRIEF = re.compile(r"^\S+(?:\s+\S+){3,}[.!?]$")  # a sentence of four words or more
_META = re.compile(r"^\W*(?:housekeeping|programming note|admin(?:istrative)? note)\b", re.I)


@dataclass(frozen=True)
class Split:
    stories: tuple[Story, ...]
    opening: Story | None
    label_title: str | None  # a heading with nothing under it at the very top: the issue's title
    date_text: str | None  # a line that is only a date ("Published on 10.04.2026")
    shape: IssueShape = "news_digest"


def _story(found: Found) -> Story | None:
    byline, blocks = story_byline(found.blocks)
    parts = story_parts(blocks)
    title = clean_title(found.title)
    url = found.url or parts.url
    body = tuple(t for p in parts.body if (t := clean_text(p)))
    if not body and (url or _BRIEF.match(title)):
        body = (title,)  # a linked title alone is a link item; a one-sentence bullet a brief
    if not body or is_promotional(title, body) or says_nothing(body):
        return None
    if _META.match(title):
        return None
    image = found.image or parts.image
    return Story(title, body, url, parts.sections, image, group=found.group, byline=byline)


_SAME_TITLE = 0.5


def _dedupe(stories: Sequence[Story]) -> list[Story]:
    """The same story once: a highlight repeated in its section is read where it first is.
    One link under two unlike titles is two stories ("[Ann](her page) sent a proposal...",
    "[Ann](her page) merged a fix..."): a person's page, not one story linked twice."""
    seen_titles: set[str] = set()
    seen_urls: dict[str, str] = {}
    out: list[Story] = []
    for story in stories:
        key = norm(story.title)
        earlier = seen_urls.get(story.url) if story.url else None
        if key in seen_titles or (earlier is not None and _alike(earlier, key)):
            continue
        seen_titles.add(key)
        if story.url:
            seen_urls.setdefault(story.url, key)
        out.append(story)
    return out


def _alike(a: str, b: str) -> bool:
    """Two titles of one story: one inside the other, or mostly the same words."""
    same = difflib.SequenceMatcher(None, a.split(), b.split()).ratio()
    return a in b or b in a or same >= _SAME_TITLE


def _title_node(root: Node) -> tuple[Node, str | None]:
    """The issue's own title at the top (an H1 over everything, a heading with nothing under
    it first, or a masthead line): its text, and the tree with its sections lifted to the root.
    A lower-ranked heading right under the title is a subtitle: its text joins the intro."""
    if len(root.children) == 1 and block_words(root.blocks) <= _CRUMB_WORDS:
        root = Node(None, [], root.children)  # a breadcrumb, site link or dateline over it
    if root.blocks and block_words(root.blocks) > 0:
        title, rest = masthead_title(root.blocks)
        if title is None or not (rest or root.children):
            return root, None
        lifted, _tagline = _title_node(Node(None, rest, root.children))
        return _without_dek(lifted), title
    first = root.children[0] if root.children else None
    if first is None or first.heading is None:
        return root, None
    if len(root.children) == 1:  # one heading over everything: the issue's title
        return _without_dek(Node(None, first.blocks, first.children)), first.heading.text
    if not first.blocks and not first.children and len(root.children) > 1:
        lifted, _tagline = _title_node(Node(None, [], root.children[1:]))
        return _without_dek(lifted), first.heading.text
    if _masthead(first) and len(root.children) > 1:
        # the masthead's tagline and byline headings over a short greeting: the issue's intro
        intro = [b for c in first.children for b in c.blocks]
        return Node(None, intro, root.children[1:]), first.heading.text
    return root, None


_HEADING_NUMBER = re.compile(r"^\W{0,2}(\d{1,3})(?:\s*[.)、:]|\s)")


def _numbered_masthead(root: Node) -> tuple[Node, str | None]:
    """A first heading without a number over headings numbered 1, 2, 3 ("Harbor Notes", then
    "1 Ferry strike ends"...): the issue's name over its short intro, not a story."""
    first, rest = (root.children[0], root.children[1:]) if root.children else (None, [])
    if first is None or first.heading is None or first.children or len(rest) < 2:
        return root, None
    if root.blocks or _HEADING_NUMBER.match(first.heading.text):
        return root, None
    numbers = [m[1] for c in rest if c.heading and (m := _HEADING_NUMBER.match(c.heading.text))]
    if len(numbers) != len(rest) or not counts_up([int(n) for n in numbers]):
        return root, None
    return Node(None, list(first.blocks), rest), first.heading.text


def _masthead(node: Node) -> bool:
    """A heading with no text of its own over a few small headings (a tagline, a byline) and
    a short greeting: the issue's masthead, not a section of stories."""
    if node.blocks or not node.children or any(c.children for c in node.children):
        return False
    if any(c.blocks for c in node.children[:-1]):
        return False  # headings straight over each other: only the last one has text
    return len(node.children) <= _MASTHEAD_HEADINGS and block_words(node.flat()) <= _CRUMB_WORDS * 5


def _without_dek(root: Node) -> Node:
    children = root.children
    if root.blocks or len(children) < 2:
        return root
    dek = children[0]
    if dek.children or dek.rank <= min(c.rank for c in children[1:]):
        return root
    return Node(None, list(dek.blocks), children[1:])


def _opening(root: Node, label_title: str | None = None) -> tuple[Story | None, bool]:
    """The editor's letter: the prose before the first section or item; and whether it is
    rather the issue's lead story under the issue's title (it closes on "Continue reading")."""
    split = best_units(root.blocks)
    intro = split.intro if split is not None else tuple(root.blocks)
    if block_words(intro) < _MIN_OPENING_WORDS:
        return None, False
    last = next((b for b in reversed(intro) if b.kind != "rule"), None)
    if label_title and last is not None and last.url and READ_MORE.match(last.text):
        return _story(Found(label_title, None, intro)), True
    return _story(Found(OPENING_TITLE, None, intro)), False


def _without_contents(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without a table of contents (lines repeating a title that comes later)."""
    titles = {i: b.text for i, b in enumerate(blocks) if b.kind == "heading"}
    titles.update({i: b.lead for i, b in enumerate(blocks) if b.lead and b.lead != b.text})
    return drop_table_of_contents(blocks, titles)


def _date_text(blocks: Sequence[Block]) -> str | None:
    """A line that is only a date, or an early short line naming one."""
    date_text = next((b.text for b in blocks if b.kind == "para" and is_date_line(b.text)), None)
    early = [b.text for b in blocks[:6] if b.kind in ("para", "heading") and len(b.text) < 80]
    return date_text or next((t for t in early if find_date(t)), None)


def _forced_headings(blocks: Sequence[Block], patterns: Sequence[str]) -> list[Block]:
    """The lines the user's story heading patterns name become headings."""
    forced = [user_pattern(p) for p in patterns]  # (each search within a time budget)
    if not forced:
        return list(blocks)
    return [
        Block("heading", b.text, level=0, url=b.url, image=b.image)
        if b.kind != "rule" and any(p.search(b.text) for p in forced)
        else b
        for b in blocks
    ]


_SIGN_OFF_WORDS = 60
_KEPT_WORDS = 4
_SIGN_OFF_BLOCKS = 2


# A closing line: "See you next Tuesday!", "That's all for this week", "P.S. ...", "— Jo".
_CLOSING = re.compile(
    r"^\W*(?:see you\b|until next\b|that(?:'|’)?s (?:all|it)\b|thanks? (?:for reading|again)\b|"
    r"p\.\s?s\.|à (?:la semaine|bientôt)|bis (?:nächste|bald)|hasta (?:la próxima|pronto)|"
    r"来週も|下周见|have a (?:good|great|nice|lovely|wonderful) (?:weekend|week|day)\b|"
    r"enjoy (?:the|your) (?:weekend|week)\b|happy (?:cooking|reading|baking|gardening)\b|"
    r"fijne (?:rit|dag|week|weekend)\b|tot (?:volgende week|de volgende keer|snel|ziens)\b|"
    r"do (?:zobaczenia|usłyszenia|przeczytania)\b|miłego (?:dnia|weekendu|tygodnia)\b|"
    r"alla prossima\b|a presto\b|até (?:a )?próxima\b|até breve\b|"
    r"ha en (?:fin|trevlig|bra) (?:vecka|helg|dag)\b|"
    # a valediction alone on its line: "Kind regards,", "Met vriendelijke groet,"
    r"(?:(?:kind|best|warm(?:est)?|many) )?regards\W*$|best wishes\W*$|yours (?:sincerely|truly)"
    r"\W*$|sincerely\W*$|met vriendelijke groet|mit freundlichen grü(?:ß|ss)en|cordialement"
    r"\W*$|pozdrawiam|med vänliga? hälsning(?:ar)?|s (?:přátelským )?pozdravem)"
    r"|^\W*(?:written|edited|compiled|curated) by [^.!?]{3,60}$"  # the issue's credit line
    r"|^\s*[—–]\s*\w+(?:\s\w+)?\s*$|^\s*[A-ZÀ-Ý][a-zà-ÿ]+\.?\s*$",  # "— Jo", "Tomas."
    re.IGNORECASE,
)
_CLOSING_WORDS = 25


def _closing_start(blocks: Sequence[Block]) -> int | None:
    """Where the closing lines at the end of `blocks` start (None: there are none)."""
    start = None
    for i in range(len(blocks) - 1, max(-1, len(blocks) - 1 - _SIGN_OFF_BLOCKS - 1), -1):
        block = blocks[i]
        if block.kind not in ("para", "item") or len(block.text.split()) > _CLOSING_WORDS:
            break
        signed = i > 0 and _SIGNATURE.match(block.text) and _CLOSING.match(blocks[i - 1].text)
        if not (_CLOSING.match(block.text) or signed):
            break
        start = i
    return start


# The writer's name (and role) under a valediction: "Mrs A. Okoye Headteacher", "Styrelsen".
_SIGNATURE = re.compile(r"^\s*(?:[A-ZÀ-Ý][\w'’.-]*\s*){1,5}$")


def _without_sign_off(found: list[Found]) -> list[Found]:
    """The last story without what follows its last separator when that is a few short lines
    after prose of its own, or without its closing lines ("See you next week! — Jo"): the
    issue's sign-off, not the story."""
    if len(found) < 2 or not (last := found[-1]).blocks:
        return found
    blocks = last.blocks
    cut = max((i for i, b in enumerate(blocks) if b.kind == "rule"), default=None)
    if cut is None:
        closing = _closing_start(blocks)
        if closing is None or block_words(blocks[:closing]) + words(last.title) < _KEPT_WORDS:
            return found  # (a story is not cut down to nothing)
        return [*found[:-1], replace(last, blocks=blocks[:closing])]
    after, before = blocks[cut + 1 :], blocks[:cut]
    if any(b.kind == "heading" for b in after) or len(after) > _SIGN_OFF_BLOCKS:
        return found
    if block_words(after) >= _SIGN_OFF_WORDS:
        return found
    brief = words(last.title) if _BRIEF.match(last.title) else 0  # a brief's text is its title
    if block_words(before) + brief < _MIN_PROSE_WORDS:
        return found
    return [*found[:-1], replace(last, blocks=before)]


_MASTHEAD_WORDS = 4


def _without_masthead_item(found: list[Found]) -> list[Found]:
    """The stories without a first "item" that is the issue's masthead line ("**The Orchard
    Post** — Week 14"): a name over nothing but an issue number or a date."""
    first = found[0] if found else None
    if first is None or first.url or block_words(first.blocks) > _MASTHEAD_WORDS:
        return found
    line = " ".join([first.title, *(b.text for b in first.blocks)])
    return found[1:] if masthead(0, line) else found


def _digest(root: Node, label_title: str | None) -> tuple[list[Story], Story | None]:
    """The stories of an issue that is not an essay, and its opening."""
    root = without_framing(root)
    found = _without_masthead_item(_without_sign_off(section_stories(root)))
    stories = _dedupe([s for f in found if (s := _story(f))])
    titles = without_bare_numbers([s.title for s in stories])
    stories = [
        replace(s, title=t) if t != s.title else s for s, t in zip(stories, titles, strict=True)
    ]
    opening, lead = _opening(root, label_title)
    if lead and opening is not None:  # a feature's excerpt first: the issue's first story
        stories, opening = [opening, *stories], None
    if not stories and block_words(root.flat()) >= _MIN_PROSE_WORDS:
        # one piece of prose under the title: the issue is one story
        whole = _story(Found(label_title or "", None, tuple(root.flat())))
        stories, opening = ([whole] if whole else []), None
    return stories, opening


def _masthead_over_date(blocks: Sequence[Block]) -> tuple[list[Block], list[Block]]:
    """A title line opening the issue right over a line that is only a date ("THE COASTAL
    BRIEFING" over "Wednesday, November 25, 2026"): the issue's name, kept apart from the
    lines that may become headings; and the rest."""
    first, nxt = (blocks[0], blocks[1]) if len(blocks) > 1 else (None, None)
    if first is None or nxt is None or first.kind != "para" or first.lead:
        return [], list(blocks)
    if nxt.kind != "para" or not is_date_line(nxt.text) or not title_like(first.text):
        return [], list(blocks)
    return [first], list(blocks[1:])


def _without_date_heading(blocks: Sequence[Block]) -> list[Block]:
    """The blocks without a first heading that only dates the issue ("# October 2025" over
    its greeting and sections of the same rank): the issue's date, not a story."""
    first = blocks[0] if blocks else None
    if first is None or first.kind != "heading" or not is_date_heading(first.text):
        return list(blocks)
    peers = [b for b in blocks[1:] if b.kind == "heading" and b.level == first.level]
    return list(blocks[1:]) if peers else list(blocks)


def split_stories(
    blocks: Sequence[Block], story_heading_patterns: Sequence[str] = (), titled: bool = False
) -> Split:
    """The issue's stories; `titled`: the document names itself (an email's subject), so an
    essay needs no title line of its own."""
    date_text = _date_text(blocks)
    byline, blocks = find_byline(blocks)
    masthead, blocks = _masthead_over_date(blocks)
    blocks = [b for b in blocks if not (b.kind == "para" and is_date_line(b.text))]
    blocks = _without_date_heading(blocks)
    blocks = capitals_labels_as_headings(_forced_headings(blocks, story_heading_patterns))
    blocks = badge_titles_as_headings(blocks)
    inferred = infer_headings(blocks)
    blocks = _without_contents(inferred)
    listed = len(blocks) < len(inferred)  # a contents list: the issue's topics, not an essay
    root, label_title = _numbered_masthead(build_tree(masthead + blocks))
    if label_title is None:
        root, label_title = _title_node(root)
    own_title = label_title if label_title is not None or not titled else ""
    essay = None if listed else essay_story(root, own_title, byline)
    if essay is not None and (story := _story(essay)) is not None:
        story = replace(story, byline=byline, parts=essay_parts(root))
        return Split((story,), None, label_title, date_text, "essay")
    if (mixed := essay_then_links(root, label_title, byline)) is not None:
        found, head, links = mixed
        if (story := _story(found)) is not None:
            lead = replace(story, byline=byline, parts=essay_parts(head))
            stories = [lead, *_digest(links, None)[0]]
            return Split(tuple(stories), None, label_title, date_text, issue_shape(stories))
    stories, opening = _digest(root, label_title)
    if len(stories) == 1 and byline:
        stories = [replace(stories[0], byline=byline)]
    return Split(tuple(stories), opening, label_title, date_text, issue_shape(stories))


_MASTHEAD_LIKE = 0.8


def ungroup_masthead(stories: Sequence[Story], issue_title: str) -> tuple[Story, ...]:
    """The first stories without a section label that is only the issue's name ("Pier Weekly"
    in "The Pier Weekly", "May 2025 Newsletter" in "Harbour Riders May Newsletter"):
    the masthead over them, not their section."""
    group = stories[0].group if stories else None
    if not group or not _names_the_issue(group, issue_title):
        return tuple(stories)
    return tuple(replace(s, group=None) if s.group == group else s for s in stories)


_MASTHEAD_STORY_WORDS = 30


def drop_masthead_story(stories: Sequence[Story], issue_title: str) -> tuple[Story, ...]:
    """Without a first 'story' that is the issue's own name over a line about it ("Top Links
    Digest · the ten best links of the week"), among several: the masthead, not news (linked
    too when it is the issue's title word for word: the link to the issue on the web)."""
    first = stories[0] if stories else None
    if (
        first is None
        or len(stories) < _MIN_MASTHEAD_OF
        or (first.url and norm(first.title) != norm(issue_title))
        or sum(words(p) for p in first.body) >= _MASTHEAD_STORY_WORDS
        or not _names_the_issue(first.title, issue_title)
    ):
        return tuple(stories)
    return tuple(stories[1:])


_MIN_MASTHEAD_OF = 3


def _names_the_issue(label: str, issue_title: str) -> bool:
    label_words = {w for w in norm(label).split() if not w.isdigit()}
    title_words = set(norm(issue_title).split())
    if len(label_words) >= 2 and label_words <= title_words:
        return True  # (one word, "Tides" in "This Week in Tides", is a section's)
    return difflib.SequenceMatcher(None, norm(label), norm(issue_title)).ratio() >= _MASTHEAD_LIKE
