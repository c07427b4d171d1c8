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
}  # fmt: skip
_LABEL_PREFIX = re.compile(r"^(?P<label>[A-Z0-9\"“'][^:.!?]{0,40}?)\s*:\s+(?P<rest>\S.*)$", re.S)
READ_MORE = re.compile(
    r"^\W*(?:read (?:more|the (?:full )?(?:story|article|paper|post|report))|"
    r"full (?:story|article)|"
    r"source|link|continue reading|via|en savoir plus|lire la suite|weiterlesen|阅读全文)\b",
    re.IGNORECASE,
)
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
    """The link of a "Read more: ..." line or of a block that is only a URL."""
    if m := _URL_ONLY.match(block.text):
        return m[1].rstrip(").,")
    if block.url and (READ_MORE.match(block.lead or block.text) or block.lead == block.text):
        return block.url
    return None


def story_parts(blocks: Sequence[Block]) -> StoryParts:
    """Body paragraphs in order (section labels removed), named sections, the story link and
    the story's first real image."""
    body: list[str] = []
    done: list[Section] = []
    current: _Open | None = None
    url: str | None = None

    def start(name: SectionName | None, heading: str) -> None:
        nonlocal current
        if current is not None:
            done.append(current.close())
        current = _Open(name, heading) if name else None

    image = next((b.image for b in blocks if b.image), None)
    for block in blocks:
        if block.kind == "rule":
            continue
        link = _story_link(block) if block.kind != "heading" else None
        if link:
            url = url or link
            if (
                READ_MORE.match(block.text)
                or _URL_ONLY.match(block.text)
                or block.lead == block.text
            ):
                continue
        text = block.text
        if block.kind == "heading" or (block.kind == "para" and is_subhead(text)):
            start(section_name(text), text.rstrip(": ").strip())
            continue
        m = _LABEL_PREFIX.match(text) if block.kind == "para" else None
        if m and len(m["label"].split()) <= 6:
            name = section_name(m["label"])
            start(name, m["label"].strip())
            if name:
                text = m["rest"].strip()
        if current is not None:
            (current.items if block.kind == "item" else current.paras).append(text)
        body.append(text)
    start(None, "")
    return StoryParts(tuple(body), tuple(s for s in done if s.text or s.items), url, image)
