"""`digestcast serve`: the output folder over HTTP, the way podcast apps need it (HEAD, byte
ranges, ETag/Last-Modified, right MIME types), with nothing outside the folder reachable.

A small WSGI app over Werkzeug's `send_file` (Range, 206/416, conditional requests) and its
threaded server; no HTTP is parsed here."""

from __future__ import annotations

import gzip
import io
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from werkzeug.exceptions import HTTPException
from werkzeug.http import http_date, parse_range_header
from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler
from werkzeug.utils import send_file
from werkzeug.wrappers import Request, Response

from digestcast.audio_formats import AUDIO_FORMATS
from digestcast.errors import PublishError

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

MIME_TYPES = {
    **{f.suffix: f.content_type for f in AUDIO_FORMATS.values()},
    ".xml": "application/rss+xml",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".json": "application/json",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".html": "text/html",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "text/javascript",
    ".opml": "text/x-opml",
}
# Sent gzipped to a client that accepts it (audio and images are compressed already).
GZIP_TYPES = {
    "text/html",
    "text/css",
    "text/javascript",
    "text/plain",
    "text/vtt",
    "text/x-opml",
    "application/rss+xml",
    "application/json",
    "application/json+chapters",
    "application/x-subrip",
}
GZIP_MIN_BYTES = 256
# By the whole name first: the JSON chapters format has a type of its own.
NAMED_TYPES = {".chapters.json": "application/json+chapters"}
PRIVATE_NAMES = {"catalog.sqlite", "catalog.sqlite-journal", "catalog.sqlite-wal"}
MAX_AGE_S = 300


@dataclass(frozen=True)
class ServerLimits:
    idle_timeout_s: float = 20.0  # a connection that sends or takes nothing this long is closed
    header_timeout_s: float = 10.0  # a request line and headers must arrive within this
    max_connections: int = 256  # more are closed at once (one thread per connection)


def mime_type(path: Path) -> str:
    for ending, mime in NAMED_TYPES.items():
        if path.name.lower().endswith(ending):
            return mime
    return MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")


def _without_odd_ranges(environ: WSGIEnvironment) -> WSGIEnvironment:
    """Range headers are honoured for one byte range; another unit, several ranges or a
    malformed header are ignored (RFC 9110 14.2: the whole file, 200), not refused."""
    header = environ.get("HTTP_RANGE")
    if header is None:
        return environ
    parsed = parse_range_header(header)
    if parsed is not None and parsed.units == "bytes" and len(parsed.ranges) == 1:
        return environ
    return {k: v for k, v in environ.items() if k != "HTTP_RANGE"}


