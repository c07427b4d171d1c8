"""Subheads inside a story ("What's new:", "Key takeaways:", "Why do I care"...) and the named
`Section`s they open; a story's body and its own link."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from digestcast.ingest.blocks import Block
from digestcast.models import Section, SectionName

_SECTION_LABELS: dict[str, SectionName] = {
    "tldr": "tldr", "tl;dr": "tldr", "tl dr": "tldr", "too long didn't read": "tldr",
    "summary": "summary", "in summary": "summary", "the summary": "summary",
    "key takeaways": "takeaways", "takeaways": "takeaways", "key findings": "takeaways",
    "key points": "takeaways", "the takeaways": "takeaways",
    "what's new": "whats_new", "whats new": "whats_new", "what is new": "whats_new",
    "why it matters": "why_it_matters", "why this matters": "why_it_matters",
    "why does it matter": "why_it_matters",
    "we're thinking": "opinion", "why do i care": "opinion", "our take": "opinion",
    "my take": "opinion", "why should i care": "opinion",
}  # fmt: skip
# Subheads that never start a story, besides the section labels above and any "Label:".
_OTHER_LABELS = {
    "read more", "how it works", "key insight", "results", "behind the news", "yes, but",
    "background", "details", "the details", "context", "the bottom line", "bottom line",
    "what's next", "what happened", "the news", "sources", "source", "links", "further reading",
    # a recipe's parts, in a few languages
    "ingredients", "method", "instructions", "directions", "steps", "you will need",
    "you'll need", "what you'll need", "equipment", "to serve", "zutaten", "zubereitung",
    "ingrédients", "préparation", "ingredientes", "preparación", "ingredienti", "procedimento",
    "ingrediënten", "bereiding", "składniki", "przygotowanie",
}  # fmt: skip
_LABEL_PREFIX = re.compile(r"^(?P<label>[A-Z0-9\"“'][^:.!?]{0,40}?)\s*:\s+(?P<rest>\S.*)$", re.S)
READ_MORE = re.compile(
    r"^\W*(?:read (?:more|the (?:full )?(?:story|article|paper|post|report))|"
    r"full (?:story|article)|"
    r"source|link|continue reading|via|en savoir plus|lire la suite|weiterlesen|阅读全文|"
    r"find out more|zum (?:ganzen )?artikel|hier lesen sie|mehr lesen|leer m[aá]s|"
    r"(?:seguir|sigue) leyendo|leggi (?:tutto|di più|l'articolo)|leia mais|continue lendo)\b",
    re.IGNORECASE,
)
_MAX_LABEL_WORDS = 6
_URL_ONLY = re.compile(r"^\W*(?:(?:read more|source|link|via)\W*)?(https?://\S+)\s*$", re.I)


def normalize_label(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").strip().rstrip(":").strip()
    return " ".join(text.lower().split())


def section_name(label: str) -> SectionName | None:
    return _SECTION_LABELS.get(normalize_label(label))


# Labels over a list of links: inside a story a subhead, but as a heading of its own (a
# "## Links" section of a digest) they head linked items that are stories.
_LINK_LABELS = {"links", "sources", "source", "further reading"}


def is_subhead(text: str, *, heading: bool = False) -> bool:
    """A label that never starts a story: a known subhead, or a short line ending in ':'."""
    norm = normalize_label(text)
    if heading and norm in _LINK_LABELS and not text.rstrip().endswith(":"):
        return False
    if norm in _SECTION_LABELS or norm in _OTHER_LABELS:
        return True
    return text.rstrip().endswith(":") and len(text.split()) <= 8


@dataclass
class _Open:
    name: SectionName
    heading: str
    paras: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    def close(self) -> Section:
        return Section(self.name, self.heading, "\n\n".join(self.paras), tuple(self.items))


@dataclass(frozen=True)
class StoryParts:
    body: tuple[str, ...]
    sections: tuple[Section, ...]
    url: str | None
    image: str | None = None


def _story_link(block: Block) -> str | None:
    """The link of a "Read more: ..." line, of a block that is only a URL or a link card."""
    if m := _URL_ONLY.match(block.text):
        return m[1].rstrip(").,")
    if block.url and (
        READ_MORE.match(block.lead or block.text) or block.lead == block.text or block.card
    ):  # a link card in a story's text: the story's link
        return block.url
    return None


@dataclass
class _Reader:
    """Reads a story's blocks in order into its body, its named sections and its link."""

    body: list[str] = field(default_factory=list)
    done: list[Section] = field(default_factory=list)
    current: _Open | None = None
    url: str | None = None

    def start(self, name: SectionName | None, heading: str) -> None:
        if self.current is not None:
            self.done.append(self.current.close())
        self.current = _Open(name, heading) if name else None

    listed: bool = False  # the story is a list of linked titles: they are its text

    def take_link(self, block: Block) -> bool:
        """Keep the block's story link; True when the block is nothing but that link."""
        link = _story_link(block) if block.kind != "heading" else None
        if not link:
            return False
        self.url = self.url or link
        text = block.text
        if self.listed and block.kind == "item" and block.lead == text:
            return False
        return bool(READ_MORE.match(text) or _URL_ONLY.match(text) or block.lead == text)

    def labelled(self, block: Block) -> str:
        """The block's text; a "Why it matters: ..." label opens its section and goes."""
        text = block.text
        m = _LABEL_PREFIX.match(text) if block.kind == "para" else None
        if not m or len(m["label"].split()) > _MAX_LABEL_WORDS:
            return text
        name = section_name(m["label"])
        self.start(name, m["label"].strip())
        return m["rest"].strip() if name else text

    def read(self, block: Block) -> None:
        if block.kind == "rule" or self.take_link(block):
            return
        if block.kind == "heading" or (block.kind == "para" and is_subhead(block.text)):
            self.start(section_name(block.text), block.text.rstrip(": ").strip())
            return
        text = self.labelled(block)
        if self.current is not None:
            (self.current.items if block.kind == "item" else self.current.paras).append(text)
        self.body.append(text)


_LISTED = 2
_TITLE_WORDS = 3


def _list_of_titles(blocks: Sequence[Block]) -> bool:
    """A story made of a list of linked titles ("Notable changes": eight merged pull requests,
    each a bullet that is only its link): they are its text, not its link. Two or more, and
    more words than the rest of the story (a few related links under a story are not read)."""
    titled = [b for b in blocks if b.kind == "item" and b.url and b.lead == b.text]
    if sum(1 for b in titled if len(b.text.split()) >= _TITLE_WORDS) < _LISTED:
        return False
    listed = sum(len(b.text.split()) for b in titled)
    rest = sum(len(b.text.split()) for b in blocks if b.kind in ("para", "item"))
    return 2 * listed >= rest


def story_parts(blocks: Sequence[Block]) -> StoryParts:
    """Body paragraphs in order (section labels removed), named sections, the story link and
    the story's first real image."""
    reader = _Reader(listed=_list_of_titles(blocks))
    for block in blocks:
        reader.read(block)
    reader.start(None, "")
    sections = tuple(s for s in reader.done if s.text or s.items)
    image = next((b.image for b in blocks if b.image), None)
    return StoryParts(tuple(reader.body), sections, reader.url, image)
