"""Audio the mix tests are built from: real espeak-ng speech and numpy tones, written as the
mono 16-bit WAVs the speak stage leaves in its cache."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path
from typing import Any

import numpy as np

from digestcast.models import Clip, Segment, SpokenSentence
from tests.conftest import need_tool


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    pcm = np.clip(samples * 32767.0, -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def tone_wav(path: Path, seconds: float, rate: int, freq: float = 220.0, pad: float = 0.1) -> Path:
    """A speech-like stand-in: a tone with a syllable-rate envelope, silence on both sides."""
    t = np.arange(int(seconds * rate)) / rate
    voice = 0.4 * np.sin(2 * np.pi * freq * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t) ** 2)
    silence = np.zeros(int(pad * rate))
    return write_wav(path, np.concatenate([silence, voice, silence]), rate)


def espeak_wav(path: Path, text: str, voice: str = "en-us") -> Path:
    subprocess.run([need_tool("espeak-ng"), "-v", voice, "-w", str(path), text], check=True)
    return path


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


def wav_rate(path: Path) -> int:
    with wave.open(str(path), "rb") as w:
        return w.getframerate()


def segment(chapter: str, *, url: str | None = None, speaker: str | None = "Host") -> Segment:
    return Segment("story", chapter, chapter, chapter, "joe", url=url, speaker=speaker)


def clip(seg: Segment, *items: tuple[Path, str, bool]) -> Clip:
    sentences = tuple(SpokenSentence(text, p, wav_seconds(p), end) for p, text, end in items)
    return Clip(seg, sentences, wav_rate(items[0][0]))


def ffprobe(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [need_tool("ffprobe"), "-v", "error", "-show_chapters", "-show_format", "-show_streams",
         "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def ffmpeg_loudness(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) as ffmpeg's loudnorm measures them."""
    out = subprocess.run(
        [need_tool("ffmpeg"), "-nostats", "-hide_banner", "-i", str(path),
         "-af", "loudnorm=print_format=json", "-f", "null", "-"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    report = json.loads(out.stderr[out.stderr.rindex("{") :])
    return float(report["input_i"]), float(report["input_tp"])
