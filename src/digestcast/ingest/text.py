"""Bytes to text (BOMs, declared charsets, binary detection) and plain-text issues to blocks."""

from __future__ import annotations

import codecs
import re

from digestcast.errors import IngestError
from digestcast.ingest.badges import set_badge_lines_apart
from digestcast.ingest.blocks import Block, Document
from digestcast.ingest.dates import find_date, parse_header_date
from digestcast.ingest.records import is_listing, record_blocks
from digestcast.ingest.refs import reference_urls, resolve_references

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(1, 32)) - {9, 10, 12, 13, 27}
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_RULE = re.compile(r"^\s*(?:[-*_=~•·]\s*){3,}$")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+\S")
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,})$")
_ITEM = re.compile(r"^\s*(?:[-*•–·▪◦‣+]|\d{1,2}[.)])\s+(\S.*)$")
_HEADER = re.compile(
    r"^(title|subject|date|author|from|publisher|url|link|source)\s*:\s*(.+)$", re.I
)
_URL = r"https?://[^\s<>()\[\]]+"
_LINKED = (
    re.compile(rf"^\[(?P<text>[^\]]+)\]\s?\(<?(?P<url>{_URL})>?\)(?P<rest>.*)$"),
    re.compile(rf"^(?P<text>.+?)\s*[(<](?P<url>{_URL})[)>](?P<rest>.*)$"),
)
_MAILTO_LINE = re.compile(r"^\s*<?mailto:\S*>?\s*$", re.I)
_BARE_URL = re.compile(rf"^<?(?P<url>{_URL})>?$")
_LABELLED_URL = re.compile(rf"^\s*\w+(?: \w+)?\s*:\s*<?(?P<url>{_URL})>?\s*$")
_INDENT = 2  # spaces per level of a nested list
# A section label drawn in text: "[ NEWS ]", "-- sponsor -----", "=== JOBS ===", ">> TOOLS <<",
# or a hashtag-like capitalised category "#Favorites", "#Weird & Wonderful".
_LABEL_LINE = re.compile(
    r"^\s*(?:\[\s*(?P<a>[^\[\]]{1,40}?)\s*\]|[-=~*#<>]{2,}\s*(?P<b>[^-=~*#<>\s][^-=~*#<>]{0,40}?)"
    r"\s*[-=~*#<>]{2,}|#(?P<c>[A-Z][^#]{0,40}?))\s*$"
)
_LABEL_WORDS = 4
_TITLE_WORDS = 14


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode an issue's bytes: a BOM wins, then UTF-8, then a declared charset."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(codec), source)
            except UnicodeDecodeError:
                raise IngestError(f"{source}: not valid {codec} text despite its BOM") from None
    head = data[:8192]
    if head.count(b"\x00") > len(head) // 100 or sum(b in _CONTROL for b in head) > len(head) // 20:
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
    if text.count("\x00") > len(text) // 100:  # a stray NUL is cleaned later; many: binary
        raise IngestError(f"{source}: binary data, not a newsletter issue")
    return text


def strip_comments(text: str) -> str:
    return _COMMENT.sub("", text)


def split_link(text: str) -> tuple[str, str | None]:
    """`Title (https://...)`, `[Title](https://...)` or a bare URL -> (text, url)."""
    joined, url, _ = _linked(text)
    return joined, url


def _linked(text: str) -> tuple[str, str | None, str | None]:
    """A line opening with a link: (its text without the URL, the URL, the link's own text)."""
    if m := _BARE_URL.match(text):
        return text, m["url"], None
    for pattern in _LINKED:
        if (m := pattern.match(text)) and m["text"].strip():
            rest = m["rest"].strip(" \t-—–:")
            joined = m["text"].strip() + (" " + rest if rest else "")
            return joined, m["url"], m["text"].strip()
    return text, None, None


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


def _title_over_sentence(first: str, second: str, width: int) -> bool:
    """A chunk's short first line without end punctuation over a capitalized line: a title
    with its blurb right under it, not one hard-wrapped sentence."""
    return (
        len(first) < 0.85 * width and first.rstrip()[-1:] not in ".,;:!?-" and second[:1].isupper()
    )


_LINE_LABEL = re.compile(r"^\w+:\s")
_HOST_LINE = re.compile(r"^[\w.-]+\.[a-z]{2,}\s*\(\s*https?://")
_TITLE_LINKED = re.compile(r"\(\s*https?://\S+\s*\)\s*$")
_GOES_ON = re.compile(r"^[(\"“']?[a-z]")  # "(framed in the future)." under "...for tomorrow"


