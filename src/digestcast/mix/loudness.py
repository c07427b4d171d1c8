"""Loudness (ITU-R BS.1770 / EBU R128) from one pass, and the gain to a target in closed form.

The meter K-weights the audio once (a carried-state `sosfilt` over large blocks) and keeps one
energy per 100 ms, so memory does not grow with the episode. The gain that reaches a target
needs no second pass: gain shifts every block's loudness by the same number of dB, so the gated
loudness at any gain follows from the energies kept at unity; what the limiter takes away at
that gain comes from `limiter.LimiterLoss`, gathered in the same pass.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from digestcast.mix.limiter import LimiterLoss, db_to_gain

Samples = npt.NDArray[np.float32]
Floats = npt.NDArray[np.float64]

ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
HOPS_PER_BLOCK = 4  # 400 ms gating blocks of four 100 ms hops: 75 % overlap


def gain_to_db(gain: float) -> float:
    return 20.0 * math.log10(gain) if gain > 0 else -math.inf


def k_weighting(sample_rate: int) -> Floats:
    """The BS.1770 K-weighting filter at `sample_rate` as second-order sections."""
    import pyloudnorm

    stages = pyloudnorm.Meter(sample_rate)._filters.values()
    rows = [np.concatenate([f.b * f.passband_gain, f.a]) for f in stages]
    return np.vstack(rows).astype(np.float64)


class LoudnessMeter:
    """Integrated loudness of a mono signal fed in blocks of any size (large blocks are fastest)."""

    def __init__(self, sample_rate: int) -> None:
        self.rate = sample_rate
        self._sos = k_weighting(sample_rate)
        self._zi = np.zeros((self._sos.shape[0], 2))
        self._hop = round(sample_rate / 10)
        self._hops: list[Floats] = []  # K-weighted sum of squares per 100 ms
        self._carry = 0.0
        self._carry_n = 0
        self.peak = 0.0  # the largest absolute sample value seen

    def feed(self, block: Samples | Floats) -> Floats:
        """Measure `block`; returns its K-weighted squares."""
        from scipy import signal

        x = np.asarray(block, dtype=np.float64)
        if x.size == 0:
            return x
        self.peak = max(self.peak, float(np.abs(x).max()))
        y, self._zi = signal.sosfilt(self._sos, x, zi=self._zi)
        sq: Floats = np.square(y, dtype=np.float64)
        need = self._hop - self._carry_n
        if sq.size < need:
            self._carry += float(sq.sum())
            self._carry_n += sq.size
            return sq
        self._hops.append(np.array([self._carry + float(sq[:need].sum())]))
        rest = sq[need:]
        whole = rest.size // self._hop
        if whole:
            self._hops.append(rest[: whole * self._hop].reshape(whole, self._hop).sum(axis=1))
        left = rest[whole * self._hop :]
        self._carry, self._carry_n = float(left.sum()), left.size
        return sq

    def _blocks(self) -> Floats:
        """Mean square of each 400 ms gating block."""
        hops = np.concatenate(self._hops) if self._hops else np.zeros(0)
        n = HOPS_PER_BLOCK
        if hops.size < n:
            return np.zeros(0)
        z = sum(hops[k : hops.size - n + 1 + k] for k in range(n))
        return np.asarray(z, dtype=np.float64) / (n * self._hop)

    def _gated(self, gain_db: float) -> tuple[float, int]:
        """Mean energy of the gated blocks at unity and how many there are, for the audio fed
        so far times `gain_db`. Both gates move with the gain: only the absolute one is
        recomputed."""
        z = self._blocks()
        with np.errstate(divide="ignore"):
            loud = -0.691 + 10.0 * np.log10(z) + gain_db
        z, loud = z[loud >= ABSOLUTE_GATE], loud[loud >= ABSOLUTE_GATE]
        if z.size == 0:
            return 0.0, 0
        relative = -0.691 + 10.0 * math.log10(float(z.mean())) + gain_db + RELATIVE_GATE
        z = z[loud > relative]
        return (float(z.mean()), z.size) if z.size else (0.0, 0)

    def loudness_at(self, gain_db: float, loss: LimiterLoss | None = None) -> float:
        """Gated integrated loudness (LUFS) of the audio fed so far times `gain_db`, limited
        when `loss` is given; -inf for silence. The limiter acts on loud passages, all inside
        the gates: its energy comes off gated blocks (4 of them per sample)."""
        mean, count = self._gated(gain_db)
        if count == 0:
            return -math.inf
        energy = mean * db_to_gain(gain_db) ** 2
        if loss is not None:
            block = HOPS_PER_BLOCK * self._hop
            energy -= HOPS_PER_BLOCK * loss.removed(gain_db) / (count * block)
        return -0.691 + 10.0 * math.log10(energy) if energy > 0 else -math.inf

    @property
    def integrated_lufs(self) -> float:
        return self.loudness_at(0.0)

    def gain_to(self, target_lufs: float, loss: LimiterLoss | None = None) -> float:
        """The gain (dB) that brings the audio fed so far, limited when `loss` is given, to
        `target_lufs` (0 for silence). Loudness rises with the gain: bisection on the closed
        form, no audio touched."""
        base = self.integrated_lufs
        if math.isinf(base):
            return 0.0
        lo = target_lufs - base - 1.0  # the limiter only takes loudness away
        while self.loudness_at(lo, loss) > target_lufs:
            lo -= 6.0
        hi = lo + 7.0
        for _ in range(8):  # the limiter may take up to ~40 dB: give up beyond
            if self.loudness_at(hi, loss) >= target_lufs:
                break
            lo, hi = hi, hi + 6.0
        for _ in range(40):
            mid = (lo + hi) / 2
            if self.loudness_at(mid, loss) < target_lufs:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2
