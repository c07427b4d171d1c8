"""Plain-text listings of records: each entry a run of "Field: value" lines with a "Title:"
among them (a preprint server's daily listing, a catalogue of talks or papers). The title is
the story's, the other fields are its facts (authors, categories, dates: not read), the prose
under them its body, and a URL in it its link."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digestcast.ingest.blocks import Block

_TITLE_FIELD = re.compile(
    r"^\s*(?:title|titel|titre|t[íi]tulo|titolo|tytu[łl])\s*:\s*(?P<title>\S.*)$", re.IGNORECASE
)
# A field of the record: "Authors: ...", "Comments: ...", "preprint:2611.20431", "Date: ...".
_FIELD = re.compile(r"^\s*[A-Za-z][\w-]*(?: [\w-]+)?\s*:\s*\S")
_URL = re.compile(r"https?://[^\s<>()\[\],]+")
_MIN_RECORDS = 2


def is_listing(lines: Sequence[str]) -> bool:
    """Two or more "Title:" lines in the body: a listing of records."""
    return sum(1 for line in lines if _TITLE_FIELD.match(line)) >= _MIN_RECORDS


_META_LINES = 3
_RULE = re.compile(r"^\s*[-=_*~]{3,}\s*$")


def _only_fields(chunk: Sequence[str]) -> bool:
    """A few lines opening with a field and no sentence: an entry's id and date lines."""
    worded = [line for line in chunk if any(c.isalnum() for c in line)]
    return (
        0 < len(worded) <= _META_LINES
        and _FIELD.match(worded[0]) is not None
        and not any(line.rstrip().endswith((".", "!", "?")) for line in worded)
    )


def _link_line(line: str) -> str | None:
    """A line that is a URL with at most a size or a bracket beside it: the record's link."""
    m = _URL.search(line)
    rest = (line[: m.start()] + line[m.end() :]).split() if m else []
    return m[0] if m and sum(1 for w in rest if any(c.isalpha() for c in w)) <= 1 else None


def _prose(lines: Sequence[str]) -> list[Block]:
    """The record's prose as paragraphs (indented or hard-wrapped lines joined), and its link."""
    blocks: list[Block] = []
    text: list[str] = []
    for line in lines:
        if not any(c.isalnum() for c in line):
            if text:
                blocks.append(Block("para", " ".join(text)))
                text = []
            continue
        if url := _link_line(line):
            blocks.append(Block("para", url, url=url))
            continue
        text.append(line.strip())
    if text:
        blocks.append(Block("para", " ".join(text)))
    return blocks


def record_blocks(chunk: Sequence[str]) -> list[Block] | None:
    """A chunk of a listing: its records (each part between separators a record, or the next
    record's id and date lines, dropped) and separators; None when no part is either."""
    parts: list[list[str]] = [[]]
    for line in chunk:
        if _RULE.match(line):
            parts.append([])
        else:
            parts[-1].append(line)
    found = [_record(p) for p in parts]
    if all(f is None for f in found):
        return None
    out: list[Block] = []
    for i, (part, blocks) in enumerate(zip(parts, found, strict=True)):
        if i:
            out.append(Block("rule", ""))
        out.extend(blocks if blocks is not None else [Block("para", " ".join(part).strip())])
    return [b for b in out if b.kind == "rule" or any(c.isalnum() for c in b.text)]


def _record(chunk: Sequence[str]) -> list[Block] | None:
    """A record: its title as a heading, its prose and its link (its other fields dropped);
    an empty list for lines of fields only; None for anything else."""
    at = next((i for i, line in enumerate(chunk) if _TITLE_FIELD.match(line)), None)
    if at is None:
        return [] if _only_fields(chunk) else None
    m = _TITLE_FIELD.match(chunk[at])
    assert m is not None
    end = at + 1
    while end < len(chunk) and _FIELD.match(chunk[end]):
        end += 1
    return [Block("heading", m["title"].strip(), level=0), *_prose(chunk[end:])]
