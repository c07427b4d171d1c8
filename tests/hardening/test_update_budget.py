"""`update` builds the other sources when one fails, times out or takes too long to read."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from digestcast.config import load_settings
from digestcast.errors import IngestError
from digestcast.shows import time_budget


def test_a_source_that_reads_forever_is_stopped_by_its_budget() -> None:
    started = time.process_time()
    with pytest.raises(IngestError, match=r"took over 0\.3 s"), time_budget(0.3, "deep.html"):
        while True:  # CPU-bound, like a parser gone quadratic
            pass
    assert time.process_time() - started < 5


@pytest.mark.slow
def test_update_builds_the_good_source_after_a_hostile_one(
    tmp_path: Path, dripping_feed: str
) -> None:
    from tests.hardening.conftest import run_cli

    good = tmp_path / "good.xml"
    good.write_text(_one_item_feed(), encoding="utf-8")
    config = tmp_path / "podcast.toml"
    config.write_text(
        f'output_dir = "{tmp_path / "out"}"\ncache_dir = "{tmp_path / "cache"}"\n'
        f'engine = "pyttsx3"\nsource_feeds = ["{dripping_feed}", "{good}"]\n'
        "[ingest]\ntimeout_s = 1\n",
        encoding="utf-8",
    )
    load_settings(config)  # (the config itself is valid)
    done = run_cli(["update", "--config", str(config)], tmp_path)
    assert "timed out after 1 s" in done.stdout + done.stderr
    assert "1 new episode(s)" in done.stdout, done.stdout + done.stderr
    assert (tmp_path / "out" / "feed.xml").is_file()


def _one_item_feed() -> str:
    body = (
        "&lt;h2&gt;Ferry Crew Rescues a Runaway Kayak&lt;/h2&gt;"
        "&lt;p&gt;A kayak drifted across the bay and the morning ferry crew fished it out. "
        "Its owner had been searching the shore since dawn.&lt;/p&gt;"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>The Tiny Weekly</title><link>https://news.example.org/</link>"
        "<description>d</description>"
        "<item><title>The Tiny Weekly, November 10</title>"
        "<link>https://news.example.org/issues/10</link><guid>issue-10</guid>"
        "<pubDate>Tue, 10 Nov 2026 06:00:00 +0000</pubDate>"
        f"<description>{body}</description></item></channel></rss>"
    )
