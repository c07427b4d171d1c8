"""`serve` against hostile and heavy clients, over real sockets: half-open and slow
connections are dropped, threads stay bounded, 200 downloads at once succeed, odd paths and
ranges get the right answers, one Date header, the chapters' own MIME type."""

from __future__ import annotations

import concurrent.futures
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from digestcast.serve import ServerLimits, ShowServer, built_feed_url


@pytest.fixture
def site(tmp_path: Path, sine_mp3: Path) -> Path:
    root = tmp_path / "out"
    (root / "episodes").mkdir(parents=True)
    shutil.copyfile(sine_mp3, root / "episodes/ep.mp3")
    (root / "episodes/ep.chapters.json").write_text('{"version": "1.2.0", "chapters": []}')
    (root / "index.html").write_text("<p>show</p>")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[ShowServer]:
    limits = ServerLimits(idle_timeout_s=2, header_timeout_s=1, max_connections=40)
    with ShowServer(site, "127.0.0.1", 0, limits) as running:
        yield running


def _raw(server: ShowServer, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_nul_in_the_path_is_not_found_not_a_server_error(server: ShowServer) -> None:
    for path in ("/%00", "/episodes/ep.mp3%00", "/%00/../feed.xml"):
        assert httpx.get(server.base_url.rstrip("/") + path).status_code == 404


@pytest.mark.parametrize("header", ["items=0-10", "bytes=0-1,5-9", "bytes=abc", "bytes=5-2"])
def test_ranges_it_does_not_serve_are_ignored(
    server: ShowServer, sine_mp3: Path, header: str
) -> None:
    response = httpx.get(server.base_url + "episodes/ep.mp3", headers={"Range": header})
    assert response.status_code == 200
    assert response.content == sine_mp3.read_bytes()


def test_one_date_header_and_the_chapters_type(server: ShowServer) -> None:
    for path in (b"/episodes/ep.mp3", b"/nothing-here"):
        head = _raw(server, b"HEAD " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n").split(b"\r\n\r\n")[0]
        dates = [line for line in head.split(b"\r\n") if line.lower().startswith(b"date:")]
        assert len(dates) == 1, head
    chapters = httpx.get(server.base_url + "episodes/ep.chapters.json")
    assert chapters.headers["content-type"].startswith("application/json+chapters")


def test_half_open_and_slow_connections_are_dropped_and_threads_bounded(
    server: ShowServer,
) -> None:
    threads_before = threading.active_count()
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(300)]
    for sock in idle[::2]:
        sock.sendall(b"GET /index.html HTTP/1.1\r\nHo")  # a request that never ends
    assert threading.active_count() <= threads_before + 40 + 2
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    started = time.monotonic()
    with pytest.raises(OSError):  # a byte every 0.2 s: cut at the header deadline
        for byte in b"GET /index.html HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"y" * 200:
            slow.sendall(bytes([byte]))
            time.sleep(0.2)
            if slow.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"":
                raise ConnectionResetError("closed by the server")
    assert time.monotonic() - started < 6
    deadline = time.monotonic() + 10  # the half-open ones time out; the server answers again
    while True:
        try:
            if httpx.get(server.base_url + "index.html", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the server never answered again"
    for sock in [*idle, slow]:
        sock.close()


def test_200_downloads_at_once(site: Path, sine_mp3: Path) -> None:
    expected = sine_mp3.read_bytes()

    def download(_: int) -> bool:
        response = httpx.get(url, timeout=60)
        return response.status_code == 200 and response.content == expected

    with ShowServer(site, "127.0.0.1", 0) as running:
        url = running.base_url + "episodes/ep.mp3"
        with concurrent.futures.ThreadPoolExecutor(200) as pool:
            assert all(pool.map(download, range(200)))


def test_the_built_feed_says_where_it_lives(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text(
        '<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        '<atom:link href="http://192.0.2.7:8000/feed.xml" rel="self"/></channel></rss>'
    )
    assert built_feed_url(tmp_path) == "http://192.0.2.7:8000/feed.xml"
    assert built_feed_url(tmp_path / "missing") is None


def test_ctrl_c_as_a_connection_starts_stops_the_server(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C landing just after a connection's thread started (which frees its own slot)
    stops `serve`: the slot is not freed twice, which would log an error and serve on."""
    server = ShowServer(site, "127.0.0.1", 0, ServerLimits(max_connections=2))
    start = threading.Thread.start

    def start_then_interrupt(thread: threading.Thread) -> None:
        start(thread)
        thread.join(timeout=10)  # it has served and freed its slot
        raise KeyboardInterrupt

    watchdog = threading.Timer(15, server._server.shutdown)  # the old bug: serving on
    watchdog.start()
    client = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    client.sendall(b"GET / HTTP/1.0\r\n\r\n")  # waits in the backlog
    monkeypatch.setattr(threading.Thread, "start", start_then_interrupt)
    began = time.monotonic()
    try:
        server.serve_forever()  # returns on Ctrl-C, as `digestcast serve` does
    finally:
        monkeypatch.undo()
        watchdog.cancel()
        server.close()
    assert time.monotonic() - began < 10
    assert b"show" in client.recv(65536) + client.recv(65536)
    client.close()
