"""Bytes to text (BOMs, declared charsets, binary detection) and plain-text issues to blocks."""

from __future__ import annotations

import codecs
import re

from digestcast.errors import IngestError
from digestcast.ingest.blocks import Block, Document
from digestcast.ingest.dates import find_date, parse_header_date

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13, 27}
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_RULE = re.compile(r"^\s*(?:[-*_=~•·]\s*){3,}$")
_ITEM = re.compile(r"^\s*(?:[-*•–·▪◦‣+]|\d{1,2}[.)])\s+(\S.*)$")
_HEADER = re.compile(
    r"^(title|subject|date|author|from|publisher|url|link|source)\s*:\s*(.+)$", re.I
)
_URL = r"https?://[^\s<>()\[\]]+"
_LINKED = (
    re.compile(rf"^\[(?P<text>[^\]]+)\]\((?P<url>{_URL})\)(?P<rest>.*)$"),
    re.compile(rf"^(?P<text>.+?)\s*[(<](?P<url>{_URL})[)>](?P<rest>.*)$"),
)
_BARE_URL = re.compile(rf"^<?(?P<url>{_URL})>?$")


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode an issue's bytes: a BOM wins, then UTF-8, then a declared charset."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec), source)
            except UnicodeDecodeError:
                raise IngestError(f"{source}: not valid {codec} text despite its BOM") from None
    head = data[:8192]
    if b"\x00" in head or sum(b in _CONTROL for b in head) > len(head) // 20:
        raise IngestError(f"{source}: binary data, not a newsletter issue")
    try:
        return _check_text(data.decode("utf-8"), source)
    except UnicodeDecodeError as exc:
        bad = exc.start
    if declared:
        try:
            return _check_text(data.decode(declared, errors="replace"), source)
        except LookupError:
            raise IngestError(f"{source}: unknown charset {declared!r}") from None
    raise IngestError(
        f"{source}: not valid UTF-8 (byte 0x{data[bad]:02x} at offset {bad})"
        " and no charset declared"
    )


def _check_text(text: str, source: str) -> str:
    if not text.strip():
        raise IngestError(f"{source}: empty file")
    if "\x00" in text:
        raise IngestError(f"{source}: binary data, not a newsletter issue")
    return text


def strip_comments(text: str) -> str:
    return _COMMENT.sub("", text)


def split_link(text: str) -> tuple[str, str | None]:
    """`Title (https://...)`, `[Title](https://...)` or a bare URL -> (text, url)."""
    if m := _BARE_URL.match(text):
        return text, m["url"]
    for pattern in _LINKED:
        if (m := pattern.match(text)) and m["text"].strip():
            rest = m["rest"].strip(" \t-—–:")
            joined = m["text"].strip() + (" " + rest if rest else "")
            return joined, m["url"]
    return text, None


def _header_block(lines: list[str]) -> tuple[dict[str, str], int]:
    """`Title:`/`Date:` lines at the top of a plain-text issue, and how many lines they take."""
    found: dict[str, str] = {}
    n = 0
    for line in lines:
        if not line.strip():
            break
        m = _HEADER.match(line.strip())
        if not m:
            return {}, 0
        found[m[1].lower()] = m[2].strip()
        n += 1
    if not ({"title", "subject", "date"} & found.keys()):
        return {}, 0
    return found, n


def _paragraphs(chunk: list[str]) -> list[str]:
    """Lines of one blank-line-separated chunk, with hard-wrapped lines joined back."""
    width = max(len(line.rstrip()) for line in chunk)
    out: list[str] = []
    for line in chunk:
        stripped = line.strip()
        if not stripped:
            continue
        prev = out[-1] if out else None
        wrapped = (
            prev is not None
            and width <= 100
            and len(prev) >= max(45, int(width * 0.6))
            and not _RULE.match(stripped)
            and not _ITEM.match(stripped)
        )
        continuation = (
            prev is not None
            and line[:2].isspace()
            and _ITEM.match(prev) is not None
            and not _ITEM.match(stripped)
        )
        if (wrapped or continuation) and prev is not None and not _RULE.match(prev):
            out[-1] = prev.rstrip() + " " + stripped
        else:
            out.append(stripped)
    return out


def _block(line: str) -> Block | None:
    if not any(c.isalnum() for c in line) and not _RULE.match(line):
        return None
    if _RULE.match(line):
        return Block("rule", "")
    if m := _ITEM.match(line):
        text, url = split_link(m[1].strip())
        return Block("item", text, url=url, lead=text if url else None, lead_is_link=bool(url))
    text, url = split_link(line)
    return Block("para", text, url=url)


def parse_text(text: str) -> Document:
    """A plain-text issue: `Title:`/`Date:` headers, paragraphs, bullets and separators."""
    lines = strip_comments(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers, skip = _header_block(lines)
    lines = lines[skip:]
    blocks: list[Block] = []
    chunk: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            chunk.append(line.replace("\t", "    ").rstrip())
        elif chunk:
            blocks.extend(b for p in _paragraphs(chunk) if (b := _block(p)) is not None)
            chunk = []
    date = parse_header_date(headers["date"]) if "date" in headers else None
    url = headers.get("url") or headers.get("link") or headers.get("source")
    return Document(
        blocks=tuple(blocks),
        title=headers.get("title") or headers.get("subject"),
        date=date or (find_date(headers["date"]) if "date" in headers else None),
        url=url if url and url.startswith("http") else None,
        publisher=headers.get("publisher") or headers.get("author") or headers.get("from"),
    )
