"""MP3 files made in-process: LAME (through lameenc) encodes CBR frames in the calling thread,
and this module writes the file's first frame, the Info frame (frame and byte counts, seek
table, and the LAME tag's encoder delay and padding, which make the file play gapless and its
length exact), and joins MP3 files frame by frame.

In-process because the build's memory is counted whole: an ffmpeg child for the encoder costs
about 50 MB (its libraries), LAME here about 1 MB. Speech at half the episode's rate (22.05 kHz
voices, 44.1 kHz episodes) is doubled in numpy first (mix.upsample: a third less encoder CPU);
other rates LAME resamples itself. LAME releases the GIL while it encodes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from digestcast.errors import AudioError
from digestcast.mix.loudness import Samples
from digestcast.mix.upsample import RateDoubler

LAME_QUALITY = 7  # same CBR size as the default (2), about 2.5x faster; speech sounds the same
ENCODER_DELAY = 576  # samples LAME puts before the audio (decoders add their own 529)
ENCODER_NAME = b"LAME3.100"

# Kilobits per second by bitrate index, for MPEG-1 and for MPEG-2/2.5 Layer III.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 25: (11025, 12000, 8000)}
_VERSION_BITS = {3: 1, 2: 2, 0: 25}
_INFO_FLAGS = 0x0F  # frames, bytes, seek table, quality


def mpeg_version(sample_rate: int) -> int:
    for version, rates in _RATES.items():
        if sample_rate in rates:
            return version
    raise AudioError(f"MP3 cannot hold {sample_rate} Hz audio")


def bitrates(sample_rate: int) -> tuple[int, ...]:
    """The constant bitrates (kbit/s) MP3 allows at `sample_rate`."""
    return _BITRATES[min(mpeg_version(sample_rate), 2)][1:]


@dataclass(frozen=True)
class FrameHeader:
    version: int  # 1, 2 or 25 (MPEG-2.5)
    bitrate_kbps: int
    sample_rate: int
    padded: bool
    mono: bool

    @classmethod
    def parse(cls, head: bytes) -> FrameHeader | None:
        """The Layer III header in `head`'s first four bytes, or None."""
        if len(head) < 4 or head[0] != 0xFF or (head[1] & 0xE0) != 0xE0:
            return None
        version = _VERSION_BITS.get((head[1] >> 3) & 3)
        bitrate_index, rate_index = head[2] >> 4, (head[2] >> 2) & 3
        layer_3 = (head[1] >> 1) & 3 == 1
        if version is None or not layer_3 or bitrate_index in (0, 15) or rate_index == 3:
            return None
        return cls(
            version,
            _BITRATES[min(version, 2)][bitrate_index],
            _RATES[version][rate_index],
            bool(head[2] & 2),
            head[3] >> 6 == 3,
        )

    @property
    def samples(self) -> int:
        """Samples per channel in one frame."""
        return 1152 if self.version == 1 else 576

    @property
    def size(self) -> int:
        return self.samples // 8 * 1000 * self.bitrate_kbps // self.sample_rate + self.padded

    @property
    def side_info(self) -> int:
        if self.version == 1:
            return 17 if self.mono else 32
        return 9 if self.mono else 17

    def packed(self, head: bytes, bitrate_kbps: int) -> bytes:
        """`head` (this header's bytes) at another bitrate, unpadded, without CRC."""
        index = _BITRATES[min(self.version, 2)].index(bitrate_kbps)
        return bytes((head[0], head[1] | 1, (index << 4) | (head[2] & 0x0C), head[3]))


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@dataclass(frozen=True)
class Stream:
    """What the Info frame says of the audio frames that follow it."""

    first: bytes  # the first audio frame's header
    frames: int
    audio_bytes: int
    padding: int  # samples after the audio in the last frame

    def info_frame(self) -> bytes:
        """The Info frame for these frames: at their bitrate, or the next one the tag fits in."""
        header = FrameHeader.parse(self.first)
        assert header is not None
        tag_at = 4 + header.side_info
        need = tag_at + 120 + 36
        for kbps in _BITRATES[min(header.version, 2)][1:]:
            frame = FrameHeader(header.version, kbps, header.sample_rate, False, header.mono)
            if kbps >= header.bitrate_kbps and frame.size >= need:
                break
        out = bytearray(frame.size)
        out[:4] = header.packed(self.first, kbps)
        total = frame.size + self.audio_bytes
        xing = b"Info" + _INFO_FLAGS.to_bytes(4, "big")
        xing += self.frames.to_bytes(4, "big") + total.to_bytes(4, "big")
        xing += bytes(i * 256 // 100 for i in range(100)) + bytes(4)  # CBR: a straight line
        delay_pad = (ENCODER_DELAY << 12) | min(self.padding, 4095)
        lame = b"".join(
            (
                ENCODER_NAME,
                bytes((0x01, 0)),  # tag revision 0, CBR; no lowpass noted
                bytes(8),  # no ReplayGain
                bytes((0, min(header.bitrate_kbps, 255))),  # flags, bitrate
                delay_pad.to_bytes(3, "big"),
                bytes(4),  # misc, MP3Gain, preset
                total.to_bytes(4, "big"),
                bytes(2),  # music CRC: not computed (no reader requires it)
            )
        )
        out[tag_at : tag_at + len(xing) + len(lame)] = xing + lame
        crc_at = tag_at + len(xing) + len(lame)
        # The tag's CRC covers the frame up to the CRC itself: its first 190 bytes only in a
        # stereo MPEG-1 frame (the LAME spec's example), 175 in a mono one.
        out[crc_at : crc_at + 2] = _crc16(bytes(out[:crc_at])).to_bytes(2, "big")
        return bytes(out)


class FrameCounter:
    """Counts the frames of an MP3 stream fed to it in pieces of any size."""

    def __init__(self) -> None:
        self.first = b""
        self.frames = 0
        self.bytes = 0
        self._next = 0  # offset of the next frame header in the stream
        self._tail = b""  # the start of a header cut by the end of the last piece
        self._sizes: dict[bytes, int] = {}  # frame size by header bytes, as met

    def feed(self, data: bytes) -> None:
        base = self.bytes - len(self._tail)
        buf = self._tail + data
        self.bytes += len(data)
        at = self._next - base
        sizes = self._sizes
        while at + 4 <= len(buf):
            size = sizes.get(buf[at : at + 3])  # a frame's size is in its first three bytes
            if size is None:
                header = FrameHeader.parse(buf[at : at + 4])
                if header is None:
                    raise AudioError(f"LAME wrote no frame header at byte {base + at}")
                size = sizes[buf[at : at + 3]] = header.size
            if not self.first:
                self.first = bytes(buf[at : at + 4])
            self.frames += 1
            at += size
        self._next = base + at
        self._tail = bytes(buf[at:]) if at < len(buf) else b""


def _pcm16(block: Samples, channels: int) -> bytes:
    pcm = np.clip(np.rint(np.asarray(block, dtype=np.float32) * 32767.0), -32768, 32767)
    pcm16 = pcm.astype("<i2")
    return (np.repeat(pcm16, 2) if channels == 2 else pcm16).tobytes()


def encode_mp3(
    blocks: Iterable[Samples],
    out: Path,
    *,
    input_rate: int,
    sample_rate: int,
    channels: int,
    bitrate_kbps: int,
) -> None:
    """Encode mono float32 blocks at `input_rate` into a CBR MP3 at `sample_rate` (no ID3)."""
    import lameenc

    if bitrate_kbps not in bitrates(sample_rate):
        raise AudioError(f"MP3 at {sample_rate} Hz cannot be {bitrate_kbps} kbit/s")
    doubler = RateDoubler() if sample_rate == 2 * input_rate else None
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(sample_rate if doubler else input_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_channels(channels)
    encoder.set_quality(LAME_QUALITY)
    counter = FrameCounter()
    samples = 0
    with open(out, "wb") as fh:
        info_size = 0

        def write(data: bytes) -> None:
            nonlocal info_size
            if not data:
                return
            if not counter.first:  # room for the Info frame, written when the counts are known
                counter.feed(data[:4])
                info_size = len(Stream(counter.first, 0, 0, 0).info_frame())
                fh.write(bytes(info_size))
                counter.feed(data[4:])
            else:
                counter.feed(data)
            fh.write(data)

        try:
            for block in blocks:
                samples += len(block)
                if len(block):
                    pcm = doubler.feed(block) if doubler else block
                    write(bytes(encoder.encode(_pcm16(pcm, channels))))
            if doubler and samples:
                write(bytes(encoder.encode(_pcm16(doubler.flush(), channels))))
            write(bytes(encoder.flush()))
        except RuntimeError as exc:  # lameenc's errors
            raise AudioError(f"{out}: LAME could not encode the episode ({exc})") from None
        if not counter.first:
            raise AudioError(f"{out}: no audio to encode")
        played = round(samples * sample_rate / input_rate)
        header = FrameHeader.parse(counter.first)
        assert header is not None
        padding = counter.frames * header.samples - ENCODER_DELAY - played
        _write_info(fh, Stream(counter.first, counter.frames, counter.bytes, padding), info_size)


def _write_info(fh: BinaryIO, stream: Stream, size: int) -> None:
    info = stream.info_frame()
    if len(info) != size:
        raise AudioError("the Info frame changed size")
    fh.seek(0)
    fh.write(info)


def read_stream(path: Path) -> tuple[Stream, int]:
    """The Info frame's account of the MP3 `path` (without ID3) and where its audio starts."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    header = FrameHeader.parse(head)
    at = 4 + header.side_info if header else -1
    if header is None or head[at : at + 4] not in (b"Info", b"Xing"):
        raise AudioError(f"{path}: no Info frame")
    frames = int.from_bytes(head[at + 8 : at + 12], "big")
    delay_pad = int.from_bytes(head[at + 141 : at + 144], "big")
    audio_at = header.size
    first = head[audio_at : audio_at + 4]
    audio_bytes = path.stat().st_size - audio_at
    return Stream(first, frames, audio_bytes, delay_pad & 0xFFF), audio_at


def silence_around(path: Path) -> int:
    """Samples the MP3 `path`'s frames hold besides its audio: the encoder's delay before it
    and the padding after it (what joining it to another file adds between the two)."""
    return ENCODER_DELAY + read_stream(path)[0].padding


def join_mp3(parts: Sequence[Path], out: Path) -> None:
    """Concatenate MP3 files frame by frame (no re-encoding) into `out`, with one Info frame
    for the whole: the encoder delay of the first part, the padding of the last."""
    streams = [read_stream(p) for p in parts]
    if not streams:
        raise AudioError(f"{out}: nothing to join")
    whole = Stream(
        streams[0][0].first,
        sum(s.frames for s, _ in streams),
        sum(s.audio_bytes for s, _ in streams),
        streams[-1][0].padding,
    )
    with open(out, "wb") as fh:
        fh.write(whole.info_frame())
        for path, (_stream, audio_at) in zip(parts, streams, strict=True):
            with open(path, "rb") as src:
                src.seek(audio_at)
                while chunk := src.read(1 << 20):
                    fh.write(chunk)
