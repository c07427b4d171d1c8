"""index.html: the show page, with a player per episode and the subscribe link."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from digestcast.publish.catalog import EpisodeRecord
from digestcast.publish.feed import FeedInfo
from digestcast.publish.notes import sanitize_html

_LINK_LABELS = {
    "audio": "MP3",
    "vtt": "Transcript (VTT)",
    "srt": "Transcript (SRT)",
    "txt": "Transcript (text)",
    "chapters": "Chapters",
}


def _relative(path: str) -> str:
    """A link from index.html (at the top of the output folder) to one of its files."""
    return quote(path.lstrip("/"), safe="/")


@dataclass(frozen=True)
class _PageEpisode:
    number: int
    title: str
    date: str
    minutes: int
    audio_url: str
    notes: Markup
    links: list[tuple[str, str]]


def _page_episode(record: EpisodeRecord) -> _PageEpisode:
    day = record.date or record.pub_date.date()
    return _PageEpisode(
        number=record.number,
        title=record.title,
        date=day.isoformat(),
        minutes=max(1, round(record.duration / 60)),
        audio_url=_relative(record.files["audio"]),
        notes=Markup(sanitize_html(record.show_notes)),  # sanitized by nh3
        links=[
            (label, _relative(record.files[kind]))
            for kind, label in _LINK_LABELS.items()
            if kind in record.files
        ],
    )


def render_page(info: FeedInfo, episodes: list[EpisodeRecord]) -> str:
    """The show page's HTML, episodes newest first."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("digestcast.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    template = env.get_template("index.html.j2")
    newest_first = sorted(episodes, key=lambda e: (e.pub_date, e.number), reverse=True)
    return template.render(
        show=info.show,
        feed_url=info.show.feed_url,
        cover_url=_relative(info.cover) if info.cover else None,
        episodes=[_page_episode(e) for e in newest_first],
    )
