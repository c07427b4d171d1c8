"""A feedgen extension for what feedgen's own podcast extension cannot write: the Podcasting 2.0
namespace (podcast:guid, podcast:locked, podcast:chapters, podcast:transcript), Apple's 2019
categories and `itunes:explicit` as `true`/`false`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree  # type: ignore[import-untyped]

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


@dataclass(frozen=True)
class Transcript:
    url: str
    type: str  # text/vtt, application/x-subrip, text/plain
    language: str | None = None


class PodcastIndexExtension(BaseExtension):  # type: ignore[misc]
    """Channel tags: podcast:guid, podcast:locked, itunes:category, itunes:explicit."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.locked_owner: str | None = None
        self.category: str | None = None
        self.subcategory: str | None = None
        self.explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS, "content": CONTENT_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        channel = rss_feed[0]
        if self.category:
            category = etree.SubElement(channel, f"{{{ITUNES_NS}}}category")
            category.attrib["text"] = self.category
            if self.subcategory:
                sub = etree.SubElement(category, f"{{{ITUNES_NS}}}category")
                sub.attrib["text"] = self.subcategory
        if self.explicit is not None:
            etree.SubElement(channel, f"{{{ITUNES_NS}}}explicit").text = (
                "true" if self.explicit else "false"
            )
        if self.guid:
            etree.SubElement(channel, f"{{{PODCAST_NS}}}guid").text = self.guid
        if self.locked is not None:
            locked = etree.SubElement(channel, f"{{{PODCAST_NS}}}locked")
            locked.text = "yes" if self.locked else "no"
            if self.locked_owner:
                locked.attrib["owner"] = self.locked_owner
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Item tags: podcast:chapters and podcast:transcript."""

    def __init__(self) -> None:
        self.chapters_url: str | None = None
        self.transcripts: list[Transcript] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, entry: Any) -> Any:
        if self.chapters_url:
            chapters = etree.SubElement(entry, f"{{{PODCAST_NS}}}chapters")
            chapters.attrib["url"] = self.chapters_url
            chapters.attrib["type"] = "application/json+chapters"
        for t in self.transcripts:
            transcript = etree.SubElement(entry, f"{{{PODCAST_NS}}}transcript")
            transcript.attrib["url"] = t.url
            transcript.attrib["type"] = t.type
            if t.language:
                transcript.attrib["language"] = t.language
        return entry