def _wrapped(prev: str | None, stripped: str, n: int, width: int) -> bool:
    """Whether a line goes on the hard-wrapped line above it: under a long line in a text
    wrapped at 100 or less, or, whatever the width, a long line stopping mid-sentence over a
    line going on in small letters."""
    if prev is None or _RULE.match(stripped) or _ITEM.match(stripped):
        return False
    if _BARE_URL.match(stripped) or _HOST_LINE.match(stripped):
        return False  # a link, or "github.com (https://...)": the item's source, on its own
    if _TITLE_LINKED.search(prev) and stripped[:1].isupper():
        return False  # "Title (https://...)" over its blurb: a title line, not a wrapped one
    mid_sentence = (
        len(prev) >= int(width * 0.6)
        and prev.rstrip()[-1:] not in ".!?:;"
        and not _BARE_URL.match(prev.strip())
        and _GOES_ON.match(stripped) is not None
        and _LINE_LABEL.match(stripped) is None  # "comments: https://..." is a line of its own
    )
    return mid_sentence or (
        width <= 100
        and len(prev) >= max(45, int(width * 0.6))
        and not (n == 1 and _title_over_sentence(prev, stripped, width))
    )


def _paragraphs(chunk: list[str]) -> list[str]:
    """Lines of one blank-line-separated chunk, with hard-wrapped lines joined back."""
    width = max(len(line.rstrip()) for line in chunk)
    out: list[str] = []
    for n, line in enumerate(chunk):
        stripped = line.strip()
        if not stripped:
            continue
        prev = out[-1] if out else None
        continuation = (
            prev is not None
            and line[:2].isspace()
            and _ITEM.match(prev) is not None
            and not _ITEM.match(stripped)
        )
        joins = continuation or _wrapped(prev, stripped, n, width)
        if joins and prev is not None and not _RULE.match(prev):
            if continuation and (url := _BARE_URL.match(stripped)) and "://" not in prev:
                stripped = f"<{url['url']}>"  # an item's title, its URL line, its blurb
            out[-1] = prev.rstrip() + " " + stripped
        else:
            out.append(line.rstrip() if _ITEM.match(stripped) else stripped)  # items keep indent
    return out


def _block(line: str) -> Block | None:
    if not any(c.isalnum() for c in line) and not _RULE.match(line):
        return None
    if _RULE.match(line):
        return Block("rule", "")
    depth = (len(line) - len(line.lstrip())) // _INDENT
    if m := _ITEM.match(line):
        text, url, lead = _linked(m[1].strip())
        return Block("item", text, url=url, lead=lead, lead_is_link=bool(lead), depth=depth)
    if m := _LABELLED_URL.match(line):  # "comments: https://...": a link, no words to read
        return Block("para", m["url"], url=m["url"])
    text, url = split_link(line.strip())
    return Block("para", text, url=url)


_TRAILING_URL = re.compile(rf"(?<=[.!?)])\s+<?(?P<url>{_URL})>?$")


def _line_blocks(line: str) -> list[Block]:
    """A line's block; a sentence ending in a bare URL gives the URL its own line (the story's
    link, not words to read)."""
    block = _block(line)
    if block is None:
        return []
    m = _TRAILING_URL.search(block.text) if block.kind == "para" else None
    if m is None or block.url:
        return [block]
    url = m["url"].rstrip(".,;")
    return [Block("para", block.text[: m.start()].rstrip()), Block("para", url, url=url)]


def _without_signature(lines: list[str]) -> list[str]:
    """Lines before an email signature ("-- " near the end)."""
    for i, line in enumerate(lines):
        if line.rstrip() == "--" and sum(1 for rest in lines[i + 1 :] if rest.strip()) <= 12:
            return lines[:i]
    return lines


def _label(line: str) -> str | None:
    """The label of a line drawn as a section label ("[ NEWS ]", "-- sponsor ----")."""
    m = _LABEL_LINE.match(line)
    label = (m["a"] or m["b"] or m["c"] or "").strip() if m else ""
    if not label or len(label.split()) > _LABEL_WORDS or not any(c.isalpha() for c in label):
        return None
    return label


