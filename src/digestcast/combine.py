"""Combined episodes: one episode per day or week from every new issue of a show's sources.

The period is the episode's identity (`digest:daily:2026-04-10`): its guid is derived from it,
so a period is published once and a rebuild replaces the same episode.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from digestcast.models import Issue

CombineKind = Literal["daily", "weekly"]
# An issue's number or date at the end of its title: "#413", "No. 5", "Issue 12", "2026-04-10".
_NUMBERING = re.compile(
    r"[\s,:|\u2013\u2014-]*(?:(?:issue|no\.?|number|vol\.?|volume|edition|#)\s*#?\d+"
    r"|\d{4}-\d{2}-\d{2})\s*$",
    re.IGNORECASE,
)
KEY_PREFIX = "digest:"


@dataclass(frozen=True)
class Period:
    """The day (daily) or the week from Monday (weekly) a combined episode covers."""

    kind: CombineKind
    start: dt.date

    @property
    def key(self) -> str:
        return f"{KEY_PREFIX}{self.kind}:{self.start.isoformat()}"

    @property
    def length(self) -> dt.timedelta:
        return dt.timedelta(days=1 if self.kind == "daily" else 7)

    @property
    def first_issue_date(self) -> dt.date:
        """A show's first combined episode takes issues from one period back, not older."""
        return self.start - self.length

    def title(self, show_title: str) -> str:
        day = f"{self.start:%B} {self.start.day}, {self.start.year}"
        return f"{show_title}: {day}" if self.kind == "daily" else f"{show_title}: week of {day}"


def period_from_key(key: str) -> Period | None:
    """The period of a combined episode's key ("digest:daily:2026-04-10"), else None."""
    kind, _, day = key.removeprefix(KEY_PREFIX).partition(":")
    if not key.startswith(KEY_PREFIX) or kind not in ("daily", "weekly"):
        return None
    try:
        start = dt.date.fromisoformat(day)
    except ValueError:
        return None
    return Period("daily" if kind == "daily" else "weekly", start)


def current_period(kind: CombineKind, today: dt.date) -> Period:
    if kind == "daily":
        return Period(kind, today)
    return Period(kind, today - dt.timedelta(days=today.weekday()))


def newsletter_name(issue: Issue) -> str:
    """How the episode names a newsletter: its sender or feed title, else the host of the feed
    it came from, else the issue's title without its number or date ("Harbour Notes
    Newsletter #88" -> "Harbour Notes Newsletter")."""
    if issue.publisher and issue.publisher.strip():
        return " ".join(issue.publisher.split())
    host = urlsplit(issue.source).hostname if issue.source.startswith(("http:", "https:")) else ""
    if host:
        return host.removeprefix("www.")
    title = " ".join(issue.title.split())
    while (shorter := _NUMBERING.sub("", title)) != title and shorter:
        title = shorter
    return title or "A newsletter"


def _in_order(issues: Sequence[Issue]) -> list[Issue]:
    """Issues grouped by newsletter, newsletters in alphabetical order (the same whatever order
    the sources listed them in), oldest issue first within a newsletter."""
    far = dt.date.max
    return sorted(
        issues, key=lambda i: (newsletter_name(i).casefold(), newsletter_name(i), i.date or far)
    )


def combined_issue(period: Period, issues: Sequence[Issue], show_title: str) -> Issue:
    """One issue holding every story of `issues`, each story's `group` its newsletter."""
    ordered = _in_order(issues)
    stories = tuple(
        dataclasses.replace(story, group=newsletter_name(issue))
        for issue in ordered
        for story in issue.stories
    )
    return Issue(
        title=period.title(show_title),
        stories=stories,
        date=period.start,
        source=period.key,
        publisher=None,
        newsletters=tuple(ordered),
    )
