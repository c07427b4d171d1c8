"""What the segment cache trusts: a WAV whose chunks add up to its size, holding 16-bit PCM,
and whose checksum chunk (written by digestcast) matches its samples.

A WAV cut short by a full disk or a crash, a file of garbage, or samples changed on disk is
refused, so the cache drops it and the sentence is synthesized again."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

CHECKSUM_CHUNK = b"dcck"  # ours: CRC-32 of the data chunk's bytes (readers skip unknown chunks)


def checksum_chunk(samples: bytes) -> bytes:
    return CHECKSUM_CHUNK + struct.pack("<II", 4, zlib.crc32(samples))


def with_checksum(wav: bytes) -> bytes:
    """A canonical WAV (RIFF, fmt, data) with the checksum chunk appended."""
    data_at = wav.index(b"data", 12)
    (size,) = struct.unpack_from("<I", wav, data_at + 4)
    samples = wav[data_at + 8 : data_at + 8 + size]
    body = wav[: data_at + 8 + size] + (b"\0" if size % 2 else b"") + checksum_chunk(samples)
    return body[:4] + struct.pack("<I", len(body) - 8) + body[8:]


def _chunks(blob: bytes) -> dict[bytes, bytes] | None:
    """The chunks of a RIFF/WAVE file, or None when they do not add up to its size."""
    if len(blob) < 12 or blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        return None
    if struct.unpack_from("<I", blob, 4)[0] + 8 != len(blob):
        return None
    chunks, at = {}, 12
    while at < len(blob):
        if at + 8 > len(blob):
            return None
        name, size = blob[at : at + 4], struct.unpack_from("<I", blob, at + 4)[0]
        if at + 8 + size > len(blob):
            return None
        chunks[name] = blob[at + 8 : at + 8 + size]
        at += 8 + size + (size % 2)
    return chunks


def sound_wav(path: Path) -> bool:
    """True when the WAV at `path` is whole and, if it carries a checksum, matches it."""
    try:
        blob = path.read_bytes()
    except OSError:
        return False
    chunks = _chunks(blob)
    if chunks is None or b"fmt " not in chunks or b"data" not in chunks:
        return False
    fmt, samples = chunks[b"fmt "], chunks[b"data"]
    if len(fmt) < 16:
        return False
    kind, channels, rate, _, align, bits = struct.unpack_from("<HHIIHH", fmt)
    if kind != 1 or bits != 16 or channels < 1 or rate <= 0 or align != 2 * channels:
        return False
    if not samples or len(samples) % align:
        return False
    stored = chunks.get(CHECKSUM_CHUNK)
    return stored is None or stored == struct.pack("<I", zlib.crc32(samples))
