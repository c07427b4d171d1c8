"""The files beside the episode: WebVTT and SRT transcripts, plain text, JSON chapters."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Sequence
from pathlib import Path

import srt

from digestcast.fsio import write_text_atomic
from digestcast.models import Chapter, Cue

LINE_WIDTH = 65
JSON_CHAPTERS_VERSION = "1.2.0"


def _clock(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _lines(text: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), LINE_WIDTH) or [""]


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(cues: Sequence[Cue], *, speakers: bool) -> str:
    """WebVTT, one cue per sentence, lines of about 65 characters; `<v Name>` when `speakers`."""
    out = ["WEBVTT", ""]
    for n, cue in enumerate(cues, 1):
        lines = [_vtt_escape(line) for line in _lines(cue.text)]
        if speakers and cue.speaker:
            lines[0] = f"<v {_vtt_escape(cue.speaker)}>{lines[0]}"
        out += [str(n), f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}", *lines, ""]
    return "\n".join(out)


def to_srt(cues: Sequence[Cue], *, speakers: bool) -> str:
    """SubRip, numbered cues with comma times; the speaker's name leads the cue when `speakers`."""
    subs = []
    for n, cue in enumerate(cues, 1):
        text = " ".join(cue.text.split())
        if speakers and cue.speaker:
            text = f"{cue.speaker}: {text}"
        subs.append(
            srt.Subtitle(
                index=n,
                start=dt.timedelta(milliseconds=round(cue.start * 1000)),
                end=dt.timedelta(milliseconds=round(cue.end * 1000)),
                content="\n".join(_lines(text)),
            )
        )
    return str(srt.compose(subs, reindex=False))


def to_text(cues: Sequence[Cue], *, speakers: bool) -> str:
    """Plain text: one paragraph per run of sentences by the same speaker."""
    paragraphs: list[str] = []
    current: str | None = None
    words: list[str] = []
    for cue in cues:
        if words and cue.speaker != current:
            paragraphs.append(_paragraph(current, words, speakers))
            words = []
        current = cue.speaker
        words.append(" ".join(cue.text.split()))
    if words:
        paragraphs.append(_paragraph(current, words, speakers))
    return "\n\n".join(paragraphs) + "\n"


def _paragraph(speaker: str | None, sentences: list[str], speakers: bool) -> str:
    body = textwrap.fill(" ".join(sentences), 80)
    return f"{speaker}:\n{body}" if speakers and speaker else body


def to_json_chapters(chapters: Sequence[Chapter]) -> str:
    """Podcasting 2.0 JSON chapters (version 1.2.0), start times ascending."""
    items = []
    for ch in sorted(chapters, key=lambda c: c.start):
        item: dict[str, object] = {"startTime": round(ch.start, 3), "title": ch.title}
        item["endTime"] = round(ch.end, 3)
        if ch.url:
            item["url"] = ch.url
        if ch.image:
            item["img"] = ch.image
        items.append(item)
    doc = {"version": JSON_CHAPTERS_VERSION, "chapters": items}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_sidecars(
    audio_path: Path, cues: Sequence[Cue], chapters: Sequence[Chapter]
) -> dict[str, Path]:
    """Write `<stem>.vtt`, `.srt`, `.txt` and `.chapters.json` beside `audio_path`."""
    speakers = len({c.speaker for c in cues if c.speaker}) > 1
    stem = audio_path.with_suffix("")
    files = {
        "vtt": (stem.with_name(stem.name + ".vtt"), to_vtt(cues, speakers=speakers)),
        "srt": (stem.with_name(stem.name + ".srt"), to_srt(cues, speakers=speakers)),
        "txt": (stem.with_name(stem.name + ".txt"), to_text(cues, speakers=speakers)),
        "chapters": (stem.with_name(stem.name + ".chapters.json"), to_json_chapters(chapters)),
    }
    for path, text in files.values():
        write_text_atomic(path, text)
    return {key: path for key, (path, _) in files.items()}
