"""True peaks estimated only where they matter, a look-ahead limiter that acts only where needed,
and a model of how much loudness that limiter takes away at any gain.

The limiter's gain at a sample is min(1, ceiling / envelope), where the envelope is the largest
peak within `hold` seconds, smoothed over 2*hold (a moving average of a moving maximum: never
under any peak it covers, so no peak passes the ceiling, and it ramps over a few milliseconds).
Since the envelope scales with the signal, the limited signal times a gain g is
min(g, ceiling / envelope) * x: one pass over the audio at unity (`LimiterLoss`) tells how much
K-weighted energy the limiter removes at every g, and the gain that reaches a loudness target
follows without limiting anything first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]

# True peak: values at quarter-sample offsets (4x oversampling) interpolated with a
# Kaiser-windowed sinc, only around samples within SCREEN_DB of the ceiling: a speech signal does
# not rise that far between two samples.
ISP_TAPS = 8  # kernel half-length in samples
ISP_FRACTIONS = (0.25, 0.5, 0.75)
ISP_BETA = 6.0
SCREEN_DB = 4.0
BATCH = 65536  # samples interpolated at a time (bounds the gather matrices)
HOLD = 0.005  # seconds
BLOCK = 8  # the envelope is computed on the peaks of blocks of this many samples

# LimiterLoss: K-weighted energy binned by envelope level (dBFS at unity gain).
BIN_DB = 0.05
BIN_LOW = -60.0  # envelopes under this are never limited (it would take > 55 dB of gain)
BIN_HIGH = 30.0


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def _isp_kernels() -> Floats:
    """(2 * ISP_TAPS, len(ISP_FRACTIONS)): row k weighs the sample k - ISP_TAPS + 1 places on."""
    offsets = np.arange(-ISP_TAPS + 1, ISP_TAPS + 1, dtype=np.float64)
    cols = []
    for f in ISP_FRACTIONS:
        t = offsets - f
        window = np.i0(ISP_BETA * np.sqrt(np.clip(1.0 - (t / ISP_TAPS) ** 2, 0.0, 1.0)))
        h = np.sinc(t) * window / np.i0(ISP_BETA)
        cols.append(h / h.sum())
    return np.stack(cols, axis=1)


_KERNELS = _isp_kernels()
_OFFSETS = np.arange(-ISP_TAPS + 1, ISP_TAPS + 1)


def peaks_near(x: Floats, idx: Indices) -> Floats:
    """For each sample index in `idx`, the largest absolute value of `x` oversampled 4x within
    one sample either side of it (the sample itself included). Samples within ISP_TAPS of
    either end (context, when `x` is a block with margins) keep their own value."""
    out = np.abs(x[idx])
    inner = np.flatnonzero((idx >= ISP_TAPS) & (idx < x.size - ISP_TAPS))
    for a in range(0, inner.size, BATCH):
        rows = inner[a : a + BATCH]
        for base in (idx[rows] - 1, idx[rows]):  # the interval before the sample, and after
            values = x[base[:, None] + _OFFSETS[None, :]] @ _KERNELS
            out[rows] = np.maximum(out[rows], np.abs(values).max(axis=1))
    return out


def true_peak(x: npt.NDArray[np.floating]) -> float:
    """The largest absolute value of `x` oversampled 4 times (linear)."""
    if x.size == 0:
        return 0.0
    xx = np.asarray(x, dtype=np.float64)
    idx = _candidates(xx, float(np.abs(xx).max()) * db_to_gain(-SCREEN_DB))
    return float(peaks_near(xx, idx).max())


def block_peaks(peaks: Floats) -> Floats:
    """The largest of every BLOCK samples (the last block may be shorter): BLOCK whole-array
    maxima over the blocks' columns (a maximum along the short axis costs ~5x more)."""
    whole = peaks.size // BLOCK * BLOCK
    columns = peaks[:whole].reshape(-1, BLOCK)
    out = np.array(columns[:, 0], dtype=np.float64)
    for k in range(1, BLOCK):
        np.maximum(out, columns[:, k], out=out)
    if whole < peaks.size:
        out = np.append(out, peaks[whole:].max())
    return out


