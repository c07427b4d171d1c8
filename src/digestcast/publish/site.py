"""The show's website: index.html (the show and its episodes), one page per episode
(episodes/<slug>.html: player, chapters, stories, transcript, downloads, subscribe), the
stylesheet and the player script they share, and a small cover for the pages. Static files
only; the pages work without the script, which adds the player's extras."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from PIL import Image, UnidentifiedImageError

from digestcast.publish.catalog import EpisodeRecord
from digestcast.publish.feed import FeedInfo, public_url
from digestcast.publish.page_data import (
    PageEpisode,
    chapter_notes,
    clock,
    episode_page_path,
    iso_duration,
    page_episode,
    spoken_length,
    transcript,
)
from digestcast.publish.subscribe import app_links

ASSETS_DIR = "assets"  # the pages' stylesheet, script and small cover
ASSETS = ("site.css", "player.js")
THUMB = f"{ASSETS_DIR}/cover.jpg"
THUMB_PX = 320  # shown at 160 CSS px, sharp on 2x screens

__all__ = ["ASSETS_DIR", "episode_page_path", "site_files"]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("digestcast.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
    )
    env.globals.update(
        clock=clock,
        iso_duration=iso_duration,
        spoken_length=spoken_length,
        long_date=_long_date,
        megabytes=_megabytes,
        host=_host,
    )
    return env


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _linker(depth: int) -> Callable[[str], str]:
    """Links from a page `depth` folders below the output folder to one of its files."""
    prefix = "../" * depth

    def link(path: str) -> str:
        return prefix + quote(path.lstrip("/"), safe="/")

    return link


def _thumbnail(cover: Path | None) -> bytes | None:
    """The cover as a small JPEG for the pages (the feed keeps the full-size one)."""
    if cover is None:
        return None
    try:
        with Image.open(cover) as image:
            small = image.convert("RGB")
            small.thumbnail((THUMB_PX, THUMB_PX))
            data = io.BytesIO()
            small.save(data, "JPEG", quality=85, optimize=True, progressive=True)
    except (OSError, UnidentifiedImageError):
        return None
    return data.getvalue()


def _common(info: FeedInfo, thumb: str | None) -> dict[str, Any]:
    show = info.show
    return {
        "show": show,
        "apps": app_links(show.feed_url),
        "thumb": thumb,
        "cover_url": public_url(show, info.cover) if info.cover else None,
    }


def _show_page(env: jinja2.Environment, common: dict[str, Any], eps: list[PageEpisode]) -> str:
    show = common["show"]
    return env.get_template("index.html.j2").render(
        common,
        link=_linker(0),
        page_title=show.title,
        og_title=show.title,
        og_type="website",
        summary=show.description or show.title,
        canonical=show.base_url,
        episodes=eps,
    )


def _episode_page(
    env: jinja2.Environment, common: dict[str, Any], ep: PageEpisode, out: Path
) -> str:
    show = common["show"]
    chapters, other_stories = chapter_notes(ep)
    return env.get_template("episode.html.j2").render(
        common,
        link=_linker(ep.page.count("/")),
        page_title=f"{ep.title} · {show.title}",
        og_title=ep.title,
        og_type="article",
        summary=ep.description or f"Episode {ep.number} of {show.title}",
        canonical=public_url(show, ep.page),
        audio_url=public_url(show, ep.audio),
        ep=ep,
        chapters=chapters,
        other_stories=other_stories,
        transcript=transcript(out / ep.vtt, ep.chapters) if ep.vtt else (),
    )


def site_files(
    info: FeedInfo, records: list[EpisodeRecord], out: Path, cover: Path | None = None
) -> dict[str, bytes]:
    """Every file of the website, by its path relative to the output folder (`out`, where the
    episodes' transcripts are read from). `cover`: the cover image's file, when it is not yet
    in place at `out / info.cover`."""
    env = _environment()
    static = resources.files("digestcast.publish").joinpath("static")
    files = {f"{ASSETS_DIR}/{name}": static.joinpath(name).read_bytes() for name in ASSETS}
    thumb = _thumbnail(cover or (out / info.cover if info.cover else None))
    if thumb is not None:
        files[THUMB] = thumb
    common = _common(info, THUMB if thumb is not None else None)
    newest_first = sorted(records, key=lambda e: (e.pub_date, e.number), reverse=True)
    eps = [page_episode(r) for r in newest_first]
    files["index.html"] = _show_page(env, common, eps).encode("utf-8")
    for ep in eps:
        files[ep.page] = _episode_page(env, common, ep, out).encode("utf-8")
    return files
