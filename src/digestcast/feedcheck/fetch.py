"""Reading what a feed points to, from local paths, file:// or http(s) URLs."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import httpx

from digestcast.errors import PublishError

MAX_BYTES = 50_000_000
TIMEOUT_S = 15.0


class FetchError(Exception):
    """A resource the feed names cannot be read (reported as a check failure)."""


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    headers: httpx.Headers


def _file_url_path(url: str) -> Path:
    return Path(url2pathname(unquote(urlsplit(url).path)))


class Resources:
    """Resolves URLs of a feed: http(s) through httpx, file:// and paths from disk. When the feed
    was read from disk, URLs under its own address (atom:link rel=self) map to the files beside
    it, so a freshly built output folder can be checked before it is served."""

    def __init__(self, client: httpx.Client, feed_location: str) -> None:
        self.client = client
        self.feed_location = feed_location
        self.local_dir: Path | None = None
        self.local_base: str | None = None
        if not feed_location.startswith(("http://", "https://")):
            path = (
                _file_url_path(feed_location)
                if feed_location.startswith("file://")
                else Path(feed_location)
            )
            self.local_dir = path.resolve().parent

    def set_self_url(self, self_url: str | None) -> None:
        if self.local_dir is not None and self_url:
            self.local_base = self_url.rsplit("/", 1)[0] + "/"

    def local_path(self, url: str) -> Path | None:
        """The file on disk that `url` names, or None when it must be fetched over HTTP."""
        if url.startswith("file://"):
            return _file_url_path(url)
        if self.local_dir is None:
            return None
        if self.local_base and url.startswith(self.local_base):
            return self.local_dir / unquote(url[len(self.local_base) :])
        if not urlsplit(url).scheme:
            return self.local_dir / unquote(url)
        return None

    def is_http(self, url: str) -> bool:
        return self.local_path(url) is None and url.startswith(("http://", "https://"))

    def absolute(self, url: str) -> str:
        if self.feed_location.startswith(("http://", "https://")):
            return urljoin(self.feed_location, url)
        return url

    def read(self, url: str, limit: int = MAX_BYTES) -> bytes:
        local = self.local_path(url)
        if local is not None:
            try:
                if local.stat().st_size > limit:
                    raise FetchError(f"{local} is larger than {limit} bytes")
                return local.read_bytes()
            except OSError as exc:
                raise FetchError(f"cannot read {local} ({exc.strerror or exc})") from None
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"{url} is not an http(s) URL")
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise FetchError(f"GET {url} answered {response.status_code}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"{url} is larger than {limit} bytes")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {url} ({exc})") from None

    def size(self, url: str) -> int:
        local = self.local_path(url)
        if local is None:
            raise FetchError(f"{url} is not a local file")
        try:
            return local.stat().st_size
        except OSError as exc:
            raise FetchError(f"cannot read {local} ({exc.strerror or exc})") from None

    def request(self, method: str, url: str, headers: dict[str, str] | None = None) -> HttpAnswer:
        """An HTTP request whose body is not read (HEAD, or a small Range GET)."""
        try:
            with self.client.stream(method, url, headers=headers) as response:
                if method != "HEAD":
                    for _ in response.iter_bytes(4096):
                        break
                return HttpAnswer(response.status_code, response.headers)
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {url} ({exc})") from None

    def json(self, url: str) -> object:
        data = self.read(url, limit=5_000_000)
        try:
            return json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FetchError(f"{url} is not valid JSON ({exc})") from None

    def duration(self, url: str) -> float:
        """The media's duration in seconds, as ffprobe measures it."""
        ffprobe = shutil.which("ffprobe")
        if ffprobe is None:
            raise PublishError("ffprobe not found: install ffmpeg to check episode durations")
        local = self.local_path(url)
        target = str(local) if local is not None else url
        cmd = [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "json", target]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
            return float(json.loads(done.stdout)["format"]["duration"])
        except (subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
            raise FetchError(f"ffprobe cannot read {target}") from None


def load_feed(location: str, client: httpx.Client) -> bytes:
    """The feed's bytes from a path, file:// or http(s) URL; PublishError when unreadable."""
    resources = Resources(client, location)
    try:
        if resources.local_dir is not None:
            path = _file_url_path(location) if location.startswith("file://") else Path(location)
            if not path.is_file():
                raise PublishError(f"{location}: no such feed file")
            return path.read_bytes()
        return resources.read(location)
    except (FetchError, OSError) as exc:
        raise PublishError(f"{location}: cannot read the feed ({exc})") from None