def envelope(blocks: Floats, sample_rate: int, hold: float = HOLD) -> Floats:
    """The limiter's envelope, one value per block of BLOCK samples, from the blocks' peaks: a
    moving maximum over 2*hold (plus a block each side), then a moving average over 2*hold.
    Each value is at least the peak of its block and of both neighbours, so a gain interpolated
    linearly between block centres never lets a peak through."""
    half = max(math.ceil(hold * sample_rate / BLOCK), 1)
    return moving_mean(moving_max(blocks, 2 * half + 3), 2 * half)


def _edge_padded(x: Floats, size: int) -> Floats:
    """`x` (not empty) with its end values repeated so that a window of `size` centred on each
    sample (one more sample before than after when `size` is even) fits."""
    before, after = size // 2, size - 1 - size // 2
    return np.concatenate((np.full(before, x[0]), x, np.full(after, x[-1])))


def moving_max(x: Floats, size: int) -> Floats:
    """The largest value in a window of `size` samples centred on each sample (ends repeated)."""
    if x.size == 0:
        return x
    # Windows doubled in place (the largest of 1, 2, 4, ... samples from each one on), then
    # the two overlapping windows of that width that make up `size`: log2(size) whole-array
    # maxima instead of `size` comparisons per sample along a strided axis (~8x faster).
    padded = np.asarray(_edge_padded(x, size), dtype=np.float64)
    width = 1
    while 2 * width <= size:
        padded = np.maximum(padded[:-width], padded[width:])
        width *= 2
    return np.maximum(padded[: x.size], padded[size - width : size - width + x.size])


def moving_min(x: Floats, size: int) -> Floats:
    """The smallest value in a window of `size` samples centred on each sample."""
    return -moving_max(-x, size)


def moving_mean(x: Floats, size: int) -> Floats:
    """The mean of a window of `size` samples centred on each sample (ends repeated)."""
    if x.size == 0:
        return x
    sums = np.concatenate([[0.0], np.cumsum(_edge_padded(x, size))])
    return np.asarray((sums[size:] - sums[:-size]) / size, dtype=np.float64)


def _candidates(x: Floats, level: float) -> Indices:
    """Samples at or over `level` that are local maxima of |x|: where a peak between samples
    can rise (it lies next to a local maximum)."""
    mag = np.abs(x)
    idx = np.flatnonzero(mag >= level)
    if idx.size == 0:
        return idx
    left = mag[np.maximum(idx - 1, 0)]
    right = mag[np.minimum(idx + 1, mag.size - 1)]
    return idx[(mag[idx] >= left) & (mag[idx] >= right)]


def _per_sample(blocks: Floats, size: int) -> Floats:
    """Block gains interpolated linearly between block centres, computed only next to blocks
    under 1 (elsewhere the gain is 1)."""
    out = np.ones(size)
    near = np.flatnonzero(moving_min(blocks, 3) < 1.0)
    if near.size == 0:
        return out
    samples = (near[:, None] * BLOCK + np.arange(BLOCK)[None, :]).ravel()
    samples = samples[samples < size]
    centres = np.arange(blocks.size) * BLOCK + (BLOCK - 1) / 2
    out[samples] = np.interp(samples, centres, blocks)
    return out