def _chunk_blocks(chunk: list[str], masthead: bool = False) -> list[Block]:
    """Blocks of one chunk; a title line underlined with === or --- (setext) is a heading, and
    so is a label drawn between brackets or dashes. In the `masthead` (the first chunk) a
    title over a URL is the issue's name over its web address, not a linked item."""
    for i, line in enumerate(chunk):
        if (label := _label(line)) is not None:
            before = _chunk_blocks(chunk[:i]) if i else []
            after = _chunk_blocks(chunk[i + 1 :]) if i + 1 < len(chunk) else []
            return [*before, Block("heading", label, level=2), *after]
    for i in range(len(chunk) - 1):
        title, under = chunk[i].strip(), chunk[i + 1].strip()
        if (
            (i == 0 or _RULE.match(chunk[i - 1]))  # a title line of its own, not a paragraph's last
            and not _BARE_URL.match(title)
            and _UNDERLINE.match(under)
            and len(under) >= max(3, len(title) // 2)
            and any(c.isalnum() for c in title)
            and len(title.split()) <= 20
            and not title.endswith((".", ",", ";"))
        ):
            before = _chunk_blocks(chunk[:i]) if i else []
            after = _chunk_blocks(chunk[i + 2 :]) if i + 2 < len(chunk) else []
            return [*before, Block("heading", title, level=1 if under[0] == "=" else 2), *after]
    blocks = [b for p in _paragraphs(chunk) for b in _line_blocks(p)]
    if masthead:
        return blocks
    if len(chunk) == 1 and len(blocks) == 1:
        blocks = [_title_line(blocks[0], chunk[0])]
    return _titles_over_urls(blocks)


def _title_line(block: Block, line: str) -> Block:
    """A line that is only a title and its link, alone between blank lines ("Title
    (https://...)"): a linked title, as "[Title](url)" would be."""
    text, url, lead = _linked(line.strip())
    if block.kind == "para" and url and lead and text == lead:
        return Block("para", text, url=url, lead=lead, lead_is_link=True)
    return block


def _titles_over_urls(blocks: list[Block]) -> list[Block]:
    """A short title line right over a line that is only its URL: one linked title, as
    "[title](url)" would be ("Writing a tiny regex engine" then "https://...")."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "para"
            and not prev.url
            and block.kind == "para"
            and block.url
            and block.text == block.url
            and len(prev.text.split()) <= _TITLE_WORDS
            and prev.text.rstrip()[-1:] not in ".,;:"
        ):
            out[-1] = Block("para", prev.text, url=block.url, lead=prev.text, lead_is_link=True)
        else:
            out.append(block)
    return out


def _chunks(lines: list[str]) -> list[list[str]]:
    """The runs of non-blank lines (tabs as four spaces, trailing spaces gone)."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            chunks[-1].append(line.replace("\t", "    ").rstrip())
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def _numbered_over_body(chunk: list[str]) -> list[Block] | None:
    """ "1. A title" over indented lines of prose: the numbered title and its body."""
    first, rest = chunk[0], chunk[1:]
    if not rest or _NUMBERED.match(first) is None or _ends_sentence(first):
        return None
    if not all(line[:1].isspace() and not _ITEM.match(line) for line in rest):
        return None
    if len(first.split()) > _TITLE_WORDS or not rest[0].strip()[:1].isupper():
        return None  # a long first line over a lowercase one: one item's wrapped sentence
    body = [b for p in _paragraphs([line.strip() for line in rest]) for b in _line_blocks(p)]
    return [Block("heading", first.strip(), level=0), *body]


def _numbered_title(chunk: list[str], nxt: list[str] | None) -> bool:
    """ "1) A title" alone over a paragraph: a numbered story title, not a list."""
    if len(chunk) != 1 or not nxt or _NUMBERED.match(chunk[0]) is None:
        return False
    return not _ITEM.match(nxt[0]) and not _ends_sentence(chunk[0])


def _ends_sentence(line: str) -> bool:
    """A line ending as a sentence does; a title trailing off ("Your hold music...") does not."""
    end = line.rstrip()
    return not end.endswith(("...", "…")) and end[-1:] in ".,;:!?"


def _header_document(blocks: list[Block], headers: dict[str, str]) -> Document:
    date_text = headers.get("date")
    date = (parse_header_date(date_text) or find_date(date_text)) if date_text else None
    url = headers.get("url") or headers.get("link") or headers.get("source")
    return Document(
        blocks=tuple(blocks),
        title=headers.get("title") or headers.get("subject"),
        date=date,
        url=url if url and url.startswith("http") else None,
        publisher=headers.get("publisher") or headers.get("author") or headers.get("from"),
    )


# reStructuredText's explicit markup: ".. include:: intro.rst", ".. SHA1 range: ..." (a comment),
# with its indented option lines; and a role around a bare token (":rev:`B1a2b3c`").
_DIRECTIVE = re.compile(r"^\.\.(?:\s|$)(?!\.)")
_ROLE = re.compile(r":[\w-]+:`(?P<text>[^`]*)`")


def without_markup_directives(lines: list[str]) -> list[str]:
    """The lines without markup directives and comments (and the indented lines under them),
    and with roles around a bare token (a commit, a patch number) taken out: never heard."""
    kept: list[str] = []
    inside = False
    for line in lines:
        inside = bool(_DIRECTIVE.match(line)) or (inside and line[:1] in (" ", "\t"))
        if not inside:
            kept.append(_ROLE.sub(lambda m: m["text"] if " " in m["text"] else "", line))
    return kept


def parse_text(text: str) -> Document:
    """A plain-text issue: `Title:`/`Date:` headers, paragraphs, bullets and separators."""
    text = set_badge_lines_apart(strip_comments(text).replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    headers, skip = _header_block(lines)
    refs, body = reference_urls(lines[skip:])
    body = [ln for ln in body if not _MAILTO_LINE.match(ln)]  # "share by email", written out
    body = without_markup_directives(body)
    chunks = _chunks(_without_signature(body))
    listing = is_listing(body)
    blocks: list[Block] = []
    for i, chunk in enumerate(chunks):
        if listing and (records := record_blocks(chunk)) is not None:
            blocks.extend(records)
        elif _numbered_title(chunk, chunks[i + 1] if i + 1 < len(chunks) else None):
            blocks.append(Block("para", chunk[0].strip()))
        elif (titled := _numbered_over_body(chunk)) is not None:
            blocks.extend(titled)
        else:
            blocks.extend(_chunk_blocks(chunk, masthead=i == 0))
    return _header_document(resolve_references(blocks, refs), headers)
