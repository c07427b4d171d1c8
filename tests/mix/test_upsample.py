"""The 2x rate doubler in front of LAME: sample-exact, no delay, the same in any blocks, the
speech band kept and its image removed."""

from __future__ import annotations

import numpy as np
import pytest

from digestcast.mix.upsample import RateDoubler, halfband_taps

RATE = 22050


def doubled(x: np.ndarray, cuts: list[int]) -> np.ndarray:
    doubler = RateDoubler()
    parts = [doubler.feed(p) for p in np.split(x, cuts)]
    return np.concatenate([*parts, doubler.flush()])


def tone(hz: float, seconds: float, rate: int) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_twice_the_samples_in_any_blocks_and_the_inputs_kept() -> None:
    x = np.random.default_rng(3).uniform(-0.5, 0.5, 5000).astype(np.float32)
    whole = doubled(x, [])
    assert whole.size == 2 * x.size
    for cuts in ([1, 2, 3], [10], [4999], [2500, 2501, 4000]):
        np.testing.assert_allclose(doubled(x, cuts), whole, atol=1e-6)
    np.testing.assert_allclose(whole[0::2], x, atol=1e-7)  # no delay: the inputs in place


def test_speech_band_passes_and_its_image_is_removed() -> None:
    for hz in (200.0, 3000.0, 8000.0):
        out = doubled(tone(hz, 1.0, RATE), [7000])
        reference = tone(hz, 1.0, 2 * RATE)
        middle = slice(2000, -2000)  # the filter's edges see silence around the tone
        error = np.abs(out[middle] - reference[middle]).max()
        assert error < 0.01
        spectrum = np.abs(np.fft.rfft(out[middle]))
        freqs = np.fft.rfftfreq(out[middle].size, 1 / (2 * RATE))
        image = spectrum[np.abs(freqs - (RATE - hz)) < 50].max()
        assert image < 1e-3 * spectrum.max()  # the mirror at 22.05 kHz - f: > 60 dB down


def test_taps_are_a_symmetric_interpolator() -> None:
    taps = halfband_taps(8)
    assert taps.size == 16
    assert taps.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(taps, taps[::-1])


def test_a_short_episode_shorter_than_the_filter() -> None:
    x = np.linspace(-0.2, 0.2, 7, dtype=np.float32)
    out = doubled(x, [3])
    assert out.size == 14
    np.testing.assert_allclose(out[0::2], x, atol=1e-7)
