"""Markdown issues: YAML front matter for the title and date, the rest rendered by markdown-it
and read like HTML (ATX and setext headings, lists, bold lead-ins, links, separators)."""

from __future__ import annotations

import dataclasses
import re

from markdown_it import MarkdownIt

from digestcast.ingest.badges import set_badge_lines_apart
from digestcast.ingest.blocks import Block, Document
from digestcast.ingest.dates import find_date
from digestcast.ingest.frontstories import front_matter_stories
from digestcast.ingest.html import parse_html
from digestcast.ingest.plain import (
    bracket_links,
    split_header_lines,
    strip_highlight_marks,
    strip_image_placeholders,
)
from digestcast.ingest.text import strip_comments, without_markup_directives

_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
# Pelican / MultiMarkdown metadata: "Title: ..." and "Date: ..." lines opening the file, then
# a blank line (at least two lines, one of them a title or a date).
_METADATA = re.compile(r"\A(?:\ufeff)?(?P<yaml>(?:[A-Za-z][\w-]*:[ \t]+\S.*\n){2,})[ \t]*\n")
_METADATA_KEYS = re.compile(r"^(?:title|date)\s*:", re.I | re.M)
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")
_ATX = re.compile(r"^#{1,6}\s+\S", re.M)
# a setext heading: a line of its own (after a blank line) underlined, not a paragraph's last
# line over a separator
_SETEXT = re.compile(r"(?:\A|(?<=\n\n))[^\s#>*\-=].*\n(?:=+|-+)[ \t]*$", re.M)
_LINK = re.compile(r"\[[^\]\n]{1,300}\]\(https?://[^)\s]+\)")
# A line opening with a bold "Label:" or "Read more:" inside a paragraph starts a new one.
_LABEL_LINE = re.compile(
    r"(?<=\S)[ \t]*\n(?=[ \t]*(?:\*\*[^*\n]{1,60}:\*\*|__[^_\n]{1,60}:__|"
    r"\*\*[^*\n]{1,60}\*\*:|read more:|source:)\s)",
    re.IGNORECASE,
)
_BOLD = re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__")
# A bold title a converter broke with a space before its closing marks ("**Title **(Author)",
# "***Title** *(Author)"), maybe after an image on the same line: the title, bold again.
_BROKEN_BOLD = re.compile(
    r"^[ \t]{0,3}(?P<image>!\[[^\]\n]*\]\([^)\n]*\)[ \t]*)?"
    r"(?P<marks>\*{2,3})(?P<title>[^*\s][^*\n]*?)"
    r"(?:[ \t]+\*{2,3}|\*\*[ \t]+\*)(?=[^\s*])",
    re.M,
)


# A paragraph that is only bare URLs (CommonMark links none of them): each one a link.
_URL_LINE = re.compile(r"^[ \t]{0,3}(https?://\S+(?:[ \t]+https?://\S+)*)[ \t]*$", re.M)


# Lines of bare URLs in a row (an item's link and its repository's): the item's link, the first.
_URL_LINES = re.compile(
    r"^([ \t]{0,3}https?://\S+)[ \t]*(?:\n[ \t]{0,3}https?://\S+[ \t]*)+$", re.M
)


def _linked_urls(m: re.Match[str]) -> str:
    return " ".join(f"<{url}>" for url in m[1].split())


def _url_line(block: Block) -> Block:
    """A paragraph that is only a URL: the link of the item over it (as a plain-text issue's
    URL line), not a title of its own."""
    parts = block.text.split()
    if block.kind == "para" and block.lead_is_link and all(_URL_LINE.match(p) for p in parts):
        return dataclasses.replace(block, lead=None, lead_is_link=False)
    return block


def _mended_bold(m: re.Match[str]) -> str:
    image = f"{m['image'].strip()}\n\n" if m["image"] else ""
    return f"{image}{m['marks']}{m['title']}{m['marks']} "


# Block quotes nested deeper than this are read at this depth (the parser's time would grow
# with the square of the depth).
_MAX_QUOTE_DEPTH = 16
_DEEP_QUOTE = re.compile(rf"^((?:[ \t]*>){{{_MAX_QUOTE_DEPTH}}})(?:[ \t]*>)+", re.M)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The `key: value` pairs of a YAML front matter block (or of Pelican's metadata lines),
    and the text after it."""
    m = _FRONT.match(text) or _METADATA.match(text)
    if not m or (m.re is _METADATA and not _METADATA_KEYS.search(m["yaml"])):
        return {}, text
    found: dict[str, str] = {}
    for line in m["yaml"].splitlines():
        if km := _KEY.match(line.strip()):
            found[km["key"].lower()] = _scalar(km["value"].strip())
    return found, text[m.end() :]


def _scalar(value: str) -> str:
    """A YAML scalar's text: quotes off, and a single-quoted one's doubled quote ("Wasn''t")
    one quote again; a double-quoted one's escaped quote too."""
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value.strip("'\"")


def looks_like_markdown(text: str) -> bool:
    head = text[:20000]
    score = 2 * bool(_FRONT.match(text)) + 2 * len(_ATX.findall(head)) + len(_SETEXT.findall(head))
    score += len(_LINK.findall(head)) + len(_BOLD.findall(head))
    return score >= 3


_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]\n]+)\]:[ \t]*\S", re.M)
_REF_USE = re.compile(r"(?<![\]\\])\[([^\[\]\n]{1,300})\]\[([^\[\]\n]{0,300})\]")


