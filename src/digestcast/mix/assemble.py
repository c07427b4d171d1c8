"""The episode's PCM: sentences trimmed, resampled and faded, pauses and music between.

Two steps, both with memory bounded by one sentence or one span:
`prepare_speech` reads every sentence WAV once and appends it, ready to play, to a raw float32
file; a `Mixdown` then renders any span of the episode on demand, each sentence at the place the
timeline gives it, music cues mixed in with their gain envelopes.

The mix runs at the speech's own sample rate (Piper speaks at 22050 Hz): half the samples of
44.1 kHz to filter, limit and pipe; the encoder resamples to the episode's rate.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from digestcast.errors import AudioError
from digestcast.mix.loudness import Floats, LoudnessMeter, Samples
from digestcast.mix.timeline import MusicCue, MusicRole, Timeline
from digestcast.models import Clip

SILENCE_DB = -50.0  # leading/trailing audio below this is trimmed
KEEP = 0.01  # seconds kept around the audible part
JOIN_FADE = 0.006  # fade in/out on every sentence so joins never click


@dataclass(frozen=True)
class RawAudio:
    """Mono float32 audio stored in a raw file: piece k is `lengths[k]` samples at `offsets[k]`."""

    path: Path
    offsets: tuple[int, ...]
    lengths: tuple[int, ...]

    def read(self, k: int, start: int = 0, count: int | None = None) -> Samples:
        n = self.lengths[k] - start if count is None else min(count, self.lengths[k] - start)
        return np.fromfile(
            self.path, dtype="<f4", count=max(n, 0), offset=4 * (self.offsets[k] + start)
        )


@dataclass(frozen=True)
class MusicSource:
    """Decoded music (or the generated chime) with the gain that sets its level."""

    audio: RawAudio  # one piece
    gain: float


def read_wav(path: Path) -> tuple[Samples, int]:
    """A 16-bit PCM WAV as mono float32 in [-1, 1], and its sample rate."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
            frames = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioError(f"{path}: cannot read sentence audio ({exc})") from None
    if width != 2:
        raise AudioError(f"{path}: expected 16-bit PCM, found {8 * width}-bit")
    data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1, dtype=np.float32)
    return data, rate


