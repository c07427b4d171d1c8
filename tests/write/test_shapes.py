"""The script follows the issue's shape; the intro is short and announces the length it will
have; transitions fit their place and never repeat back to back; templates are sandboxed."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest

from digestcast.config import Settings
from digestcast.errors import ScriptError
from digestcast.models import Issue, Part, Script, Story
from digestcast.write import write_script
from digestcast.write.lint import lint
from digestcast.write.timing import estimate_seconds

WORDS = re.compile(r"\w+")


def _chapters(script: Script) -> list[str]:
    out: list[str] = []
    for seg in script.segments:
        if not out or out[-1] != seg.chapter:
            out.append(seg.chapter)
    return out


def _news(n: int) -> tuple[Story, ...]:
    return tuple(
        Story(
            f"Harbor town {n} opens a tidal lab",
            (
                f"The harbor town of Port {n} opened a tidal research lab on Monday, with "
                "twelve engineers and a budget for three years.",
                "Engineers will test small turbines in the harbor mouth, where the current "
                "runs fastest, and publish their measurements every month.",
            ),
            f"https://example.com/{n}",
        )
        for n in range(1, n + 1)
    )


def test_a_link_digest_reads_section_by_section() -> None:
    stories = tuple(
        Story(
            f"{name} {k}",
            (f"A short note about {name.lower()} number {k} and its uses.",),
            f"https://example.com/{k}" if group == "Tools" else None,
            group=group,
        )
        for group, name in (("Tools", "Tidewatch"), ("Reading", "Essay on tides"))
        for k in range(1, 4)
    )
    issue = Issue("Links of the week", stories, shape="link_digest")
    script = write_script(issue, Settings())
    assert _chapters(script) == ["Intro", *(s.title for s in stories), "Outro"]
    sections = [s.text for s in script.segments if s.kind == "transition"]
    # Items that are links are counted as links; items told without one, as stories.
    assert len(sections) == 2
    assert "Tools" in sections[0] and "3 links" in sections[0]
    assert "Reading" in sections[1] and "3 stories" in sections[1]
    items = [s for s in script.segments if s.kind == "story"]
    assert len(items) == 6 and all(len(s.text.split()) < 40 for s in items)
    intro = script.segments[0].text
    assert "6 links in 2 sections" in intro  # (too short an episode to name them)
    assert lint(script) == []


def _sections_named(groups: tuple[str, ...]) -> str:
    """The intro of a link digest long enough that it names its sections."""
    body = (
        "The tide tables for the coming month were published on Monday by the harbor office.",
        "Fishing crews, ferry captains and kayak clubs use them to plan each morning on the "
        "water, and the office now prints them in larger type for the quay's notice board.",
        "Volunteers checked every entry against last year's gauge readings before they went "
        "to print, and found two errors in the spring tides, both corrected in this edition.",
    )
    stories = tuple(
        Story(f"Harbor note {g} {k}", body, f"https://example.com/{g}/{k}", group=group)
        for g, group in enumerate(groups)
        for k in range(3)
    )
    script = write_script(Issue("Links of the week", stories, shape="link_digest"), Settings())
    return script.segments[0].text


def test_section_names_are_heard_as_many_as_they_are() -> None:
    plain = _sections_named(("Tools", "Reading", "Events"))
    assert re.search(r"(The sections|Sections today): Tools, Reading, Events\.", plain)
    # A name with a comma of its own would be heard as two in a list of commas.
    listy = _sections_named(("Tools", "Maps, Charts and Tables", "Events"))
    assert "3 sections" in listy
    assert re.search(
        r"(The sections|Sections today): Tools\. Maps, Charts and Tables\. Events\.", listy
    )


def test_an_essay_reads_as_one_piece_with_its_parts_as_chapters() -> None:
    nouns = [
        "salt",
        "storms",
        "gulls",
        "ropes",
        "ferries",
        "divers",
        "cables",
        "charts",
        "lamps",
        "pilots",
        "harbors",
        "reefs",
        "buoys",
        "tugs",
        "nets",
        "sails",
        "anchors",
        "lighthouses",
        "dunes",
        "kelp",
        "crabs",
        "piers",
        "cranes",
        "docks",
        "keels",
        "masts",
        "oars",
        "maps",
        "bells",
        "flags",
    ]

    def para(topic: str, n: int) -> str:
        a, b, c = nouns[n], nouns[n + 10], nouns[n + 20]
        return f"Our {topic} team counted {a} near {b} while the {c} waited ({topic} {n})."

    parts = (
        Part("Why tides", tuple(para("moon", n) for n in range(6))),
        Part("What we measured", tuple(para("current", n) for n in range(6))),
        Part("Conclusion", (*(para("cost", n) for n in range(5)), "So tidal power wins.")),
    )
    opening = ("Tidal power is the quiet cousin of wind and sun.",)
    body = opening + tuple(p for part in parts for p in part.paragraphs)
    essay = Story("The case for tides", body, byline="Maren Holt", parts=parts)
    for length in ("brief", "standard", "full"):
        settings = Settings().with_overrides(**{"write.length": length})
        script = write_script(Issue("Essay", (essay,), shape="essay"), settings)
        assert _chapters(script) == [
            "Intro",
            "The case for tides",
            "Why tides",
            "What we measured",
            "Conclusion",
            "Outro",
        ]
        assert not [s for s in script.segments if s.kind == "transition"]
        assert "So tidal power wins." in script.segments[-2].text  # the conclusion, always
        assert "one essay by Maren Holt" in script.segments[0].text
        assert lint(script) == [], length


def test_the_intro_names_five_headlines_and_the_rest_by_number() -> None:
    issue = Issue("Tidal Weekly", _news(12))
    script = write_script(issue, Settings())
    intro = script.segments[0]
    named = [s.title for s in issue.stories if s.title in intro.text]
    assert len(named) == 5
    assert "And 7 more." in intro.text or "Plus 7 more." in intro.text
    total = estimate_seconds(script.segments, Settings())
    assert estimate_seconds([intro], Settings()) <= 0.10 * total
    assert abs(_announced(intro.text) - total) <= 0.10 * total


NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def _announced(text: str) -> float:
    """The seconds in "about 5 and a half minutes" or "about 12 minutes"."""
    found = re.search(r"about (\d+)( and a half)? minutes", text)
    assert found, text
    return (int(found.group(1)) + (0.5 if found.group(2) else 0)) * 60


def test_a_short_episode_names_fewer_headlines() -> None:
    script = write_script(Issue("Tidal Weekly", _news(2)), Settings())
    total = estimate_seconds(script.segments, Settings())
    assert estimate_seconds(script.segments[:1], Settings()) <= 0.10 * total
    assert "seconds" in script.segments[0].text or "minutes" in script.segments[0].text


def test_transitions_fit_their_place_and_never_repeat_back_to_back() -> None:
    stories = tuple(
        dataclasses.replace(s, group="Science" if i >= 6 else None) for i, s in enumerate(_news(20))
    )
    script = write_script(Issue("Tidal Weekly", stories), Settings())
    said = [s.text for s in script.segments if s.kind == "transition"]
    assert all(a != b for a, b in itertools.pairwise(said))
    assert "Science" in said[5]  # the first story of a section names it
    assert said[-1] in (
        "And finally, our last story.",
        "One more before we go.",
        "Last but not least.",
        "And to close, one final story.",
    )


def test_a_template_cannot_reach_python(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "outro.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}", encoding="utf-8"
    )
    settings = Settings().with_overrides(**{"write.templates": str(folder)})
    with pytest.raises(ScriptError, match="not allowed in a template"):
        write_script(Issue("Tidal Weekly", _news(2)), settings)


@pytest.mark.parametrize("name", ["Etc.", "Misc", "Other news", "Odds & ends"])
def test_a_catch_all_section_is_not_turned_to_by_name(name: str) -> None:
    stories = tuple(
        dataclasses.replace(s, group="Science" if i < 3 else name) for i, s in enumerate(_news(6))
    )
    script = write_script(Issue("Tidal Weekly", stories), Settings())
    said = [s.text for s in script.segments if s.kind == "transition"]
    assert not any(name in line for line in said)  # not "Turning to Etc."
    assert "Science" not in said[2]  # the story after the section's change: an ordinary one