class OutputFolderApp:
    """A WSGI app serving the files of one folder, read-only."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def resolve(self, url_path: str) -> Path | None:
        """The file a (decoded) URL path names, or None when it is not servable: outside the
        folder (`..`, symlinks pointing out), hidden (`.staging-*`, backups) or the catalog."""
        relative = url_path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        parts = relative.split("/")
        if any(p in ("", ".", "..") or p.startswith(".") or "\\" in p for p in parts):
            return None
        if parts[-1] in PRIVATE_NAMES:
            return None
        if "\x00" in relative:
            return None
        try:
            candidate = (self.root / relative).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        response: Response
        if request.method not in ("GET", "HEAD"):
            response = Response("method not allowed\n", status=405, headers={"Allow": "GET, HEAD"})
        else:
            path = self.resolve(request.path)
            if path is None:
                response = Response("not found\n", status=404, mimetype="text/plain")
            else:
                environ = _without_odd_ranges(environ)
                try:
                    response = send_file(path, environ, mimetype=mime_type(path), max_age=MAX_AGE_S)
                except HTTPException as exc:  # 416 for an unsatisfiable Range
                    response = exc.get_response(environ)
                response.headers["Accept-Ranges"] = "bytes"
                response = gzipped(request, response, path)
        if "Date" not in response.headers:
            response.headers["Date"] = http_date()
        return response(environ, start_response)


def gzipped(request: Request, response: Response, path: Path) -> Response:
    """A whole-file (200) response of a text type, gzipped for a client that accepts gzip.
    Its ETag becomes weak: the same content, another encoding (conditional requests still
    match). Byte ranges (206) and 304s go out as they are."""
    if response.mimetype not in GZIP_TYPES:
        return response
    response.vary.add("Accept-Encoding")
    if (
        response.status_code != 200
        or request.accept_encodings.quality("gzip") <= 0
        or path.stat().st_size < GZIP_MIN_BYTES
    ):
        return response
    response.close()  # send_file's open file
    response.direct_passthrough = False
    response.set_data(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, _weak = response.get_etag()
    if etag:
        response.set_etag(etag, weak=True)
    return response


class _DeadlineReader(io.RawIOBase):
    """The connection's reads, each bounded by the idle timeout and, while a request's line and
    headers are read, by what is left of the header deadline (a byte a second is not enough)."""

    def __init__(self, sock: socket.socket, idle_timeout_s: float) -> None:
        self._sock = sock
        self._idle = idle_timeout_s
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        timeout = self._idle
        if self.deadline is not None:
            timeout = min(timeout, self.deadline - time.monotonic())
            if timeout <= 0:
                raise TimeoutError("request headers took too long")
        self._sock.settimeout(timeout)
        return self._sock.recv_into(buffer)


class _Handler(WSGIRequestHandler):
    """Werkzeug's handler with timeouts and one Date header per response."""

    server: _Server
    _dated = False

    def setup(self) -> None:
        super().setup()
        idle = self.server.limits.idle_timeout_s
        self.connection.settimeout(idle)
        self._reader = _DeadlineReader(self.connection, idle)
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        self._reader.deadline = time.monotonic() + self.server.limits.header_timeout_s
        super().handle_one_request()

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self._reader.deadline = None  # the headers are in; writes get the idle timeout
        self.connection.settimeout(self.server.limits.idle_timeout_s)
        return parsed

    def send_response_only(self, code: int, message: str | None = None) -> None:
        self._dated = False
        super().send_response_only(code, message)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "date":
            if self._dated:
                return
            self._dated = True
        super().send_header(keyword, value)


class _Server(ThreadedWSGIServer):
    """At most `max_connections` connections (threads) at a time; more are closed at once."""

    def __init__(self, host: str, port: int, app: OutputFolderApp, limits: ServerLimits) -> None:
        super().__init__(host, port, app, handler=_Handler)
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.max_connections)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        if not self._slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:  # no thread started ("can't start new thread"): the slot is free
            self._slots.release()
            raise
        # (not on Ctrl-C: it may come once the thread runs, which then frees the slot itself; a
        # second release would turn the KeyboardInterrupt into an error the server logs and
        # serves on)

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


def built_feed_url(root: Path) -> str | None:
    """Where the feed in `root` says it lives (its atom:link rel="self"), if it was built."""
    try:
        tree = ElementTree.parse(root / "feed.xml")
    except (OSError, ElementTree.ParseError):
        return None
    for link in tree.iter("{http://www.w3.org/2005/Atom}link"):
        if link.get("rel") == "self" and link.get("href"):
            return link.get("href")
    return None


def feed_urls(host: str, port: int) -> list[str]:
    """The feed URLs to paste into a podcast app for a server bound to host:port."""
    if host in ("0.0.0.0", ""):
        urls = [f"http://127.0.0.1:{port}/feed.xml"]
        lan = lan_address()
        return [*urls, f"http://{lan}:{port}/feed.xml"] if lan else urls
    shown = f"[{host}]" if ":" in host else host
    return [f"http://{shown}:{port}/feed.xml"]


class ShowServer:
    """The output folder served on host:port (port 0 picks a free one)."""

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        limits: ServerLimits | None = None,
    ) -> None:
        if not root.is_dir():
            raise PublishError(f"{root}: output folder not found (publish an episode first)")
        try:
            self._server = _Server(host, port, OutputFolderApp(root), limits or ServerLimits())
        except (OSError, SystemExit) as exc:
            raise PublishError(f"{host}:{port}: cannot listen ({exc})") from None
        self.host = host
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_port)

    @property
    def base_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}/"

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def start(self) -> ShowServer:
        """Serve from a background thread (for tests and embedding)."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> ShowServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
