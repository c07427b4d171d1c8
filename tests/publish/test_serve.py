"""`digestcast serve`: HEAD, byte ranges, conditional requests, MIME types, confinement."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from digestcast.errors import PublishError
from digestcast.serve import ShowServer, feed_urls

FILES = {
    "feed.xml": "application/rss+xml",
    "index.html": "text/html",
    "episodes/ep.mp3": "audio/mpeg",
    "episodes/ep.m4a": "audio/mp4",
    "episodes/ep.vtt": "text/vtt",
    "episodes/ep.srt": "application/x-subrip",
    "episodes/ep.chapters.json": "application/json+chapters",  # the namespace's own type
    "cover.png": "image/png",
    "cover.jpg": "image/jpeg",
}


@pytest.fixture
def site(tmp_path: Path, sine_mp3: Path) -> Path:
    root = tmp_path / "out"
    (root / "episodes").mkdir(parents=True)
    for name in FILES:
        (root / name).write_bytes(f"contents of {name}\n".encode())
    shutil.copyfile(sine_mp3, root / "episodes/ep.mp3")
    (root / "catalog.sqlite").write_bytes(b"private")
    (root / ".staging-1").mkdir()
    (root / ".staging-1/ep.mp3").write_bytes(b"half-built")
    secret = tmp_path / "secret.txt"
    secret.write_text("outside the folder", encoding="utf-8")
    (root / "leak.txt").symlink_to(secret)
    (root / "episodes/escape").symlink_to(tmp_path)
    (root / "episodes/inside.mp3").symlink_to(root / "episodes/ep.mp3")
    return root


@pytest.fixture
def client(site: Path) -> Iterator[httpx.Client]:
    with ShowServer(site, "127.0.0.1", 0) as server, httpx.Client(base_url=server.base_url) as c:
        yield c


@pytest.mark.parametrize(("name", "mime"), FILES.items())
def test_mime_types(client: httpx.Client, name: str, mime: str) -> None:
    response = client.get(name)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == mime


def test_head_sends_headers_without_body(client: httpx.Client, sine_mp3: Path) -> None:
    response = client.head("episodes/ep.mp3")
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == str(sine_mp3.stat().st_size)
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["etag"] and response.headers["last-modified"]


def test_byte_ranges(client: httpx.Client, sine_mp3: Path) -> None:
    size = sine_mp3.stat().st_size
    first = client.get("episodes/ep.mp3", headers={"Range": "bytes=0-1023"})
    assert first.status_code == 206
    assert first.headers["content-range"] == f"bytes 0-1023/{size}"
    assert first.content == sine_mp3.read_bytes()[:1024]
    tail = client.get("episodes/ep.mp3", headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.content == sine_mp3.read_bytes()[-100:]
    beyond = client.get("episodes/ep.mp3", headers={"Range": f"bytes={size + 10}-"})
    assert beyond.status_code == 416
    assert beyond.headers["content-range"] == f"bytes */{size}"


def test_conditional_requests(client: httpx.Client) -> None:
    first = client.get("feed.xml")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert client.get("feed.xml", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("feed.xml", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("feed.xml", headers={"If-None-Match": '"other"'}).status_code == 200


def test_nothing_outside_the_folder_is_reachable(client: httpx.Client) -> None:
    for path in (
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/episodes/..%2f..%2fsecret.txt",
        "/leak.txt",
        "/episodes/escape/secret.txt",
        "/catalog.sqlite",
        "/.staging-1/ep.mp3",
        "/episodes/",
        "/missing.mp3",
    ):
        request = client.build_request("GET", path)
        request.url = request.url.copy_with(raw_path=path.encode())  # keep ".." as sent
        response = client.send(request)
        assert response.status_code == 404, path
        assert b"outside the folder" not in response.content
    assert client.get("episodes/inside.mp3").status_code == 200  # a symlink inside is fine
    assert client.get("").headers["content-type"].startswith("text/html")
    assert client.post("feed.xml").status_code == 405


def test_feed_urls_to_print() -> None:
    assert feed_urls("127.0.0.1", 8123) == ["http://127.0.0.1:8123/feed.xml"]
    assert feed_urls("0.0.0.0", 8123)[0] == "http://127.0.0.1:8123/feed.xml"


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="output folder not found"):
        ShowServer(tmp_path / "nope", "127.0.0.1", 0)
