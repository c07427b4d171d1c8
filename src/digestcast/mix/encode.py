"""Encode the finished PCM (MP3 in-process with mix.mp3; M4A with ffmpeg), and the only module
that runs ffmpeg: M4A, decoding music and finished files.

PCM travels as mono float32 blocks, so nothing here holds the episode in memory. The episode's
PCM arrives at the speech's rate; the encoder resamples it to the episode's rate.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

import numpy as np

from digestcast.errors import AudioError
from digestcast.mix.loudness import Samples
from digestcast.mix.mp3 import encode_mp3
from digestcast.models import Chapter

AudioFormat = Literal["mp3", "m4a"]


def ffmpeg_exe() -> str:
    """ffmpeg on PATH, else the binary bundled with imageio-ffmpeg."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise AudioError(f"ffmpeg: not found on PATH and imageio-ffmpeg has none ({exc})") from None


def _pcm_input(sample_rate: int) -> list[str]:
    return ["-f", "f32le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0"]


@dataclass(frozen=True)
class CodecTraits:
    """What the encoder does to the level, measured on speech with ffmpeg's loudnorm: the
    loudness change of the decoded file, and how far its true peak may rise over the PCM's."""

    level_db: float
    overshoot_db: float


def codec_traits(fmt: AudioFormat, bitrate_kbps: int) -> CodecTraits:
    """Measured on Piper and espeak-ng speech: LAME scales the whole spectrum by 0.95 at every
    bitrate and quality and overshoots peaks by up to ~0.6 dB at 64 kbps (~1.4 dB at 32);
    ffmpeg's AAC at 64 kbps overshoots a few transients by ~2.4 dB."""
    if fmt == "mp3":
        return CodecTraits(-0.44, 1.0 if bitrate_kbps >= 64 else 2.0)
    return CodecTraits(-0.07, 3.0 if bitrate_kbps < 128 else 2.0)


def _aac_args(bitrate_kbps: int, sample_rate: int, channels: int) -> list[str]:
    common = ["-ar", str(sample_rate), "-ac", str(channels), "-b:a", f"{bitrate_kbps}k"]
    return ["-c:a", "aac", *common, "-movflags", "+faststart", "-f", "mp4"]


def ffmetadata(chapters: Sequence[Chapter]) -> str:
    """Chapters in ffmpeg's metadata format (used for MP4 chapters)."""

    def esc(text: str) -> str:
        for ch in "\\=;#\n":
            text = text.replace(ch, "\\" + ch)
        return text

    lines = [";FFMETADATA1"]
    for ch in chapters:
        start, end = round(ch.start * 1000), round(ch.end * 1000)
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}"]
        lines.append(f"title={esc(ch.title)}")
    return "\n".join(lines) + "\n"


def encode_episode(
    blocks: Iterable[Samples],
    out: Path,
    *,
    fmt: AudioFormat,
    input_rate: int,
    sample_rate: int,
    channels: int,
    bitrate_kbps: int,
    chapters: Sequence[Chapter] = (),
) -> None:
    """Encode mono float32 blocks at `input_rate` into `out` at `sample_rate` (MP3, or M4A with
    chapters). MP3 is encoded in the calling thread (at its priority), M4A by ffmpeg."""
    if fmt == "mp3":
        encode_mp3(
            blocks,
            out,
            input_rate=input_rate,
            sample_rate=sample_rate,
            channels=channels,
            bitrate_kbps=bitrate_kbps,
        )
        return
    with tempfile.TemporaryDirectory(prefix="digestcast-encode-") as tmp:
        args = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error", "-y"]
        args += _pcm_input(input_rate)
        if chapters:
            meta = Path(tmp) / "chapters.txt"
            meta.write_text(ffmetadata(chapters), encoding="utf-8")
            args += ["-i", str(meta), "-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"]
        args += [*_aac_args(bitrate_kbps, sample_rate, channels), str(out)]
        with open(Path(tmp) / "stderr.txt", "w+b") as log:
            proc = subprocess.Popen(args, stdin=subprocess.PIPE, stderr=log)
            _feed(proc, blocks, log, out)


def _feed(
    proc: subprocess.Popen[bytes], blocks: Iterable[Samples], log: IO[bytes], out: Path
) -> None:
    assert proc.stdin is not None
    try:
        for block in blocks:
            proc.stdin.write(np.asarray(block, dtype="<f4").tobytes())
        proc.stdin.close()
    except BrokenPipeError:
        pass
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if proc.wait() != 0:
        log.seek(0)
        message = " ".join(log.read().decode("utf-8", "replace").split())[-400:]
        raise AudioError(f"{out}: ffmpeg could not encode the episode ({message})")


def decode_blocks(path: Path, sample_rate: int, block: int) -> Iterator[Samples]:
    """The audio of `path` as mono float32 blocks of `block` samples (the last may be shorter)."""
    args = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error", "-i", str(path)]
    args += ["-vn", "-ac", "1", "-ar", str(sample_rate), "-f", "f32le", "pipe:1"]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log)
        assert proc.stdout is not None
        try:
            while chunk := proc.stdout.read(block * 4):
                yield np.frombuffer(chunk[: len(chunk) // 4 * 4], dtype="<f4")
        finally:
            proc.stdout.close()
            if proc.poll() is None:
                proc.kill()
            code = proc.wait()
        if code != 0:
            log.seek(0)
            message = " ".join(log.read().decode("utf-8", "replace").split())[-300:]
            raise AudioError(f"{path}: ffmpeg cannot decode this audio ({message})")


def decode_to_file(path: Path, raw_out: Path, sample_rate: int) -> int:
    """Decode `path` into a raw mono float32 file; return its length in samples."""
    if not path.is_file():
        raise AudioError(f"{path}: music file not found")
    with open(raw_out, "wb") as fh:
        for block in decode_blocks(path, sample_rate, sample_rate):
            fh.write(block.tobytes())
    samples = raw_out.stat().st_size // 4
    if samples == 0:
        raise AudioError(f"{path}: no audio in this file")
    return samples
