"""`digestcast serve`: the output folder over HTTP, the way podcast apps need it (HEAD, byte
ranges, ETag/Last-Modified, right MIME types), with nothing outside the folder reachable.

A small WSGI app over Werkzeug's `send_file` (Range, 206/416, conditional requests) and its
threaded server; no HTTP is parsed here."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, make_server
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
}
PRIVATE_NAMES = {"catalog.sqlite", "catalog.sqlite-journal", "catalog.sqlite-wal"}
MAX_AGE_S = 300


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
        try:
            candidate = (self.root / relative).resolve(strict=True)
        except (OSError, RuntimeError):
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
                mime = MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")
                try:
                    response = send_file(path, environ, mimetype=mime, max_age=MAX_AGE_S)
                except HTTPException as exc:  # 416 for an unsatisfiable Range
                    response = exc.get_response(environ)
                response.headers["Accept-Ranges"] = "bytes"
        return response(environ, start_response)


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


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

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
        if not root.is_dir():
            raise PublishError(f"{root}: output folder not found (publish an episode first)")
        try:
            self._server: BaseWSGIServer = make_server(
                host, port, OutputFolderApp(root), threaded=True
            )
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
