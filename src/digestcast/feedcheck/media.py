"""Checks of what a feed points to: artwork, enclosures and their hosting, JSON chapters,
transcripts (rules 4, 5, 8, 9 and 16 of feedcheck.rules)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from PIL import Image, UnidentifiedImageError

from digestcast.feedcheck.fetch import FetchError, Resources

Report = Callable[[str, str, str], None]  # rule, message, fix

_IMAGE_SUFFIXES = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",)}
_CONTENT_RANGE = re.compile(r"^bytes 0-(\d+)/(\d+|\*)$")
_SRT_TIME = re.compile(r"^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}")


def check_artwork(url: str, resources: Resources, report: Report) -> None:
    """Rule 4: square, 1400-3000 px, JPEG or PNG, RGB, URL ending in its real type."""
    try:
        data = resources.read(url, limit=20_000_000)
    except FetchError as exc:
        report("4", f"artwork {url}: {exc}", "publish the cover at the itunes:image URL")
        return
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height), mode = image.format or "", image.size, image.mode
    except (UnidentifiedImageError, OSError):
        report("4", f"artwork {url} is not an image", "use a JPEG or PNG cover")
        return
    if kind not in _IMAGE_SUFFIXES:
        report("4", f"artwork is {kind or 'unknown'}, not JPEG or PNG", "save it as JPEG or PNG")
        return
    if not url.lower().split("?")[0].endswith(_IMAGE_SUFFIXES[kind]):
        report(
            "4",
            f"artwork URL {url} does not end in {_IMAGE_SUFFIXES[kind][0]}",
            f"name the file after its real type ({kind})",
        )
    if width != height:
        report("4", f"artwork is {width}x{height}, not square", "crop the cover to a square")
    if not 1400 <= width <= 3000:
        report("4", f"artwork is {width} px wide", "resize the cover to 1400-3000 px")
    if mode != "RGB":
        report(
            "4", f"artwork colour mode is {mode}, not RGB", "convert the cover to RGB without alpha"
        )


def check_enclosure_file(url: str, length: int, resources: Resources, report: Report) -> None:
    """Rules 5 and 8: the length matches the file; HEAD and byte ranges answer properly."""
    if not resources.is_http(url):
        try:
            size = resources.size(url)
        except FetchError as exc:
            report("5", f"enclosure {url}: {exc}", "publish the audio file at the enclosure URL")
            return
        if size != length:
            report(
                "5",
                f"enclosure length {length} != file size {size}",
                "set enclosure length to the final file size in bytes",
            )
        return
    _check_hosting(url, length, resources, report)


def _check_hosting(url: str, length: int, resources: Resources, report: Report) -> None:
    try:
        head = resources.request("HEAD", url)
    except FetchError as exc:
        report("8", f"HEAD {url}: {exc}", "serve the episode over HTTP (digestcast serve)")
        return
    if head.status != 200:
        report("8", f"HEAD {url} answered {head.status}", "serve the file; HEAD must answer 200")
        return
    served = head.headers.get("content-length")
    if served is None:
        report("8", f"HEAD {url} sent no Content-Length", "use a server that sends Content-Length")
    elif served != str(length):
        report(
            "5",
            f"enclosure length {length} != served Content-Length {served}",
            "set enclosure length to the final file size in bytes",
        )
    if not head.headers.get("content-type", "").startswith(("audio/", "video/")):
        report(
            "8",
            f"{url} is served as {head.headers.get('content-type')!r}",
            "serve .mp3 as audio/mpeg",
        )
    try:
        ranged = resources.request("GET", url, {"Range": "bytes=0-1023"})
    except FetchError as exc:
        report("8", f"Range GET {url}: {exc}", "use a server that supports byte ranges")
        return
    content_range = ranged.headers.get("content-range", "")
    if ranged.status != 206 or not _CONTENT_RANGE.match(content_range):
        report(
            "8",
            f"Range: bytes=0-1023 on {url} answered {ranged.status} "
            f"(Content-Range {content_range!r})",
            "use a server that answers byte ranges with 206 (digestcast serve)",
        )


def check_duration(url: str, stated: int, resources: Resources, report: Report) -> None:
    """Rule 5: itunes:duration within 1 s of what ffprobe measures."""
    try:
        measured = resources.duration(url)
    except FetchError as exc:
        report("5", f"cannot measure {url}: {exc}", "publish a readable audio file")
        return
    if abs(measured - stated) > 1.0:
        report(
            "5",
            f"itunes:duration {stated} s but the audio lasts {measured:.1f} s",
            "write the measured duration in whole seconds",
        )


def _absolute_http(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_chapters(url: str, resources: Resources, report: Report) -> None:
    """Rule 9: JSON chapters version 1.2.0 with ascending start times; a chapter's "img",
    when present, an absolute http(s) URL."""
    try:
        doc = resources.json(url)
    except FetchError as exc:
        report("9", f"chapters {url}: {exc}", "publish the JSON chapters at podcast:chapters url")
        return
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith("1."):
        report("9", f"chapters {url} has no version 1.x", 'add "version": "1.2.0"')
        return
    chapters = doc.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        report("9", f"chapters {url} lists no chapters", "list the chapters with startTime/title")
        return
    starts: list[float] = []
    for chapter in chapters:
        start = chapter.get("startTime") if isinstance(chapter, dict) else None
        if not isinstance(start, int | float) or not isinstance(chapter.get("title"), str):
            report(
                "9",
                f"chapters {url}: a chapter lacks a numeric startTime or a title",
                "give every chapter startTime (seconds) and title",
            )
            return
        starts.append(float(start))
        img = chapter.get("img")
        if img is not None and not _absolute_http(img):
            report(
                "9",
                f"chapters {url}: chapter {chapter['title']!r} img {img!r} is not an absolute "
                "http(s) URL",
                'give "img" as an absolute http(s) URL or leave it out',
            )
    if starts != sorted(starts):
        report("9", f"chapters {url}: startTime not ascending", "sort chapters by startTime")


def check_transcript(url: str, mime: str, resources: Resources, report: Report) -> None:
    """Rule 16: WebVTT starts with WEBVTT; SRT has numbered cues with comma timestamps."""
    try:
        text = resources.read(url, limit=10_000_000).decode("utf-8-sig")
    except (FetchError, UnicodeDecodeError) as exc:
        report("16", f"transcript {url}: {exc}", "publish the transcript as UTF-8 text")
        return
    lines = text.splitlines()
    if mime == "text/vtt" and (not lines or not lines[0].startswith("WEBVTT")):
        report("16", f"transcript {url}: first line is not WEBVTT", "start the file with WEBVTT")
    if mime == "application/x-subrip" and (
        len(lines) < 2 or lines[0].strip() != "1" or not _SRT_TIME.match(lines[1])
    ):
        report(
            "16",
            f"transcript {url}: not SRT (cue 1, HH:MM:SS,mmm --> HH:MM:SS,mmm)",
            "write numbered cues with comma millisecond separators",
        )
