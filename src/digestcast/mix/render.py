"""The two passes over a mixdown, span by span with the limiter's look-ahead context on both
sides: `measure` feeds the loudness meter and the limiter-loss model, `rendered` yields the
finished samples (gain applied, peaks limited). Any span comes out as it does inside the whole,
so the usual mix runs them over the episode and the live mix over what it has so far."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from digestcast.mix.assemble import Mixdown
from digestcast.mix.limiter import BLOCK, Limiter, LimiterLoss, db_to_gain
from digestcast.mix.loudness import LoudnessMeter, Samples

# Samples measured, limited and encoded at a time: a span's float64 samples (and the encoder's
# doubled float32 ones) stay under 1 MB at 22.05 and 24 kHz, the size from which the build's
# allocations are mapped afresh (pipeline.runner): larger spans cost a page fault per 4 kB at
# every step (0.6 s of CPU per 8 minutes of audio with 10 s spans).
CHUNK_SECONDS = 4.8


def chunk_samples(rate: int, seconds: float = CHUNK_SECONDS) -> int:
    """Whole 100 ms hops (the meter never carries) and whole limiter blocks."""
    hop = round(rate / 10)
    return max(1, round(seconds * 10 / BLOCK)) * BLOCK * hop


def measure(
    mix: Mixdown,
    meter: LoudnessMeter,
    loss: LimiterLoss,
    first: int,
    last: int,
    done: Callable[[int], None] | None = None,
    seconds: float = CHUNK_SECONDS,
) -> None:
    """Feed samples first..last of `mix` to `meter` and `loss` (which go on from `first`);
    `done(b)` after each chunk."""
    m = Limiter(loss.ceiling_db, mix.rate).margin
    step = chunk_samples(mix.rate, seconds)
    for a in range(first, last, step):
        b = min(a + step, last)
        x = mix.span(a - m, b + m)
        loss.feed(x, m, meter.feed(x[m : m + b - a]))
        if done is not None:
            done(b)


def rendered(
    mix: Mixdown,
    gain_db: float,
    ceiling_db: float,
    first: int,
    last: int,
    seconds: float = CHUNK_SECONDS,
) -> Iterator[tuple[int, Samples]]:
    """Samples first..last of `mix` with `gain_db` applied and peaks limited to `ceiling_db`,
    chunk by chunk, each with the sample it ends at."""
    limiter = Limiter(ceiling_db, mix.rate)
    m = limiter.margin
    gain = db_to_gain(gain_db)
    step = chunk_samples(mix.rate, seconds)
    for a in range(first, last, step):
        b = min(a + step, last)
        x = mix.span(a - m, b + m) * gain
        yield b, limiter.apply(x)[m : m + b - a].astype(np.float32)


def measured_and_rendered(
    mix: Mixdown,
    meter: LoudnessMeter,
    loss: LimiterLoss,
    gain_db: float,
    first: int,
    last: int,
    seconds: float = CHUNK_SECONDS,
) -> Iterator[tuple[int, Samples]]:
    """`measure` and `rendered` over the same samples (the gain known already), each span of
    the mixdown made once for both."""
    limiter = Limiter(loss.ceiling_db, mix.rate)
    m = limiter.margin
    gain = db_to_gain(gain_db)
    step = chunk_samples(mix.rate, seconds)
    for a in range(first, last, step):
        b = min(a + step, last)
        x = mix.span(a - m, b + m)
        loss.feed(x, m, meter.feed(x[m : m + b - a]))
        yield b, limiter.apply(x * gain)[m : m + b - a].astype(np.float32)
