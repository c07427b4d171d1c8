"""Every bad input gives one IngestError naming the source and the problem."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from digestcast.config import IngestSettings
from digestcast.errors import IngestError
from digestcast.ingest import load_issue

SETTINGS = IngestSettings()
ISSUE_TEXT = (
    "Weekly Notes\n\nA Bridge Opens Downtown\n\n"
    "The new pedestrian bridge opened on Monday after two years of construction work.\n"
)


def _error(source: str, settings: IngestSettings = SETTINGS) -> str:
    with pytest.raises(IngestError) as info:
        load_issue(source, settings)
    message = str(info.value)
    assert "\n" not in message and message.startswith(source)
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(str(tmp_path / "nope.txt"))


def test_empty_and_blank_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n\t\n")
    assert "empty" in _error(str(tmp_path / "empty.txt"))
    assert "empty" in _error(str(tmp_path / "blank.txt"))


def test_directory(tmp_path: Path) -> None:
    assert "not a file" in _error(str(tmp_path))


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "cover.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in _error(str(path))


def test_invalid_utf8_without_charset(tmp_path: Path) -> None:
    path = tmp_path / "issue.txt"
    path.write_bytes(ISSUE_TEXT.encode() + b"caf\xe9 \xff\xfe au lait\n")
    assert "not valid UTF-8" in _error(str(path))


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 50 MB without writing 50 MB
        fh.truncate(50 * 1024 * 1024)
    start = time.monotonic()
    assert "limit" in _error(str(path))
    assert time.monotonic() - start < 1.0


def test_html_with_no_body(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<!doctype html><html><head><title>Hi</title></head><body>  </body></html>")
    assert "HTML with no body" in _error(str(path))


def test_feed_with_no_items(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title>'
        "<link>https://example.org</link><description>none</description></channel></rss>"
    )
    assert "feed has no items" in _error(str(path))


def test_feed_item_out_of_range_or_unknown_guid(tmp_path: Path) -> None:
    feed = Path(__file__).parents[1] / "data" / "ingest" / "atom-feed.atom"
    with pytest.raises(IngestError, match="no item 5"):
        load_issue(str(feed), SETTINGS, item="5")
    with pytest.raises(IngestError, match="no feed item with GUID"):
        load_issue(str(feed), SETTINGS, item="urn:uuid:missing")


def test_feed_items_by_index_and_guid() -> None:
    feed = Path(__file__).parents[1] / "data" / "ingest" / "atom-feed.atom"
    older = load_issue(str(feed), SETTINGS, item="1")
    assert older.title == "Bulletin 21: Meteor Season"
    assert [s.title for s in older.stories] == ["The Lyrids Return"]
    assert load_issue(str(feed), SETTINGS, item="urn:uuid:bulletin-21").title == older.title
    assert load_issue(str(feed), SETTINGS).title.startswith("Bulletin 22")


def test_text_without_stories(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("hello there\n")
    assert "no stories found" in _error(str(path))


def test_stdin_is_read() -> None:
    issue = load_issue("-", SETTINGS, stdin=io.BytesIO(ISSUE_TEXT.encode()))
    assert [s.title for s in issue.stories] == ["A Bridge Opens Downtown"]
    assert issue.title == "Weekly Notes"


def test_drop_and_story_heading_patterns(tmp_path: Path) -> None:
    path = tmp_path / "issue.txt"
    path.write_text(
        ISSUE_TEXT
        + "\nITEM 2. The market reopens.\n\nStalls are back on the square every Saturday morning.\n"
    )
    plain = load_issue(str(path), SETTINGS)
    assert "ITEM 2. The market reopens." not in [s.title for s in plain.stories]
    custom = IngestSettings(
        story_heading_patterns=(r"^ITEM \d+",), drop_patterns=(r"pedestrian bridge",)
    )
    issue = load_issue(str(path), custom)
    assert [s.title for s in issue.stories] == ["ITEM 2. The market reopens."]


def test_url_is_fetched(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/issue.txt").respond_with_data(ISSUE_TEXT, content_type="text/plain")
    issue = load_issue(httpserver.url_for("/issue.txt"), SETTINGS)
    assert [s.title for s in issue.stories] == ["A Bridge Opens Downtown"]
    assert issue.source_url == httpserver.url_for("/issue.txt")


def test_url_404(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("not here", status=404)
    assert "HTTP 404" in _error(httpserver.url_for("/gone"))


def test_url_not_text(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/cover.png").respond_with_data(b"\x89PNG", content_type="image/png")
    assert "not a text document" in _error(httpserver.url_for("/cover.png"))


def test_url_timeout(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(ISSUE_TEXT, content_type="text/plain")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    settings = IngestSettings(timeout_s=0.2)
    assert "timed out" in _error(httpserver.url_for("/slow"), settings)


def test_url_over_the_size_limit(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data("x" * 5000, content_type="text/plain")
    assert "limit" in _error(httpserver.url_for("/big"), IngestSettings(max_bytes=1000))
