"""Reading a source's bytes: a file, stdin ("-") or an http(s) URL (timeouts, a size cap,
a few redirects, and a content type that must be text)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from digestcast.config import IngestSettings
from digestcast.errors import IngestError

MAX_REDIRECTS = 5
_TEXT_TYPES = (
    "text/", "application/xml", "application/xhtml", "application/rss", "application/atom",
    "application/rdf", "application/feed", "message/rfc822", "application/json",
)  # fmt: skip


@dataclass(frozen=True)
class RawSource:
    """A source's bytes and what its transport said about them."""

    data: bytes
    name: str  # file name or URL path, for format hints
    charset: str | None = None
    content_type: str | None = None
    url: str | None = None  # the final URL after redirects


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, settings: IngestSettings, stdin: BinaryIO | None = None) -> RawSource:
    if is_url(source):
        return fetch_url(source, settings)
    if source == "-":
        stream = stdin or sys.stdin.buffer
        data = stream.read(settings.max_bytes + 1)
        _check_size(len(data), source, settings)
        return RawSource(data, "stdin")
    path = Path(source)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(f"{source}: not a file")
        _check_size(size, source, settings)
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{source}: no such file") from None
    except PermissionError:
        raise IngestError(f"{source}: permission denied") from None
    except OSError as exc:
        raise IngestError(f"{source}: cannot read ({exc.strerror or exc})") from None
    return RawSource(data, path.name)


def _check_size(size: int, source: str, settings: IngestSettings) -> None:
    if size > settings.max_bytes:
        raise IngestError(
            f"{source}: larger than the {settings.max_bytes:,}-byte limit (ingest.max_bytes)"
        )


def fetch_url(url: str, settings: IngestSettings) -> RawSource:
    import httpx  # here: a tenth of a second of imports that files never need

    from digestcast.deadline import client_with_deadline

    client, transport = client_with_deadline(
        timeout=settings.timeout_s,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": "digestcast (newsletter to podcast)"},
    )
    try:
        with (  # timeout_s bounds the whole fetch, however slowly the bytes come
            client,
            transport.within(settings.timeout_s),
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise IngestError(
                    f"{url}: HTTP {response.status_code} {response.reason_phrase}".rstrip()
                )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if (
                content_type
                and not content_type.startswith(_TEXT_TYPES)
                and not content_type.endswith("+xml")
            ):
                raise IngestError(f"{url}: not a text document (Content-Type {content_type})")
            length = response.headers.get("content-length", "")
            if length.isdigit():
                _check_size(int(length), url, settings)
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                _check_size(total, url, settings)
                chunks.append(chunk)
            return RawSource(
                b"".join(chunks),
                response.url.path.rsplit("/", 1)[-1],
                charset=response.charset_encoding,
                content_type=content_type or None,
                url=str(response.url),
            )
    except httpx.TimeoutException:
        raise IngestError(f"{url}: timed out after {settings.timeout_s:g} s") from None
    except httpx.TooManyRedirects:
        raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise IngestError(f"{url}: cannot fetch ({exc})") from None
