"""`digestcast check`: passes our feeds, reports one line per broken rule in others."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PIL import Image
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

import digestcast.cli.check  # registers the command
from digestcast.cli.app import app
from digestcast.feedcheck import check_feed
from digestcast.publish import publish_episode
from digestcast.serve import ShowServer
from tests.publish.conftest import MakeEpisode, make_settings

assert digestcast.cli.check


def _publish_two(out: Path, make_episode: MakeEpisode, cover: Path, base_url: str) -> None:
    settings = make_settings(out, base_url)
    for n in (1, 2):
        publish_episode(*make_episode(n), settings, cover=cover, now=dt.datetime(2026, 4, n))


def test_our_feed_passes_from_disk(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    _publish_two(tmp_path / "out", make_episode, cover_png, "https://example.org/show/")
    report = check_feed(str(tmp_path / "out/feed.xml"))
    assert [p.line() for p in report.problems] == []
    assert report.items == 2


def test_our_feed_passes_over_http(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with ShowServer(out, "127.0.0.1", 0) as server:
        _publish_two(out, make_episode, cover_png, server.base_url)
        report = check_feed(server.base_url + "feed.xml")
    assert [p.line() for p in report.problems] == []
    assert report.items == 2 and report.notes == []


def _break(out: Path) -> None:
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    guids = re.findall(r'<guid isPermaLink="false">([^<]+)</guid>', feed)
    feed = feed.replace(guids[1], guids[0])  # rule 5: duplicate guid
    feed = feed.replace("<itunes:explicit>false", "<itunes:explicit>no")  # rule 2
    feed = feed.replace('text="News"', 'text="News &amp; Politics"')  # rule 3
    feed = feed.replace("Thu, 02 Apr 2026 00:00:00 +0000", "2026-04-02T00:00:00Z")  # rule 5
    feed = re.sub(r'length="\d+"', 'length="12345"', feed, count=1)  # rule 5
    (out / "feed.xml").write_text(feed, encoding="utf-8")
    Image.new("RGBA", (1000, 800)).save(out / "cover.png")  # rule 4: 3 problems
    (out / "episodes/2026-04-01-weekly-wire-1.chapters.json").write_text(
        '{"version": "1.2.0", "chapters": [{"startTime": 5, "title": "B"}, '
        '{"startTime": 0, "title": "A"}]}',
        encoding="utf-8",
    )  # rule 9
    (out / "episodes/2026-04-01-weekly-wire-1.vtt").write_text("00:00.000 --> 00:01.000\nHi\n")


def test_a_broken_feed_gets_one_line_per_failure(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    _publish_two(out, make_episode, cover_png, "https://example.org/show/")
    _break(out)
    report = check_feed(str(out / "feed.xml"))
    rules = sorted(p.rule for p in report.problems)
    assert rules == ["16", "2", "3", "4", "4", "4", "5", "5", "5", "9"], [
        p.line() for p in report.problems
    ]
    messages = " | ".join(p.line() for p in report.problems)
    for expected in (
        "itunes:explicit is not true/false",
        "'News & Politics' is not an Apple Podcasts category",
        "not square",
        "1000 px wide",
        "colour mode is RGBA",
        "is not unique",
        "is not RFC 2822",
        "length 12345 != file size",
        "startTime not ascending",
        "first line is not WEBVTT",
    ):
        assert expected in messages
    assert all("(fix: " in p.line() and "\n" not in p.line() for p in report.problems)


def test_unreadable_xml_is_rule_1(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss version='2.0'><channel><title>x</channel></rss>", encoding="utf-8")
    report = check_feed(str(feed))
    assert [p.rule for p in report.problems] == ["1"]
    assert "not well-formed" in report.problems[0].message


def test_a_host_without_byte_ranges_fails_rule_8(
    httpserver: HTTPServer, tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    base = httpserver.url_for("/")
    out = tmp_path / "out"
    _publish_two(out, make_episode, cover_png, base)
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        relative = path.relative_to(out).as_posix()
        httpserver.expect_request("/" + relative).respond_with_data(
            path.read_bytes(), content_type="audio/mpeg" if path.suffix == ".mp3" else "text/plain"
        )
    report = check_feed(base + "feed.xml")
    lines = [p.line() for p in report.problems]
    assert [p.rule for p in report.problems] == ["8", "8"], lines
    assert all("answered 200" in line and "206" in line for line in lines)


def test_check_command_exit_codes(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    _publish_two(out, make_episode, cover_png, "https://example.org/show/")
    runner = CliRunner()
    passed = runner.invoke(app, ["check", str(out / "feed.xml")])
    assert passed.exit_code == 0, passed.output
    assert "passes every check" in passed.output
    _break(out)
    failed = runner.invoke(app, ["check", str(out / "feed.xml")])
    assert failed.exit_code == 1
    assert len([line for line in failed.output.splitlines() if line.startswith("rule ")]) == 10
    missing = runner.invoke(app, ["check", str(tmp_path / "nope.xml")])
    assert missing.exit_code == 2
    assert "no such feed file" in missing.output


def test_file_urls_are_read(tmp_path: Path, make_episode: MakeEpisode, cover_png: Path) -> None:
    _publish_two(tmp_path / "out", make_episode, cover_png, "https://example.org/show/")
    report = check_feed((tmp_path / "out/feed.xml").as_uri())
    assert report.ok and report.items == 2


def test_chapter_img_must_be_an_absolute_http_url(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    out = tmp_path / "out"
    _publish_two(out, make_episode, cover_png, "https://example.org/show/")
    chapters = out / "episodes/2026-04-01-weekly-wire-1.chapters.json"
    chapters.write_text(
        '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "A", '
        '"img": "https://example.org/a.jpg"}, {"startTime": 5, "title": "B"}]}',
        encoding="utf-8",
    )
    assert [p.line() for p in check_feed(str(out / "feed.xml")).problems] == []
    chapters.write_text(
        '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "A", "img": "a.jpg"}, '
        '{"startTime": 5, "title": "B", "img": 7}, '
        '{"startTime": 9, "title": "C", "img": "http://example.org/c.jpg"}]}',
        encoding="utf-8",
    )
    problems = check_feed(str(out / "feed.xml")).problems
    lines = [p.line() for p in problems]
    assert [p.rule for p in problems] == ["9", "9"], lines
    assert "'A' img 'a.jpg' is not an absolute http(s) URL" in lines[0]
    assert "'B' img 7 is not an absolute http(s) URL" in lines[1]
    assert all("\n" not in line for line in lines)
