"""The stories an episode's web page lists: each story's title, link and a short summary."""

from __future__ import annotations

import re

from digestcast.models import Issue, Story
from digestcast.publish.catalog import StoryNote

SUMMARY_LIMIT = 300  # characters: two or three sentences
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _short(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """`text` cut after its last whole sentence within `limit`, else at a word, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    if kept:
        return kept
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _summary(story: Story) -> str:
    """The story's own summary (a "TLDR:" or "Summary:" section), else its first paragraph."""
    for name in ("tldr", "summary"):
        section = story.section(name)
        if section and (section.text or section.items):
            return _short(section.text or " ".join(section.items))
    return _short(story.body[0]) if story.body else ""


def story_notes(issue: Issue) -> tuple[StoryNote, ...]:
    return tuple(StoryNote(s.title, s.url, _summary(s)) for s in issue.stories)
