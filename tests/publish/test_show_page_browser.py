"""The show page in a real browser: headless Chromium loads it from `digestcast serve`, and the
page it renders lists every episode with a player, the subscribe link and the transcripts."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from PIL import Image

from digestcast.publish import publish_episode
from digestcast.serve import ShowServer
from tests.conftest import need_tool
from tests.publish.conftest import MakeEpisode, make_settings

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _chromium(tmp_path: Path, *args: str) -> str:
    done = subprocess.run(
        [need_tool("chromium"), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


def test_show_page_renders_in_chromium(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with ShowServer(out, "127.0.0.1", 0) as server:
        settings = make_settings(out, server.base_url)
        results = [
            publish_episode(
                *make_episode(n), settings, cover=cover_png, now=dt.datetime(2026, 4, n)
            )
            for n in (1, 2)
        ]
        page = server.base_url + "index.html"
        dom = _chromium(tmp_path, "--dump-dom", page)
        shot = tmp_path / "page.png"
        _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,1400", page)

    assert dom.count("<audio") == 2
    for result in results:
        assert result.audio_path.name in dom
    assert server.base_url + "feed.xml" in dom
    assert ".vtt" in dom and ".chapters.json" in dom
    with Image.open(shot) as image:
        assert image.size == (1000, 1400)
        colours = image.convert("L").getextrema()
        assert colours[0] < 100 < colours[1]  # text was drawn, not a blank page
