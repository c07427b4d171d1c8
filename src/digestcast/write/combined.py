"""The script of a combined episode: an intro naming the newsletters and the number of stories,
then each newsletter's stories (written as its own issue would be, without its intro and outro)
after a line naming it, then an outro. Every chapter is titled "Newsletter: Story"."""

from __future__ import annotations

import dataclasses
from typing import Any

from digestcast.combine import newsletter_name
from digestcast.config import Settings, load_voice_profile
from digestcast.errors import ScriptError
from digestcast.models import Issue, Script, Segment, SegmentKind
from digestcast.write.content import WORDS_PER_MINUTE
from digestcast.write.normalize import load_lexicon, spoken_text, utterances
from digestcast.write.numbers import written_date
from digestcast.write.phrasing import PhrasePicker, environment, issue_seed, render

INTRO_OUTRO_WORDS = 80  # what the combined intro and outro add, roughly


def chapter_title(newsletter: str, title: str) -> str:
    return f"{newsletter}: {title}"


class _HostLines:
    """Renders the host's own lines (intro, a newsletter's announcement, outro)."""

    def __init__(self, issue: Issue, settings: Settings) -> None:
        self.settings = settings
        self.env = environment(settings)
        self.lexicon = load_lexicon(settings)
        self.picker = PhrasePicker(issue_seed(issue))
        self.host = load_voice_profile(settings.voices.host, settings)

    def segment(
        self, kind: SegmentKind, chapter: str, template: str, context: dict[str, Any]
    ) -> Segment:
        text = render(self.env, template, {**context, "pick": self.picker.pick})
        if not text:
            raise ScriptError(f"template {template}: rendered no text for {chapter!r}")
        said = utterances(text, self.lexicon)
        return Segment(
            kind=kind,
            chapter=chapter,
            text=text,
            spoken=spoken_text(said),
            utterances=said,
            voice=self.host.name,
            speaker=self.host.speaker,
        )


def _own_segments(letter: Issue, settings: Settings) -> list[Segment]:
    """An issue's segments as written for it alone, without its intro and outro."""
    from digestcast.write import write_script

    own = [s for s in write_script(letter, settings).segments if s.kind not in ("intro", "outro")]
    if not own:
        raise ScriptError(f"{letter.source or letter.title}: the issue has no stories to write")
    return own


def _newsletter_segments(
    name: str, letters: list[Issue], number: int, total: int, offset: int, lines: _HostLines
) -> list[Segment]:
    """One newsletter's part: a line naming it, then the stories of each of its issues."""
    own: list[Segment] = []
    for letter in letters:
        own += [
            dataclasses.replace(
                s, chapter=chapter_title(name, s.chapter), story_index=_shift(s.story_index, offset)
            )
            for s in _own_segments(letter, lines.settings)
        ]
        offset += len(letter.stories)
    context = {
        "name": name,
        "count": sum(len(letter.stories) for letter in letters),
        "issue_title": letters[0].title,
        "number": number,
        "total": total,
    }
    first = own[0]
    announce = lines.segment("transition", first.chapter, "combined_newsletter.j2", context)
    announce = dataclasses.replace(
        announce, story_index=first.story_index, url=first.url, image=first.image
    )
    return [announce, *own]


def _shift(index: int | None, offset: int) -> int | None:
    return None if index is None else index + offset


def _description(issue: Issue) -> str:
    parts = [
        f"{newsletter_name(n)}: " + "; ".join(s.title.rstrip(".") for s in n.stories)
        for n in issue.newsletters
    ]
    return f"{issue.title}. " + ". ".join(parts) + "."


def write_combined_script(issue: Issue, settings: Settings) -> Script:
    """The script of a combined episode (`issue.newsletters` holds its issues)."""
    lines = _HostLines(issue, settings)
    by_name: dict[str, list[Issue]] = {}
    for letter in issue.newsletters:  # (in order: combined_issue keeps a newsletter together)
        by_name.setdefault(newsletter_name(letter), []).append(letter)
    body: list[Segment] = []
    offset = 0
    for number, (name, letters) in enumerate(by_name.items(), start=1):
        body += _newsletter_segments(name, letters, number, len(by_name), offset, lines)
        offset += sum(len(letter.stories) for letter in letters)
    weekly = issue.source.startswith("digest:weekly")
    names = list(by_name)
    words = sum(len(s.spoken.split()) for s in body) + INTRO_OUTRO_WORDS
    shared = {"show": settings.show.title, "weekly": weekly, "newsletters": names}
    intro = {
        **shared,
        "date": written_date(issue.date) if issue.date else None,
        "count": len(issue.stories),
        "minutes": max(1, round(words / WORDS_PER_MINUTE)),
    }
    outro = {**shared, "count": len(issue.stories)}
    segments = (
        lines.segment("intro", "Intro", "combined_intro.j2", intro),
        *body,
        lines.segment("outro", "Outro", "combined_outro.j2", outro),
    )
    return Script(
        title=issue.title,
        segments=segments,
        date=issue.date,
        description=_description(issue),
        source_url=None,
    )
