"""The mix stage: sentence clips -> one finished episode file with chapters, at podcast loudness,
with transcripts and JSON chapters beside it.

Steps: prepare the speech (trim, resample to the mix rate, fade) -> lay out the timeline (pure)
-> one pass over the mixdown measures its loudness -> the gain follows in closed form -> a second
pass applies it, limits the few peaks over the ceiling and streams into the encoder -> tag ->
rename. Memory is bounded by one chunk (render.CHUNK_SECONDS) whatever the episode's length.

Most builds never get here with work left: while a neural voice speaks, the live mix (mix.live)
lays out, measures and encodes the episode as its sentences arrive, and this stage only tags and
renames what it made. The steps above run when it has nothing to offer (everything was cached,
music, M4A, a fast engine, or a gain it guessed wrong).

MP3 encoding (LAME, the slowest step) then runs on two cores for episodes of a few minutes: the
episode is cut in a pause near its middle, both halves are encoded at once and joined frame
by frame. The join lengthens that pause by a few tens of milliseconds (the first half's last
frame is padded): chapters and cues after it move by exactly that much.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from digestcast.config import AudioSettings, Settings, VoiceProfile, load_voice_profile
from digestcast.errors import AudioError
from digestcast.fsio import atomic_path
from digestcast.mix.assemble import (
    Mixdown,
    MusicSource,
    RawAudio,
    played_durations,
    prepare_speech,
    speech_rate,
)
from digestcast.mix.encode import MIME_TYPES, codec_traits, encode_episode
from digestcast.mix.limiter import LimiterLoss
from digestcast.mix.live import Levels, LiveMix
from digestcast.mix.loudness import LoudnessMeter, Samples
from digestcast.mix.mp3 import join_mp3, silence_around
from digestcast.mix.music import load_music
from digestcast.mix.render import measure, rendered
from digestcast.mix.reuse import fingerprint, reusable
from digestcast.mix.tags import EpisodeTags, audio_duration, write_id3, write_mp4_tags
from digestcast.mix.timeline import (
    MusicRole,
    Timeline,
    plan_timeline,
    quiet_split,
    shifted,
    with_end,
)
from digestcast.mix.transcript import write_sidecars
from digestcast.models import Chapter, Clip, Cue, Episode, Script, Segment

__all__ = ["LiveMix", "mix_episode", "start_live_mix"]

PARALLEL_MIN_SECONDS = 120.0  # shorter episodes are encoded in one piece

Progress = Callable[[float], None]


def _monotonic(report: Progress) -> Progress:
    """Progress that never goes back."""
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


def _wants_music(settings: Settings) -> bool:
    audio = settings.audio
    return audio.chime or any(
        p is not None for p in (audio.intro_music, audio.outro_music, audio.stinger)
    )


def measure_gain(
    mix: Mixdown, target_lufs: float, ceiling_db: float, report: Progress
) -> float | None:
    """One pass over the mixdown: the gain (dB) that brings it, once limited to `ceiling_db`,
    to `target_lufs`; None when the mixdown is silent."""
    meter = LoudnessMeter(mix.rate)
    loss = LimiterLoss(ceiling_db, mix.rate)
    measure(mix, meter, loss, 0, mix.total, lambda b: report(0.1 + 0.25 * b / max(mix.total, 1)))
    return None if math.isinf(meter.integrated_lufs) else meter.gain_to(target_lufs, loss)


def finished_chunks(
    mix: Mixdown,
    gain_db: float,
    ceiling_db: float,
    report: Progress,
    first: int = 0,
    last: int | None = None,
) -> Iterator[Samples]:
    """Samples first..last of the mixdown, finished (see mix.render), reporting progress."""
    end = mix.total if last is None else last
    for first_done, chunk in rendered(mix, gain_db, ceiling_db, first, end):
        yield chunk
        report(0.35 + 0.6 * first_done / max(mix.total, 1))


def write_tags(part: Path, fmt: str, tags: EpisodeTags, chapters: Sequence[Chapter]) -> None:
    if fmt == "mp3":
        write_id3(part, tags, chapters)
    else:
        write_mp4_tags(part, tags)


def _render(
    mix: Mixdown,
    timeline: Timeline,
    settings: Settings,
    part: Path,
    out_path: Path,
    report: Progress,
) -> Timeline:
    """Measure, apply the gain, limit and encode the mixdown into `part`; return the timeline
    as the file plays it."""
    audio = settings.audio
    aim = levels(audio)
    ceiling = aim.ceiling_db
    gain_db = measure_gain(mix, aim.target_lufs, ceiling, report)
    if gain_db is None:
        raise AudioError(f"{out_path}: the speech is silent")
    encode = functools.partial(
        encode_episode,
        fmt=audio.format,
        input_rate=mix.rate,
        sample_rate=audio.sample_rate,
        channels=audio.channels,
        bitrate_kbps=audio.bitrate_kbps,
        chapters=timeline.chapters,
    )
    split = _split_point(timeline, settings)
    if split is None:
        encode(finished_chunks(mix, gain_db, ceiling, report), part)
        return timeline
    cut = round(split * mix.rate)
    halves = [part.with_name(part.name + ".1"), part.with_name(part.name + ".2")]
    try:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            spans = [(0, cut), (cut, mix.total)]
            running = [
                pool.submit(encode, finished_chunks(mix, gain_db, ceiling, report, a, b), path)
                for (a, b), path in zip(spans, halves, strict=True)
            ]
            for future in running:
                future.result()
        padded = silence_around(halves[0])
        join_mp3(halves, part)
    finally:
        for path in halves:
            path.unlink(missing_ok=True)
    return shifted(timeline, split, padded / audio.sample_rate)


def levels(audio: AudioSettings) -> Levels:
    """The loudness and the peak ceiling the PCM aims at, so that the encoded file meets the
    settings. (ffmpeg spreads mono over two channels at -3 dB each: the loudness is the same.)"""
    codec = codec_traits(audio.format, audio.bitrate_kbps)
    return Levels(audio.loudness_lufs - codec.level_db, audio.true_peak_db - codec.overshoot_db)


def start_live_mix(settings: Settings, work: Path) -> LiveMix | None:
    """A live mix for this build (see mix.live), or None when the episode has music or is
    not an MP3 (the mix then starts once synthesis is over)."""
    audio = settings.audio
    if audio.format != "mp3" or _wants_music(settings):
        return None
    pauses = load_voice_profile(settings.voices.host, settings).pauses
    return LiveMix(audio, levels(audio), pauses, _speakers(settings), work)


def _split_point(timeline: Timeline, settings: Settings) -> float | None:
    """Where to cut the episode to encode its halves at once: MP3 only, a few minutes and
    more, two cores and more."""
    cores = settings.jobs or os.cpu_count() or 1
    if settings.audio.format != "mp3" or cores < 2:
        return None
    if timeline.duration < PARALLEL_MIN_SECONDS:
        return None
    return quiet_split(timeline)


def mix_episode(
    clips: Sequence[Clip],
    script: Script,
    settings: Settings,
    out_path: Path,
    *,
    cover: Path | None = None,
    art: bytes | None = None,
    on_progress: Callable[[float], None] | None = None,
    previous: Path | None = None,
    live: LiveMix | None = None,
) -> Episode:
    """Mix `clips` into `out_path` (MP3 or M4A as settings.audio.format says) and write
    `<stem>.vtt`, `.srt`, `.txt` and `.chapters.json` beside it. `cover` is embedded when given
    (`art`: as cover_jpeg made it already).
    The episode file appears in one rename: an interrupted build leaves no partial file.
    `previous` is this episode's published file: when it was made from the same inputs, it is
    copied instead of rendering and encoding again. `live` is the live mix that heard this
    build's synthesis: its episode is used when it has one to offer."""
    report = _monotonic(on_progress or (lambda _: None))
    if not any(c.sentences for c in clips):
        raise AudioError(f"{out_path}: no spoken sentences to mix")
    audio = settings.audio
    rate = speech_rate(clips)
    pauses = load_voice_profile(settings.voices.host, settings).pauses
    out_path.parent.mkdir(parents=True, exist_ok=True)
    finished = live.finish(clips) if live is not None else None
    with tempfile.TemporaryDirectory(prefix=f".{out_path.stem}.mix-", dir=out_path.parent) as tmp:
        work = Path(tmp)
        speech: RawAudio | None = None
        music: dict[MusicRole, MusicSource] = {}
        if finished is not None:
            timeline = finished.timeline
        elif _wants_music(settings):  # the music's level follows the speech's loudness
            meter = LoudnessMeter(rate)
            speech, durations = prepare_speech(clips, rate, work / "speech.f32", meter)
            report(0.1)
            music, lengths = load_music(settings, work, rate, meter.integrated_lufs)
            timeline = plan_timeline(
                clips, pauses, durations=durations, music=lengths, speaker_of=_speakers(settings)
            )
        else:  # the speech is prepared below, unless the published file is reused
            timeline = plan_timeline(
                clips,
                pauses,
                durations=played_durations(clips, rate),
                speaker_of=_speakers(settings),
            )
        tags = EpisodeTags(
            script.title, settings.show.title, settings.show.author, script.date, cover, art
        )
        tags = dataclasses.replace(tags, fingerprint=fingerprint(clips, timeline, settings, tags))
        reuse = reusable(previous, tags.fingerprint)
        with atomic_path(out_path) as part:
            if reuse:
                assert previous is not None
                shutil.copyfile(previous, part)
            elif finished is not None:
                os.replace(finished.path, part)
            else:
                if speech is None:
                    speech, _ = prepare_speech(clips, rate, work / "speech.f32")
                report(0.1)
                mix = Mixdown.plan(timeline, speech, music, rate)
                timeline = _render(mix, timeline, settings, part, out_path, report)
            duration = audio_duration(part)
            chapters = with_end(timeline.chapters, duration)
            if not reuse:  # a copied file carries its tags already
                write_tags(part, audio.format, tags, chapters)
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
