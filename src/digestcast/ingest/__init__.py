"""The ingest stage: any newsletter issue (file, stdin, URL; text, Markdown, HTML, email, feed)
in, an `Issue` with its stories out."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import BinaryIO

from digestcast.config import IngestSettings
from digestcast.errors import IngestError
from digestcast.ingest.asciidoc import asciidoc_to_markdown, looks_like_asciidoc
from digestcast.ingest.blocks import Document
from digestcast.ingest.clean import drop_boilerplate
from digestcast.ingest.dates import find_date
from digestcast.ingest.detect import Format, detect_format
from digestcast.ingest.email import looks_like_email, parse_email
from digestcast.ingest.feed import parse_feed
from digestcast.ingest.fetch import RawSource, read_source
from digestcast.ingest.html import parse_html
from digestcast.ingest.labels import boilerplate_labels_over_headings
from digestcast.ingest.markdown import parse_markdown
from digestcast.ingest.split import drop_masthead_story, split_stories, ungroup_masthead
from digestcast.ingest.text import decode, parse_text
from digestcast.ingest.titles import clean_blocks, clean_text
from digestcast.models import Issue

__all__ = ["load_email_issue", "load_feed_issues", "load_issue"]

_DATE_IN_NAME = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _document(raw: RawSource, fmt: Format, source: str, item: str | None) -> Document:
    if fmt == "email":
        return parse_email(raw.data, source)
    if fmt == "feed":
        return parse_feed(raw.data, source, item)
    declared = raw.charset
    if fmt == "html" and (m := _CHARSET.search(raw.data[:4096])):
        declared = declared or m[1].decode("ascii")
    text = decode(raw.data, source, declared)
    if fmt == "html":
        return parse_html(text, raw.url)
    if looks_like_asciidoc(text):
        return parse_markdown(asciidoc_to_markdown(text), raw.url)
    if fmt == "markdown":
        return parse_markdown(text, raw.url)
    return parse_text(text)


def _fallback_title(source: str, raw: RawSource) -> str:
    stem = PurePosixPath(raw.name).stem if raw.name not in ("", "stdin") else ""
    name = " ".join(_DATE_IN_NAME.sub(" ", stem).replace("_", " ").replace("-", " ").split())
    if name.islower():
        name = name.title()
    return name or ("Newsletter issue" if source == "-" else source)


def load_issue(
    source: str, settings: IngestSettings, *, item: str | None = None, stdin: BinaryIO | None = None
) -> Issue:
    """Read `source` (a path, "-" for stdin, or an http(s) URL) into an Issue.
    `item` picks an item of a feed: "latest" (default), N (0 = newest) or a GUID."""
    return _issue_from_raw(read_source(source, settings, stdin), source, settings, item)


def load_feed_issues(source: str, settings: IngestSettings) -> tuple[list[Issue], list[str]]:
    """Every item of a feed as an Issue, oldest first, reading the feed once. Items that cannot be
    read are skipped and their one-line problems returned beside the issues."""
    raw = read_source(source, settings)
    if detect_format(raw, source) != "feed":
        raise IngestError(f"{source}: not an RSS or Atom feed")
    import feedparser

    entries = list(feedparser.parse(raw.data).get("entries", []))
    if not entries:
        raise IngestError(f"{source}: feed has no items")
    issues: list[Issue] = []
    problems: list[str] = []
    for index in reversed(range(len(entries))):  # item N is the N-th newest
        try:
            issues.append(_issue_from_raw(raw, source, settings, str(index)))
        except IngestError as exc:
            problems.append(f"{exc} (item {index})")
    return issues, problems


def load_email_issue(data: bytes, source: str, settings: IngestSettings) -> Issue:
    """A newsletter email as read from a mailbox (the whole message) as an Issue; `source`
    names it in messages."""
    if not looks_like_email(data):
        raise IngestError(f"{source}: not an email message")
    return _issue_from_raw(RawSource(data=data, name="message.eml"), source, settings, None)


def _issue_from_raw(
    raw: RawSource, source: str, settings: IngestSettings, item: str | None
) -> Issue:
    if not raw.data.strip():
        raise IngestError(f"{source}: empty file")
    fmt = detect_format(raw, source)
    try:
        doc = _document(raw, fmt, source, item)
    except (ValueError, LookupError, UnicodeError, RecursionError, AssertionError) as exc:
        if isinstance(exc, IngestError):
            raise
        raise IngestError(f"{source}: cannot read as {fmt} ({type(exc).__name__}: {exc})") from None
    if not doc.blocks:
        what = {"html": "HTML with no body text", "feed": "feed item with no content"}.get(
            fmt, "no text"
        )
        raise IngestError(f"{source}: {what}")
    labelled = boilerplate_labels_over_headings(clean_blocks(doc.blocks))  # before kickers go
    blocks = drop_boilerplate(labelled, settings.drop_patterns)
    split = split_stories(blocks, settings.story_heading_patterns, titled=bool(doc.title))
    title = clean_text(doc.title or split.label_title or _fallback_title(source, raw))
    stories = drop_masthead_story(
        ungroup_masthead([s if s.title else replace(s, title=title) for s in split.stories], title),
        title,
    )
    opening = split.opening
    shape = split.shape
    if not stories and opening is not None:  # one block of prose: the issue is one story
        stories = (replace(opening, title=title, url=doc.url),)
        opening, shape = None, "single_story"
    if not stories:
        raise IngestError(f"{source}: no stories found")
    date = doc.date or (find_date(split.date_text) if split.date_text else None)
    return Issue(
        title=title,
        stories=stories,
        date=date
        or find_date(title)
        or find_date(raw.name)
        or (find_date(raw.url) if raw.url else None),
        source=source,
        source_url=doc.url or raw.url,
        publisher=clean_text(doc.publisher) if doc.publisher else None,
        opening=opening,
        shape=shape,
    )
