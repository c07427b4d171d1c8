"""What the show page and the episode pages show, read from the catalog and the transcripts:
plain data for the templates, every time in seconds and as the clock a listener reads."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import webvtt

from digestcast.models import Chapter
from digestcast.publish.catalog import EpisodeRecord, StoryNote

DOWNLOADS = {
    "audio": "Audio",
    "txt": "Transcript (text)",
    "vtt": "Captions (WebVTT)",
    "srt": "Captions (SRT)",
    "chapters": "Chapters (JSON)",
}


def clock(seconds: float) -> str:
    """A time as players show it and `#t=` links carry it: "1:23", "1:02:03"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: float) -> str:
    """A duration for <time datetime>: "PT12M3S"."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{secs}S"


def spoken_length(seconds: float) -> str:
    """A duration as a listener reads it: "12 min", "1 h 5 min"."""
    minutes = max(1, round(seconds / 60))
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{minutes} min"


@dataclass(frozen=True)
class Sentence:
    start: float
    text: str


@dataclass(frozen=True)
class TranscriptPart:
    """The sentences spoken during one chapter."""

    title: str
    start: float
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class PageChapter:
    title: str
    start: float
    url: str | None


@dataclass(frozen=True)
class PageEpisode:
    number: int
    slug: str
    title: str
    date: dt.date
    duration: float
    description: str
    audio: str  # path relative to the output folder
    mime_type: str
    size_bytes: int
    vtt: str | None
    stories: tuple[StoryNote, ...]
    chapters: tuple[PageChapter, ...]
    downloads: tuple[tuple[str, str], ...]  # (label, path relative to the output folder)

    @property
    def page(self) -> str:
        return episode_page_path(self.slug)


def web_url(url: str | None) -> str | None:
    """The link when it is a web address (http/https), else None: a page never links elsewhere."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def episode_page_path(slug: str) -> str:
    """The episode's page, relative to the output folder: a stable URL from its slug."""
    return f"episodes/{slug}.html"


def _description(record: EpisodeRecord) -> str:
    """The description without the episode's title in front (the page shows it as a heading)."""
    text = record.description
    for prefix in (f"{record.title}: ", f"{record.title}. "):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return "" if text == record.title else text


def page_episode(record: EpisodeRecord) -> PageEpisode:
    return PageEpisode(
        number=record.number,
        slug=record.slug,
        title=record.title,
        date=record.date or record.pub_date.date(),
        duration=record.duration,
        description=_description(record),
        audio=record.files["audio"],
        mime_type=record.mime_type,
        size_bytes=record.size_bytes,
        vtt=record.files.get("vtt"),
        stories=tuple(StoryNote(s.title, web_url(s.url), s.summary) for s in record.stories),
        chapters=tuple(
            PageChapter(c.title, c.start, web_url(c.url))
            for c in sorted(record.chapters, key=_start)
        ),
        downloads=tuple(
            (label, record.files[kind]) for kind, label in DOWNLOADS.items() if kind in record.files
        ),
    )


def _start(chapter: Chapter) -> float:
    return chapter.start


def _seconds(stamp: str) -> float:
    """A WebVTT timestamp ("01:02:03.450" or "02:03.450") in seconds."""
    total = 0.0
    for part in stamp.split(":"):
        total = total * 60 + float(part)
    return total


def transcript(vtt: Path, chapters: tuple[PageChapter, ...]) -> tuple[TranscriptPart, ...]:
    """The episode's WebVTT cues, one sentence each, grouped under the chapter they fall in.
    No transcript (empty) when the file is missing or unreadable: the page still works."""
    try:
        cues = [
            Sentence(_seconds(c.start), " ".join(c.text.split()))
            for c in webvtt.read(str(vtt)).captions
        ]
    except (
        OSError,
        ValueError,
        webvtt.errors.MalformedFileError,
        webvtt.errors.MalformedCaptionError,
    ):
        return ()
    starts = [c.start for c in chapters] or [0.0]
    titles = [c.title for c in chapters] or [""]
    groups: list[list[Sentence]] = [[] for _ in starts]
    for cue in cues:
        groups[max(0, bisect.bisect_right(starts, cue.start + 0.05) - 1)].append(cue)
    return tuple(TranscriptPart(titles[i], starts[i], tuple(g)) for i, g in enumerate(groups) if g)


@dataclass(frozen=True)
class ChapterNote:
    """A chapter as the episode page lists it, with the story it reads, when there is one."""

    title: str
    start: float
    url: str | None
    story: StoryNote | None


def chapter_notes(ep: PageEpisode) -> tuple[tuple[ChapterNote, ...], tuple[StoryNote, ...]]:
    """The chapters, each with its story (matched by title, else by link), and the stories
    no chapter reads: each story is listed once, beside the chapter that plays it."""
    left = list(ep.stories)
    notes: list[ChapterNote] = []
    for chapter in ep.chapters:
        story = next((s for s in left if s.title == chapter.title), None) or next(
            (s for s in left if chapter.url and s.url == chapter.url), None
        )
        if story is not None:
            left.remove(story)
        notes.append(ChapterNote(chapter.title, chapter.start, chapter.url, story))
    return tuple(notes), tuple(left)
