"""Helpers for the hardening tests: the real CLI in its own process group, and the published
folder checked the way a podcast app and a careful user would."""

from __future__ import annotations

import json
import os
import resource
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest

from digestcast.publish.files import KILL_AT_STEP

BASE_URL = "http://127.0.0.1:8765/"
MEMORY_CAP = 3 * 1024**3
CLI = "from digestcast.cli import app; app(prog_name='digestcast')"


def _memory_cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_cli(
    args: list[str],
    home: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    capped: bool = False,
) -> subprocess.CompletedProcess[str]:
    """`digestcast ARGS` in a new session (its own process group), caches under `home`;
    `capped`: its memory limited (a regression then fails the test, not the machine)."""
    environment = {k: v for k, v in os.environ.items() if k != KILL_AT_STEP}
    environment.update({"XDG_CACHE_HOME": str(home / "xdg"), **(env or {})})
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        start_new_session=True,
        check=False,
        preexec_fn=_memory_cap if capped else None,
    )


def build_args(source: Path, out: Path, cache: Path) -> list[str]:
    return [
        "build",
        str(source),
        "--engine",
        "pyttsx3",
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        "--base-url",
        BASE_URL,
    ]


def _local(url: str, out: Path) -> Path:
    assert url.startswith(BASE_URL), url
    return out / unquote(urlsplit(url).path).lstrip("/")


def catalog_rows(out: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(out / "catalog.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute("SELECT guid, files FROM episodes ORDER BY number").fetchall()


def assert_consistent(out: Path) -> int:
    """feed.xml parses, every file it names exists (enclosures at their stated length), the
    show page and cover are there, the catalog passes integrity_check. The number of items."""
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert (out / "index.html").is_file()
    image = feed.feed.get("image", {}).get("href")
    if image:
        assert _local(image, out).is_file(), image
    for entry in feed.entries:
        enclosure = entry.enclosures[0]
        audio = _local(enclosure.href, out)
        assert audio.is_file(), enclosure.href
        assert audio.stat().st_size == int(enclosure.length), enclosure.href
    raw = (out / "feed.xml").read_text(encoding="utf-8")
    for marker in ('podcast:chapters url="', 'podcast:transcript url="'):
        for part in raw.split(marker)[1:]:
            url = part.split('"', 1)[0]
            assert _local(url, out).is_file(), url
    catalog_rows(out)
    return len(feed.entries)


def leftovers(out: Path, home: Path) -> list[Path]:
    """Work files a build should not leave: temporaries, backups, staging folders, files in
    episodes/ the catalog does not name (its files, and each episode's page by its slug)."""
    named = {str(out / p) for _, files in catalog_rows(out) for p in json.loads(files).values()}
    with sqlite3.connect(out / "catalog.sqlite") as db:  # and each episode's web page
        named |= {
            str(out / "episodes" / f"{slug}.html")
            for (slug,) in db.execute("SELECT slug FROM episodes")
        }
    found = [p for p in out.rglob(".*") if p.name != ".lock"]
    found += [p for p in (out / "episodes").iterdir() if str(p) not in named]
    staging = home / "xdg" / "digestcast" / "staging"
    if staging.is_dir():
        found += list(staging.iterdir())
    return found


@pytest.fixture
def dripping_server() -> Iterator[str]:
    """An HTTP server that sends its headers, then one byte of body every 0.2 s."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    def drip(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            conn.sendall(b"Content-Length: 1000\r\n\r\n")
            for _ in range(1000):
                if stop.is_set():
                    return
                try:
                    conn.sendall(b"x")
                except OSError:
                    return
                time.sleep(0.2)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/issue.html"
    stop.set()
    thread.join(5)
    listener.close()


@pytest.fixture
def dripping_feed(dripping_server: str) -> str:
    return dripping_server.replace("issue.html", "feed.xml")


from tests.publish.conftest import cover_png, sine_mp3  # noqa: E402, F401  (shared fixtures)
