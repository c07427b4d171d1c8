"""Which format an issue is in, from its content first and its name or content type second."""

from __future__ import annotations

import re
from typing import Literal

from digestcast.ingest.email import looks_like_email
from digestcast.ingest.feed import looks_like_feed
from digestcast.ingest.fetch import RawSource
from digestcast.ingest.markdown import looks_like_markdown

Format = Literal["email", "feed", "html", "markdown", "text"]

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S
)
_HTML_TAGS = re.compile(
    rb"<(?:p|div|h[1-6]|table|ul|li|a\s+href|br|span|article|section)\b[^>]*>", re.I
)
_FRONT_MATTER = re.compile(rb"\A---[ \t]*\r?\n[A-Za-z_][\w-]*[ \t]*:")
_SUFFIXES: dict[str, Format] = {
    ".eml": "email", ".rss": "feed", ".atom": "feed", ".html": "html", ".htm": "html",
    ".md": "markdown", ".markdown": "markdown",
}  # fmt: skip


def detect_format(raw: RawSource, source: str) -> Format:
    data = raw.data.lstrip(b"\xef\xbb\xbf")
    head = data[:16384]
    if looks_like_feed(head):
        return "feed"
    if looks_like_email(head):
        return "email"
    suffix = "." + raw.name.rsplit(".", 1)[-1].lower() if "." in raw.name else ""
    if _SUFFIXES.get(suffix) == "markdown" and not _HTML_START.match(head):
        return "markdown"  # Markdown may hold raw HTML: its parser reads that too
    if _FRONT_MATTER.match(head) and not _HTML_START.match(head):
        return "markdown"
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    content_type = raw.content_type or ""
    if "html" in content_type:
        return "html"
    text = head.decode("utf-8", errors="replace")
    return "markdown" if looks_like_markdown(text) else "text"
