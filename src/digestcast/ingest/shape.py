"""The issue's shape, from the stories found: a single story, an essay (decided by the
splitter), a link digest (sections of short items) or a news digest (stories with bodies)."""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from digestcast.models import IssueShape, Story

_SHORT_ITEM_WORDS = 60  # a link digest's items are a line or two


def issue_shape(stories: Sequence[Story]) -> IssueShape:
    if len(stories) <= 1:
        return "single_story"
    grouped = sum(1 for s in stories if s.group) / len(stories)
    short = median(s.words for s in stories) <= _SHORT_ITEM_WORDS
    return "link_digest" if short and grouped >= 0.5 else "news_digest"
