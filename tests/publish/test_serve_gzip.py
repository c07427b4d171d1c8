"""`digestcast serve` sends text (pages, CSS, script, feed, transcripts) gzipped to a client
that accepts gzip, and audio, images and byte ranges as they are."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from digestcast.serve import ShowServer

PAGE = "<!doctype html><title>t</title>" + "<p>A sentence of the transcript.</p>" * 200


@pytest.fixture
def base_url(tmp_path: Path, sine_mp3: Path) -> Iterator[str]:
    root = tmp_path / "out"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "assets/site.css").write_text("body { margin: 0; }\n" * 50, encoding="utf-8")
    (root / "assets/player.js").write_text("var a = 1;\n" * 100, encoding="utf-8")
    (root / "feed.xml").write_text("<rss>" + "<item/>" * 100 + "</rss>", encoding="utf-8")
    shutil.copyfile(sine_mp3, root / "ep.mp3")
    with ShowServer(root, "127.0.0.1", 0) as server:
        yield server.base_url


@dataclass(frozen=True)
class Reply:
    status_code: int
    headers: httpx.Headers
    content: bytes  # as sent: still gzipped when it was


def _get(url: str, **headers: str) -> Reply:
    """A GET that keeps the bytes as they went over the wire (httpx would un-gzip them)."""
    sent = {"Accept-Encoding": "identity", **headers}
    with httpx.Client() as client, client.stream("GET", url, headers=sent) as response:
        raw = b"".join(response.iter_raw())
        return Reply(response.status_code, response.headers, raw)


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("index.html", "text/html"),
        ("assets/site.css", "text/css"),
        ("assets/player.js", "text/javascript"),
        ("feed.xml", "application/rss+xml"),
    ],
)
def test_text_is_gzipped_for_a_client_that_accepts_it(base_url: str, path: str, mime: str) -> None:
    plain = _get(base_url + path)
    packed = _get(base_url + path, **{"Accept-Encoding": "gzip, deflate"})
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Content-Type"].startswith(mime)
    assert (
        "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    )
    assert int(packed.headers["Content-Length"]) == len(packed.content) < len(plain.content)
    assert gzip.decompress(packed.content) == plain.content


def test_a_gzipped_page_is_still_revalidated_with_its_etag(base_url: str) -> None:
    first = _get(base_url + "index.html", **{"Accept-Encoding": "gzip"})
    again = _get(
        base_url + "index.html",
        **{"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]},
    )
    assert first.headers["ETag"].startswith('W/"') and again.status_code == 304


def test_audio_and_byte_ranges_go_out_as_they_are(base_url: str) -> None:
    audio = _get(base_url + "ep.mp3", **{"Accept-Encoding": "gzip"})
    ranged = _get(base_url + "index.html", **{"Accept-Encoding": "gzip", "Range": "bytes=0-9"})
    assert audio.headers.get("Content-Encoding") is None and audio.content[:3] in (
        b"ID3",
        b"\xff\xfb",
    )
    assert ranged.status_code == 206 and ranged.content == PAGE.encode()[:10]
    assert ranged.headers.get("Content-Encoding") is None
