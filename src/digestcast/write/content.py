"""What a story segment says: TLDR, summary, takeaways and commentary, from the story's own
sections when it has them, else from an extractive summary, within the length's word budget."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from digestcast.models import Story
from digestcast.write.summarize import sentences, summarize, takeaways

Length = Literal["brief", "standard", "full"]
WORDS_PER_MINUTE = 150


@dataclass(frozen=True)
class Budget:
    tldr: int  # words for an extractive TLDR
    summary: int  # words of summary (0: none)
    commentary: int  # words per commentary section (0: none)
    takeaways: int  # points


BUDGETS: dict[str, Budget] = {
    "brief": Budget(tldr=60, summary=0, commentary=0, takeaways=3),
    "standard": Budget(tldr=60, summary=200, commentary=90, takeaways=4),
    "full": Budget(tldr=0, summary=0, commentary=10_000, takeaways=10),
}


@dataclass(frozen=True)
class Commentary:
    heading: str
    text: str


@dataclass(frozen=True)
class StoryContent:
    tldr: str | None
    summary: tuple[str, ...]
    takeaways: tuple[str, ...]
    commentary: tuple[Commentary, ...] = ()
    full: tuple[str, ...] = field(default=())


def _words(parts: tuple[str, ...] | list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def _fit(text: str, budget: int) -> str:
    """The text itself when it fits the budget, else its extractive summary."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    if _words(paras) <= budget:
        return " ".join(paras)
    return " ".join(summarize(paras, budget))


def _section_text(story: Story, *names: str) -> str:
    for name in names:
        section = story.section(name)  # type: ignore[arg-type]
        if section is not None and (section.text or section.items):
            return section.text or " ".join(section.items)
    return ""


def _in_body(story: Story, points: tuple[str, ...]) -> bool:
    body = " ".join(story.body)
    return bool(points) and points[0][:40] in body


def story_content(story: Story, length: Length) -> StoryContent:
    budget = BUDGETS[length]
    body = [p for p in story.body if p.strip()]
    section = story.section("takeaways")
    points = section.items if section and section.items else ()
    if not points and section and section.text:
        points = tuple(sentences(section.text))
    commentary = tuple(
        Commentary(s.heading, _fit(s.text or " ".join(s.items), budget.commentary))
        for s in story.sections
        if s.name in ("why_it_matters", "opinion") and (s.text or s.items)
    )
    if length == "full":
        extra = () if _in_body(story, points) else points
        return StoryContent(None, (), extra, (), tuple(body))
    if length == "brief":
        commentary = ()
    tldr_text = _section_text(story, "tldr")
    summary_text = _section_text(story, "summary", "whats_new")
    if not tldr_text:
        source = summary_text.split("\n\n") if summary_text else body
        tldr_text = " ".join(summarize(source, budget.tldr)) if length == "brief" else ""
    summary: tuple[str, ...] = ()
    if budget.summary:
        if summary_text:
            summary = (_fit(summary_text, budget.summary),)
        else:
            summary = (" ".join(summarize(body, budget.summary)),) if body else ()
    if not points and body:
        skip = (
            [s for part in (tldr_text, *summary) for s in sentences(part)]
            if tldr_text or summary
            else []
        )
        points = tuple(takeaways(body, budget.takeaways, skip))
    return StoryContent(
        tldr=tldr_text or None,
        summary=tuple(p for p in summary if p),
        takeaways=points[: budget.takeaways],
        commentary=commentary,
    )


def spoken_words(content: StoryContent) -> int:
    parts = [content.tldr or "", *content.summary, *content.takeaways, *content.full]
    parts += [c.text for c in content.commentary]
    return _words(parts)
