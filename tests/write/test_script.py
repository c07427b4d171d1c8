"""write_script: segments, chapters, voices, lengths, templates and stable phrasing."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from digestcast.config import Settings
from digestcast.errors import ScriptError
from digestcast.models import Issue
from digestcast.write import write_script
from digestcast.write.normalize import load_lexicon, normalize_for_speech

FORBIDDEN = re.compile(r"\d|https?://|[*_`#\[\]<>{}|\\$%&@=+~^]")


def test_segments_and_chapters(issue: Issue) -> None:
    script = write_script(issue, Settings())
    kinds = [s.kind for s in script.segments]
    assert kinds[:3] == ["intro", "opening", "transition"]
    assert kinds[-1] == "outro"
    assert kinds.count("story") == 5 and kinds.count("transition") == 5
    chapters: list[str] = []
    for seg in script.segments:
        if not chapters or chapters[-1] != seg.chapter:
            chapters.append(seg.chapter)
    titles = [s.title for s in issue.stories]
    assert chapters == ["Intro", "Dear friends", *titles, "Outro"]
    for seg in script.segments:
        if seg.kind in ("story", "transition"):
            assert seg.story_index is not None
            assert seg.url == issue.stories[seg.story_index].url
            assert seg.chapter == issue.stories[seg.story_index].title
    assert script.title == "Weather Models Week" and script.date == issue.date
    assert all(t in script.description for t in titles)


def test_spoken_is_normalized_text(issue: Issue) -> None:
    settings = Settings()
    script = write_script(issue, settings)
    lexicon = load_lexicon(settings)
    for seg in script.segments:
        assert seg.spoken == normalize_for_speech(seg.text, lexicon)
        assert not FORBIDDEN.search(seg.spoken), seg.spoken
        assert seg.text == seg.text.strip() and "\n\n\n" not in seg.text
    intro = script.segments[0]
    assert "April tenth, twenty twenty-six" in intro.spoken
    assert "five stories" in intro.spoken and "minutes" in intro.spoken


def test_sections_are_used_and_commentary_marked(issue: Issue) -> None:
    script = write_script(issue, Settings())
    second = next(s for s in script.segments if s.kind == "story" and s.story_index == 1)
    assert "Story 2 in one line" in second.text
    assert "83.1% accuracy" in second.text
    assert "First, first point." in second.text and "Third." in second.text
    assert re.search(
        r"(?:Now the newsletter's own take|Here's the editors' view|And now, the editors' take)"
        r"\. Open weights help smaller labs\.",
        second.text,
    )
    assert "under the heading" not in second.text
    first = next(s for s in script.segments if s.kind == "story" and s.story_index == 0)
    assert "Harbor Labs released Tidewater" in first.text  # extractive summary, lead kept


def test_transitions_never_repeat_and_rebuilds_are_stable(issue: Issue) -> None:
    first = write_script(issue, Settings())
    again = write_script(issue, Settings())
    assert first == again
    transitions = [s.text for s in first.segments if s.kind == "transition"]
    assert len(set(transitions)) == len(transitions)


def test_lengths_change_how_much_is_read(issue: Issue) -> None:
    words = {}
    for length in ("brief", "standard", "full"):
        script = write_script(issue, Settings().with_overrides(**{"write.length": length}))
        words[length] = sum(len(s.spoken.split()) for s in script.segments if s.kind == "story")
        if length == "full":
            story = next(s for s in script.segments if s.kind == "story")
            assert (
                "Critics note that it was trained on only five years of radar data." in story.spoken
            )
    assert words["brief"] < words["standard"] <= words["full"]


def test_two_voices(issue: Issue) -> None:
    settings = Settings().with_overrides(**{"voices.host": "system", "voices.story": "joe"})
    script = write_script(issue, settings)
    for seg in script.segments:
        if seg.kind in ("intro", "transition", "outro"):
            assert (seg.voice, seg.speaker) == ("system", "Host")
        else:
            assert (seg.voice, seg.speaker) == ("joe", "Joe")


def test_show_templates_override_builtins(issue: Issue, tmp_path: Path) -> None:
    (tmp_path / "outro.j2").write_text("Bye from {{ show }}, {{ count }} stories.\n")
    settings = Settings().with_overrides(**{"write.templates": str(tmp_path)})
    script = write_script(issue, settings)
    assert script.segments[-1].text == "Bye from My Newsletter Podcast, 5 stories."
    assert script.segments[-1].spoken == "Bye from My Newsletter Podcast, five stories."
    (tmp_path / "outro.j2").write_text("{% if %}broken")
    with pytest.raises(ScriptError, match=r"outro\.j2: line 1"):
        write_script(issue, settings)


def test_empty_issue_is_a_script_error(issue: Issue) -> None:
    with pytest.raises(ScriptError, match="no stories"):
        write_script(dataclasses.replace(issue, stories=()), Settings())


def test_the_intro_names_telling_headlines_only(issue: Issue) -> None:
    """A headline that is a whole sentence or only a name and a number ("Quay Core #4512") is
    not named in the intro; the count of the others stays right."""
    long = "Quay Core 4.1 is a maintenance release of the harbor's most popular routing tool"
    titles = ["Fountain codes for ferry tickets", long, "Quay Core #4512", "Quay Core #4513"]
    body = tuple(
        f"The harbor board met for the {n}th time and agreed on a plan." for n in range(40)
    )
    stories = tuple(
        dataclasses.replace(s, title=t, body=body)
        for s, t in zip(issue.stories, titles, strict=False)
    )
    script = write_script(dataclasses.replace(issue, stories=stories), Settings())
    intro = script.segments[0].text
    assert "Fountain codes for ferry tickets." in intro
    assert "maintenance release" not in intro and "#4512" not in intro
    assert re.search(r"(?:And|Plus) 3 more\.", intro), intro
