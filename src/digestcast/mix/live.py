"""Mixing while the engines speak, so that the episode is encoded moments after synthesis.

The speak stage says which sentences the episode holds (`planned`), then each one that is
ready. A low-priority thread lays each sentence out once all before it are ready, measures the
part of the episode that can no longer change and, a quarter of the script in, fixes the gain
from it and streams the finished audio into the encoder. The gain is a prediction: `finish`
offers the episode only when the whole's loudness at that gain is within TOLERANCE_LU of the
target (else the mix stage renders it the usual way). Speech-only MP3s only: music follows the
whole speech's loudness, and M4A needs its chapters before encoding.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from digestcast.config import AudioSettings, Pauses
from digestcast.mix.assemble import Mixdown, RawAudio, played, read_wav
from digestcast.mix.encode import encode_episode
from digestcast.mix.limiter import BLOCK, Limiter, LimiterLoss
from digestcast.mix.loudness import LoudnessMeter, Samples
from digestcast.mix.render import CHUNK_SECONDS, measure, measured_and_rendered, rendered
from digestcast.mix.timeline import Timeline, TimelineBuilder
from digestcast.models import Clip, Segment

ENCODE_AFTER = 0.25  # share of the script's text measured before the gain is fixed
TOLERANCE_LU = 0.5  # the whole's loudness at the gain used may miss the target by this much
NICE = 5  # the mix thread's niceness (it encodes too): synthesis first
STEP_SECONDS = CHUNK_SECONDS  # at most this much audio measured or rendered at a time


class _Cancelled(Exception):
    """The build stopped: the thread ends and the encoder is killed."""


@dataclass(frozen=True)
class Levels:
    """What the mix aims at, in the PCM's terms (before the codec's own level change)."""

    target_lufs: float
    ceiling_db: float


@dataclass(frozen=True)
class LiveEpisode:
    """An episode the live mix encoded (no tags yet) and the timeline it plays."""

    path: Path
    timeline: Timeline
    gain_db: float
    loudness_lufs: float  # at the gain used, limited (PCM terms)


@dataclass(frozen=True)
class _Item:
    path: Path
    chars: int


class LiveMix:
    """Listens to the speak stage (`planned`, `ready`) and mixes and encodes in its thread;
    `finish` waits for the episode, `close` stops everything and removes its files."""

    def __init__(
        self,
        audio: AudioSettings,
        levels: Levels,
        pauses: Pauses,
        speaker_of: Callable[[Segment], str | None],
        work: Path,
    ) -> None:
        self.audio = audio
        self.levels = levels
        self.pauses = pauses
        self.speaker_of = speaker_of
        self.work = work
        self._cond = threading.Condition()
        self._ready: set[Path] = set()
        self._cancelled = False
        self._complete = False  # speak is over: what is not ready will not be
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._result: LiveEpisode | None = None
        self.rate = 0

    # The speak stage's side -----------------------------------------------------------------

    def planned(self, clips: Sequence[Clip], pending: Collection[Path]) -> None:
        """The episode's sentences in order (durations unknown yet); those in `pending` are
        not synthesized yet, the others are ready now. With nothing pending there is nothing
        to hide the mix behind (and the published episode may be reused): no live mix."""
        items = [_Item(s.wav_path, len(s.text)) for c in clips for s in c.sentences]
        if not items or not pending or self._thread is not None:
            return
        with self._cond:
            self._ready.update(i.path for i in items if i.path not in pending)
        self._thread = threading.Thread(
            target=self._run, args=(tuple(clips), items), name="live-mix", daemon=True
        )
        self._thread.start()

    def ready(self, path: Path) -> None:
        with self._cond:
            self._ready.add(path)
            self._cond.notify()

    # The mix stage's side -------------------------------------------------------------------

    def finish(self, clips: Sequence[Clip]) -> LiveEpisode | None:
        """The encoded episode once every sentence is in, or None when the live mix has none
        to offer (not started, failed, other sample rates, loudness off target): the caller
        then mixes the usual way."""
        if self._thread is None:
            return None
        with self._cond:  # no sentence arrives after this: the thread never waits for one
            self._complete = True
            self._cond.notify()
        self._thread.join()
        result = self._result
        rates = {c.sample_rate for c in clips if c.sentences}
        if result is None or self._error is not None or rates != {self.rate}:
            return None
        if abs(result.loudness_lufs - self.levels.target_lufs) > TOLERANCE_LU:
            return None
        return result

    def close(self) -> None:
        """Stop the thread (killing the encoder) and remove the live mix's files."""
        with self._cond:
            self._cancelled = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join()
        for name in ("live.f32", "live.mp3"):
            (self.work / name).unlink(missing_ok=True)

    # The thread ---------------------------------------------------------------------------

    def _next_ready(self, items: Sequence[_Item], placed: int) -> list[_Item]:
        """The items from `placed` on that are ready without a gap, waiting for at least one."""
        with self._cond:
            while not (self._cancelled or self._complete) and items[placed].path not in self._ready:
                self._cond.wait()
            if self._cancelled or items[placed].path not in self._ready:
                raise _Cancelled
            out = []
            for item in items[placed:]:
                if item.path not in self._ready:
                    break
                out.append(item)
            return out

    def _run(self, clips: tuple[Clip, ...], items: list[_Item]) -> None:
        with contextlib.suppress(OSError, AttributeError):  # synthesis first (where allowed)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
        audio = self.audio
        try:  # the mix runs at the first sentence's rate (`finish` checks they all have it)
            self._next_ready(items, 0)
            self.rate = read_wav(items[0].path)[1]
        except _Cancelled:
            return
        except Exception as exc:
            self._error = exc
            return
        self.work.mkdir(parents=True, exist_ok=True)
        out = self.work / "live.mp3"
        state = _Render(
            self, clips, items, self.work / "live.f32", lambda k: self._next_ready(items, k)
        )
        try:
            encode_episode(
                state.chunks(),
                out,
                fmt="mp3",
                input_rate=self.rate,
                sample_rate=audio.sample_rate,
                channels=audio.channels,
                bitrate_kbps=audio.bitrate_kbps,
            )
        except _Cancelled:
            return
        except Exception as exc:  # the usual mix runs instead, and reports any real problem
            self._error = exc
            return
        assert state.timeline is not None and state.gain_db is not None
        self._result = LiveEpisode(
            out, state.timeline, state.gain_db, state.meter.loudness_at(state.gain_db, state.loss)
        )


