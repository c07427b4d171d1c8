"""Editable scripts: a Script as Markdown a person can edit, read back, and lint for TTS."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import get_args

from digestcast.config import Settings
from digestcast.errors import ScriptError
from digestcast.models import Script, Segment, SegmentKind
from digestcast.write.normalize import load_lexicon, spoken_text, utterances

KINDS: tuple[str, ...] = get_args(SegmentKind)
HEADING = re.compile(r"^## (" + "|".join(KINDS) + r"): (.*)$")
META_KEYS = ("voice", "speaker", "story", "url", "image")


def _escape(text: str) -> str:
    """A text line that looks like a heading or a fence gets a backslash in front."""
    return "\n".join(
        "\\" + ln if ln.startswith(("#", "---", "<!--", "\\")) else ln for ln in text.split("\n")
    )


def _unescape(text: str) -> str:
    return "\n".join(ln[1:] if ln.startswith("\\") else ln for ln in text.split("\n"))


def dump_script(script: Script) -> str:
    """Markdown: front matter (title, date, description), then per segment a heading
    `## kind: chapter`, an HTML comment with voice/speaker/story/url/image, and the text as
    written."""
    lines = ["---", f"title: {json.dumps(script.title, ensure_ascii=False)}"]
    lines.append(f"date: {script.date.isoformat() if script.date else ''}")
    lines.append(f"description: {json.dumps(script.description, ensure_ascii=False)}")
    if script.source_url:
        lines.append(f"source: {json.dumps(script.source_url, ensure_ascii=False)}")
    lines += ["---", ""]
    for seg in script.segments:
        lines.append(f"## {seg.kind}: {seg.chapter}")
        lines.append("<!--")
        lines.append(f"voice: {seg.voice}")
        if seg.speaker is not None:
            lines.append(f"speaker: {seg.speaker}")
        if seg.story_index is not None:
            lines.append(f"story: {seg.story_index + 1}")
        if seg.url:
            lines.append(f"url: {seg.url}")
        if seg.image:
            lines.append(f"image: {seg.image}")
        lines += ["-->", "", _escape(seg.text), ""]
    return "\n".join(lines)


def _front_matter(lines: list[str], source: str) -> tuple[dict[str, str], int]:
    if not lines or lines[0].strip() != "---":
        raise ScriptError(f"{source}: line 1: the script must start with '---' front matter")
    meta: dict[str, str] = {}
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return meta, n
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ScriptError(f"{source}: line {n}: expected 'key: value' in the front matter")
        meta[key.strip()] = value.strip()
    raise ScriptError(f"{source}: the front matter is not closed with '---'")


def _string(value: str, source: str, key: str) -> str:
    if not value.startswith('"'):
        return value
    try:
        result = json.loads(value)
    except json.JSONDecodeError:
        raise ScriptError(f"{source}: front matter {key}: bad quoted string") from None
    if not isinstance(result, str):
        raise ScriptError(f"{source}: front matter {key}: not a string")
    return result


def _date(value: str, source: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ScriptError(f"{source}: front matter date: {value!r} is not YYYY-MM-DD") from None


def _segment_meta(body: list[str], start: int, source: str) -> tuple[dict[str, str], list[str]]:
    """A segment's metadata comment ("<!-- voice: joe ... -->"), if any, and the lines after."""
    meta: dict[str, str] = {}
    rest = body
    while rest and not rest[0].strip():
        rest = rest[1:]
    if not rest or rest[0].strip() != "<!--":
        return meta, rest
    try:
        end = next(i for i, ln in enumerate(rest) if ln.strip() == "-->")
    except StopIteration:
        raise ScriptError(
            f"{source}: line {start}: metadata comment not closed with '-->'"
        ) from None
    for ln in rest[1:end]:
        key, sep, value = ln.partition(":")
        if not sep or key.strip() not in META_KEYS:
            raise ScriptError(f"{source}: line {start}: unknown metadata line {ln.strip()!r}")
        meta[key.strip()] = value.strip()
    return meta, rest[end + 1 :]


def _segment(
    head: re.Match[str],
    body: list[str],
    start: int,
    source: str,
    settings: Settings,
    lexicon: dict[str, str],
) -> Segment:
    meta, rest = _segment_meta(body, start, source)
    text = _unescape("\n".join(rest).strip())
    if not text:
        raise ScriptError(f"{source}: line {start}: segment {head.group(2)!r} has no text")
    kind = head.group(1)
    default_voice = (
        settings.voices.host if kind in ("intro", "transition", "outro") else settings.voices.story
    )
    story = meta.get("story")
    if story is not None and not (story.isdigit() and int(story) >= 1):
        raise ScriptError(f"{source}: line {start}: story must be a number from 1, not {story!r}")
    said = utterances(text, lexicon)
    return Segment(
        kind=kind,  # type: ignore[arg-type]
        chapter=head.group(2).strip(),
        text=text,
        spoken=spoken_text(said),
        utterances=said,
        voice=meta.get("voice") or default_voice,
        story_index=int(story) - 1 if story else None,
        url=meta.get("url") or None,
        image=meta.get("image") or None,
        speaker=meta.get("speaker") or None,
    )


def load_script(text: str, settings: Settings, source: str = "script") -> Script:
    """Parse a script written by dump_script (and maybe edited); `spoken` is normalized anew."""
    lines = text.replace("\r\n", "\n").split("\n")
    meta, n = _front_matter(lines, source)
    lexicon = load_lexicon(settings)
    heads = [(i, m) for i, ln in enumerate(lines) if i >= n and (m := HEADING.match(ln))]
    stray = "\n".join(lines[n : heads[0][0] if heads else len(lines)]).strip()
    if stray:
        raise ScriptError(
            f"{source}: line {n + 1}: text before the first '## kind: chapter' heading"
        )
    if not heads:
        raise ScriptError(f"{source}: no segments (headings like '## story: Title')")
    bounds = [*(i for i, _ in heads[1:]), len(lines)]
    segments = tuple(
        _segment(m, lines[i + 1 : end], i + 1, source, settings, lexicon)
        for (i, m), end in zip(heads, bounds, strict=True)
    )
    return Script(
        title=_string(meta.get("title", ""), source, "title"),
        segments=segments,
        date=_date(meta.get("date", ""), source),
        description=_string(meta.get("description", ""), source, "description"),
        source_url=_string(meta.get("source", ""), source, "source") or None,
    )
