"""The `episodes` and `serve` commands."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from typer.testing import CliRunner

import digestcast.cli.episodes
import digestcast.cli.serve
from digestcast.cli.app import app
from digestcast.publish import publish_episode
from tests.publish.conftest import MakeEpisode, make_settings

assert digestcast.cli.episodes and digestcast.cli.serve


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "podcast.toml"
    config.write_text(
        '[show]\ntitle = "CLI Show"\nbase_url = "https://example.org/show/"\n'
        'category = "News"\nsubcategory = "Tech News"\n',
        encoding="utf-8",
    )
    return config


def test_episodes_list_and_remove(tmp_path: Path, make_episode: MakeEpisode) -> None:
    out = tmp_path / "out"
    settings = make_settings(out)
    published = [
        publish_episode(*make_episode(n), settings, cover=None, now=dt.datetime(2026, 4, n))
        for n in (1, 2)
    ]
    runner = CliRunner()
    args = ["--out", str(out), "--config", str(_config(tmp_path))]
    listed = runner.invoke(app, ["episodes", "list", *args], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert "CLI Show (2 episodes)" in listed.output
    assert listed.output.index("Weekly Wire 2") < listed.output.index("Weekly Wire 1")
    assert published[0].guid in listed.output

    removed = runner.invoke(app, ["episodes", "remove", published[0].guid, *args])
    assert removed.exit_code == 0, removed.output
    assert f"removed episode 1: Weekly Wire 1 ({published[0].guid})" in removed.output
    assert not published[0].audio_path.exists()
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert published[0].guid not in feed and published[1].guid in feed
    assert "<title>CLI Show</title>" in feed  # rewritten with the config's show

    again = runner.invoke(app, ["episodes", "remove", "1", *args])
    assert again.exit_code == 2
    assert "no such episode" in again.output
    empty = runner.invoke(app, ["episodes", "list", "--out", str(tmp_path / "none")])
    assert empty.exit_code == 2 and "no catalog here" in empty.output


def test_serve_prints_the_feed_url_and_serves(tmp_path: Path, make_episode: MakeEpisode) -> None:
    out = tmp_path / "out"
    publish_episode(*make_episode(1), make_settings(out), cover=None)
    code = "import digestcast.cli.serve; from digestcast.cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--out", str(out), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        match = re.search(
            r"Paste into your podcast app: (http://127\.0\.0\.1:\d+/feed\.xml)", lines[1]
        )
        assert match, lines
        response = httpx.get(match.group(1), timeout=10)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/rss+xml")
        page = re.search(r"Show page \(player, transcripts\): (http://\S+/)$", lines[2])
        assert page, lines
        shown = httpx.get(page.group(1), timeout=10)
        assert shown.status_code == 200 and "<audio" in shown.text
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "stopped" in stdout
    assert "build with show.base_url" in stderr  # the feed's URLs point elsewhere
