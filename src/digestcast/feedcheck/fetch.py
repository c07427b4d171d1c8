"""Reading what a feed points to: http(s) URLs over the network (each fetch within one
deadline, its bytes bounded) and, for a feed read from disk, the files beside it. A feed read
from the network reaches nothing but http(s): no file://, no other scheme, for ffprobe too."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

import httpx

from digestcast.deadline import DeadlineTransport
from digestcast.errors import PublishError

MAX_BYTES = 50_000_000
TIMEOUT_S = 15.0  # one fetch, all of it
FFPROBE_TIMEOUT_S = 60.0
# What ffprobe may open: the file given, or http(s) (which runs over tcp and tls).
_FFPROBE_PROTOCOLS = {"file": "file", "http": "http,https,tcp,tls"}


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

    def __init__(
        self,
        client: httpx.Client,
        feed_location: str,
        transport: DeadlineTransport | None = None,
    ) -> None:
        self.client = client
        self._transport = transport
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
        """The file on disk that `url` names, or None when it must be fetched over HTTP. Only a
        feed read from disk has files: those in its folder (file:// URLs included)."""
        if self.local_dir is None:
            return None
        if url.startswith("file://"):
            path = _file_url_path(url)
        elif self.local_base and url.startswith(self.local_base):
            path = self.local_dir / unquote(url[len(self.local_base) :])
        elif not urlsplit(url).scheme:
            path = self.local_dir / unquote(url)
        else:
            return None
        return path if path.resolve().is_relative_to(self.local_dir) else None

    def _local_file(self, url: str) -> Path:
        """The regular file in the feed's folder that `url` names; FetchError otherwise."""
        local = self.local_path(url)
        if local is None:
            if url.startswith(("http://", "https://")):
                raise FetchError(f"{url} is not a local file")
            raise FetchError(f"{url} is neither an http(s) URL nor a file beside the feed")
        if not local.is_file():
            raise FetchError(f"{local} is not a file")
        return local

    @contextlib.contextmanager
    def _deadline(self) -> Iterator[None]:
        if self._transport is None:
            yield
        else:
            with self._transport.within(TIMEOUT_S):
                yield

    def is_http(self, url: str) -> bool:
        return self.local_path(url) is None and url.startswith(("http://", "https://"))

    def absolute(self, url: str) -> str:
        if self.feed_location.startswith(("http://", "https://")):
            return urljoin(self.feed_location, url)
        return url

    def read(self, url: str, limit: int = MAX_BYTES) -> bytes:
        if not self.is_http(url):
            local = self._local_file(url)
            try:
                with open(local, "rb") as fh:
                    data = fh.read(limit + 1)
            except OSError as exc:
                raise FetchError(f"cannot read {local} ({exc.strerror or exc})") from None
            if len(data) > limit:
                raise FetchError(f"{local} is larger than {limit} bytes")
            return data
        try:
            with self._deadline(), self.client.stream("GET", url) as response:
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
        local = self._local_file(url)
        try:
            return local.stat().st_size
        except OSError as exc:
            raise FetchError(f"cannot read {local} ({exc.strerror or exc})") from None

    def request(self, method: str, url: str, headers: dict[str, str] | None = None) -> HttpAnswer:
        """An HTTP request whose body is not read (HEAD, or a small Range GET)."""
        if not url.startswith(("http://", "https://")):
            raise FetchError(f"{url} is not an http(s) URL")
        try:
            with self._deadline(), self.client.stream(method, url, headers=headers) as response:
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
        if self.is_http(url):
            target, protocols = url, _FFPROBE_PROTOCOLS["http"]
        else:
            target, protocols = str(self._local_file(url)), _FFPROBE_PROTOCOLS["file"]
        cmd = [ffprobe, "-v", "error", "-protocol_whitelist", protocols]
        cmd += ["-show_entries", "format=duration", "-of", "json", target]
        try:
            done = subprocess.run(
                cmd, capture_output=True, text=True, timeout=FFPROBE_TIMEOUT_S, check=False
            )
            return float(json.loads(done.stdout)["format"]["duration"])
        except (subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
            raise FetchError(f"ffprobe cannot read {target}") from None


def load_feed(
    location: str, client: httpx.Client, transport: DeadlineTransport | None = None
) -> bytes:
    """The feed's bytes from a path, file:// or http(s) URL; PublishError when unreadable."""
    resources = Resources(client, location, transport)
    try:
        if resources.local_dir is not None:
            path = _file_url_path(location) if location.startswith("file://") else Path(location)
            if not path.is_file():
                raise PublishError(f"{location}: no such feed file")
            return path.read_bytes()
        return resources.read(location)
    except (FetchError, OSError) as exc:
        raise PublishError(f"{location}: cannot read the feed ({exc})") from None
