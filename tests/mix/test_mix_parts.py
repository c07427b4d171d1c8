"""The mix stage's parts: loudness meter and limiter, transcripts, cover, assembly."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import srt
import webvtt
from PIL import Image

from digestcast.config import Pauses, Settings
from digestcast.errors import ConfigError
from digestcast.mix.assemble import (
    SILENCE,
    Mixdown,
    played,
    played_length,
    prepare_speech,
    read_wav,
    speech_rate,
    trim_and_fade,
)
from digestcast.mix.cover import draw_cover, ensure_cover, kept_drawing, kept_jpeg
from digestcast.mix.limiter import (
    Limiter,
    LimiterLoss,
    moving_max,
    moving_mean,
    moving_min,
    true_peak,
)
from digestcast.mix.loudness import KWeighting, LoudnessMeter, k_weighting
from digestcast.mix.music import chime
from digestcast.mix.timeline import plan_timeline
from digestcast.mix.transcript import to_json_chapters, to_srt, to_vtt
from digestcast.models import Chapter, Cue
from tests.mix.mix_audio import clip, segment, tone_wav, write_wav

RATE = 44100


def speechy_noise(seconds: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    x = rng.standard_normal(t.size) * (0.2 + np.abs(np.sin(2 * np.pi * 3 * t)))
    return (0.2 * x).astype(np.float32)


def test_meter_fed_in_odd_blocks_agrees_with_pyloudnorm() -> None:
    x = speechy_noise(6.0)
    x[RATE : 2 * RATE] = 0.0  # a silent second the gates must drop
    meter = LoudnessMeter(RATE)
    for a in range(0, x.size, 7919):
        meter.feed(x[a : a + 7919])
    expected = pyloudnorm.Meter(RATE).integrated_loudness(x.astype(np.float64))
    assert meter.integrated_lufs == pytest.approx(expected, abs=0.01)
    assert meter.peak == pytest.approx(float(np.abs(x).max()))


@pytest.mark.parametrize("rate", [16000, 22050, 44100, 48000])
def test_k_weighting_matches_pyloudnorm_and_scipy_fed_in_any_blocks(rate: int) -> None:
    """The numpy-only filter (a convolution) equals the IIR filter scipy runs, block sizes
    from a few samples to more than the FFT block."""
    from scipy import signal

    filters = pyloudnorm.Meter(rate)._filters.values()
    expected = np.vstack([np.concatenate([f.b * f.passband_gain, f.a]) for f in filters])
    np.testing.assert_allclose(k_weighting(rate), expected, rtol=1e-12, atol=1e-12)
    x = np.random.default_rng(rate).standard_normal(3 * rate)
    kw = KWeighting(rate)
    cuts = [0, 3, 10, 1000, rate, rate + 1, 2 * rate + 17, x.size]
    y = np.concatenate([kw(x[a:b]) for a, b in itertools.pairwise(cuts)])
    np.testing.assert_allclose(y, signal.sosfilt(k_weighting(rate), x), atol=1e-6)


@pytest.mark.parametrize("size", [1, 2, 3, 30, 31])
def test_moving_filters_match_scipy_ndimage(size: int) -> None:
    from scipy import ndimage

    for n in (1, 2, 7, 500):
        x = np.random.default_rng(n).random(n)
        np.testing.assert_allclose(
            moving_max(x, size), ndimage.maximum_filter1d(x, size, mode="nearest")
        )
        np.testing.assert_allclose(
            moving_min(x, size), ndimage.minimum_filter1d(x, size, mode="nearest")
        )
        np.testing.assert_allclose(
            moving_mean(x, size), ndimage.uniform_filter1d(x, size, mode="nearest")
        )


@pytest.mark.parametrize("rate", [22050, 44100])
def test_closed_form_gain_reaches_the_target_as_pyloudnorm_measures_it(rate: int) -> None:
    rng = np.random.default_rng(5)
    t = np.arange(20 * rate) / rate
    x = rng.standard_normal(t.size) * (0.2 + np.abs(np.sin(2 * np.pi * 0.3 * t))) ** 4 * 0.01
    meter = LoudnessMeter(rate)
    meter.feed(x)
    gain = meter.gain_to(-16.0)
    assert meter.loudness_at(gain) == pytest.approx(-16.0, abs=1e-3)
    measured = pyloudnorm.Meter(rate).integrated_loudness(x * 10 ** (gain / 20))
    assert measured == pytest.approx(-16.0, abs=0.01)
    assert LoudnessMeter(rate).gain_to(-16.0) == 0.0  # nothing fed: silence


def test_closed_form_gain_accounts_for_what_the_limiter_takes() -> None:
    rate, ceiling = 22050, -2.0
    rng = np.random.default_rng(7)
    t = np.arange(30 * rate) / rate
    syllables = np.abs(np.sin(2 * np.pi * 2.3 * t)) ** 20  # peaky, like speech
    x = rng.standard_normal(t.size) * (0.05 + syllables) * 0.02
    limiter = Limiter(ceiling, rate)
    meter, loss = LoudnessMeter(rate), LimiterLoss(ceiling, rate)
    m = limiter.margin
    loss.feed(np.pad(x, m), m, meter.feed(x))
    plain, limited = meter.gain_to(-16.0), meter.gain_to(-16.0, loss)
    assert limited > plain + 1.0  # the peaks had to come down: more gain to stay at -16
    y = limiter.apply(x * 10 ** (limited / 20))
    # white noise peaks between samples more than speech, which the model leaves out: within
    # 0.35 LU here, 0.1 LU on real speech
    assert pyloudnorm.Meter(rate).integrated_loudness(y) == pytest.approx(-16.0, abs=0.35)
    assert 20 * np.log10(true_peak(y)) <= ceiling + 0.01


def test_limiter_loss_with_the_gain_fixed_skips_quiet_spans_and_answers_the_same() -> None:
    """Once the live mix fixes its gain, spans that stay under the ceiling at it are not
    analysed, and what the limiter removes at that gain (or any lower one) is the same."""
    rate, ceiling = 22050, -2.0
    rng = np.random.default_rng(3)
    t = np.arange(40 * rate) / rate
    level = np.where((t % 10) < 2, 0.5, 0.02)  # loud 2 s in every 10, the rest quiet
    x = rng.standard_normal(t.size) * level * (0.3 + np.abs(np.sin(2 * np.pi * 2.1 * t)))
    m = Limiter(ceiling, rate).margin
    step = 4 * rate
    whole, fixed = LimiterLoss(ceiling, rate), LimiterLoss(ceiling, rate)
    meter = LoudnessMeter(rate)
    gain_db = 6.0
    fixed.fix(gain_db)
    skipped = 0
    for a in range(0, x.size, step):
        span = np.pad(x, m)[a : a + step + 2 * m]
        sq = meter.feed(span[m:-m])
        before = fixed._energy.copy()
        whole.feed(span, m, sq)
        fixed.feed(span, m, sq)
        skipped += bool(np.array_equal(before, fixed._energy))
    assert skipped >= 3  # the quiet spans (those without a loud second) were skipped ...
    assert whole.removed(gain_db) > 0  # ... the loud ones limited at that gain
    for g in (gain_db, gain_db - 0.01, gain_db - 3.0, 0.0):
        assert fixed.removed(g) == whole.removed(g)


def test_true_peak_finds_peaks_between_samples() -> None:
    # a sine at a quarter of the rate, sampled 45 degrees off its peaks: samples at 0.707
    n = np.arange(4000)
    x = np.sin(2 * np.pi * n / 4 + np.pi / 4)
    assert np.abs(x).max() == pytest.approx(np.sqrt(0.5), abs=1e-6)
    assert true_peak(x) == pytest.approx(1.0, abs=0.01)


def test_limiter_keeps_oversampled_peaks_under_the_ceiling() -> None:
    x = speechy_noise(3.0, seed=1).astype(np.float64) * 3
    limiter = Limiter(-3.0, RATE)
    y = limiter.apply(x)
    assert y.size == x.size
    assert 20 * np.log10(true_peak(y)) <= -3.0 + 0.05
    assert 20 * np.log10(true_peak(x)) > 3.0  # it had work to do
    quiet = x * 0.01  # far below the ceiling: untouched, no work
    assert limiter.gain_for(quiet) is None and limiter.apply(quiet) is quiet
    # only the neighbourhood of the overs changes
    spike = quiet.copy()
    spike[RATE] = 0.9
    g = limiter.gain_for(spike)
    assert g is not None and g.min() < 0.8
    changed = np.flatnonzero(g < 1.0)
    assert changed.min() >= RATE - limiter.margin and changed.max() <= RATE + limiter.margin


def test_mixdown_spans_join_into_the_whole(tmp_path: Path) -> None:
    a = tone_wav(tmp_path / "a.wav", 0.7, 22050)
    b = tone_wav(tmp_path / "b.wav", 0.4, 22050, freq=330.0)
    clips = [
        clip(segment("A"), (a, "A.", True), (b, "B.", False)),
        clip(segment("B"), (a, "C.", False)),
    ]
    rate = speech_rate(clips)
    speech, durations = prepare_speech(clips, rate, tmp_path / "speech.f32")
    timeline = plan_timeline(clips, Pauses(), durations=durations)
    mix = Mixdown.plan(timeline, speech, {}, rate)
    whole = mix.span(0, mix.total)
    pieces = np.concatenate(
        [mix.span(k, min(k + 3001, mix.total)) for k in range(0, mix.total, 3001)]
    )
    assert np.array_equal(whole, pieces)
    assert np.array_equal(mix.span(-100, 0), np.zeros(100, dtype=np.float32))
    third = timeline.placements[2]
    start = round(third.start * rate)
    assert np.array_equal(whole[start : start + speech.lengths[2]], speech.read(2))
    assert np.abs(whole[round(third.start * rate) - 100 : start]).max() == 0.0  # the pause


def test_trim_keeps_the_audible_part_and_fades_the_edges(tmp_path: Path) -> None:
    wav = tone_wav(tmp_path / "t.wav", 1.0, 22050, pad=0.5)
    x, rate = read_wav(wav)
    assert rate == 22050 and x.size == 44100
    y = trim_and_fade(x, rate)
    assert 1.0 <= y.size / rate <= 1.03
    assert y[0] == 0.0 and abs(y[-1]) < 1e-3


def test_prepare_speech_resamples_each_clip_to_the_episode_rate(tmp_path: Path) -> None:
    a = tone_wav(tmp_path / "a.wav", 1.0, 22050)
    b = tone_wav(tmp_path / "b.wav", 0.5, 16000)
    clips = [clip(segment("A"), (a, "A.", False)), clip(segment("B"), (b, "B.", False))]
    meter = LoudnessMeter(RATE)
    speech, durations = prepare_speech(clips, RATE, tmp_path / "speech.f32", meter)
    assert meter.integrated_lufs > -30.0
    assert durations[0][0] == pytest.approx(1.0, abs=0.03)
    assert durations[1][0] == pytest.approx(0.5, abs=0.03)
    assert (tmp_path / "speech.f32").stat().st_size == 4 * sum(speech.lengths)
    assert speech.read(1).size == speech.lengths[1]


def test_chime_is_short_clean_and_ends_in_silence() -> None:
    tone = chime(RATE)
    assert 1.0 < tone.size / RATE < 2.0
    assert 0.4 < np.abs(tone).max() <= 0.5
    assert abs(tone[-1]) < 1e-4 and abs(tone[0]) < 1e-3


CUES = (
    Cue(0.0, 1.5, "Hello & welcome to <the> show.", "Joe"),
    Cue(2.0, 65.25, " ".join(["word"] * 40), "Amy"),
    Cue(3725.5, 3727.004, "Bye.", "Joe"),
)


def test_vtt_has_voice_tags_wrapped_lines_and_parses(tmp_path: Path) -> None:
    text = to_vtt(CUES, speakers=True)
    assert text.startswith("WEBVTT\n\n")
    assert "01:02:05.500 --> 01:02:07.004" in text
    assert all(len(line) <= 42 + len("<v Amy>") for line in text.splitlines())
    path = tmp_path / "t.vtt"
    path.write_text(text, encoding="utf-8")
    parsed = list(webvtt.read(str(path)))
    # the long cue is cut into captions of at most two lines, in the SRT's times
    assert [c.voice for c in parsed] == ["Joe", "Amy", "Amy", "Amy", "Joe"]
    assert all(len(c.text.splitlines()) <= 2 for c in parsed)
    srt_starts = [_clock(s.start) for s in srt.parse(to_srt(CUES, speakers=True))]
    assert [c.start for c in parsed] == srt_starts
    assert html.unescape(parsed[0].text) == "Hello & welcome to <the> show."  # escaped in VTT
    assert "<v" not in to_vtt(CUES, speakers=False)


def _clock(delta: dt.timedelta) -> str:
    ms = round(delta.total_seconds() * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def test_srt_uses_commas_and_round_trips() -> None:
    text = to_srt(CUES, speakers=False)
    assert "01:02:05,500 --> 01:02:07,004" in text
    subs = list(srt.parse(text))
    assert [s.index for s in subs] == [1, 2, 3, 4, 5]
    assert subs[1].start.total_seconds() == 2.0 and subs[3].end.total_seconds() == 65.25
    assert subs[1].end == subs[2].start  # the cue's time shared in proportion to its text
    assert subs[0].content == "Hello & welcome to <the> show."


def test_json_chapters_sorted_with_optional_urls() -> None:
    chapters = [Chapter("B", 10.0, 20.0, "https://b.example/"), Chapter("A", 0.0, 10.0)]
    doc = json.loads(to_json_chapters(chapters))
    assert doc == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0.0, "title": "A", "endTime": 10.0},
            {"startTime": 10.0, "title": "B", "endTime": 20.0, "url": "https://b.example/"},
        ],
    }


def test_json_chapters_carry_img_only_for_chapters_with_an_image() -> None:
    chapters = [
        Chapter("Intro", 0.0, 5.0),
        Chapter("Pier", 5.0, 9.0, "https://n.example/pier", "https://n.example/pier.jpg"),
    ]
    doc = json.loads(to_json_chapters(chapters))
    assert doc["chapters"][0] == {"startTime": 0.0, "title": "Intro", "endTime": 5.0}
    assert doc["chapters"][1]["img"] == "https://n.example/pier.jpg"
    assert doc["chapters"][1]["url"] == "https://n.example/pier"


def test_generated_cover_is_a_3000px_rgb_png_kept_for_the_same_title(tmp_path: Path) -> None:
    settings = Settings().with_overrides(**{"show.title": "Weekly Robots Digest"})
    path = ensure_cover(settings, tmp_path)
    with Image.open(path) as img:
        assert (img.format, img.mode, img.size) == ("PNG", "RGB", (3000, 3000))
        colours = img.resize((60, 60)).getcolors(3600)
    assert colours is not None and len(colours) > 2  # a title was drawn on the background
    stamp = path.stat().st_mtime_ns
    assert ensure_cover(settings, tmp_path) == path and path.stat().st_mtime_ns == stamp
    assert draw_cover("Another show") != path.read_bytes()


def test_a_drawn_cover_is_kept_per_title(tmp_path: Path) -> None:
    kept = tmp_path / "art"
    first = kept_drawing("Weekly Robots Digest", kept)
    assert first == draw_cover("Weekly Robots Digest")
    (made,) = kept.iterdir()
    stamp = made.stat().st_mtime_ns
    assert kept_drawing("Weekly Robots Digest", kept) == first
    assert made.stat().st_mtime_ns == stamp  # read back, not drawn again
    made.write_bytes(b"not a png")  # damaged: drawn again
    assert kept_drawing("Weekly Robots Digest", kept) == first
    assert kept_drawing("Another show", kept) not in (first, b"")
    assert len(list(kept.iterdir())) == 2


def test_the_embedded_jpeg_is_kept_per_cover(tmp_path: Path) -> None:
    from digestcast.mix.tags import cover_jpeg

    cover, kept = tmp_path / "cover.jpg", tmp_path / "art"
    Image.new("RGB", (1400, 1400), (10, 20, 30)).save(cover, "JPEG")
    first = kept_jpeg(cover, kept)
    assert first == cover_jpeg(cover)
    (made,) = kept.iterdir()
    stamp = made.stat().st_mtime_ns
    assert kept_jpeg(cover, kept) == first and made.stat().st_mtime_ns == stamp
    Image.new("RGB", (1400, 1400), (200, 20, 30)).save(cover, "JPEG")  # another cover
    assert kept_jpeg(cover, kept) not in (first, b"")
    assert len(list(kept.iterdir())) == 2


def test_configured_cover_is_checked(tmp_path: Path) -> None:
    good = tmp_path / "good.jpg"
    Image.new("RGB", (1400, 1400), (10, 20, 30)).save(good, "JPEG")
    settings = Settings().with_overrides(**{"show.cover": str(good)})
    assert ensure_cover(settings, tmp_path) == good
    bad = {
        "small.png": Image.new("RGB", (1000, 1000)),
        "wide.png": Image.new("RGB", (1600, 1400)),
        "alpha.png": Image.new("RGBA", (1400, 1400)),
    }
    for name, img in bad.items():
        img.save(tmp_path / name)
        settings = Settings().with_overrides(**{"show.cover": str(tmp_path / name)})
        with pytest.raises(ConfigError, match=name):
            ensure_cover(settings, tmp_path)
    missing = Settings().with_overrides(**{"show.cover": str(tmp_path / "none.png")})
    with pytest.raises(ConfigError, match="not found"):
        ensure_cover(missing, tmp_path)


def test_wav_that_is_not_16_bit_is_refused(tmp_path: Path) -> None:
    import wave

    path = tmp_path / "x.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(1)
        w.setframerate(8000)
        w.writeframes(b"\x80" * 800)
    from digestcast.errors import AudioError

    with pytest.raises(AudioError, match="16-bit"):
        read_wav(path)
    write_wav(tmp_path / "ok.wav", np.zeros(10), 8000)
    assert read_wav(tmp_path / "ok.wav")[1] == 8000


def test_played_length_counts_what_played_makes(tmp_path: Path) -> None:
    """The scan of the 16-bit samples (an unchanged rebuild's timeline) agrees with played()
    to the sample: at the silence threshold's edge, all silent, other rates (resampled)."""
    edge = int(float(SILENCE) * 32768.0)  # the loudest 16-bit value still silent
    rng = np.random.default_rng(3)
    cases = {
        "edge": np.r_[np.zeros(500), [edge, edge + 1, -edge - 1, edge], np.zeros(900)],
        "silent": np.full(3000, edge, dtype=float),
        "noise": np.r_[np.zeros(800), rng.normal(0, 3000, 20000), np.full(700, -edge)],
        "empty": np.zeros(0),
    }
    for rate in (22050, 16000):
        for name, values in cases.items():
            path = tmp_path / f"{name}-{rate}.wav"
            write_wav(path, values / 32767.0, rate)
            assert played_length(path, 22050) == played(path, 22050).size, (name, rate)