def resample(x: Samples, rate: int, target: int) -> Samples:
    if rate == target or x.size == 0:
        return x
    from scipy import signal

    g = math.gcd(rate, target)
    return np.asarray(signal.resample_poly(x, target // g, rate // g), dtype=np.float32)


SILENCE = np.float32(10.0 ** (SILENCE_DB / 20.0))


def audible_span(
    x: npt.NDArray[np.float32] | npt.NDArray[np.int16], rate: int, floor: float | int
) -> slice:
    """The part of `x` trim_and_fade keeps: from a few ms before the first sample whose level
    is over `floor` to a few ms after the last (all of `x` when none is)."""
    loud = (x > floor) | (x < -floor)
    if x.size == 0 or not loud.any():
        return slice(0, x.size)
    keep = int(KEEP * rate)
    first, last = int(np.argmax(loud)), x.size - 1 - int(np.argmax(loud[::-1]))
    return slice(max(first - keep, 0), min(last + keep + 1, int(x.size)))


def trim_and_fade(x: Samples, rate: int) -> Samples:
    """Cut leading/trailing silence (keeping a few ms) and fade both ends."""
    y = x[audible_span(x, rate, float(SILENCE))].copy()
    n = min(int(JOIN_FADE * rate), y.size // 2)
    if n > 0:
        ramp = np.linspace(0.0, 1.0, n, endpoint=False, dtype=np.float32)
        y[:n] *= ramp
        y[-n:] *= ramp[::-1]
    return y


def speech_rate(clips: Sequence[Clip]) -> int:
    """The rate the mix runs at: the highest rate among the clips (others are resampled up)."""
    rates = [c.sample_rate for c in clips if c.sentences]
    return max(rates) if rates else 22050


def played(path: Path, sample_rate: int) -> Samples:
    """A sentence's audio as it plays: read, resampled to `sample_rate`, trimmed and faded."""
    data, rate = read_wav(path)
    return trim_and_fade(resample(data, rate, sample_rate), sample_rate)


def played_length(path: Path, sample_rate: int) -> int:
    """How many samples `played(path, sample_rate)` has, without making them: at the file's
    own rate only the 16-bit samples are scanned (an unchanged rebuild of an hour-long episode
    lays out its timeline from these)."""
    try:
        with wave.open(str(path), "rb") as w:
            rate, width, channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
            if rate != sample_rate or width != 2 or channels != 1:
                return played(path, sample_rate).size
            frames = w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise AudioError(f"{path}: cannot read sentence audio ({exc})") from None
    pcm = np.frombuffer(frames, dtype="<i2")
    # |v| / 2**15 > SILENCE exactly when |v| > floor(SILENCE * 2**15), for whole numbers v
    span = audible_span(pcm, rate, math.floor(float(SILENCE) * 32768.0))
    return int(span.stop - span.start)


def played_durations(clips: Sequence[Clip], sample_rate: int) -> list[list[float]]:
    """The played duration of every sentence, per clip (as prepare_speech returns them)."""
    return [
        [played_length(s.wav_path, sample_rate) / sample_rate for s in clip.sentences]
        for clip in clips
    ]


def prepare_speech(
    clips: Sequence[Clip], sample_rate: int, raw_path: Path, meter: LoudnessMeter | None = None
) -> tuple[RawAudio, list[list[float]]]:
    """Every sentence trimmed, resampled to `sample_rate` and faded, in order, in `raw_path`.
    Returns the raw audio (one piece per sentence) and the played durations per clip.
    `meter`, when given, measures the speech on the way."""
    offsets: list[int] = []
    lengths: list[int] = []
    durations: list[list[float]] = []
    pos = 0
    with open(raw_path, "wb", buffering=1 << 20) as fh:
        for clip in clips:
            row: list[float] = []
            for sentence in clip.sentences:
                audio = played(sentence.wav_path, sample_rate)
                fh.write(audio.astype("<f4").tobytes())
                if meter is not None:
                    meter.feed(audio)
                offsets.append(pos)
                lengths.append(audio.size)
                row.append(audio.size / sample_rate)
                pos += audio.size
            durations.append(row)
    return RawAudio(raw_path, tuple(offsets), tuple(lengths)), durations


@dataclass(frozen=True)
class _Event:
    start: int  # sample in the episode
    length: int
    piece: int  # index into the source's pieces
    source: RawAudio
    gain: float
    cue: MusicCue | None  # music: its envelope


def _envelope(cue: MusicCue, first: int, count: int, rate: int) -> Samples:
    t = (np.arange(first, first + count, dtype=np.float64)) / rate
    times = [p[0] for p in cue.envelope]
    gains = [p[1] for p in cue.envelope]
    return np.interp(t, times, gains).astype(np.float32)


@dataclass(frozen=True)
class Mixdown:
    """The episode as a list of sounds at their sample positions, rendered span by span."""

    events: tuple[_Event, ...]
    total: int  # samples in the episode
    rate: int

    @classmethod
    def plan(
        cls,
        timeline: Timeline,
        speech: RawAudio,
        music: dict[MusicRole, MusicSource],
        rate: int,
    ) -> Mixdown:
        if len(timeline.placements) != len(speech.lengths):
            raise AudioError("mix: the timeline and the prepared speech disagree")
        starts = [round(p.start * rate) for p in timeline.placements]
        events = list(cls.of_speech(starts, speech, 0, rate).events)
        for cue in timeline.music:
            src = music.get(cue.role)
            if src is None:
                raise AudioError(f"mix: the timeline plays {cue.role} music but none was given")
            n = min(round(cue.duration * rate), src.audio.lengths[0])
            events.append(_Event(round(cue.start * rate), n, 0, src.audio, src.gain, cue))
        events.sort(key=lambda e: e.start)
        return cls(tuple(events), round(timeline.duration * rate), rate)

    @classmethod
    def of_speech(cls, starts: Sequence[int], speech: RawAudio, total: int, rate: int) -> Mixdown:
        """Speech alone: piece k of `speech` from sample starts[k] on."""
        events = tuple(  # placement k plays sentence piece k
            _Event(start, speech.lengths[k], k, speech, 1.0, None) for k, start in enumerate(starts)
        )
        return cls(events, total, rate)

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [ev.start for ev in self.events]

    @functools.cached_property
    def _longest(self) -> int:
        return max((ev.length for ev in self.events), default=0)

    def span(self, first: int, last: int) -> Floats:
        """Samples first..last (silence outside the episode)."""
        out = np.zeros(max(last - first, 0), dtype=np.float64)
        # Events are in order of start: none before this one reaches `first`.
        skip = bisect.bisect_left(self._starts, first - self._longest)
        for ev in itertools.islice(self.events, skip, None):
            if ev.start >= last:
                break
            lo = max(first, ev.start, 0)
            hi = min(last, ev.start + ev.length, self.total)
            if hi <= lo:
                continue
            part = ev.source.read(ev.piece, lo - ev.start, hi - lo)
            if ev.gain != 1.0:
                part *= np.float32(ev.gain)
            if ev.cue is not None:
                part *= _envelope(ev.cue, lo - ev.start, part.size, self.rate)
            out[lo - first : lo - first + part.size] += part
        return out
