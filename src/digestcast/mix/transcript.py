"""The files beside the episode: WebVTT and SRT transcripts, plain text, JSON chapters."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import srt

from digestcast.fsio import write_text_atomic
from digestcast.models import Chapter, Cue, Segment

LINE_WIDTH = 42  # characters of a caption line (the usual 32-42)
CAPTION_LINES = 2  # lines of a caption cue at most
JSON_CHAPTERS_VERSION = "1.2.0"
# Where a caption may end inside a sentence: after a sentence's or a clause's punctuation, or
# before a dash.
CLAUSE_END = re.compile(r"(?<=[.!?;:,])\s+|\s+(?=\u2014\s)")


def written_lines(segment: Segment, spoken: Sequence[str]) -> list[str | None]:
    """What a transcript shows for each spoken sentence of the segment, as the engine split
    it: the written sentences that start in it, or None where the sentence only goes on
    with a written sentence begun before (its cue extends the one before). Without
    utterances (or when they do not add up to the sentences), the spoken text itself."""
    said = [u for u in segment.utterances if u.spoken]
    starts: list[int] = []
    total = 0
    for u in said:
        starts.append(total)
        total += len(_compact(u.spoken))
    if not said or total != sum(len(_compact(s)) for s in spoken):
        return list(spoken)
    out: list[str | None] = []
    k, end = 0, 0
    for sentence in spoken:
        end += len(_compact(sentence))
        texts: list[str] = []
        while k < len(said) and starts[k] < end:
            texts.append(said[k].written)
            k += 1
        out.append(" ".join(texts) if texts else None)
    return out


def _compact(text: str) -> str:
    return "".join(text.split())


def _fits(text: str, room: int) -> bool:
    return len(_lines(text)) <= room


def _caption_texts(text: str, prefix: str = "") -> list[str]:
    """The text in pieces that each fill at most two lines, split after a sentence or a
    clause where possible, else between words."""
    chunks: list[str] = []
    for clause in CLAUSE_END.split(" ".join(text.split())):
        for piece in _wrapped(clause):
            if chunks and _fits(f"{prefix}{chunks[-1]} {piece}", CAPTION_LINES):
                chunks[-1] += " " + piece
            else:
                chunks.append(piece)
    return chunks or [""]


def _wrapped(clause: str) -> list[str]:
    """A clause too long for one caption, cut between words into the fewest captions of two
    lines, as even in length as they can be."""
    if _fits(clause, CAPTION_LINES):
        return [clause]
    words = clause.split()
    count = 2
    while count < len(words):
        pieces = _even_pieces(words, count)
        if all(_fits(p, CAPTION_LINES) for p in pieces):
            return pieces
        count += 1
    return words


def _even_pieces(words: list[str], count: int) -> list[str]:
    """The words in `count` runs, each cut at the word nearest its share of the characters."""
    total = sum(len(w) + 1 for w in words)
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for word in words:
        share = total * (len(pieces) + 1) / count
        if current and len(pieces) < count - 1 and size + (len(word) + 1) / 2 > share:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
        size += len(word) + 1
    pieces.append(" ".join(current))
    return pieces


def captions(cues: Sequence[Cue], *, speakers: bool = False) -> list[Cue]:
    """The cues cut to caption size (at most two lines of about 42 characters), each piece
    timed in proportion to its share of the cue's characters."""
    out: list[Cue] = []
    for cue in cues:
        prefix = f"{cue.speaker}: " if speakers and cue.speaker else ""
        pieces = _caption_texts(cue.text, prefix)
        size = sum(len(p) for p in pieces) or 1
        start = cue.start
        for n, piece in enumerate(pieces):
            end = (
                cue.end
                if n == len(pieces) - 1
                else start + (cue.end - cue.start) * len(piece) / size
            )
            out.append(Cue(round(start, 3), round(end, 3), piece, cue.speaker))
            start = end
    return out


def _clock(seconds: float, sep: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _lines(text: str) -> list[str]:
    """A caption's lines: one when it fits, else two of even length when they fit (cut at
    the space nearest the middle), else as many as it takes."""
    text = " ".join(text.split())
    if len(text) <= LINE_WIDTH:
        return [text]
    spaces = [i for i, c in enumerate(text) if c == " "]
    even = [i for i in spaces if i <= LINE_WIDTH and len(text) - i - 1 <= LINE_WIDTH]
    if even:
        cut = min(even, key=lambda i: abs(len(text) / 2 - i))
        return [text[:cut], text[cut + 1 :]]
    return textwrap.wrap(text, LINE_WIDTH, break_long_words=False) or [""]


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(cues: Sequence[Cue], *, speakers: bool) -> str:
    """WebVTT captions of at most two lines of about 42 characters (the SRT's cues and
    times); `<v Name>` when `speakers`."""
    out = ["WEBVTT", ""]
    for n, cue in enumerate(captions(cues, speakers=speakers), 1):
        lines = [_vtt_escape(line) for line in _lines(cue.text)]
        if speakers and cue.speaker:
            lines[0] = f"<v {_vtt_escape(cue.speaker)}>{lines[0]}"
        out += [str(n), f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}", *lines, ""]
    return "\n".join(out)


def to_srt(cues: Sequence[Cue], *, speakers: bool) -> str:
    """SubRip captions of at most two lines of about 42 characters, comma times; the
    speaker's name leads the cue when `speakers`."""
    subs = []
    for n, cue in enumerate(captions(cues, speakers=speakers), 1):
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
