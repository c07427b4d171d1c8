"""Hostile markup kept in bounds: before an HTML page is parsed, the elements nested deeper
than a limit lose their tags (their text stays), in one linear pass over the page. A page of
100,000 nested <div>s is then read as quickly as a flat one, and nothing downstream recurses
without bound."""

from __future__ import annotations

import re

MAX_DEPTH = 128
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_KEPT = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "a"}  # kept at any depth: they carry meaning
_MATCH_WINDOW = 8  # a closing tag closes one of the last few open elements, or is ignored


def cap_nesting(html: str, limit: int = MAX_DEPTH) -> str:
    """`html` with the tags of elements nested deeper than `limit` removed (text kept)."""
    out: list[str] = []
    pos = 0
    open_tags: list[tuple[str, bool]] = []  # (name, kept)
    depth = 0  # open elements whose tags are kept
    for m in _TAG.finditer(html):
        closing, name = m[1] == "/", m[2].lower()
        if name in _VOID or m[3].rstrip().endswith("/"):
            continue
        if not closing:
            keep = depth < limit or name in _KEPT
            open_tags.append((name, keep))
            depth += keep
        else:
            start = len(open_tags) - 1
            stop = max(-1, start - _MATCH_WINDOW)
            k = next((i for i in range(start, stop, -1) if open_tags[i][0] == name), None)
            if k is None:
                continue
            keep = open_tags[k][1]
            depth -= sum(kept for _, kept in open_tags[k:])
            del open_tags[k:]
        if not keep:
            out.append(html[pos : m.start()])
            pos = m.end()
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)