_DEF_AFTER_TEXT = re.compile(
    r"^(?![ ]{0,3}\[[^\]\n]+\]:)(.*\S.*)\n(?=[ ]{0,3}\[[^\]\n]+\]:[ \t]*\S)", re.M
)


def _unresolved_references(text: str) -> str:
    """Reference links whose definition is missing (defined in a template include) keep their
    text, in bold: "[Bitcoin Core 31.1][] is..." still opens with its title. Definitions
    right under a line of text are set apart from it, so that they define."""
    text = _DEF_AFTER_TEXT.sub("\\1\n\n", text)
    defined = {" ".join(m[1].lower().split()) for m in _REF_DEF.finditer(text)}

    def keep(m: re.Match[str]) -> str:
        ref = " ".join((m[2] or m[1]).lower().split())
        return m[0] if ref in defined else f"**{m[1]}**"

    return _REF_USE.sub(keep, text)


# A link's URL hard-wrapped onto the next line ("](https://blog.example/a-lo\nng-post/)"): one URL.
_WRAPPED_URL = re.compile(r"(\]\(<?https?://[^()<>\s]+)\n[ \t]*([^()<>\s]+>?\))")


# Liquid, the template language of Jekyll sites: a highlighted code block (code is not read
# aloud), a capture or comment block and every other tag ("{% include sponsor.html %}",
# "{% assign t=1 %}") are the site's machinery, never read.
_LIQUID_CODE = re.compile(
    r"^[ \t]*\{%-?\s*(highlight)\b[^%]*%\}[ \t]*\n(.*?)^[ \t]*\{%-?\s*end\1\s*-?%\}[ \t]*$",
    re.M | re.S,
)
_LIQUID_HIDDEN = re.compile(r"\{%-?\s*(capture|comment)\b[^%]*%\}.*?\{%-?\s*end\1\s*-?%\}", re.S)
_LIQUID_TAG = re.compile(r"\{%-?[^%\n]*-?%\}")


def _without_liquid(text: str) -> str:
    text = _LIQUID_HIDDEN.sub("", _LIQUID_CODE.sub("", text))
    return _LIQUID_TAG.sub("", text)


# A Kramdown attribute list after a link or a block ("{:target="_blank"}", "{: .note}"): the
# site's markup, never read.
_ATTRIBUTE_LIST = re.compile(
    r"\{:[ \t]*(?:[.#]?[\w-]+(?:=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]*))?[ \t]*)*\}"
)


def parse_markdown(text: str, base_url: str | None = None) -> Document:
    text = text.replace("\r\n", "\n")
    meta, rest = front_matter(text)
    if (block := _FRONT.match(text)) and (held := front_matter_stories(block["yaml"])):
        rest = f"{rest.rstrip()}\n\n{held}\n"
    rest = _WRAPPED_URL.sub(r"\1\2", _ATTRIBUTE_LIST.sub("", _without_liquid(rest)))
    rest = bracket_links(strip_highlight_marks(strip_image_placeholders(rest)))
    rest = _URL_LINES.sub(r"\1", _BROKEN_BOLD.sub(_mended_bold, rest))
    rest = _URL_LINE.sub(_linked_urls, rest)
    headers, rest = split_header_lines(rest)
    if not meta.get("date") and headers.get("date"):
        meta["date"] = headers["date"]
    rest = "\n".join(without_markup_directives(strip_comments(rest).split("\n")))
    rest = _DEEP_QUOTE.sub(r"\1", _LABEL_LINE.sub("\n\n", rest))
    rest = set_badge_lines_apart(_unresolved_references(rest))
    html = MarkdownIt("commonmark").render(rest)
    doc = parse_html(f"<html><body>{html}</body></html>", base_url)
    doc = dataclasses.replace(doc, blocks=tuple(_url_line(b) for b in doc.blocks))
    url = meta.get("url") or meta.get("link") or meta.get("canonical_url")
    return dataclasses.replace(
        doc,
        title=meta.get("title") or None,
        date=find_date(meta["date"]) if meta.get("date") else None,
        url=url if url and url.startswith("http") else doc.url,
        publisher=meta.get("publisher") or meta.get("author") or None,
    )
