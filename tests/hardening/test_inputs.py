"""Hostile or careless inputs end in one line and exit 2 before anything is synthesized or
published: control characters in a title, bad or catastrophic regexes, nonsense numbers."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from digestcast.config import load_settings
from digestcast.errors import ConfigError, IngestError, PublishError
from digestcast.models import Issue, Script, Segment, Story
from digestcast.patterns import user_pattern
from digestcast.publish.preflight import check_publishable
from tests.hardening.conftest import build_args, run_cli


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_a_control_character_in_a_title_is_cleaned_or_refused_before_synthesis(
    tmp_path: Path,
) -> None:
    """Ingest cleans it out of an issue; an edited script that carries one is refused in one
    line before anything is synthesized or published."""
    issue = tmp_path / "issue.txt"
    issue.write_text(
        "The Bell\x07 Weekly\nPublished on 03.11.2026\n\n"
        "Harbor Town Lights Its Pier\nA small turbine under the pier powers the lamps.\n",
        encoding="utf-8",
    )
    made = run_cli(["script", str(issue)], tmp_path)
    assert made.returncode == 0 and "\x07" not in made.stdout, made.stderr
    edited = tmp_path / "episode.md"
    edited.write_text(made.stdout.replace('title: "', 'title: "Bell\\u0007 ', 1), "utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    args = build_args(issue, out, cache)
    args[1:2] = ["--script", str(edited)]
    done = run_cli(args, tmp_path)
    assert done.returncode == 2, done.stderr
    assert "U+0007" in _one_line(done.stderr)
    assert not out.exists() or not any(out.iterdir())  # no catalog, no empty episodes/
    assert not list(cache.rglob("*.wav"))  # nothing synthesized


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("ingest.drop_patterns", ["sponsored (by"], "not a valid regular expression"),
        ("ingest.story_heading_patterns", ["[unclosed"], "not a valid regular expression"),
        ("jobs", 0, "greater than or equal to 1"),
        ("ingest.max_bytes", -1, "greater than or equal to 1"),
        ("ingest.timeout_s", -1, "greater than 0"),
        ("ingest.timeout_s", 0, "greater than 0"),
    ],
)
def test_bad_settings_are_one_line_config_errors(setting: str, value: object, says: str) -> None:
    with pytest.raises(ConfigError, match=says) as caught:
        load_settings(None).with_overrides(**{setting: value})
    assert setting.split(".")[-1] in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_catastrophic_pattern_is_stopped_not_left_to_hang() -> None:
    pattern = user_pattern(r"(a|aa)+$")
    started = time.process_time()
    with pytest.raises(IngestError, match="took over"):
        pattern.search("a" * 80 + "b")
    assert time.process_time() - started < 30  # (Python's re would take hours)
    assert user_pattern(r"^(a+)+$").search("a" * 5000 + "b") is False


def test_the_preflight_names_text_a_feed_cannot_carry() -> None:
    settings = load_settings(None)
    story = Story("Bells\x07 ring", ("A bell rang.",))
    issue = Issue("The Bell Weekly", (story,), source="bell.txt")
    segment = Segment("story", "Bells\x07 ring", "A bell rang.", "A bell rang.", "joe", 0)
    script = Script("The Bell Weekly", (segment,))
    with pytest.raises(PublishError, match=r"bell.txt: story 1's title holds .* U\+0007"):
        check_publishable(issue, script, settings)
    clean = Script("The Bell Weekly", (Segment("story", "Bells", "Hi.", "Hi.", "joe", 0),))
    check_publishable(Issue("The Bell Weekly", (Story("Bells", ("Hi.",)),)), clean, settings)
