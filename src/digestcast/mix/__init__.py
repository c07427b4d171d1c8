"""The mix stage: sentence clips -> one finished episode file with chapters, at podcast loudness,
with transcripts and JSON chapters beside it.

mix_episode lays out the timeline (pure), gets the audio (the published file reused, the live
mix's episode, or rendered: measure the loudness, apply the gain, limit, encode; memory bounded
by one chunk), then finishes (tags, cues, sidecars). A long MP3 is encoded in two halves at
once, cut in a pause and joined frame by frame (chapters after the cut move by the padding).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import functools
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digestcast.audio_formats import AUDIO_FORMATS
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
from digestcast.mix.encode import codec_traits, encode_episode
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


@dataclass(frozen=True)
class _Layout:
    """The episode's timeline and the audio laid out on it (prepared already, or not yet)."""

    timeline: Timeline
    rate: int
    speech: RawAudio | None = None  # None: prepared when rendering (if ever)
    music: Mapping[MusicRole, MusicSource] = dataclasses.field(default_factory=dict)


def lay_out(clips: Sequence[Clip], settings: Settings, work: Path, report: Progress) -> _Layout:
    """The timeline from the sentences' played durations. With music, the speech is prepared
    now: the music's level follows the speech's loudness, and its lengths shape the timeline."""
    rate = speech_rate(clips)
    pauses = load_voice_profile(settings.voices.host, settings).pauses
    speaker_of = _speakers(settings)
    if not _wants_music(settings):
        durations = played_durations(clips, rate)
        timeline = plan_timeline(clips, pauses, durations=durations, speaker_of=speaker_of)
        return _Layout(timeline, rate)
    meter = LoudnessMeter(rate)
    speech, durations = prepare_speech(clips, rate, work / "speech.f32", meter)
    report(0.1)
    music, lengths = load_music(settings, work, rate, meter.integrated_lufs)
    timeline = plan_timeline(
        clips, pauses, durations=durations, music=lengths, speaker_of=speaker_of
    )
    return _Layout(timeline, rate, speech, music)


def _rendered_audio(
    clips: Sequence[Clip],
    layout: _Layout,
    settings: Settings,
    paths: tuple[Path, Path, Path],
    report: Progress,
) -> Timeline:
    """Render and encode the episode into `part` (the speech prepared in `work`, if not yet);
    the timeline as the file plays it."""
    part, out_path, work = paths
    speech = layout.speech
    if speech is None:
        speech, _ = prepare_speech(clips, layout.rate, work / "speech.f32")
    report(0.1)
    mix = Mixdown.plan(layout.timeline, speech, dict(layout.music), layout.rate)
    return _render(mix, layout.timeline, settings, part, out_path, report)


def _finish(
    part: Path, out_path: Path, timeline: Timeline, tags: EpisodeTags | None, fmt: str
) -> Episode:
    """Tag the encoded file (unless `tags` is None: a copied file has its own) and write the
    transcripts and JSON chapters beside the episode, all cut to the file's duration."""
    duration = audio_duration(part)
    chapters = with_end(timeline.chapters, duration)
    if tags is not None:
        write_tags(part, fmt, tags, chapters)
    end = math.floor(duration * 1000) / 1000
    cues = tuple(
        Cue(c.start, min(c.end, end), c.text, c.speaker)
        for c in timeline.cues
        if c.start < duration
    )
    files = write_sidecars(out_path, cues, chapters)
    return Episode(
        audio_path=out_path,
        duration=duration,
        chapters=chapters,
        cues=cues,
        size_bytes=part.stat().st_size,
        mime_type=AUDIO_FORMATS[fmt].enclosure_type,
        files=files,
    )


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
    """Mix `clips` into `out_path` (MP3 or M4A, as settings.audio.format says), tagged, with
    `<stem>.vtt`, `.srt`, `.txt` and `.chapters.json` beside it; the file appears in one
    rename. `cover` is embedded (`art`: its JPEG, made already). The audio is, in this order
    of preference: `previous` (the published file) copied when made from the same inputs; the
    episode `live` mixed while synthesis ran; rendered here."""
    report = _monotonic(on_progress or (lambda _: None))
    if not any(c.sentences for c in clips):
        raise AudioError(f"{out_path}: no spoken sentences to mix")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    finished = live.finish(clips) if live is not None else None
    with tempfile.TemporaryDirectory(prefix=f".{out_path.stem}.mix-", dir=out_path.parent) as tmp:
        work = Path(tmp)
        if finished is not None:
            layout = _Layout(finished.timeline, speech_rate(clips))
        else:
            layout = lay_out(clips, settings, work, report)
        show = settings.show
        tags = EpisodeTags(script.title, show.title, show.author, script.date, cover, art)
        tags = dataclasses.replace(
            tags, fingerprint=fingerprint(clips, layout.timeline, settings, tags)
        )
        reuse = reusable(previous, tags.fingerprint)
        timeline = layout.timeline
        with atomic_path(out_path) as part:
            if reuse:
                assert previous is not None
                shutil.copyfile(previous, part)
            elif finished is not None:
                os.replace(finished.path, part)
            else:
                paths = (part, out_path, work)
                timeline = _rendered_audio(clips, layout, settings, paths, report)
            episode = _finish(
                part, out_path, timeline, None if reuse else tags, settings.audio.format
            )
    report(1.0)
    return episode
