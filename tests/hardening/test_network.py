"""Network reads end by one deadline per fetch (a byte a second does not keep them going), and
`check` on a remote feed reaches nothing but http(s): no file://, no other scheme for ffprobe."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from digestcast.config import IngestSettings
from digestcast.errors import IngestError
from digestcast.feedcheck import check_feed
from digestcast.ingest.fetch import fetch_url
from digestcast.serve import ShowServer
from tests.hardening.conftest import run_cli


def test_a_source_sending_a_byte_a_second_ends_at_the_deadline(dripping_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError, match="timed out after 1 s"):
        fetch_url(dripping_server, IngestSettings(timeout_s=1))
    assert time.monotonic() - started < 3  # (per-read timeouts alone: 200 s)


def test_check_ends_each_fetch_at_its_deadline(
    tmp_path: Path, dripping_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("digestcast.feedcheck.fetch.TIMEOUT_S", 1.0)
    root = tmp_path / "site"
    root.mkdir()
    (root / "feed.xml").write_text(_feed(dripping_server, "http://127.0.0.1:9/ep.mp3"))
    with ShowServer(root, "127.0.0.1", 0) as server:
        started = time.monotonic()
        report = check_feed(server.base_url + "feed.xml")
    assert time.monotonic() - started < 20
    assert any("artwork" in p.message for p in report.problems)


def _feed(image: str, enclosure: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        "<channel><title>Hostile</title><link>http://example.org/</link>"
        "<description>d</description><language>en</language>"
        f'<itunes:image href="{image}"/>'
        "<item><title>One</title><guid>one</guid>"
        f'<enclosure url="{enclosure}" length="1000" type="audio/mpeg"/>'
        "<itunes:duration>10</itunes:duration></item>"
        "</channel></rss>"
    )


def test_check_of_a_remote_feed_reaches_no_file_and_no_other_scheme(tmp_path: Path) -> None:
    trap = socket.create_server(("127.0.0.1", 0))  # what ffprobe would connect to
    trap.settimeout(0.1)
    port = trap.getsockname()[1]
    root = tmp_path / "site"
    root.mkdir()
    cases = [
        ("file:///dev/zero", "file:///etc/passwd"),
        ("file:///etc/hostname", f"tcp://127.0.0.1:{port}/"),
        (f"ftp://127.0.0.1:{port}/cover.png", f"rtmp://127.0.0.1:{port}/live"),
    ]
    with ShowServer(root, "127.0.0.1", 0) as server:
        for image, enclosure in cases:
            (root / "feed.xml").write_text(_feed(image, enclosure))
            done = run_cli(["check", server.base_url + "feed.xml"], tmp_path, capped=True)
            assert done.returncode == 1, done.stderr  # problems found, nothing crashed
            messages = " ".join((done.stdout + done.stderr).split())
            assert image in messages and enclosure in messages
            assert "root:" not in messages
    with pytest.raises(TimeoutError):
        trap.accept()  # nothing connected to it
    trap.close()
