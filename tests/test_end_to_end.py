"""The whole pipeline through the real parts: a real engine, real ffmpeg, and the files read
back by independent readers (ffprobe, mutagen, feedparser)."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from pathlib import Path

import feedparser
import pytest
from mutagen.id3 import CTOCFlags
from mutagen.mp3 import MP3
from typer.testing import CliRunner

import digestcast.mix
from digestcast.cli import app
from tests.conftest import DATA, need_tool

ISSUE = DATA / "e2e" / "short-issue.txt"
TITLES = ["Harbor Town Lights Its Pier With Tide Power", "Library Lends Telescopes to Readers"]


def _build(tmp_path: Path, engine: str) -> Path:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "build",
            str(ISSUE),
            "--engine",
            engine,
            "--out",
            str(out),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--base-url",
            "http://127.0.0.1:8765/",
        ],
    )
    assert result.exit_code == 0, result.output
    page = re.search(r"its page\s+(\S+\.html)", result.output)  # printed, and there
    assert page and Path(page.group(1)).is_file() and Path(page.group(1)).parent == out / "episodes"
    assert "open http://127.0.0.1:8765/ in a browser" in result.output
    return out


def _ffprobe(path: Path) -> dict:  # type: ignore[type-arg]
    raw = subprocess.run(
        [
            need_tool("ffprobe"),
            "-v",
            "error",
            "-show_chapters",
            "-show_format",
            "-show_streams",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(raw)  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["piper", "pyttsx3"])
def test_build_reads_back_in_ffprobe_mutagen_and_feedparser(tmp_path: Path, engine: str) -> None:
    out = _build(tmp_path, engine)
    mp3s = sorted((out / "episodes").glob("*.mp3"))
    assert len(mp3s) == 1
    mp3 = mp3s[0]

    probe = _ffprobe(mp3)
    stream = probe["streams"][0]
    assert stream["codec_name"] == "mp3"
    assert int(stream["sample_rate"]) == 44100
    assert stream["channels"] == 1
    duration = float(probe["format"]["duration"])
    assert duration > 5
    chapters = sorted(probe["chapters"], key=lambda c: float(c["start_time"]))
    titles = [c["tags"]["title"] for c in chapters]
    for title in TITLES:
        assert titles.count(title) == 1, titles
    assert float(chapters[0]["start_time"]) == 0.0
    for a, b in itertools.pairwise(chapters):
        assert abs(float(a["end_time"]) - float(b["start_time"])) < 0.002
    assert float(chapters[-1]["end_time"]) <= duration + 0.05

    audio = MP3(mp3)
    assert audio.tags.version[:2] == (2, 3)
    ctocs = audio.tags.getall("CTOC")
    assert len(ctocs) == 1
    assert ctocs[0].flags & CTOCFlags.TOP_LEVEL and ctocs[0].flags & CTOCFlags.ORDERED
    chap_ids = [f.element_id for f in sorted(audio.tags.getall("CHAP"), key=lambda f: f.start_time)]
    assert list(ctocs[0].child_element_ids) == chap_ids

    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 1
    enclosure = feed.entries[0].enclosures[0]
    assert int(enclosure["length"]) == mp3.stat().st_size
    assert enclosure["href"] == f"http://127.0.0.1:8765/episodes/{mp3.name}"
    assert abs(int(feed.entries[0].itunes_duration) - duration) <= 1


@pytest.mark.slow
def test_rebuilding_the_same_issue_keeps_its_guid_and_reuses_its_audio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _build(tmp_path, "pyttsx3")
    first = feedparser.parse((out / "feed.xml").read_bytes()).entries[0].id
    mp3 = next((out / "episodes").glob("*.mp3"))
    before = mp3.read_bytes()

    def no_render(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged rebuild rendered the audio again")

    monkeypatch.setattr(digestcast.mix, "_render", no_render)
    out = _build(tmp_path, "pyttsx3")
    assert mp3.read_bytes() == before
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == [first]
    assert not list(out.glob(".staging-*"))
