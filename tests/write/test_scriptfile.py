"""Editable scripts: dump -> load round trip, parse errors, lint."""

from __future__ import annotations

import dataclasses

import pytest

from digestcast.config import Settings
from digestcast.errors import ScriptError
from digestcast.models import Issue, Script, Segment
from digestcast.write import write_script
from digestcast.write.lint import lint_script
from digestcast.write.scriptfile import dump_script, load_script


def test_round_trip(issue: Issue) -> None:
    settings = Settings()
    script = write_script(issue, settings)
    text = dump_script(script)
    assert text.startswith('---\ntitle: "Weather Models Week"\ndate: 2026-04-10\n')
    assert "## story: Story number 1: Tidewater 1.0\n<!--\nvoice: joe\n" in text
    assert "url: https://example.com/1" in text
    assert load_script(text, settings) == script


def test_round_trip_of_awkward_text() -> None:
    seg = Segment(
        "story", "A # title", "# not a heading\n\n---\n\n\\ back", "", "joe", 0, None, None
    )
    settings = Settings()
    script = Script('T: "quoted"', (dataclasses.replace(seg, spoken="not a heading."),), None, "")
    loaded = load_script(dump_script(script), settings)
    assert loaded.segments[0].text == seg.text
    assert loaded.title == script.title and loaded.date is None


def test_edits_are_normalized_again(issue: Issue) -> None:
    settings = Settings()
    text = dump_script(write_script(issue, settings))
    edited = text.replace("Thanks for listening", "Thanks for the 2 hours of listening", 1)
    script = load_script(edited, settings)
    assert "two hours of listening" in script.segments[-1].spoken


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "line 1"),
        ("---\ntitle: x\n", "not closed"),
        ("---\ntitle: x\n---\n", "no segments"),
        ("---\ntitle: x\n---\nstray\n## intro: Intro\nhi\n", "before the first"),
        ("---\ndate: 10 April\n---\n## intro: Intro\nhi\n", "YYYY-MM-DD"),
        ("---\n---\n## intro: Intro\n<!--\ncolor: red\n-->\nhi\n", "unknown metadata"),
        ("---\n---\n## story: S\n<!--\nstory: zero\n-->\nhi\n", "story must be"),
        ("---\n---\n## intro: Intro\n\n", "has no text"),
    ],
)
def test_parse_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ScriptError, match=message) as caught:
        load_script(text, Settings(), source="ep.md")
    assert str(caught.value).startswith("ep.md")


def test_lint(issue: Issue) -> None:
    script = write_script(issue, Settings())
    assert lint_script(script) == []
    bad = Segment(
        "story", "Bad", "x", "See **this** at https://x.io for 5 $ " + "word " * 45 + ".", "joe"
    )
    problems = lint_script(dataclasses.replace(script, segments=(bad,)))
    text = "\n".join(problems)
    for what in ("url:", "markup:", "digits:", "long sentence:", "line 12:"):
        assert what in text


def test_round_trip_with_a_story_image(issue: Issue) -> None:
    image = "https://example.com/img/tidewater-2.jpg"
    stories = tuple(
        dataclasses.replace(s, image=image) if i == 1 else s for i, s in enumerate(issue.stories)
    )
    settings = Settings()
    script = write_script(dataclasses.replace(issue, stories=stories), settings)
    with_image = [(seg.kind, seg.story_index) for seg in script.segments if seg.image]
    assert with_image == [("transition", 1), ("story", 1)]
    assert all(seg.image in (None, image) for seg in script.segments)
    text = dump_script(script)
    assert text.count(f"image: {image}\n") == 2
    assert load_script(text, settings) == script