@dataclass(frozen=True)
class Limiter:
    """The look-ahead limiter on 4x-oversampled peaks. Samples far under the ceiling cost one
    comparison; only blocks with a peak over it are filtered."""

    ceiling_db: float
    sample_rate: int
    hold: float = HOLD

    @property
    def margin(self) -> int:
        """Samples of context needed on each side of a block for its gain to be exact (a
        multiple of BLOCK)."""
        half = max(math.ceil(self.hold * self.sample_rate / BLOCK), 1)
        return BLOCK * (2 * half + 4) + BLOCK * math.ceil((ISP_TAPS + 2) / BLOCK)

    def gain_for(self, x: Floats) -> Floats | None:
        """The per-sample gain that keeps `x` under the ceiling, or None when nothing is over."""
        ceiling = db_to_gain(self.ceiling_db)
        candidates = _candidates(x, ceiling * db_to_gain(-SCREEN_DB))
        if candidates.size == 0:
            return None
        peaks = peaks_near(x, candidates)
        if peaks.max() <= ceiling:
            return None
        mag = np.abs(x)
        mag[candidates] = peaks
        env = envelope(block_peaks(mag), self.sample_rate, self.hold)
        return _per_sample(np.minimum(1.0, ceiling / np.maximum(env, 1e-12)), x.size)

    def apply(self, x: Floats) -> Floats:
        """`x` limited (a new array when anything was over, else `x` itself)."""
        gain = self.gain_for(x)
        return x if gain is None else x * gain


@dataclass
class LimiterLoss:
    """K-weighted energy by limiter envelope level, gathered in one pass at unity gain, so that
    `removed(gain_db)` tells how much energy the limiter takes away at any gain (the K-weighting
    of the limited signal taken as the limiter's gain times the K-weighted signal: its gain
    moves over milliseconds)."""

    ceiling_db: float
    sample_rate: int
    _energy: Floats = field(init=False)  # sum of K-weighted squares per envelope bin
    _scaled: Floats = field(init=False)  # ... each divided by its envelope squared
    _quiet: float = field(init=False, default=0.0)  # a block peaking under this adds nothing

    def __post_init__(self) -> None:
        bins = math.ceil((BIN_HIGH - BIN_LOW) / BIN_DB)
        self._energy = np.zeros(bins)
        self._scaled = np.zeros(bins)

    def fix(self, gain_db: float) -> None:
        """From now on only `removed(g)` for g up to `gain_db` is asked for (the live mix has
        fixed its gain): a block whose peaks stay a bin under the ceiling at that gain is not
        limited at any such g, and its envelope is not computed (most speech never gets
        near the ceiling). `removed(g)` stays the same for those gains."""
        self._quiet = db_to_gain(self.ceiling_db - gain_db - BIN_DB)

    def feed(self, x: Floats, margin: int, weighted_sq: Floats) -> None:
        """`x` is a block with `margin` samples (a multiple of BLOCK) of context on each side;
        `weighted_sq` the K-weighted squares of its middle (len(x) - 2 * margin samples)."""
        if self._quiet and x.size and max(float(x.max()), -float(x.min())) <= self._quiet:
            return
        env = envelope(block_peaks(np.abs(x)), self.sample_rate)
        first = margin // BLOCK
        energy = np.add.reduceat(weighted_sq, np.arange(0, weighted_sq.size, BLOCK))
        env = env[first : first + energy.size]
        loud = env > db_to_gain(BIN_LOW)
        if not loud.any():
            return
        env, energy = env[loud], energy[loud]
        bins = ((20.0 * np.log10(env) - BIN_LOW) / BIN_DB).astype(np.intp)
        bins = np.minimum(bins, self._energy.size - 1)
        self._energy += np.bincount(bins, weights=energy, minlength=self._energy.size)
        self._scaled += np.bincount(bins, weights=energy / (env * env), minlength=self._energy.size)

    def removed(self, gain_db: float) -> float:
        """K-weighted energy (sum of squares) the limiter removes from the audio times gain_db."""
        level = self.ceiling_db - gain_db  # envelopes over this (dBFS at unity) are limited
        first = max(0, math.ceil((level - BIN_LOW) / BIN_DB - 0.5))
        g2 = db_to_gain(gain_db) ** 2
        c2 = db_to_gain(self.ceiling_db) ** 2
        return float(g2 * self._energy[first:].sum() - c2 * self._scaled[first:].sum())
