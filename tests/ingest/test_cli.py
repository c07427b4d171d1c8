"""`digestcast stories` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import digestcast.cli.stories  # registers the command
from digestcast.cli.app import app

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
runner = CliRunner()


def test_stories_json() -> None:
    assert digestcast.cli.stories.stories is not None
    result = runner.invoke(app, ["stories", str(DATA / "tldr-digest.txt"), "--json"])
    assert result.exit_code == 0, result.output
    issue = json.loads(result.stdout)
    assert issue["shape"] == "news_digest"
    stories = issue["stories"]
    assert stories[0]["title"] == "Household Robots Learn Chores From Ordinary Video"
    assert len(stories) == 3
    first = stories[0]
    assert first["words"] > 40 and first["url"] is None
    assert [s["name"] for s in first["sections"]] == ["tldr", "summary", "takeaways", "opinion"]
    assert first["image"] is None
    hero = runner.invoke(app, ["stories", str(DATA / "hero-images.html"), "--json"])
    assert hero.exit_code == 0, hero.output
    images = [s["image"] for s in json.loads(hero.stdout)["stories"]]
    assert images == ["https://harbor.example/media/2026/03/ferry-hero.jpg", None]


def test_stories_table_and_feed_item() -> None:
    result = runner.invoke(app, ["stories", str(DATA / "atom-feed.atom"), "--item", "1"])
    assert result.exit_code == 0, result.output
    assert "The Lyrids Return" in result.stdout and "Bulletin 21" in result.stdout


def test_stories_error_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["stories", str(tmp_path / "empty.txt")])
    assert result.exit_code == 2
    assert "error:" in result.stderr and "empty" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_stories_reads_config(tmp_path: Path) -> None:
    config = tmp_path / "podcast.toml"
    config.write_text('[ingest]\ndrop_patterns = ["Polyglot"]\n')
    result = runner.invoke(
        app, ["stories", str(DATA / "tldr-digest.txt"), "--json", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    titles = [s["title"] for s in json.loads(result.stdout)["stories"]]
    assert "A Small Open Model Wins at Translation" in titles
