"""Stable names for an issue: the episode's file stem, its catalog key and the show's guid."""

from __future__ import annotations

import re
import unicodedata
import uuid
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from digestcast.models import Issue

# The Podcasting 2.0 namespace for podcast:guid (podcastindex.org, docs/tags/guid.md).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

_MAX_SLUG = 80


def slugify(text: str, *, max_length: int = _MAX_SLUG) -> str:
    """Lower-case ASCII words joined by hyphens ("Café Été!" -> "cafe-ete")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def _source_stem(issue: Issue) -> str:
    """A readable stem from where the issue came from: a URL path or a file name."""
    raw = issue.source_url or issue.source
    if not raw or raw == "-":
        return ""
    parts = urlsplit(raw)
    if parts.scheme in ("http", "https"):
        return slugify(f"{parts.hostname or ''} {parts.path}")
    return slugify(PurePosixPath(raw.replace("\\", "/")).stem)


def episode_slug(issue: Issue) -> str:
    """A stable ASCII file stem: "2026-04-10-the-weekly-digest"; source-based when undated."""
    title = slugify(issue.title)
    if issue.date is not None:
        return f"{issue.date.isoformat()}-{title}" if title else issue.date.isoformat()
    stem = _source_stem(issue)
    parts = [p for p in (stem, title) if p]
    slug = "-".join(dict.fromkeys(parts))
    if slug:
        return slug[:_MAX_SLUG].strip("-")
    return "episode-" + uuid.uuid5(PODCAST_GUID_NAMESPACE, issue_key(issue)).hex[:12]


def _normalized_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def issue_key(issue: Issue) -> str:
    """The identity of an issue across rebuilds: its web address, else title and date,
    else its normalized title. A combined episode is its period ("digest:daily:2026-04-10")."""
    if issue.newsletters:
        return issue.source
    if issue.source_url:
        return "url:" + issue.source_url.strip()
    title = _normalized_title(issue.title)
    if issue.date is not None:
        return f"title:{title}|date:{issue.date.isoformat()}"
    return f"title:{title}"


def feed_podcast_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def episode_guid(podcast_guid: str, key: str) -> str:
    """An episode's guid: UUIDv5 of its issue key in the show's own namespace."""
    return str(uuid.uuid5(uuid.UUID(podcast_guid), key))
