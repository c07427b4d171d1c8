"""Optional music: intro, outro and a stinger between stories, or the built-in chime.

Every piece is decoded once to a raw mono file at the episode's rate and set to a level
relative to the speech (its own loudness is measured), so a loud track never drowns the voice.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from digestcast.config import Settings
from digestcast.mix.assemble import MusicSource, RawAudio
from digestcast.mix.encode import decode_to_file
from digestcast.mix.limiter import db_to_gain
from digestcast.mix.loudness import LoudnessMeter, Samples
from digestcast.mix.timeline import MusicLengths, MusicRole

MUSIC_BELOW_SPEECH = 4.0  # LU: music at full level sits this far under the speech
CHIME_NOTES = ((0.0, 659.25), (0.22, 987.77))  # (onset s, Hz): E5 then B5
CHIME_PARTIALS = ((1.0, 1.0), (2.0, 0.35), (3.01, 0.12), (4.2, 0.05))  # (ratio, amplitude)
CHIME_LENGTH = 1.6


def chime(sample_rate: int) -> Samples:
    """A soft two-note chime: sine partials with a quick attack and an exponential decay."""
    n = int(CHIME_LENGTH * sample_rate)
    t = np.arange(n, dtype=np.float64) / sample_rate
    out = np.zeros(n, dtype=np.float64)
    for onset, freq in CHIME_NOTES:
        local = t - onset
        on = local >= 0
        attack = np.clip(local / 0.005, 0.0, 1.0)
        for ratio, amp in CHIME_PARTIALS:
            decay = np.exp(-local * (2.5 + 1.5 * ratio))
            out += on * amp * attack * decay * np.sin(2 * math.pi * freq * ratio * local)
    tail = np.clip((CHIME_LENGTH - t) / 0.05, 0.0, 1.0)  # end at zero, no click
    out *= tail * 0.5 / np.abs(out).max()
    return out.astype(np.float32)


def _loudness(audio: RawAudio, sample_rate: int) -> float:
    meter = LoudnessMeter(sample_rate)
    for start in range(0, audio.lengths[0], sample_rate * 10):
        meter.feed(audio.read(0, start, sample_rate * 10))
    return meter.integrated_lufs


def _source(raw: Path, samples: int, speech_lufs: float, sample_rate: int) -> MusicSource:
    audio = RawAudio(raw, (0,), (samples,))
    level = _loudness(audio, sample_rate)
    if math.isinf(level) or math.isinf(speech_lufs):
        return MusicSource(audio, 1.0)
    return MusicSource(audio, db_to_gain(speech_lufs - MUSIC_BELOW_SPEECH - level))


def load_music(
    settings: Settings, work_dir: Path, sample_rate: int, speech_lufs: float
) -> tuple[dict[MusicRole, MusicSource], MusicLengths]:
    """The music the settings ask for, decoded into `work_dir`, and how long each piece is."""
    wanted: dict[MusicRole, Path | None] = {
        "intro": settings.audio.intro_music,
        "outro": settings.audio.outro_music,
        "stinger": settings.audio.stinger,
    }
    sources: dict[MusicRole, MusicSource] = {}
    chime_raw: tuple[Path, int] | None = None
    for role, path in wanted.items():
        raw = work_dir / f"{role}.f32"
        if path is not None:
            samples = decode_to_file(path, raw, sample_rate)
        elif settings.audio.chime:
            if chime_raw is None:
                tone = chime(sample_rate)
                chime_raw = (work_dir / "chime.f32", tone.size)
                chime_raw[0].write_bytes(tone.astype("<f4").tobytes())
            raw, samples = chime_raw
        else:
            continue
        sources[role] = _source(raw, samples, speech_lufs, sample_rate)
    lengths = {role: src.audio.lengths[0] / sample_rate for role, src in sources.items()}
    return sources, MusicLengths(
        intro=lengths.get("intro", 0.0),
        outro=lengths.get("outro", 0.0),
        stinger=lengths.get("stinger", 0.0),
    )
