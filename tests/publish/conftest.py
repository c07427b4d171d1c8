"""Real episodes for the publish tests: a short sine MP3 made by ffmpeg, hand-written transcripts
and chapters, and hand-built Issue/Script objects."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from digestcast.config import Settings
from digestcast.models import Chapter, Cue, Episode, Issue, Script, Segment, Story
from tests.conftest import need_tool

MakeEpisode = Callable[[int], tuple[Episode, Issue, Script]]


@pytest.fixture(scope="session")
def sine_mp3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audio") / "sine.mp3"
    sine = ["-f", "lavfi", "-i", "sine=frequency=440:duration=3"]
    encode = ["-ac", "1", "-ar", "44100", "-b:a", "64k", str(path)]
    subprocess.run(
        [need_tool("ffmpeg"), "-nostdin", "-v", "error", *sine, *encode],
        check=True,
        timeout=60,
    )
    return path


@pytest.fixture(scope="session")
def cover_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("art") / "art.png"
    Image.new("RGB", (1400, 1400), (30, 90, 160)).save(path)
    return path


def make_settings(out: Path, base_url: str = "https://example.org/show/") -> Settings:
    return Settings().with_overrides(
        output_dir=str(out),
        **{
            "show.base_url": base_url,
            "show.title": "Test Digest Audio",
            "show.author": "Ada Host",
            "show.email": "host@example.org",
            "show.category": "News",
            "show.subcategory": "Tech News",
        },
    )


def stage_episode(staging: Path, mp3: Path, number: int) -> tuple[Episode, Issue, Script]:
    """Episode number `number` in a staging folder, as the mix stage leaves it."""
    staging.mkdir(parents=True, exist_ok=True)
    title = f"Weekly Wire {number}"
    slug = f"episode-{number}"
    audio = staging / f"{slug}.mp3"
    shutil.copyfile(mp3, audio)
    chapters = (
        Chapter("Intro", 0.0, 1.0),
        Chapter(f"Robots learn to knit, part {number}", 1.0, 3.0, "https://example.com/knit"),
    )
    cues = (
        Cue(0.0, 1.0, "Welcome to the show.", "Host"),
        Cue(1.0, 3.0, "Robots can knit now.", "Host"),
    )
    vtt = staging / f"{slug}.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Host>Welcome to the show.\n\n"
        "00:00:01.000 --> 00:00:03.000\n<v Host>Robots can knit now.\n",
        encoding="utf-8",
    )
    srt = staging / f"{slug}.srt"
    srt.write_text(
        "1\n00:00:00,000 --> 00:00:01,000\nWelcome to the show.\n\n"
        "2\n00:00:01,000 --> 00:00:03,000\nRobots can knit now.\n",
        encoding="utf-8",
    )
    txt = staging / f"{slug}.txt"
    txt.write_text("Welcome to the show. Robots can knit now.\n", encoding="utf-8")
    chapters_json = staging / f"{slug}.chapters.json"
    chapters_json.write_text(
        '{"version": "1.2.0", "chapters": [{"startTime": 0.0, "title": "Intro"}, '
        f'{{"startTime": 1.0, "title": "Robots learn to knit, part {number}", '
        '"url": "https://example.com/knit"}]}',
        encoding="utf-8",
    )
    episode = Episode(
        audio_path=audio,
        duration=3.0,
        chapters=chapters,
        cues=cues,
        size_bytes=audio.stat().st_size,
        files={"vtt": vtt, "srt": srt, "txt": txt, "chapters": chapters_json},
    )
    story = Story(
        title=f"Robots learn to knit, part {number}",
        body=("A robot knitted a scarf.",),
        url="https://example.com/knit",
    )
    issue = Issue(
        title=title,
        stories=(story,),
        date=dt.date(2026, 4, number),
        source=f"issues/wire-{number}.html",
        source_url=f"https://news.example.com/issues/{number}",
    )
    segment = Segment(
        "story", story.title, "A robot knitted a scarf.", "A robot knitted a scarf.", "joe", 0
    )
    script = Script(
        title=title, segments=(segment,), date=issue.date, description=f"Issue {number}."
    )
    return episode, issue, script


@pytest.fixture
def make_episode(tmp_path: Path, sine_mp3: Path) -> MakeEpisode:
    def make(number: int) -> tuple[Episode, Issue, Script]:
        return stage_episode(tmp_path / f".staging-{number}", sine_mp3, number)

    return make
