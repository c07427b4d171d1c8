"""The mix stage: sentence clips -> one finished episode file with chapters, at podcast loudness,
with transcripts and JSON chapters beside it.

Steps: prepare the speech (trim, resample, fade; measure) -> lay out the timeline (pure) ->
render blocks with pauses and music -> gain and true-peak limiter -> encode -> verify the loudness
of the encoded file (and redo the pass with a corrected gain if it missed) -> tag -> rename.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digestcast.config import Settings, VoiceProfile, load_voice_profile
from digestcast.errors import AudioError
from digestcast.fsio import atomic_path
from digestcast.mix.assemble import MusicSource, RawAudio, prepare_speech, render
from digestcast.mix.encode import MIME_TYPES, decode_blocks, encode_episode
from digestcast.mix.loudness import (
    Limiter,
    LoudnessMeter,
    Samples,
    db_to_gain,
    measure,
    solve_gain,
)
from digestcast.mix.music import load_music
from digestcast.mix.tags import EpisodeTags, audio_duration, write_id3, write_mp4_tags
from digestcast.mix.timeline import MusicRole, Timeline, plan_timeline, with_end
from digestcast.mix.transcript import write_sidecars
from digestcast.models import Clip, Cue, Episode, Script, Segment

__all__ = ["mix_episode"]

LOUDNESS_TOLERANCE = 0.3  # LU: redo the pass when the encoded file misses the target by more
PEAK_MARGIN = 0.8  # dB: the limiter's ceiling sits this far under the true-peak target
PEAK_SLACK = 0.1  # dB: the encoded file's true peak must stay this far under the target
ATTEMPTS = 4
DUAL_MONO_DB = 10.0 * math.log10(2.0)  # a mono signal on two channels measures 3 LU louder

SAMPLE_SECONDS = 60.0  # how much of the episode `_sample` renders to find the gain
SAMPLE_WINDOWS = 6

Progress = Callable[[float], None]


@dataclass(frozen=True)
class _Pass:
    """What one encode pass needs."""

    timeline: Timeline
    speech: RawAudio
    music: dict[MusicRole, MusicSource]
    settings: Settings


def _monotonic(report: Progress) -> Progress:
    """Progress that never goes back (a second encode pass repeats the same span)."""
    done = [0.0]

    def forward(fraction: float) -> None:
        if fraction > done[0]:
            done[0] = fraction
            report(fraction)

    return forward


def _speakers(settings: Settings) -> Callable[[Segment], str | None]:
    profiles: dict[str, VoiceProfile] = {}

    def speaker_of(segment: Segment) -> str | None:
        if segment.speaker:
            return segment.speaker
        if segment.voice not in profiles:
            profiles[segment.voice] = load_voice_profile(segment.voice, settings)
        return profiles[segment.voice].speaker

    return speaker_of


def _progress(
    blocks: Iterable[Samples], total: int, lo: float, hi: float, report: Progress
) -> Iterator[Samples]:
    done = 0
    for block in blocks:
        yield block
        done += block.size
        report(lo + (hi - lo) * min(1.0, done / max(total, 1)))


def _sample(job: _Pass) -> Samples:
    """Windows of the rendered episode spread evenly over it, about a minute in all: enough to
    learn how much loudness the limiter takes away without limiting the whole episode."""
    sr = job.settings.audio.sample_rate
    duration = job.timeline.duration
    if duration <= SAMPLE_SECONDS:
        spans = [(0.0, duration)]
    else:
        width = SAMPLE_SECONDS / SAMPLE_WINDOWS
        step = (duration - width) / (SAMPLE_WINDOWS - 1)
        spans = [(k * step, k * step + width) for k in range(SAMPLE_WINDOWS)]
    parts = [
        b for span in spans for b in render(job.timeline, job.speech, job.music, sr, span=span)
    ]
    return np.concatenate(parts)


def _encode_pass(
    job: _Pass, part: Path, gain_db: float, ceiling_db: float, report: Progress
) -> None:
    audio = job.settings.audio
    sr = audio.sample_rate
    blocks = render(job.timeline, job.speech, job.music, sr, gain=db_to_gain(gain_db))
    limited = Limiter(ceiling_db, sr).apply(blocks)
    total = round(job.timeline.duration * sr)
    encode_episode(
        _progress(limited, total, 0.25, 0.85, report),
        part,
        fmt=audio.format,
        sample_rate=sr,
        channels=audio.channels,
        bitrate_kbps=audio.bitrate_kbps,
        chapters=job.timeline.chapters,
    )


def _loud_encode(job: _Pass, part: Path, report: Progress) -> tuple[float, float]:
    """Encode into `part` until the file itself measures on target; return (LUFS, dBTP)."""
    audio = job.settings.audio
    sr = audio.sample_rate
    target = audio.loudness_lufs - (DUAL_MONO_DB if audio.channels == 2 else 0.0)
    peak_limit = audio.true_peak_db - PEAK_SLACK
    ceiling = audio.true_peak_db - PEAK_MARGIN
    sample = _sample(job)
    codec_loss = 0.0  # LU the encoder takes away (its low-pass), learnt from the encoded file
    lufs, peak = -math.inf, math.inf
    for _ in range(ATTEMPTS):
        gain_db = solve_gain(sample, sr, target + codec_loss, ceiling)
        _encode_pass(job, part, gain_db, ceiling, report)
        lufs, peak = measure(decode_blocks(part, sr, sr), sr)
        report(0.9)
        if abs(lufs - target) <= LOUDNESS_TOLERANCE and peak <= peak_limit:
            return lufs, peak
        codec_loss += target - lufs
        if peak > peak_limit:
            ceiling -= peak - peak_limit + 0.1
    if abs(lufs - target) <= 1.0 and peak <= audio.true_peak_db:
        return lufs, peak
    raise AudioError(
        f"{part}: loudness {lufs:.1f} LUFS / {peak:.1f} dBTP after {ATTEMPTS} passes "
        f"(target {audio.loudness_lufs} LUFS, {audio.true_peak_db} dBTP)"
    )


def mix_episode(
    clips: Sequence[Clip],
    script: Script,
    settings: Settings,
    out_path: Path,
    *,
    cover: Path | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> Episode:
    """Mix `clips` into `out_path` (MP3 or M4A as settings.audio.format says) and write
    `<stem>.vtt`, `.srt`, `.txt` and `.chapters.json` beside it. `cover` is embedded when given.
    The episode file appears in one rename: an interrupted build leaves no partial file."""
    report = _monotonic(on_progress or (lambda _: None))
    if not any(c.sentences for c in clips):
        raise AudioError(f"{out_path}: no spoken sentences to mix")
    audio = settings.audio
    sr = audio.sample_rate
    pauses = load_voice_profile(settings.voices.host, settings).pauses
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{out_path.stem}.mix-", dir=out_path.parent) as tmp:
        work = Path(tmp)
        meter = LoudnessMeter(sr)
        speech, durations = prepare_speech(clips, sr, work / "speech.f32", meter)
        speech_lufs = meter.integrated_lufs
        if math.isinf(speech_lufs):
            raise AudioError(f"{out_path}: the speech is silent")
        report(0.2)
        music, lengths = load_music(settings, work, sr, speech_lufs)
        timeline = plan_timeline(
            clips, pauses, durations=durations, music=lengths, speaker_of=_speakers(settings)
        )
        job = _Pass(timeline, speech, music, settings)
        with atomic_path(out_path) as part:
            _loud_encode(job, part, report)
            duration = audio_duration(part)
            chapters = with_end(timeline.chapters, duration)
            tags = EpisodeTags(
                script.title, settings.show.title, settings.show.author, script.date, cover
            )
            if audio.format == "mp3":
                write_id3(part, tags, chapters)
            else:
                write_mp4_tags(part, tags)
            cues = tuple(
                Cue(c.start, min(c.end, math.floor(duration * 1000) / 1000), c.text, c.speaker)
                for c in timeline.cues
                if c.start < duration
            )
            files = write_sidecars(out_path, cues, chapters)
    report(1.0)
    return Episode(
        audio_path=out_path,
        duration=duration,
        chapters=chapters,
        cues=cues,
        size_bytes=out_path.stat().st_size,
        mime_type=MIME_TYPES[audio.format],
        files=files,
    )
