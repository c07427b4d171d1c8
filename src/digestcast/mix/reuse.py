"""Reusing a published episode whose audio would come out the same.

The fingerprint covers everything the audio bytes depend on: the sentence files (named by their
content in the segment cache), the timeline laid out from them, the audio settings, the tags and
the cover, the music files, and digestcast's version. An unchanged rebuild then copies the
published file instead of rendering and encoding it again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from digestcast import __version__
from digestcast.config import Settings
from digestcast.mix.tags import EpisodeTags, read_fingerprint
from digestcast.mix.timeline import Timeline
from digestcast.models import Clip


def _file_identity(path: Path | None) -> str:
    if path is None or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprint(
    clips: Sequence[Clip], timeline: Timeline, settings: Settings, tags: EpisodeTags
) -> str:
    audio = settings.audio
    parts = {
        "version": __version__,
        "sentences": [[s.wav_path.name for s in clip.sentences] for clip in clips],
        "timeline": repr(timeline),
        "audio": audio.model_dump_json(),
        "music": [_file_identity(p) for p in (audio.intro_music, audio.outro_music, audio.stinger)],
        "tags": [tags.title, tags.show, tags.author, str(tags.date)],
        "cover": _file_identity(tags.cover),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def reusable(previous: Path | None, wanted: str) -> bool:
    """True when `previous` is an MP3 made from exactly the same inputs."""
    return (
        previous is not None
        and previous.suffix == ".mp3"
        and previous.is_file()
        and read_fingerprint(previous) == wanted
    )
