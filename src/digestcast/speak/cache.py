"""The segment cache: one WAV per synthesized sentence, addressed by a hash of what made it.

Files live at `<root>/ab/abcdef....wav`; a sentence's duration is read back from its WAV header.
Writes are atomic, so concurrent workers never see half a file. A hit refreshes the file's
times, and `evict` removes the least recently used files until the cache fits its size limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import unicodedata
import wave
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.fsio import atomic_path
from digestcast.speak.base import SynthesisResult

DEFAULT_MAX_BYTES = 2 * 1024**3  # 2 GiB
KEY_SCHEMA = 1  # bump when the key's recipe changes


def default_cache_dir(settings: Settings) -> Path:
    """`cache_dir` from the settings, else the user's cache folder."""
    if settings.cache_dir is not None:
        return settings.cache_dir
    return Path(platformdirs.user_cache_dir("digestcast")) / "segments"


def open_cache(settings: Settings) -> SegmentCache:
    """The segment cache the settings name (`cache_dir`, `cache_max_mb`)."""
    return SegmentCache(default_cache_dir(settings), max_bytes=settings.cache_max_mb * 1024 * 1024)


def normalize_text(text: str) -> str:
    """The text as far as the cache is concerned: NFC, single spaces, no outer whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def sentence_key(
    text: str,
    *,
    engine_id: str,
    engine_version: str,
    voice: str,
    options: Mapping[str, Any],
    identity: Mapping[str, Any] | None = None,
) -> str:
    """sha256 of the normalized text, the voice (engine, voice, options) and the engine version."""
    recipe = {
        "schema": KEY_SCHEMA,
        "text": normalize_text(text),
        "engine": engine_id,
        "engine_version": engine_version,
        "voice": voice,
        "options": dict(options),
        "identity": dict(identity or {}),
    }
    blob = json.dumps(recipe, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def write_wav(path: Path, result: SynthesisResult) -> None:
    """Write a mono 16-bit WAV atomically."""
    with atomic_path(path) as tmp, wave.open(str(tmp), "wb") as wav:
        _fill_wav(wav, result)


def wav_bytes(result: SynthesisResult) -> bytes:
    """The mono 16-bit WAV file `write_wav` writes, as bytes (to send it elsewhere)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        _fill_wav(wav, result)
    return buffer.getvalue()


def _fill_wav(wav: wave.Wave_write, result: SynthesisResult) -> None:
    wav.setnchannels(1)
    wav.setsampwidth(2)
    wav.setframerate(result.sample_rate)
    wav.writeframes(result.audio.astype("<i2").tobytes())


@dataclass(frozen=True)
class WavInfo:
    duration: float  # seconds
    sample_rate: int


def read_wav_info(path: Path) -> WavInfo:
    """Duration and rate from a WAV header."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate = wav.getframerate()
            return WavInfo(duration=wav.getnframes() / rate, sample_rate=rate)
    except (OSError, EOFError, wave.Error, ZeroDivisionError) as exc:
        raise SynthesisError(f"{path}: unreadable cached WAV ({exc})") from None


@dataclass(frozen=True)
class CacheStats:
    root: Path
    entries: int
    bytes: int
    max_bytes: int


class SegmentCache:
    """Synthesized sentences on disk, keyed by `sentence_key`."""

    def __init__(self, root: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if max_bytes <= 0:
            raise SynthesisError(f"{root}: cache size limit must be positive, got {max_bytes}")
        self.root = root
        self.max_bytes = max_bytes

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

    def lookup(self, key: str) -> Path | None:
        """The cached WAV for `key` (its times refreshed for LRU), or None on a miss."""
        path = self.path_for(key)
        try:
            os.utime(path)
        except FileNotFoundError:
            return None
        return path

    def store(self, key: str, result: SynthesisResult) -> Path:
        path = self.path_for(key)
        write_wav(path, result)
        return path

    def _entries(self) -> Iterator[os.DirEntry[str]]:
        if not self.root.is_dir():
            return
        for shard in os.scandir(self.root):
            if not (shard.is_dir() and len(shard.name) == 2):
                continue
            with contextlib.suppress(FileNotFoundError):
                for entry in os.scandir(shard.path):
                    if entry.name.endswith(".wav") and not entry.name.startswith("."):
                        yield entry

    def stats(self) -> CacheStats:
        entries = total = 0
        for entry in self._entries():
            with contextlib.suppress(FileNotFoundError):
                total += entry.stat().st_size
                entries += 1
        return CacheStats(self.root, entries, total, self.max_bytes)

    def clear(self) -> int:
        """Remove every cached sentence (and the scripts kept beside them, write.cache);
        return how many sentences there were."""
        count = sum(1 for _ in self._entries())
        if self.root.is_dir():
            for shard in os.scandir(self.root):
                if shard.is_dir() and (len(shard.name) == 2 or shard.name == "scripts"):
                    shutil.rmtree(shard.path, ignore_errors=True)
        return count

    def evict(self, *, max_bytes: int | None = None, keep: Collection[Path] = ()) -> int:
        """Delete least recently used files until the cache fits `max_bytes` (default: the
        cache's limit). Files in `keep` (the episode being built) are never deleted.
        Return how many files were removed."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        files: list[tuple[float, int, str]] = []
        total = 0
        for entry in self._entries():
            with contextlib.suppress(FileNotFoundError):
                st = entry.stat()
                files.append((st.st_mtime, st.st_size, entry.path))
                total += st.st_size
        if total <= limit:
            return 0
        kept = {str(p) for p in keep}
        removed = 0
        for _mtime, size, path in sorted(files):
            if total <= limit:
                break
            if path in kept:
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
                removed += 1
            total -= size
        return removed
