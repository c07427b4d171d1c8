"""The mix stage's parts: loudness meter and limiter, transcripts, cover, assembly."""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import srt
import webvtt
from PIL import Image

from digestcast.config import Settings
from digestcast.errors import ConfigError
from digestcast.mix.assemble import prepare_speech, read_wav, trim_and_fade
from digestcast.mix.cover import draw_cover, ensure_cover
from digestcast.mix.loudness import Limiter, LoudnessMeter, solve_gain, true_peak
from digestcast.mix.music import chime
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
    assert meter.true_peak_db >= 20 * np.log10(np.abs(x).max())


def test_limiter_keeps_oversampled_peaks_under_the_ceiling_across_blocks() -> None:
    x = speechy_noise(3.0, seed=1) * 3
    limiter = Limiter(-3.0, RATE)
    y = np.concatenate(list(limiter.apply([x[a : a + 10000] for a in range(0, x.size, 10000)])))
    assert y.size == x.size
    assert 20 * np.log10(true_peak(y)) <= -3.0 + 0.05
    quiet = x * 0.01  # far below the ceiling: untouched
    assert np.array_equal(next(limiter.apply([quiet])), quiet)


def test_solve_gain_reaches_the_target_through_the_limiter() -> None:
    x = speechy_noise(5.0, seed=2) * 0.1
    gain = solve_gain(x, RATE, -16.0, -2.0)
    y = next(Limiter(-2.0, RATE).apply([x * np.float32(10 ** (gain / 20))]))
    meter = LoudnessMeter(RATE)
    meter.feed(y)
    assert meter.integrated_lufs == pytest.approx(-16.0, abs=0.1)


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
    assert all(len(line) <= 65 + len("<v Amy>") for line in text.splitlines())
    path = tmp_path / "t.vtt"
    path.write_text(text, encoding="utf-8")
    parsed = list(webvtt.read(str(path)))
    assert [c.voice for c in parsed] == ["Joe", "Amy", "Joe"]
    assert html.unescape(parsed[0].text) == "Hello & welcome to <the> show."  # escaped in VTT
    assert "<v" not in to_vtt(CUES, speakers=False)


def test_srt_uses_commas_and_round_trips() -> None:
    text = to_srt(CUES, speakers=False)
    assert "01:02:05,500 --> 01:02:07,004" in text
    subs = list(srt.parse(text))
    assert [s.index for s in subs] == [1, 2, 3]
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
