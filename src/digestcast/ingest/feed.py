"""RSS and Atom feeds: pick one item ("latest", an index, or a GUID) and read its full content
(content:encoded or Atom content, else the summary) as HTML."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from typing import Any

from digestcast.errors import IngestError
from digestcast.ingest.blocks import Document, clean_url
from digestcast.ingest.html import parse_html

_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)


def looks_like_feed(data: bytes) -> bool:
    return _FEED_START.match(data[:4096]) is not None


def _published(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()
    return None


def _newest_first(entries: list[Any]) -> list[Any]:
    if all(_published(e) for e in entries):
        return sorted(
            entries,
            key=lambda e: calendar.timegm(e.get("published_parsed") or e.get("updated_parsed")),
            reverse=True,
        )
    return entries


def pick_item(entries: list[Any], item: str | None, source: str) -> Any:
    """ "latest" (or None) is the newest item, a number N the N-th newest (0 = newest),
    anything else the item with that GUID (or link)."""
    ordered = _newest_first(entries)
    if item is None or item == "latest":
        return ordered[0]
    if item.lstrip("-").isdigit():
        index = int(item)
        if not -len(ordered) <= index < len(ordered):
            raise IngestError(f"{source}: feed has {len(ordered)} items, no item {index}")
        return ordered[index]
    for entry in entries:
        if item in (entry.get("id"), entry.get("guid"), entry.get("link")):
            return entry
    raise IngestError(f"{source}: no feed item with GUID {item!r}")


def parse_feed(data: bytes, source: str, item: str | None) -> Document:
    import feedparser  # only feeds need it

    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries", []))
    if not entries:
        raise IngestError(f"{source}: feed has no items")
    entry = pick_item(entries, item, source)
    contents = entry.get("content") or []
    html = next((c.get("value", "") for c in contents if "html" in c.get("type", "html")), "")
    html = html or (contents[0].get("value", "") if contents else "") or entry.get("summary", "")
    link = entry.get("link")
    url = clean_url(link) if isinstance(link, str) and link.startswith("http") else None
    doc = parse_html(f"<html><body>{html}</body></html>", url)
    title = " ".join(str(entry.get("title", "")).split()) or None
    feed_title = parsed.get("feed", {}).get("title")
    return dataclasses.replace(
        doc,
        title=title,
        date=_published(entry),
        url=url,
        publisher=" ".join(str(feed_title).split()) if feed_title else None,
    )
