"""Loudness (ITU-R BS.1770 / EBU R128) measured block by block, and a true-peak limiter.

The meter uses pyloudnorm's K-weighting filters but keeps only one power value per 100 ms, so
memory does not grow with the episode's length (pyloudnorm's own meter needs the whole signal).
The limiter looks ahead at 4x-oversampled peaks and applies a smooth gain, block by block.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyloudnorm
from scipy import ndimage, signal  # type: ignore[import-untyped]

Samples = npt.NDArray[np.float32]

ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
OVERSAMPLE = 4


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def gain_to_db(gain: float) -> float:
    return 20.0 * math.log10(gain) if gain > 0 else -math.inf


class LoudnessMeter:
    """Integrated loudness and true peak of a mono signal fed in blocks of any size."""

    def __init__(self, sample_rate: int) -> None:
        self.rate = sample_rate
        stages = pyloudnorm.Meter(sample_rate)._filters.values()
        self._filters = [(f.b, f.a, f.passband_gain) for f in stages]
        self._state = [signal.lfilter_zi(b, a) * 0.0 for b, a, _ in self._filters]
        self._hop = sample_rate // 10  # 100 ms: gating blocks are 4 hops with 75 % overlap
        self._carry = 0.0
        self._carry_n = 0
        self._hops: list[float] = []  # sum of squares per 100 ms
        self._peak = 0.0
        self._tail = np.zeros(0, dtype=np.float32)  # context for oversampling across blocks

    def feed(self, block: Samples) -> None:
        if block.size == 0:
            return
        self._peak = max(self._peak, self._true_peak(block))
        x = block.astype(np.float64)
        for k, (b, a, g) in enumerate(self._filters):
            x, self._state[k] = signal.lfilter(b, a, x, zi=self._state[k])
            x = x * g
        sq = x * x
        need = self._hop - self._carry_n
        if sq.size < need:
            self._carry += float(sq.sum())
            self._carry_n += sq.size
            return
        self._hops.append(self._carry + float(sq[:need].sum()))
        rest = sq[need:]
        whole = rest.size // self._hop
        if whole:
            self._hops.extend(rest[: whole * self._hop].reshape(whole, self._hop).sum(axis=1))
        left = rest[whole * self._hop :]
        self._carry, self._carry_n = float(left.sum()), left.size

    def _true_peak(self, block: Samples) -> float:
        ctx = np.concatenate([self._tail, block])
        self._tail = block[-32:].copy() if block.size >= 32 else ctx[-32:].copy()
        return true_peak(ctx)

    @property
    def true_peak_db(self) -> float:
        return gain_to_db(self._peak)

    @property
    def integrated_lufs(self) -> float:
        """Gated integrated loudness; -inf for silence."""
        hops = np.asarray(self._hops, dtype=np.float64)
        if hops.size < 4:
            return -math.inf
        window = 4 * self._hop
        z = (hops[:-3] + hops[1:-2] + hops[2:-1] + hops[3:]) / window
        with np.errstate(divide="ignore"):
            loud = -0.691 + 10.0 * np.log10(z)
        z = z[loud >= ABSOLUTE_GATE]
        if z.size == 0:
            return -math.inf
        relative = -0.691 + 10.0 * math.log10(float(z.mean())) + RELATIVE_GATE
        with np.errstate(divide="ignore"):
            z = z[-0.691 + 10.0 * np.log10(z) > relative]
        return -0.691 + 10.0 * math.log10(float(z.mean())) if z.size else -math.inf


def true_peak(x: Samples) -> float:
    """The largest absolute value of `x` oversampled 4 times (linear)."""
    if x.size == 0:
        return 0.0
    up = signal.resample_poly(x.astype(np.float64), OVERSAMPLE, 1)
    return float(max(np.abs(up).max(), np.abs(x).max()))


def measure(blocks: Iterable[Samples], sample_rate: int) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of a stream of blocks."""
    meter = LoudnessMeter(sample_rate)
    for block in blocks:
        meter.feed(block)
    return meter.integrated_lufs, meter.true_peak_db


@dataclass(frozen=True)
class Limiter:
    """A look-ahead limiter on oversampled peaks. The gain is the minimum of what every peak
    within `hold` seconds needs, smoothed over 2*hold: it is never above what a peak needs, so
    no oversampled peak exceeds the ceiling, and it ramps in and out over tens of milliseconds."""

    ceiling_db: float
    sample_rate: int
    hold: float = 0.005

    @property
    def margin(self) -> int:
        """Samples of context needed on each side of a block."""
        return 2 * int(self.hold * self.sample_rate) + 64

    def gain_for(self, x: Samples) -> npt.NDArray[np.float64]:
        ceiling = db_to_gain(self.ceiling_db)
        if x.size == 0 or np.abs(x).max() < ceiling * 0.5:  # oversampled peaks stay within +6 dB
            return np.ones(x.size)
        up = np.abs(signal.resample_poly(x.astype(np.float64), OVERSAMPLE, 1))
        peaks = np.maximum(up.reshape(-1, OVERSAMPLE).max(axis=1), np.abs(x))
        need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
        half = int(self.hold * self.sample_rate)
        held = ndimage.minimum_filter1d(need, size=2 * half + 1, mode="nearest")
        smooth: npt.NDArray[np.float64] = ndimage.uniform_filter1d(
            held, size=2 * half, mode="nearest"
        )
        out: npt.NDArray[np.float64] = np.minimum(smooth, held)
        return out  # the smoothing window is within the hold: no overshoot

    def apply(self, blocks: Iterable[Samples]) -> Iterator[Samples]:
        """The blocks, limited; each block is processed with its neighbours as context."""
        m = self.margin
        prev = np.zeros(0, dtype=np.float32)
        cur: Samples | None = None
        for nxt in blocks:
            if nxt.size == 0:
                continue
            if cur is not None:
                yield self._limit(prev, cur, nxt)
                prev = cur[-m:]
            cur = nxt
        if cur is not None:
            yield self._limit(prev, cur, np.zeros(0, dtype=np.float32))

    def _limit(self, before: Samples, cur: Samples, after: Samples) -> Samples:
        m = self.margin
        ctx = np.concatenate([before[-m:], cur, after[:m]])
        gain = self.gain_for(ctx)
        lead = min(m, before.size)
        out: Samples = (cur * gain[lead : lead + cur.size]).astype(np.float32)
        return out


def solve_gain(
    x: Samples, sample_rate: int, target_lufs: float, ceiling_db: float, *, steps: int = 6
) -> float:
    """The gain (dB) that brings `x`, once limited to `ceiling_db`, to `target_lufs`.
    Limiting takes loudness away, so the answer is found by secant steps."""

    def chunks(y: Samples) -> Iterator[Samples]:
        return (y[a : a + sample_rate] for a in range(0, y.size, sample_rate))

    base = measure(chunks(x), sample_rate)[0]
    if math.isinf(base):
        return 0.0
    limiter = Limiter(ceiling_db, sample_rate)
    gain = target_lufs - base
    last: tuple[float, float] | None = None
    for _ in range(steps):
        scaled = x * np.float32(db_to_gain(gain))
        got = measure(limiter.apply(chunks(scaled)), sample_rate)[0]
        if abs(got - target_lufs) < 0.05:
            break
        slope = 1.0
        if last is not None and abs(gain - last[0]) > 0.01:
            slope = min(1.0, max(0.2, (got - last[1]) / (gain - last[0])))
        last = (gain, got)
        gain += (target_lufs - got) / slope
    return gain
