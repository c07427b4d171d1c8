"""Numbered link references in plain text: "...since the new timetable [1]." in the text and
"[1] https://..." listed at the bottom. The list is not read; each marker goes from the text,
and the first URL a block refers to follows it on a line of its own (the story's link, as a
bare URL line is)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from digestcast.ingest.blocks import Block

_REF_LINE = re.compile(r"^\s*\[(\d{1,3})\]:?\s*<?(https?://[^\s>]+)>?\s*$")
_MARKER = re.compile(r"\s?\[(\d{1,3})\]")
_MIN_REFS = 2


def reference_urls(lines: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """The numbered references listed in `lines` ("[1] https://..."), and the other lines;
    none when fewer than two are listed."""
    refs = {m[1]: m[2] for line in lines if (m := _REF_LINE.match(line))}
    if len(refs) < _MIN_REFS:
        return {}, list(lines)
    return refs, [line for line in lines if not _REF_LINE.match(line)]


def resolve_references(blocks: Sequence[Block], refs: dict[str, str]) -> list[Block]:
    """The blocks without their reference markers, each linking to the first it refers to."""
    if not refs:
        return list(blocks)
    out: list[Block] = []
    for block in blocks:
        cited = [n for n in _MARKER.findall(block.text) if n in refs]
        if not cited:
            out.append(block)
            continue
        text = _MARKER.sub(lambda m: "" if m[1] in refs else m[0], block.text)
        url = refs[cited[0]]
        out.extend([replace(block, text=text), Block("para", url, url=url)])  # its own line
    return out
