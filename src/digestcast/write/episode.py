"""The segment writer one episode shares: templates, lexicon, voices and phrase picks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import jinja2

from digestcast.config import Settings, VoiceProfile, load_voice_profile
from digestcast.errors import ScriptError
from digestcast.models import Issue, Segment, SegmentKind, Story
from digestcast.write.normalize import load_lexicon, spoken_text, utterances
from digestcast.write.phrasing import PhrasePicker, environment, issue_seed, render

HOST_KINDS = ("intro", "transition", "outro")
READ_TIME = re.compile(r"\s*\((?:\d+\s+min(?:ute)?s?\s+read|sponsor(?:ed)?)\)\s*$", re.I)
NUMBERED = re.compile(r"^(\d{1,2})[.)]?\s+(?=\S)")
TRACKER_ID = re.compile(r"^(?:#\d+|\d{5,})\s*[:\u2013\u2014-]\s+(?=\S)")  # "#4512: Fix ..."


class SegmentWriter:
    """Renders the segments of one episode; holds what they share."""

    def __init__(self, issue: Issue, settings: Settings) -> None:
        self.issue = issue
        self.settings = settings
        self.lexicon: Mapping[str, str] = load_lexicon(settings)
        self.env: jinja2.Environment = environment(settings)
        self.picker = PhrasePicker(issue_seed(issue))
        self.host: VoiceProfile = load_voice_profile(settings.voices.host, settings)
        self.reader: VoiceProfile = (
            self.host
            if settings.voices.story == settings.voices.host
            else load_voice_profile(settings.voices.story, settings)
        )
        self.titles = read_titles(issue.stories)

    def text(
        self, template: str, context: dict[str, Any], picker: PhrasePicker | None = None
    ) -> str:
        pick = (picker or self.picker).pick
        return render(self.env, template, {**context, "pick": pick})

    def segment(
        self,
        kind: SegmentKind,
        chapter: str,
        template: str,
        context: dict[str, Any],
        story: int | None = None,
    ) -> Segment:
        text = self.text(template, context)
        if not text:
            raise ScriptError(f"template {template}: rendered no text for {chapter!r}")
        return self.made(kind, chapter, text, story)

    def made(self, kind: SegmentKind, chapter: str, text: str, story: int | None = None) -> Segment:
        """A segment of the text: its sentences with their spoken forms, its voice, and the
        story's link and image when it belongs to one."""
        said = utterances(text, self.lexicon)
        profile = self.host if kind in HOST_KINDS else self.reader
        source = self.issue.stories[story] if story is not None else None
        return Segment(
            kind=kind,
            chapter=chapter,
            text=text,
            spoken=spoken_text(said),
            utterances=said,
            voice=profile.name,
            story_index=story,
            url=source.url if source else None,
            image=source.image if source else None,
            speaker=profile.speaker,
        )


def read_titles(stories: tuple[Story, ...]) -> list[str]:
    """The titles as read aloud: without "(5 minute read)", a tracker's number ("#4512: Fix
    ...") or a list's numbering ("3 China's probe ..." when the stories are numbered 1, 2, 3)."""
    titles = [TRACKER_ID.sub("", READ_TIME.sub("", s.title).strip()) or s.title for s in stories]
    found = [int(m.group(1)) for t in titles if (m := NUMBERED.match(t))]
    if len(found) >= 3 and found == list(range(found[0], found[0] + len(found))):
        titles = [NUMBERED.sub("", t) for t in titles]
    return titles
