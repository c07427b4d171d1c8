"""One overall deadline per fetch: httpx's timeouts bound each read, so a server sending a byte
a second keeps a fetch going for as long as it likes. This transport ends every connect, read
and write (headers and TLS included) by the fetch's deadline."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx


class _Clock:
    """The deadline of the fetch in progress (None: no deadline)."""

    def __init__(self) -> None:
        self.deadline: float | None = None

    def left(self, timeout: float | None) -> float | None:
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the fetch's overall deadline passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, clock: _Clock) -> None:
        self._inner, self._clock = inner, clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._clock.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._clock.left(timeout))
        return _Stream(inner, self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, clock: _Clock) -> None:
        self._inner, self._clock = inner, clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, self._clock.left(timeout), local_address, socket_options
        )
        return _Stream(stream, self._clock)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(path, self._clock.left(timeout), socket_options)
        return _Stream(stream, self._clock)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport, its network reads and writes bounded by `within()`'s deadline."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._clock = _Clock()
        pool: Any = self._pool  # (httpcore's pool, direct or through a proxy: one backend)
        pool._network_backend = _Backend(pool._network_backend, self._clock)

    @contextlib.contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Every network operation inside ends within `seconds` from now, all together."""
        previous = self._clock.deadline
        self._clock.deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            self._clock.deadline = previous


def client_with_deadline(**kwargs: Any) -> tuple[httpx.Client, DeadlineTransport]:
    """An httpx.Client (kwargs as httpx's) and the transport whose `within()` bounds a fetch."""
    transport = DeadlineTransport()
    return httpx.Client(transport=transport, **kwargs), transport
