"""Subscribing: links that open the feed in podcast apps, and an OPML list of shows."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from digestcast.config import Settings, ShowSettings
from digestcast.errors import PublishError
from digestcast.fsio import write_bytes_atomic

OPML_NAME = "shows.opml"


@dataclass(frozen=True)
class AppLink:
    app: str
    url: str


def _without_scheme(feed_url: str) -> str:
    return feed_url.split("://", 1)[-1]


def app_links(feed_url: str) -> tuple[AppLink, ...]:
    """The feed in each app's own subscribe-link form (the forms the apps document: a
    `podcast://` or `pcast://` link with the feed's host and path, Overcast's x-callback
    `add?url=`, Pocket Casts' `pktc://subscribe/`, AntennaPod's subscribe deep link)."""
    bare = _without_scheme(feed_url)
    encoded = quote(feed_url, safe="")
    return (
        AppLink("Apple Podcasts", f"podcast://{bare}"),
        AppLink("Overcast", f"overcast://x-callback-url/add?url={encoded}"),
        AppLink("Pocket Casts", f"pktc://subscribe/{bare}"),
        AppLink("AntennaPod", f"https://antennapod.org/deeplink/subscribe?url={encoded}"),
        AppLink("Another app", f"pcast://{bare}"),
    )


def shows_opml(shows: list[ShowSettings], now: dt.datetime | None = None) -> bytes:
    """An OPML 2.0 subscription list of several shows, which podcast apps import in one go."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = "Podcasts"
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    ET.SubElement(head, "dateCreated").text = moment.strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(opml, "body")
    for show in shows:
        ET.SubElement(
            body,
            "outline",
            type="rss",
            text=show.title,
            title=show.title,
            xmlUrl=show.feed_url,
            htmlUrl=show.base_url,
        )
    ET.indent(opml)
    document: bytes = ET.tostring(opml, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def write_shows_opml(shows: list[Settings]) -> Path:
    """shows.opml, listing every show of a several-show podcast.toml, in the folder that holds
    their output folders (output/ by default, beside output/NAME/)."""
    folder = Path(os.path.commonpath([s.output_dir.resolve() for s in shows]))
    path = folder / OPML_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, shows_opml([s.show for s in shows]))
    except OSError as exc:
        raise PublishError(f"{path}: cannot write the list of shows ({exc})") from exc
    return path
