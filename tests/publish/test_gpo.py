"""Rule 17 (feedcheck.rules, "a real client"): gPodder's `gpo` subscribes over
http://127.0.0.1, lists both episodes by guid and downloads files byte-identical to the
published MP3s."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from digestcast.publish import publish_episode
from digestcast.serve import ShowServer
from tests.conftest import need_tool
from tests.publish.conftest import MakeEpisode, make_settings


def _gpo(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [need_tool("gpo"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout + done.stderr


def test_gpodder_subscribes_lists_and_downloads(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = {
        **os.environ,
        "GPODDER_HOME": str(tmp_path / "gpodder-home"),
        "GPODDER_DOWNLOAD_DIR": str(tmp_path / "gpodder-downloads"),
    }
    with ShowServer(out, "127.0.0.1", 0) as server:
        settings = make_settings(out, server.base_url)
        results = [
            publish_episode(
                *make_episode(n), settings, cover=cover_png, now=dt.datetime(2026, 4, n)
            )
            for n in (1, 2)
        ]
        feed_url = server.base_url + "feed.xml"
        subscribed = _gpo(["subscribe", feed_url], env)
        assert f"Successfully added {feed_url}" in subscribed, subscribed
        updated = _gpo(["update"], env)
        assert "2 new episodes" in updated, updated
        listed = _gpo(["episodes", "--guid", feed_url], env)
        for result in results:
            assert result.guid in listed, listed
        downloaded = _gpo(["download"], env)
        assert "2 episodes downloaded" in downloaded, downloaded

    files = sorted((tmp_path / "gpodder-downloads").rglob("*.mp3"))
    assert sorted(f.name for f in files) == sorted(r.audio_path.name for r in results)
    for result in results:
        got = next(f for f in files if f.name == result.audio_path.name)
        assert got.read_bytes() == result.audio_path.read_bytes()
