"""Reading an IMAP folder without changing it: the folder is opened read-only (EXAMINE), header
fields first (BODY.PEEK[HEADER.FIELDS ...]), whole messages only for the UIDs asked for
(BODY.PEEK[]: the \\Seen flag is never set). Nothing is stored, moved or deleted."""

from __future__ import annotations

import contextlib
import dataclasses
import imaplib
import importlib
import os
import re
import socket
import ssl
from dataclasses import dataclass, field
from types import TracebackType

from digestcast.errors import ConfigError, IngestError
from digestcast.ingest.mailbox import ENVELOPE_FIELDS, Envelope, MailboxSource, envelope

KEYRING_SERVICE = "digestcast"
BATCH = 200  # UIDs per FETCH command
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_HEADER_FETCH = "(UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS (" + " ".join(ENVELOPE_FIELDS) + ")])"


def mailbox_password(source: MailboxSource, env_name: str) -> str:
    """The password: from the environment variable named in podcast.toml, else from the system
    keyring (service "digestcast", user "USER@HOST") when the `keyring` package is installed."""
    password = os.environ.get(env_name)
    if password:
        return password
    account = f"{source.user}@{source.host}"
    stored = _keyring_password(account)
    if stored:
        return stored
    raise ConfigError(
        f"{source.url}: no password: set {env_name} or store one in the keyring "
        f"(service {KEYRING_SERVICE!r}, user {account!r})"
    )


def _keyring_password(account: str) -> str | None:
    """The keyring's password for the account, when the optional `keyring` package is
    installed and has one."""
    try:
        keyring = importlib.import_module("keyring")
    except ImportError:
        return None
    try:
        stored = keyring.get_password(KEYRING_SERVICE, account)
    except Exception:  # any failure of a keyring backend means "no password there"
        return None
    return str(stored) if stored else None


@dataclass
class ImapCounts:
    """What was asked of the server: FETCH commands, and messages whose bodies were fetched."""

    fetch_commands: int = 0
    bodies: list[int] = field(default_factory=list)


class ImapFolder:
    """An IMAP folder opened read-only. Use as a context manager."""

    def __init__(self, source: MailboxSource, password: str, timeout: float = 30.0) -> None:
        self.source = source
        self._password = password
        self._timeout = timeout
        self.uidvalidity = 0
        self.counts = ImapCounts()
        self._imap: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapFolder:
        src = self.source
        try:
            if src.kind == "imaps":
                context = ssl.create_default_context()  # honours SSL_CERT_FILE
                self._imap = imaplib.IMAP4_SSL(
                    src.host, src.port, ssl_context=context, timeout=self._timeout
                )
            else:
                self._imap = imaplib.IMAP4(src.host, src.port, timeout=self._timeout)
            self._imap.login(src.user, self._password)
            status, _ = self._imap.select(_quoted(src.folder), readonly=True)
            if status != "OK":
                raise IngestError(f"{src.url}: no folder {src.folder!r} on {src.host}")
            _, values = self._imap.response("UIDVALIDITY")
            self.uidvalidity = int(values[0]) if values and values[0] else 0
        except (imaplib.IMAP4.error, OSError, ssl.SSLError, ValueError) as exc:
            self._close()
            raise IngestError(f"{src.url}: {_reason(exc)}") from None
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._close()

    def _close(self) -> None:
        if self._imap is not None:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                self._imap.logout()
            self._imap = None

    def _uid(self, command: str, *args: str) -> list[object]:
        assert self._imap is not None
        try:
            status, data = self._imap.uid(command, *args)
        except (imaplib.IMAP4.error, OSError) as exc:
            raise IngestError(f"{self.source.url}: {_reason(exc)}") from None
        if status != "OK":
            raise IngestError(f"{self.source.url}: UID {command} failed ({data!r})")
        return list(data)

    def uids_after(self, last_uid: int) -> list[int]:
        """The UIDs above `last_uid` (a UID search; "N:*" also returns the highest UID)."""
        data = self._uid("SEARCH", f"UID {last_uid + 1}:*")
        found = b" ".join(d for d in data if isinstance(d, bytes)).split()
        return sorted(uid for uid in map(int, found) if uid > last_uid)

    def _fetch(self, uids: list[int], what: str) -> dict[int, tuple[bytes, bytes]]:
        """uid -> (the response's items, the literal) for `what`, in batches of BATCH UIDs."""
        found: dict[int, tuple[bytes, bytes]] = {}
        for start in range(0, len(uids), BATCH):
            batch = ",".join(map(str, uids[start : start + BATCH]))
            self.counts.fetch_commands += 1
            for item in self._uid("FETCH", batch, what):
                if isinstance(item, tuple) and len(item) == 2:
                    match = _UID.search(item[0])
                    if match:
                        found[int(match[1])] = (bytes(item[0]), bytes(item[1]))
        return found

    def envelopes(self, uids: list[int]) -> list[Envelope]:
        """The header fields of these messages (their bodies stay unopened)."""
        found: list[Envelope] = []
        for uid, (items, header) in sorted(self._fetch(uids, _HEADER_FETCH).items()):
            size = _SIZE.search(items)
            found.append(
                dataclasses.replace(envelope(str(uid), header), size=int(size[1]) if size else 0)
            )
        return found

    def messages(self, uids: list[int]) -> dict[int, bytes]:
        """The whole messages of these UIDs, fetched with BODY.PEEK[] (flags unchanged)."""
        self.counts.bodies.extend(uids)
        return {uid: raw for uid, (_, raw) in self._fetch(uids, "(UID BODY.PEEK[])").items()}


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "the server did not answer in time"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    text = exc.args[0] if exc.args else exc
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return " ".join(str(text).split()) or type(exc).__name__
