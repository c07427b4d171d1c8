"""`digestcast update` and `episodes rebuild`: new issues from source feeds, built once, through
the real pipeline (pyttsx3 for speed), and `build --script` with an edited script."""

from __future__ import annotations

import fcntl
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from digestcast.cli import app
from digestcast.errors import PublishError
from digestcast.shows import update_lock
from tests.conftest import DATA

FEED = DATA / "ingest" / "wordpress-rss.xml"


def _config(tmp_path: Path, feeds: list[str]) -> Path:
    config = tmp_path / "podcast.toml"
    listed = ", ".join(f'"{f}"' for f in feeds)
    config.write_text(
        f'engine = "pyttsx3"\ncache_dir = "cache"\nsource_feeds = [{listed}]\n'
        '[show]\ntitle = "Civic Letter Audio"\nbase_url = "http://127.0.0.1:8766/"\n'
    )
    return config


def _feed_ids(out: Path) -> list[str]:
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    return [entry.id for entry in feed.entries]


@pytest.mark.slow
def test_update_builds_each_new_issue_once_and_skips_a_failing_source(tmp_path: Path) -> None:
    config = _config(tmp_path, [str(tmp_path / "missing.xml"), str(FEED)])
    runner = CliRunner()
    first = runner.invoke(app, ["update", "--config", str(config)])
    assert first.exit_code == 1  # the missing source is reported, the other still built
    assert "missing.xml" in first.output
    assert "2 new episode(s), 1 failure(s)" in first.output
    out = tmp_path / "output"
    ids = _feed_ids(out)
    assert len(ids) == 2 and len(set(ids)) == 2
    mp3s = sorted(p.name for p in (out / "episodes").glob("*.mp3"))
    assert len(mp3s) == 2

    again = runner.invoke(app, ["update", "--config", str(config)])
    assert "0 new episode(s)" in again.output
    assert _feed_ids(out) == ids
    assert sorted(p.name for p in (out / "episodes").glob("*.mp3")) == mp3s

    rebuilt = runner.invoke(app, ["episodes", "rebuild", "1", "--config", str(config)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "rebuilt episode 1" in rebuilt.output
    assert _feed_ids(out) == ids


def test_a_second_update_of_the_same_folder_is_refused(tmp_path: Path) -> None:
    with (
        update_lock(tmp_path),
        pytest.raises(PublishError, match="another"),
        update_lock(tmp_path),
    ):
        pass
    # released: a later run gets the lock
    with open(tmp_path / ".update.lock") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


@pytest.mark.slow
def test_an_edited_script_rebuilds_with_build_script(tmp_path: Path) -> None:
    runner = CliRunner()
    issue = DATA / "e2e" / "short-issue.txt"
    written = runner.invoke(app, ["script", str(issue)])
    assert written.exit_code == 0, written.output
    edited = written.output.replace("Harbor Town Lights Its Pier", "Harbor Town Powers Its Pier")
    assert edited != written.output
    script = tmp_path / "episode.md"
    script.write_text(edited)
    out = tmp_path / "out"
    common = ["--engine", "pyttsx3", "--out", str(out), "--cache-dir", str(tmp_path / "cache")]
    original = runner.invoke(app, ["build", str(issue), *common])
    assert original.exit_code == 0, original.output
    guid = _feed_ids(out)
    result = runner.invoke(app, ["build", "--script", str(script), *common])
    assert result.exit_code == 0, result.output
    assert _feed_ids(out) == guid  # the edited script replaced the same episode
    vtt = " ".join(next((out / "episodes").glob("*.vtt")).read_text().split())  # (2-line cues)
    assert "Harbor Town Powers Its Pier" in vtt
    assert "Harbor Town Lights Its Pier" not in vtt
