"""The only module writing tags: ID3v2.3 with CHAP/CTOC chapters for MP3, iTunes atoms for M4A.

Called on the encoded file at its temporary path, after the final encode, before the rename.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen
import mutagen.id3
import mutagen.mp4
from PIL import Image, UnidentifiedImageError

from digestcast.errors import AudioError
from digestcast.models import Chapter

MAX_ART_BYTES = 400_000  # the embedded picture; the whole tag stays under 500 KB
ART_SIZES = (1400, 1000, 800, 600, 400, 300)
NO_OFFSET = 0xFFFFFFFF
# mutagen's frame classes are untyped: reach them through Any.
_id3: Any = mutagen.id3
_mp4: Any = mutagen.mp4
_file: Any = mutagen.File
TOC_ID = "toc"


@dataclass(frozen=True)
class EpisodeTags:
    title: str
    show: str
    author: str
    date: dt.date | None = None
    cover: Path | None = None
    art: bytes | None = None  # the cover as embedded (cover_jpeg), when made already
    fingerprint: str = ""  # what the audio was made from (see mix.reuse)


FINGERPRINT = "digestcast:fingerprint"


def read_fingerprint(path: Path) -> str | None:
    """The fingerprint digestcast stored in an MP3's tag, if any."""
    try:
        id3 = _id3.ID3(path)
    except (mutagen.MutagenError, OSError):
        return None
    frame = id3.get(f"TXXX:{FINGERPRINT}")
    return str(frame.text[0]) if frame is not None and frame.text else None


def audio_duration(path: Path) -> float:
    """The duration in seconds of an encoded file, as a podcast app computes it."""
    try:
        audio = _file(path)
    except mutagen.MutagenError as exc:
        raise AudioError(f"{path}: cannot read the encoded audio ({exc})") from None
    if audio is None or audio.info is None:
        raise AudioError(f"{path}: not a recognised audio file")
    return float(audio.info.length)


def cover_jpeg(cover: Path) -> bytes:
    """The cover as a JPEG small enough to embed (RGB, at most 1400 px, under 400 KB)."""
    try:
        with Image.open(cover) as img:
            rgb = img.convert("RGB") if img.mode != "RGB" else img.copy()
    except (OSError, UnidentifiedImageError) as exc:
        raise AudioError(f"{cover}: cannot read the cover image ({exc})") from None
    factor = min(rgb.size) // ART_SIZES[0]
    if factor >= 2:  # a fast box reduction first: LANCZOS then scales a small image
        rgb = rgb.reduce(factor)
    for size in ART_SIZES:
        scaled = rgb.copy()
        scaled.thumbnail((size, size), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        scaled.save(buf, "JPEG", quality=85, optimize=True)
        if buf.tell() <= MAX_ART_BYTES:
            return buf.getvalue()
    raise AudioError(f"{cover}: the cover cannot be made small enough to embed")


def _art(tags: EpisodeTags) -> bytes:
    assert tags.cover is not None
    return tags.art if tags.art is not None else cover_jpeg(tags.cover)


def _chapter_frames(chapters: Sequence[Chapter]) -> list[Any]:
    ordered = sorted(chapters, key=lambda c: c.start)
    frames: list[Any] = []
    ids: list[str] = []
    for k, ch in enumerate(ordered):
        element_id = f"chp{k}"
        sub: list[Any] = [_id3.TIT2(encoding=3, text=[ch.title])]
        if ch.url:
            sub.append(_id3.WXXX(encoding=0, desc="", url=ch.url))
        start, end = round(ch.start * 1000), round(ch.end * 1000)
        frames.append(_id3.CHAP(element_id, start, end, NO_OFFSET, NO_OFFSET, sub))
        ids.append(element_id)
    flags = _id3.CTOCFlags.TOP_LEVEL | _id3.CTOCFlags.ORDERED
    toc_title = [_id3.TIT2(encoding=3, text=["Chapters"])]
    frames.append(
        _id3.CTOC(element_id=TOC_ID, flags=flags, child_element_ids=ids, sub_frames=toc_title)
    )
    return frames


def write_id3(path: Path, tags: EpisodeTags, chapters: Sequence[Chapter]) -> None:
    """Replace any tag of the MP3 at `path` with an ID3v2.3 tag holding chapters and art."""
    id3 = _id3.ID3()
    id3.add(_id3.TIT2(encoding=3, text=[tags.title]))
    id3.add(_id3.TALB(encoding=3, text=[tags.show]))
    id3.add(_id3.TPE1(encoding=3, text=[tags.author]))
    id3.add(_id3.TCON(encoding=3, text=["Podcast"]))
    if tags.date:
        id3.add(_id3.TDRC(encoding=3, text=[tags.date.isoformat()]))
    if tags.cover:
        art = _art(tags)
        id3.add(_id3.APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover", data=art))
    for frame in _chapter_frames(chapters):
        id3.add(frame)
    if tags.fingerprint:
        id3.add(_id3.TXXX(encoding=3, desc=FINGERPRINT, text=[tags.fingerprint]))
    try:
        id3.save(path, v2_version=3, v1=0)
    except (mutagen.MutagenError, OSError) as exc:
        raise AudioError(f"{path}: cannot write the ID3 tag ({exc})") from None


def write_mp4_tags(path: Path, tags: EpisodeTags) -> None:
    """Title, show, author, date, genre and art in an M4A (its chapters come from ffmpeg)."""
    try:
        mp4 = _mp4.MP4(path)
        if mp4.tags is None:
            mp4.add_tags()
        assert mp4.tags is not None
        mp4.tags["\xa9nam"] = [tags.title]
        mp4.tags["\xa9alb"] = [tags.show]
        mp4.tags["\xa9ART"] = [tags.author]
        mp4.tags["\xa9gen"] = ["Podcast"]
        if tags.date:
            mp4.tags["\xa9day"] = [tags.date.isoformat()]
        if tags.cover:
            mp4.tags["covr"] = [_mp4.MP4Cover(_art(tags), _mp4.MP4Cover.FORMAT_JPEG)]
        mp4.save()
    except (mutagen.MutagenError, OSError) as exc:
        raise AudioError(f"{path}: cannot write the M4A tags ({exc})") from None
