"""Checks made before synthesis that the episode can be published, so that bad text fails in a
second with one line instead of after minutes of speech with a traceback from the feed writer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from digestcast.config import Settings
from digestcast.errors import PublishError
from digestcast.models import Chapter, Issue, Script
from digestcast.publish.catalog import EpisodeRecord
from digestcast.publish.categories import validate_category
from digestcast.publish.feed import FeedInfo, render_feed
from digestcast.publish.notes import episode_description, show_notes
from digestcast.publish.site import site_files
from digestcast.publish.story_notes import story_notes

# What XML 1.0 cannot carry: control characters (but tab, newline and return), lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TRIAL_GUID = "00000000-0000-4000-8000-000000000000"


def _texts(issue: Issue, script: Script, settings: Settings) -> Iterator[tuple[str, str]]:
    show = settings.show
    yield "the show's title", show.title
    yield "the show's description", show.description
    yield "the show's author", show.author
    yield "the issue's title", issue.title
    yield "the episode's title", script.title
    yield "the episode's description", script.description
    for k, story in enumerate(issue.stories, 1):
        yield f"story {k}'s title", story.title
        yield f"story {k}'s link", story.url or ""
    for k, segment in enumerate(script.segments, 1):
        yield f"segment {k}'s chapter title", segment.chapter
        yield f"segment {k}'s link", segment.url or ""


def _trial_record(issue: Issue, script: Script) -> EpisodeRecord:
    chapters = tuple(
        Chapter(s.chapter, float(k), float(k + 1), url=s.url) for k, s in enumerate(script.segments)
    )
    return EpisodeRecord(
        guid=_TRIAL_GUID,
        number=1,
        issue_key="trial",
        slug="trial",
        title=script.title or issue.title,
        date=issue.date or script.date,
        pub_date=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
        files={"audio": "episodes/trial.mp3"},
        size_bytes=1,
        duration=1.0,
        mime_type="audio/mpeg",
        chapters=chapters,
        description=episode_description(issue, script),
        show_notes=show_notes(issue, script, chapters),
        source=issue.source_url or issue.source,
        stories=story_notes(issue),
    )


def check_publishable(issue: Issue, script: Script, settings: Settings) -> None:
    """A PublishError naming the text a feed cannot carry (or the category it refuses)."""
    validate_category(settings.show.category, settings.show.subcategory, "show")
    where = issue.source or script.title or "the issue"
    for what, text in _texts(issue, script, settings):
        found = _NOT_XML.search(text or "")
        if found:
            raise PublishError(
                f"{where}: {what} holds the control character U+{ord(found.group()):04X}, "
                f"which a feed cannot carry ({text[:60]!r})"
            )
    info = FeedInfo(settings.show, _TRIAL_GUID, None)
    try:
        record = _trial_record(issue, script)
        render_feed(info, [record])
        site_files(info, [record], settings.output_dir)  # no transcript, no cover: not read
    except (ValueError, TypeError) as exc:
        raise PublishError(f"{where}: the episode cannot go in the feed ({exc})") from None
