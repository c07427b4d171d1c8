"""feed.xml: the podcast RSS feed, written from the catalog with feedgen."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from digestcast.config import ShowSettings
from digestcast.publish.catalog import EpisodeRecord
from digestcast.publish.categories import validate_category
from digestcast.publish.notes import truncate_utf8
from digestcast.publish.page_data import episode_page_path
from digestcast.publish.podcast_ns import (
    PodcastIndexEntryExtension,
    PodcastIndexExtension,
    Transcript,
)

TRANSCRIPT_TYPES = {"vtt": "text/vtt", "srt": "application/x-subrip"}
GENERATOR = "digestcast"


@dataclass(frozen=True)
class FeedInfo:
    """What the feed needs beyond the show settings."""

    show: ShowSettings
    podcast_guid: str
    cover: str | None  # the cover's path relative to the output folder, e.g. "cover.png"


def public_url(show: ShowSettings, relative: str) -> str:
    """The absolute URL of a file of the output folder."""
    return show.base_url + quote(relative.lstrip("/"), safe="/")


def _channel(fg: FeedGenerator, info: FeedInfo) -> None:
    show = info.show
    validate_category(show.category, show.subcategory, "show")
    fg.title(show.title)
    fg.description(truncate_utf8(show.description))
    fg.link(href=show.feed_url, rel="self")
    fg.link(href=show.website, rel="alternate")  # feedgen puts the last link in <link>
    fg.language(show.language)
    fg.generator(GENERATOR)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_type(show.type)
    if show.email:
        fg.podcast.itunes_owner(name=show.author, email=show.email)
    if info.cover:
        cover_url = public_url(show, info.cover)
        fg.image(url=cover_url, title=show.title, link=show.website)
        fg.podcast.itunes_image(cover_url)
    ext: PodcastIndexExtension = fg.podcastindex
    ext.guid = info.podcast_guid
    ext.locked = show.locked
    ext.locked_owner = show.email
    ext.category = show.category
    ext.subcategory = show.subcategory
    ext.explicit = show.explicit


def _item(fg: FeedGenerator, info: FeedInfo, record: EpisodeRecord) -> None:
    show = info.show
    fe = fg.add_entry(order="append")
    fe.guid(record.guid, permalink=False)
    fe.title(record.title)
    fe.enclosure(public_url(show, record.files["audio"]), str(record.size_bytes), record.mime_type)
    fe.pubDate(record.pub_date)
    # the episode's own page (player, chapters, transcript; it links to the issue itself)
    fe.link(href=public_url(show, episode_page_path(record.slug)))
    fe.description(record.show_notes or record.description or record.title)
    if record.show_notes:
        fe.content(record.show_notes, type="CDATA")
    fe.podcast.itunes_duration(round(record.duration))
    fe.podcast.itunes_episode(record.number)
    fe.podcast.itunes_episode_type("full")
    if info.cover:
        fe.podcast.itunes_image(public_url(show, info.cover))
    ext: PodcastIndexEntryExtension = fe.podcastindex
    if "chapters" in record.files:
        ext.chapters_url = public_url(show, record.files["chapters"])
    ext.transcripts = [
        Transcript(public_url(show, record.files[kind]), mime, show.language)
        for kind, mime in TRANSCRIPT_TYPES.items()
        if kind in record.files
    ]


def render_feed(info: FeedInfo, episodes: list[EpisodeRecord]) -> bytes:
    """The RSS document for these episodes, newest first."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("podcastindex", PodcastIndexExtension, PodcastIndexEntryExtension)
    _channel(fg, info)
    newest_first = sorted(episodes, key=lambda e: (e.pub_date, e.number), reverse=True)
    for record in newest_first:
        _item(fg, info, record)
    if newest_first:
        fg.lastBuildDate(max(e.pub_date for e in newest_first))
    data: bytes = fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
    return data