class _Render:
    """The live mix's way through the episode: what is laid out, measured and encoded."""

    def __init__(
        self,
        live: LiveMix,
        clips: tuple[Clip, ...],
        items: list[_Item],
        raw: Path,
        next_ready: Callable[[int], list[_Item]],
    ) -> None:
        self.rate = rate = live.rate
        self.levels = live.levels
        self.items = items
        self.raw = raw
        self.next_ready = next_ready
        self.builder = TimelineBuilder(clips, live.pauses, speaker_of=live.speaker_of)
        self.meter = LoudnessMeter(rate)
        self.loss = LimiterLoss(self.levels.ceiling_db, rate)
        self.margin = Limiter(self.levels.ceiling_db, rate).margin
        self.offsets: list[int] = []
        self.lengths: list[int] = []
        self.starts: list[int] = []
        self.written = 0  # samples in the raw file
        self.chars_total = sum(i.chars for i in items) or 1
        self.chars_in = 0
        self.gain_db: float | None = None
        self.timeline: Timeline | None = None

    def _lay_out(self, batch: list[_Item], fh: BinaryIO) -> None:
        for item in batch:
            audio = played(item.path, self.rate)
            fh.write(audio.astype("<f4").tobytes())
            self.offsets.append(self.written)
            self.lengths.append(audio.size)
            self.written += audio.size
            placement = self.builder.place(audio.size / self.rate)
            self.starts.append(round(placement.start * self.rate))
            self.chars_in += item.chars
        fh.flush()

    def _mixdown(self, total: int) -> Mixdown:
        speech = RawAudio(self.raw, tuple(self.offsets), tuple(self.lengths))
        return Mixdown.of_speech(self.starts, speech, total, self.rate)

    def chunks(self) -> Iterator[Samples]:
        """The finished episode's samples, as the sentences come in."""
        m = self.margin
        measured = 0
        levels = self.levels
        with open(self.raw, "wb") as fh:
            while not self.builder.done:
                self._lay_out(self.next_ready(len(self.starts)), fh)
                if self.builder.done:
                    self.timeline = self.builder.finish()
                    end = fixed = round(self.timeline.duration * self.rate)
                else:  # nothing placed later sounds before the next sentence's start
                    end = round(self.builder.next_start() * self.rate)
                    fixed = max(measured, (end - m) // BLOCK * BLOCK)
                mix = self._mixdown(end)
                if self.gain_db is not None:  # all measured is rendered: on with both at once
                    steps = measured_and_rendered(
                        mix, self.meter, self.loss, self.gain_db, measured, fixed, STEP_SECONDS
                    )
                    yield from (chunk for _, chunk in steps)
                    measured = fixed
                    continue
                measure(mix, self.meter, self.loss, measured, fixed, seconds=STEP_SECONDS)
                measured = fixed
                if self.builder.done or self.chars_in >= ENCODE_AFTER * self.chars_total:
                    self.gain_db = self.meter.gain_to(levels.target_lufs, self.loss)
                    self.loss.fix(self.gain_db)  # (only the loudness at this gain is asked)
                    ceiling = levels.ceiling_db
                    steps = rendered(mix, self.gain_db, ceiling, 0, measured, STEP_SECONDS)
                    yield from (chunk for _, chunk in steps)
