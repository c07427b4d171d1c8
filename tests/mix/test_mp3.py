"""MP3 made in-process (LAME through lameenc) with our own Info frame, read back by ffmpeg,
ffprobe and mutagen: exact gapless length, sample-accurate timing, CBR, frame-exact joins."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from mutagen.mp3 import MP3, BitrateMode

from digestcast.errors import AudioError
from digestcast.mix.encode import decode_blocks
from digestcast.mix.mp3 import (
    FrameCounter,
    encode_mp3,
    join_mp3,
    read_stream,
    silence_around,
)
from tests.mix.mix_audio import ffprobe

RATE = 22050  # the speech's rate; LAME resamples to the file's


def clicks(seconds: float, at: list[float]) -> np.ndarray:
    """A quiet tone with a loud click at each time in `at`."""
    t = np.arange(round(seconds * RATE)) / RATE
    x = (0.05 * np.sin(2 * np.pi * 200 * t)).astype(np.float32)
    for s in at:
        x[round(s * RATE)] = 0.9
    return x


def decoded(path: Path, rate: int) -> np.ndarray:
    return np.concatenate(list(decode_blocks(path, rate, rate)))


def click_at(pcm: np.ndarray, rate: int, near: float) -> float:
    a = round((near - 0.1) * rate)
    window = pcm[a : a + round(0.2 * rate)]
    return (a + int(np.argmax(np.abs(np.diff(window))))) / rate


@pytest.mark.parametrize(
    ("rate", "kbps", "channels"),
    [(44100, 64, 1), (44100, 32, 1), (48000, 128, 2), (22050, 48, 1)],
)
def test_encoded_file_plays_exactly_its_samples(
    tmp_path: Path, rate: int, kbps: int, channels: int
) -> None:
    x = clicks(3.0, [0.5, 2.5])
    out = tmp_path / "a.mp3"
    blocks = [x[:1000], x[1000:1001], x[1001:40000], x[40000:]]  # any block sizes
    encode_mp3(blocks, out, input_rate=RATE, sample_rate=rate, channels=channels, bitrate_kbps=kbps)
    pcm = decoded(out, rate)
    assert pcm.size == 3 * rate  # the decoder drops LAME's delay and padding: gapless
    for s in (0.5, 2.5):
        assert click_at(pcm, rate, s) == pytest.approx(s, abs=0.0002)
    info = MP3(out).info
    assert info.bitrate_mode == BitrateMode.CBR
    assert info.bitrate == pytest.approx(kbps * 1000, rel=0.01)
    assert info.sample_rate == rate and info.channels == channels
    assert info.length == pytest.approx(3.0, abs=0.0005)
    stream = ffprobe(out)["streams"][0]
    assert stream["codec_name"] == "mp3" and int(stream["sample_rate"]) == rate
    assert int(stream["channels"]) == channels


def test_join_is_frame_exact_and_adds_only_the_padding(tmp_path: Path) -> None:
    a, b, joined = tmp_path / "a.mp3", tmp_path / "b.mp3", tmp_path / "ab.mp3"
    encode_mp3(
        [clicks(2.0, [1.0])], a, input_rate=RATE, sample_rate=44100, channels=1, bitrate_kbps=64
    )
    encode_mp3(
        [clicks(1.0, [0.5])], b, input_rate=RATE, sample_rate=44100, channels=1, bitrate_kbps=64
    )
    join_mp3([a, b], joined)
    gap = silence_around(a)
    assert 576 < gap < 576 + 1152
    pcm = decoded(joined, 44100)
    assert pcm.size == 3 * 44100 + gap
    assert click_at(pcm, 44100, 1.0) == pytest.approx(1.0, abs=0.0002)
    assert click_at(pcm, 44100, 2.5 + gap / 44100) == pytest.approx(2.5 + gap / 44100, abs=0.0002)
    whole, _ = read_stream(joined)
    assert whole.frames == read_stream(a)[0].frames + read_stream(b)[0].frames
    assert whole.audio_bytes + len(whole.info_frame()) == joined.stat().st_size
    assert MP3(joined).info.length == pytest.approx(pcm.size / 44100, abs=0.0005)


def test_frame_counter_counts_the_same_in_any_pieces(tmp_path: Path) -> None:
    out = tmp_path / "a.mp3"
    encode_mp3(
        [clicks(2.0, [1.0])], out, input_rate=RATE, sample_rate=44100, channels=1, bitrate_kbps=64
    )
    stream, audio_at = read_stream(out)
    data = out.read_bytes()[audio_at:]
    for size in (1, 3, 7, 500, len(data)):
        counter = FrameCounter()
        for i in range(0, len(data), size):
            counter.feed(data[i : i + size])
        assert counter.frames == stream.frames and counter.bytes == len(data)


def test_bad_bitrate_and_no_audio_are_errors(tmp_path: Path) -> None:
    out = tmp_path / "a.mp3"
    with pytest.raises(AudioError, match="65 kbit/s"):
        encode_mp3(
            [clicks(1.0, [])], out, input_rate=RATE, sample_rate=44100, channels=1, bitrate_kbps=65
        )
    with pytest.raises(AudioError, match="11000 Hz"):
        encode_mp3(
            [clicks(1.0, [])], out, input_rate=RATE, sample_rate=11000, channels=1, bitrate_kbps=64
        )
    (tmp_path / "junk.mp3").write_bytes(b"ID3 not an mp3" * 10)
    with pytest.raises(AudioError, match="no Info frame"):
        read_stream(tmp_path / "junk.mp3")
