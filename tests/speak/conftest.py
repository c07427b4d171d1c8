"""Shared helpers for the speak tests: voice profiles in a temporary folder, a registry of the
built-ins plus the fake engines (never the installed plugins), scripts made of segments."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from digestcast.config import Settings, VoiceSettings
from digestcast.models import Script, Segment
from digestcast.speak.base import Engine
from digestcast.speak.registry import BUILTIN_ENGINES, EngineRegistry
from tests.speak.speak_fakes import IsolatedToneEngine, ThreadedToneEngine, ToneEngine


def write_profile(folder: Path, name: str, engine: str, voice: str = "", **options: Any) -> None:
    lines = [f"engine = {json.dumps(engine)}", f"voice = {json.dumps(voice)}", "[options]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in options.items()]
    (folder / f"{name}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_script(*texts: str, voice: str = "tone") -> Script:
    segments = tuple(
        Segment(
            kind="story", chapter=f"Story {i + 1}", text=t, spoken=t, voice=voice, story_index=i
        )
        for i, t in enumerate(texts)
    )
    return Script(title="Test episode", segments=segments)


@pytest.fixture
def registry() -> EngineRegistry:
    engines: tuple[type[Engine], ...] = (
        *BUILTIN_ENGINES,
        ToneEngine,
        IsolatedToneEngine,
        ThreadedToneEngine,
    )
    return EngineRegistry({e.engine_id: e for e in engines})


@pytest.fixture
def voices_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "voices"
    folder.mkdir()
    return folder


@pytest.fixture
def settings_for(voices_dir: Path, tmp_path: Path) -> Callable[..., Settings]:
    """Settings whose extra voice profiles live in `voices_dir` and whose cache is temporary."""

    def make(**changes: Any) -> Settings:
        changes.setdefault("cache_dir", tmp_path / "cache")
        return Settings(voices=VoiceSettings(dir=voices_dir), **changes)

    return make


def synthesized(log: Path) -> list[str]:
    """The sentences a fake engine synthesized, in order."""
    if not log.exists():
        return []
    return [line.split("\t")[1] for line in log.read_text(encoding="utf-8").splitlines()]
