"""feed.xml: golden output, and real feed readers (feedparser, podcastparser) reading it."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import feedparser
import podcastparser
from lxml import etree  # type: ignore[import-untyped]

from digestcast.config import ShowSettings
from digestcast.mix.transcript import to_json_chapters as chapters_json
from digestcast.models import Chapter, Issue, Script, Story
from digestcast.publish import publish_episode
from digestcast.publish.catalog import EpisodeRecord
from digestcast.publish.feed import FeedInfo, render_feed
from digestcast.publish.notes import show_notes
from tests.publish.conftest import MakeEpisode, make_settings

GOLDEN = Path(__file__).parent / "data" / "feed.golden.xml"
REFRESH = os.environ.get("DIGESTCAST_REFRESH_GOLDEN") == "1"  # rewrite the golden file


def _golden_records() -> list[EpisodeRecord]:
    chapters = (
        Chapter("Intro", 0.0, 12.5),
        Chapter("Chips & dips: a café story", 12.5, 95.0, "https://example.com/chips?a=1&b=2"),
        Chapter("Outro", 95.0, 101.4),
    )
    issue = Issue(
        title="Byte Bulletin #12",
        stories=(
            Story("Chips & dips: a café story", ("Body.",), "https://example.com/chips?a=1&b=2"),
            Story("No link here <script>alert(1)</script>", ("Body.",)),
        ),
        date=dt.date(2026, 4, 10),
        source_url="https://bulletin.example.com/issues/12",
    )
    script = Script("Byte Bulletin #12", (), issue.date, "Chips, dips and a story without a link.")
    files = {
        "audio": "episodes/2026-04-10-byte-bulletin-12.mp3",
        "vtt": "episodes/2026-04-10-byte-bulletin-12.vtt",
        "srt": "episodes/2026-04-10-byte-bulletin-12.srt",
        "chapters": "episodes/2026-04-10-byte-bulletin-12.chapters.json",
        "txt": "episodes/2026-04-10-byte-bulletin-12.txt",
    }
    newer = EpisodeRecord(
        guid="5d0c54a4-5f0e-5b4a-9a39-3f3c1d1f2b12",
        number=2,
        issue_key="url:https://bulletin.example.com/issues/12",
        slug="2026-04-10-byte-bulletin-12",
        title="Byte Bulletin #12",
        date=issue.date,
        pub_date=dt.datetime(2026, 4, 10, 6, 30, tzinfo=dt.UTC),
        files=files,
        size_bytes=812_345,
        duration=101.4,
        mime_type="audio/mpeg",
        chapters=chapters,
        description=script.description,
        show_notes=show_notes(issue, script, chapters),
        source=issue.source_url or "",
    )
    older = EpisodeRecord(
        guid="0b7e3f5e-2c1d-5a8e-8f0a-1c2d3e4f5a61",
        number=1,
        issue_key="title:byte bulletin #11|date:2026-04-03",
        slug="2026-04-03-byte-bulletin-11",
        title="Byte Bulletin #11",
        date=dt.date(2026, 4, 3),
        pub_date=dt.datetime(2026, 4, 3, 6, 30, tzinfo=dt.UTC),
        files={"audio": "episodes/2026-04-03-byte-bulletin-11.mp3"},
        size_bytes=700_001,
        duration=88.6,
        mime_type="audio/mpeg",
        description="Issue eleven.",
        show_notes="<p>Issue eleven.</p>",
        source="issues/11.md",
    )
    return [older, newer]


def _golden_info() -> FeedInfo:
    show = ShowSettings(
        title="Byte Bulletin, read aloud",
        description="The Byte Bulletin newsletter as a podcast: a chapter per story.",
        author="Byte Bulletin",
        email="editor@bulletin.example.com",
        language="en-us",
        link="https://bulletin.example.com/",
        base_url="https://cdn.example.com/podcast",
        category="Technology",
        explicit=False,
    )
    return FeedInfo(show, "917393e3-1b1e-5cef-ace4-edaa54e1f810", "cover.jpg")


def test_feed_matches_the_golden_file() -> None:
    rendered = render_feed(_golden_info(), _golden_records())
    if REFRESH:
        GOLDEN.write_bytes(rendered)
    assert rendered.decode("utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_golden_feed_channel_rules() -> None:
    info = _golden_info()
    long_show = info.show.model_copy(update={"description": "Très long. " * 500})
    root = etree.fromstring(render_feed(FeedInfo(long_show, info.podcast_guid, info.cover), []))
    assert 3990 < len(root.find("channel").findtext("description").encode("utf-8")) <= 4000

    root = etree.fromstring(render_feed(info, _golden_records()))
    ns = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    channel = root.find("channel")
    assert channel.findtext("link") == "https://bulletin.example.com/"
    assert channel.findtext("itunes:explicit", namespaces=ns) == "false"
    items = channel.findall("item")
    assert [i.findtext("itunes:episode", namespaces=ns) for i in items] == ["2", "1"]
    notes = items[0].findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "00:00:12 <a href" in notes and "00:01:35 Outro" in notes
    assert "<script>" not in notes and "alert(1)" in notes  # escaped text, never a tag


def test_chapters_json_is_sorted_and_versioned() -> None:
    text = chapters_json((Chapter("B", 5.0, 9.0, "https://b.example"), Chapter("A", 0.0, 5.0)))
    assert text.startswith('{\n  "version": "1.2.0"')
    assert text.index('"A"') < text.index('"B"')


def test_feed_readers_accept_a_published_feed(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    settings = make_settings(out)
    results = [
        publish_episode(*make_episode(n), settings, cover=cover_png, now=dt.datetime(2026, 4, n))
        for n in (1, 2)
    ]
    data = (out / "feed.xml").read_bytes()

    parsed = feedparser.parse(data)
    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert parsed.feed.title == "Test Digest Audio"
    assert [e.id for e in parsed.entries] == [results[1].guid, results[0].guid]

    podcast = podcastparser.parse(settings.show.feed_url, io.BytesIO(data))
    assert podcast["cover_url"] == "https://example.org/show/cover.png"
    episodes = sorted(podcast["episodes"], key=lambda e: e["number"])
    assert [e["guid"] for e in episodes] == [r.guid for r in results]
    for episode, result in zip(episodes, results, strict=True):
        enclosure = episode["enclosures"][0]
        assert enclosure["url"] == result.episode_url
        assert enclosure["file_size"] == result.audio_path.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert episode["total_time"] == 3
        assert episode["type"] == "full"
        page = episode["link"].removeprefix("https://example.org/show/")  # the episode's page
        assert page.startswith("episodes/") and (out / page).is_file()
        assert "00:00:01 Robots learn to knit" in episode["description"]
    assert podcast["itunes_categories"] == [["News", "Tech News"]]
    assert podcast["explicit"] is False


def test_show_page_has_players_and_the_subscribe_link(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    settings = make_settings(out).with_overrides(**{"show.cover": str(cover_png)})
    episode, issue, script = make_episode(1)
    hostile = Story('<img src=x onerror="alert(1)">Knit', ("Body.",), "javascript:alert(1)")
    issue = Issue(issue.title, (hostile,), issue.date, issue.source, issue.source_url)
    publish_episode(episode, issue, script, settings, cover=None)  # the configured cover
    publish_episode(*make_episode(2), settings, cover=None)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("<audio controls") == 2
    assert 'src="episodes/2026-04-01-weekly-wire-1.mp3"' in page
    assert 'href="https://example.org/show/feed.xml"' in page
    assert '<img class="cover" src="assets/cover.jpg"' in page and (out / "cover.png").is_file()
    assert page.count("<img") == 1
    episode_page = (out / "episodes/2026-04-01-weekly-wire-1.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror" in episode_page  # text, never a tag
    assert episode_page.count("<img") == 1 and "javascript:" not in episode_page
