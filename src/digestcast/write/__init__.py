"""The write stage: Issue -> Script, one spoken script per episode."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import jinja2

from digestcast.config import Settings, VoiceProfile, load_voice_profile
from digestcast.errors import ScriptError
from digestcast.models import Issue, Script, Segment, SegmentKind, Story
from digestcast.write.content import WORDS_PER_MINUTE, StoryContent, story_content
from digestcast.write.llm import ScriptWarning, rewrite_story
from digestcast.write.normalize import load_lexicon, normalize_for_speech
from digestcast.write.numbers import written_date
from digestcast.write.phrasing import (
    PhrasePicker,
    environment,
    headline,
    issue_seed,
    lists_stories,
    render,
)
from digestcast.write.summarize import summarize

__all__ = ["ScriptWarning", "write_script"]
INTRO_OUTRO_WORDS = 120  # what the intro and outro add, roughly


class _Writer:
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

    def segment(
        self,
        kind: SegmentKind,
        chapter: str,
        template: str,
        context: dict[str, Any],
        story_index: int | None = None,
        url: str | None = None,
        image: str | None = None,
    ) -> Segment:
        text = render(self.env, template, {**context, "pick": self.picker.pick})
        if not text:
            raise ScriptError(f"template {template}: rendered no text for {chapter!r}")
        profile = self.host if kind in ("intro", "transition", "outro") else self.reader
        return Segment(
            kind=kind,
            chapter=chapter,
            text=text,
            spoken=normalize_for_speech(text, self.lexicon),
            voice=profile.name,
            story_index=story_index,
            url=url,
            image=image,
            speaker=profile.speaker,
        )


def _content(story: Story, settings: Settings) -> StoryContent:
    length = settings.write.length
    content = story_content(story, length)
    llm = settings.write.llm
    if llm is None or length == "full":
        return content
    try:
        retold = rewrite_story(story, llm, length)
    except ScriptError as exc:
        warnings.warn(
            f"{story.title}: {exc}; using the extractive summary", ScriptWarning, stacklevel=3
        )
        return content
    paragraphs = tuple(p.strip() for p in retold.split("\n\n") if p.strip())
    return StoryContent(None, paragraphs, content.takeaways, (), content.full)


def _opening_paragraphs(opening: Story, length: str) -> list[str]:
    body = [p for p in opening.body if p.strip()]
    if length == "full":
        return body
    return [" ".join(summarize(body, 60 if length == "brief" else 150))] if body else []


def _description(issue: Issue, title: str) -> str:
    stories = "; ".join(s.title.rstrip(".") for s in issue.stories)
    lead = f"{title}." if not title.endswith((".", "!", "?")) else title
    return f"{lead} In this episode: {stories}." if stories else lead


def write_script(issue: Issue, settings: Settings) -> Script:
    """One spoken script for the issue: intro, optional opening letter, each story with a
    transition before it, outro. Every segment's `spoken` is its text normalized for speech."""
    if issue.newsletters:  # a combined episode: its own intro, a part per newsletter
        from digestcast.write.combined import write_combined_script

        return write_combined_script(issue, settings)
    if not issue.stories:
        raise ScriptError(f"{issue.source or issue.title}: the issue has no stories to write")
    writer = _Writer(issue, settings)
    length = settings.write.length
    contents = [_content(story, settings) for story in issue.stories]
    opening = _opening_paragraphs(issue.opening, length) if issue.opening else []
    count = len(issue.stories)
    date = written_date(issue.date) if issue.date else None
    shared = {"show": settings.show.title, "count": count, "publisher": issue.publisher}
    body: list[Segment] = []
    if opening and issue.opening is not None:
        chapter = issue.opening.title or "Letter from the editor"
        context = {**shared, "opening": issue.opening, "paragraphs": opening}
        body.append(writer.segment("opening", chapter, "opening.j2", context))
    for i, (story, content) in enumerate(zip(issue.stories, contents, strict=True)):
        if i > 0 or opening:
            context = {
                **shared,
                "number": i + 1,
                "title": story.title,
                "after_opening": i == 0,
                "is_last": i == count - 1 and count > 1,
            }
            body.append(
                writer.segment(
                    "transition", story.title, "transition.j2", context, i, story.url, story.image
                )
            )
        context = {
            **shared,
            "story": story,
            "number": i + 1,
            "length": length,
            "lead": content.lead,
            "tldr": content.lead,
            "summary": list(content.summary),
            "why": content.why,
            "takeaways": list(content.takeaways),
            "commentary": [
                {"heading": c.heading, "text": c.text, "person": c.person}
                for c in content.commentary
            ],
            "full": list(content.full),
        }
        body.append(
            writer.segment("story", story.title, "story.j2", context, i, story.url, story.image)
        )
    words = sum(len(seg.spoken.split()) for seg in body) + INTRO_OUTRO_WORDS
    rundown = issue.title if lists_stories(issue) else None
    intro = {
        **shared,
        "date": date,
        "issue_title": issue.title,
        "headline": None if rundown else headline(issue, settings.show.title),
        "rundown": rundown,
        "titles": [s.title for s in issue.stories],
        "minutes": max(1, round(words / WORDS_PER_MINUTE)),
    }
    segments = [writer.segment("intro", "Intro", "episode_intro.j2", intro), *body]
    outro = {**shared, "issue_title": issue.title, "source_url": issue.source_url}
    segments.append(writer.segment("outro", "Outro", "outro.j2", outro))
    title = issue.title or (f"{settings.show.title}: {date}" if date else settings.show.title)
    return Script(
        title=title,
        segments=tuple(segments),
        date=issue.date,
        description=_description(issue, title),
        source_url=issue.source_url,
    )
