"""Frozen dataclasses that flow between the stages: ingest -> write -> speak -> mix -> publish."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # kana and Han

# Named sections a story may carry, recognised by ingest from subheads such as
# "TLDR:", "Summary:", "Key takeaways:", "What's new:", "Why it matters:", "We're thinking:".
SectionName = Literal["tldr", "summary", "takeaways", "whats_new", "why_it_matters", "opinion"]


@dataclass(frozen=True)
class Section:
    """A named part of a story. `text` is plain text; list items are separate `items`."""

    name: SectionName
    heading: str  # the subhead as written, e.g. "Why do I care"
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """A subheaded part of an essay: the subhead as written and the paragraphs under it."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    """One story of an issue. `body` is the story's paragraphs in plain text, in order."""

    title: str
    body: tuple[str, ...]
    url: str | None = None
    sections: tuple[Section, ...] = ()
    image: str | None = None  # the story's first real image: an absolute http(s) URL
    group: str | None = None  # the section label it sits under ("Tools"), in a link digest
    byline: str | None = None  # the author's name when the issue names one; never read as a story
    parts: tuple[Part, ...] = ()  # an essay's subheaded parts, in order (body holds them all)

    def section(self, name: SectionName) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    @property
    def words(self) -> int:
        """Words of the body; in Chinese or Japanese, about one per 1.5 characters."""
        return sum(len(p.split()) + len(CJK.findall(p)) * 2 // 3 for p in self.body)


# The issue's layout: a news digest (stories with bodies), a link digest (sections of short
# items: a story per item, grouped by `Story.group`), an essay (one piece; its subheads are
# `Story.parts`), or a single story.
IssueShape = Literal["news_digest", "link_digest", "essay", "single_story"]


@dataclass(frozen=True)
class StoryGroup:
    """Consecutive stories under one section label (None: stories under no label)."""

    title: str | None
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class Issue:
    """A newsletter issue as found in its source."""

    title: str
    stories: tuple[Story, ...]
    date: dt.date | None = None
    source: str = ""  # what the user named: a path, "-" or a URL
    source_url: str | None = None  # the issue's web address, when known
    publisher: str | None = None
    opening: Story | None = None  # an editor's letter before the stories, when present
    shape: IssueShape = "news_digest"
    # A combined episode (`combine = "daily"`): the newsletter issues it gathers, in order. Its
    # `stories` are theirs, each with `group` set to its newsletter's name; `source` is the
    # period's key ("digest:daily:2026-04-10"), which is its identity in the catalog.
    newsletters: tuple[Issue, ...] = ()

    @property
    def groups(self) -> tuple[StoryGroup, ...]:
        """The stories in order, runs of the same `Story.group` together."""
        runs: list[StoryGroup] = []
        for story in self.stories:
            if runs and runs[-1].title == story.group:
                last = runs[-1]
                runs[-1] = StoryGroup(last.title, (*last.stories, story))
            else:
                runs.append(StoryGroup(story.group, (story,)))
        return tuple(runs)


SegmentKind = Literal["intro", "opening", "story", "transition", "outro"]


@dataclass(frozen=True)
class Utterance:
    """One written sentence of a segment and the words the engine is given for it (one or
    more spoken sentences; "" when nothing of it is read). Transcripts show `written`."""

    written: str
    spoken: str
    paragraph_end: bool = False  # the last sentence of its paragraph


@dataclass(frozen=True)
class Segment:
    """A piece of the script read by one voice. Consecutive segments with the same
    `chapter` form one chapter of the episode."""

    kind: SegmentKind
    chapter: str  # chapter title, e.g. "Intro" or the story's title
    text: str  # the text as written (for show notes and editable scripts)
    spoken: str  # the text the engine receives, after speech normalization
    voice: str  # name of the voice profile that reads it
    story_index: int | None = None  # 0-based index into Issue.stories
    url: str | None = None  # the story's link, carried into the chapter
    speaker: str | None = None  # name used in transcripts (e.g. "Host")
    image: str | None = None  # the story's image, carried into the chapter
    # `text` sentence by sentence with the spoken form of each: `spoken` is their spoken
    # parts, paragraphs joined by a blank line (empty for a segment made without them)
    utterances: tuple[Utterance, ...] = ()


@dataclass(frozen=True)
class Script:
    title: str  # episode title
    segments: tuple[Segment, ...]
    date: dt.date | None = None
    description: str = ""  # short plain-text summary for the feed
    source_url: str | None = None  # the issue's web address: keeps the episode's identity


@dataclass(frozen=True)
class SpokenSentence:
    """One synthesized sentence: a mono 16-bit WAV in the segment cache."""

    text: str  # the spoken text of the sentence
    wav_path: Path
    duration: float  # seconds
    paragraph_end: bool = False  # a paragraph break follows this sentence


@dataclass(frozen=True)
class Clip:
    """A segment's audio: its sentences in order."""

    segment: Segment
    sentences: tuple[SpokenSentence, ...]
    sample_rate: int

    @property
    def duration(self) -> float:
        return sum(s.duration for s in self.sentences)


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float  # seconds
    end: float
    url: str | None = None
    image: str | None = None  # an absolute http(s) URL


@dataclass(frozen=True)
class Cue:
    """A transcript cue: one sentence at its true time in the episode."""

    start: float
    end: float
    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Episode:
    """A finished episode: the audio file and the files beside it."""

    audio_path: Path
    duration: float
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    size_bytes: int
    mime_type: str = "audio/mpeg"
    files: dict[str, Path] = field(default_factory=dict)  # "vtt", "srt", "txt", "chapters", ...
