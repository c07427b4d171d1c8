"""What apps and readers see of the MP3 (chapters in time order for ffprobe, a v2.3 date, a
LAME tag CRC as LAME computes it) and a segment cache that refuses damaged WAVs."""

from __future__ import annotations

import json
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
from mutagen.id3 import ID3

from digestcast.mix.mp3 import encode_mp3
from digestcast.mix.tags import EpisodeTags, write_id3
from digestcast.models import Chapter
from tests.conftest import DATA, need_tool
from tests.hardening.conftest import build_args, run_cli


def _ffprobe_chapters(path: Path) -> list[str]:
    raw = subprocess.run(
        [need_tool("ffprobe"), "-v", "error", "-show_chapters", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [c["tags"]["title"] for c in json.loads(raw)["chapters"]]


def test_chapters_are_stored_in_time_order_and_the_date_is_v23(
    tmp_path: Path, sine_mp3: Path
) -> None:
    mp3 = tmp_path / "ep.mp3"
    shutil.copyfile(sine_mp3, mp3)
    titles = ["A long opening chapter title that makes a big frame", "Two", "3", "Four four"]
    chapters = [Chapter(t, k * 0.7, (k + 1) * 0.7) for k, t in enumerate(titles)]
    tags = EpisodeTags("Ep", "Show", "Host", date=__import__("datetime").date(2026, 3, 9))
    write_id3(mp3, tags, chapters)
    assert _ffprobe_chapters(mp3) == titles
    raw = mp3.read_bytes()[: 10 + ID3(mp3).size]
    assert b"TYER" in raw and b"TDAT" in raw and b"TDRC" not in raw
    assert ID3(mp3).version[:2] == (2, 3)


def _crc16(data: bytes) -> int:  # CRC-16/ARC, as in the LAME tag spec (written independently)
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def _lame_crc(path: Path) -> tuple[int, int]:
    """(stored, computed) CRC of the LAME tag of the MP3's first frame (after any ID3 tag)."""
    data = path.read_bytes()
    start = 0
    if data[:3] == b"ID3":
        size = data[6:10]
        start = 10 + (size[0] << 21 | size[1] << 14 | size[2] << 7 | size[3])
    frame = data[start:]
    xing = next(frame.find(m) for m in (b"Info", b"Xing") if frame.find(m) > 0)
    flags = int.from_bytes(frame[xing + 4 : xing + 8], "big")
    lame = xing + 8 + 4 * bool(flags & 1) + 4 * bool(flags & 2) + 100 * bool(flags & 4)
    lame += 4 * bool(flags & 8)
    assert frame[lame : lame + 4] == b"LAME"
    crc_at = lame + 34
    return int.from_bytes(frame[crc_at : crc_at + 2], "big"), _crc16(frame[:crc_at])


def test_the_lame_tag_crc_is_computed_as_lame_does(tmp_path: Path) -> None:
    tone = np.sin(np.arange(44100 * 2) * 2 * np.pi * 440 / 44100).astype(np.float32) * 0.3
    wav = tmp_path / "tone.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(44100)
        out.writeframes((tone * 32767).astype("<i2").tobytes())
    reference = tmp_path / "lame.mp3"  # the LAME encoder's own mono file: the reference
    subprocess.run([need_tool("lame"), "--quiet", "-b", "64", "-m", "m", str(wav), str(reference)])
    stored, computed = _lame_crc(reference)
    assert stored == computed  # (the CRC covers the frame up to itself: 175 bytes in mono)
    ours = tmp_path / "ours.mp3"
    encode_mp3([tone], ours, input_rate=44100, sample_rate=44100, channels=1, bitrate_kbps=64)
    stored, computed = _lame_crc(ours)
    assert stored == computed


def _duration(mp3: Path) -> float:
    raw = subprocess.run(
        [need_tool("ffprobe"), "-v", "error", "-show_format", "-of", "json", str(mp3)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(raw)["format"]["duration"])


def test_damaged_cached_wavs_are_dropped_and_made_again(tmp_path: Path) -> None:
    issue, cache = DATA / "e2e" / "short-issue.txt", tmp_path / "cache"
    first = run_cli(build_args(issue, tmp_path / "one", cache), tmp_path)
    assert first.returncode == 0, first.stderr
    wavs = sorted(cache.rglob("*.wav"), key=lambda p: p.stat().st_size)[-3:]
    originals = {p: p.read_bytes() for p in wavs}
    cut, garbage, flipped = wavs
    cut.write_bytes(originals[cut][: len(originals[cut]) // 2])  # a write cut short
    garbage.write_bytes(b"\x8f not a wav at all " * 50)
    data = bytearray(originals[flipped])
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # samples changed, same length
    flipped.write_bytes(bytes(data))
    second = run_cli(build_args(issue, tmp_path / "two", cache), tmp_path)
    assert second.returncode == 0, second.stderr
    (one,) = (tmp_path / "one/episodes").glob("*.mp3")
    (two,) = (tmp_path / "two/episodes").glob("*.mp3")
    # Not silently shorter (the cut WAV alone is 2 s); espeak varies by a few milliseconds.
    assert abs(_duration(one) - _duration(two)) < 0.5
    for path in originals:  # made again, whole
        with wave.open(str(path), "rb") as made:
            assert made.getnframes() * 2 == len(made.readframes(made.getnframes()))
        assert made.getnframes() > 0
