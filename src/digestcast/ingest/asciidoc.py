"""AsciiDoc issues ("= Title", "== Section", "URL[text]" links, ":attr:" and "ifdef::...[]"
lines) turned into the Markdown the Markdown reader already reads: the document header becomes
front matter (title, author, date), sections ATX headings, links Markdown links, directives
and attribute lines dropped."""

from __future__ import annotations

import re

from digestcast.ingest.dates import find_date

_DOC_TITLE = re.compile(r"^=[ \t]+(?P<title>\S.*)$")
_SECTION = re.compile(r"^(?P<marks>={2,6})[ \t]+(?P<title>\S.*?)(?:[ \t]+=+)?[ \t]*$")
_ATTRIBUTE = re.compile(r"^:!?[\w-]+!?:(?:[ \t].*)?$")
_DIRECTIVE = re.compile(r"^(?:ifdef|ifndef|ifeval|endif|include|toc)::[^\[\n]*\[.*\][ \t]*$")
_COMMENT = re.compile(r"^//(?!/).*$")
_BLOCK_ATTRIBUTES = re.compile(r"^\[[\w.#%,=\"' -]*\][ \t]*$")  # "[source,clojure]", "[NOTE]"
# "https://x.org/a[text]", "link:https://x.org/a[text]", "mailto:a@b.c[text]"
_LINK = re.compile(r"(?:link:)?(?P<url>(?:https?|mailto):[^\s\[\]]+)\[(?P<text>[^\]\n]*)\]")
_IMAGE = re.compile(r"^image::?(?P<url>[^\s\[]+)\[(?P<alt>[^\]\n]*)\]")
_BOLD = re.compile(r"(?<![\w*])\*(?P<text>[^*\s](?:[^*\n]*[^*\s])?)\*(?![\w*])")
_NESTED_ITEM = re.compile(r"^(?P<marks>\*{2,5})[ \t]+")
_ORDERED_ITEM = re.compile(r"^\.{1,5}[ \t]+(?=\S)")
# block delimiters: listing and literal blocks are code; example, quote and sidebar blocks
# hold ordinary text (their lines of "====" would be Markdown's heading underlines)
_CODE_FENCE = re.compile(r"^(?:-{4,}|\.{4,})[ \t]*$")
_BLOCK_FENCE = re.compile(r"^(?:={4,}|_{4,}|\*{4,}|\+{4,})[ \t]*$")
_HEADER_LINES = 3  # the author and revision lines under the title
_MIN_MARKERS = 2


def looks_like_asciidoc(text: str) -> bool:
    """A document title line ("= Title") or attribute lines, with AsciiDoc sections, links or
    directives under them: no Markdown writes "= " at a line's start."""
    head = text[:20000].lstrip("\ufeff")
    lines = head.split("\n")
    titled = bool(lines and _DOC_TITLE.match(lines[0].rstrip()))
    markers = sum(
        1
        for line in lines
        if _SECTION.match(line) or _DIRECTIVE.match(line) or _ATTRIBUTE.match(line)
    )
    links = len(_LINK.findall(head))
    return (titled or markers >= _MIN_MARKERS) and markers + links >= _MIN_MARKERS + 1


def _quoted(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def _front_matter(title: str, lines: list[str]) -> tuple[list[str], list[str]]:
    """The document header (title, author line, revision line) as front matter lines, and
    the lines after it."""
    meta = [f"title: {_quoted(title.strip())}"]
    at = 1
    while at < len(lines) and at <= _HEADER_LINES and lines[at].strip():
        line = lines[at].strip()
        if _ATTRIBUTE.match(line):
            break
        if (date := find_date(line)) is not None and len(line) < 40:
            meta.append(f"date: {date.isoformat()}")
        elif not any(k.startswith("author:") for k in meta):
            meta.append(f"author: {_quoted(line.split('<')[0].strip())}")
        at += 1
    return ["---", *meta, "---", ""], lines[at:]


def _line(line: str) -> str | None:
    """One body line in Markdown; None for a line that is only markup."""
    if _ATTRIBUTE.match(line) or _DIRECTIVE.match(line) or _COMMENT.match(line):
        return None
    if _BLOCK_ATTRIBUTES.match(line) or _BLOCK_FENCE.match(line):
        return None
    if _CODE_FENCE.match(line):
        return "```"
    if m := _SECTION.match(line):
        return "#" * len(m["marks"]) + " " + m["title"]
    if m := _IMAGE.match(line):
        return f"![{m['alt']}]({m['url']})"
    if m := _NESTED_ITEM.match(line):
        line = "  " * (len(m["marks"]) - 1) + "* " + line[m.end() :]
    elif _ORDERED_ITEM.match(line):
        line = _ORDERED_ITEM.sub("1. ", line)
    line = _LINK.sub(lambda m: f"[{m['text'] or m['url']}]({m['url']})", line)
    return _BOLD.sub(r"**\g<text>**", line)


def asciidoc_to_markdown(text: str) -> str:
    """The AsciiDoc issue as Markdown text, its header as front matter."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    head: list[str] = []
    if lines and (m := _DOC_TITLE.match(lines[0].rstrip())):
        head, lines = _front_matter(m["title"], lines)
    body = [out for line in lines if (out := _line(line.rstrip())) is not None]
    return "\n".join(head + body)
