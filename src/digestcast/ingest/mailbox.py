"""Newsletters in a mailbox: the source addresses (imaps://, imap://, maildir://, mbox://), the
allow-list of senders, and reading a local Maildir or mbox without changing it.

A message's headers are read first (From, List-Id, Message-ID, Date, Subject); its body only
when its sender is allowed. Nothing is ever written to a mailbox.
"""

from __future__ import annotations

import email.header
import email.utils
import fnmatch
import hashlib
import ipaddress
import mailbox
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from digestcast.errors import ConfigError, IngestError

MailboxKind = Literal["imaps", "imap", "maildir", "mbox"]
# The header fields read before deciding whether a message is a newsletter the user allows.
ENVELOPE_FIELDS = ("FROM", "LIST-ID", "MESSAGE-ID", "DATE", "SUBJECT")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


@dataclass(frozen=True)
class MailboxSource:
    """A mailbox named in `source_mailboxes`."""

    url: str  # as the user wrote it (never holds a password)
    kind: MailboxKind
    path: Path | None = None  # maildir and mbox
    host: str = ""
    port: int = 0
    user: str = ""
    folder: str = "INBOX"


@dataclass(frozen=True)
class Envelope:
    """What the header fields say about a message; enough to allow or skip it unopened."""

    key: str  # the IMAP UID, the Maildir name or a hash of an mbox message's headers
    message_id: str  # "<...>"; a hash of the header fields when the message has none
    sender: str  # the From address, lower-case
    list_id: str  # the List-Id's identifier (inside <>), lower-case; "" when none
    subject: str
    size: int = 0  # the whole message's size in bytes, when the server says it (IMAP)


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _local_source(url: str, kind: MailboxKind, path_text: str) -> MailboxSource:
    path = Path(unquote(path_text)).expanduser()
    if not path.is_absolute():
        raise ConfigError(f"{url}: a {kind} path must be absolute ({kind}:///home/me/Mail/news)")
    return MailboxSource(url=url, kind=kind, path=path)


def parse_mailbox_url(url: str) -> MailboxSource:
    """`imaps://user@host[:port]/Folder`, `imap://user@127.0.0.1:1143/Folder` (plain text: only
    to this machine), `maildir:///path` or `mbox:///path`."""
    parts = urlsplit(url.strip())
    kind = parts.scheme.lower()
    if kind in ("maildir", "mbox"):
        local: MailboxKind = "maildir" if kind == "maildir" else "mbox"
        return _local_source(url, local, parts.netloc + parts.path)
    if kind not in ("imaps", "imap"):
        raise ConfigError(f"{url}: a mailbox must start with imaps://, maildir:// or mbox://")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError(f"{url}: the port is not a number") from None
    if parts.password is not None:
        raise ConfigError(
            f"{url}: no password in podcast.toml; set mailbox_password_env or use the keyring"
        )
    if not parts.hostname or not parts.username:
        raise ConfigError(f"{url}: needs a user and a host (imaps://user@host/Folder)")
    if kind == "imap" and not _is_loopback(parts.hostname):
        raise ConfigError(f"{url}: imap:// sends the password in clear; use imaps://")
    return MailboxSource(
        url=url,
        kind="imaps" if kind == "imaps" else "imap",
        host=parts.hostname,
        port=port or (993 if kind == "imaps" else 143),
        user=unquote(parts.username),
        folder=unquote(parts.path.strip("/")) or "INBOX",
    )


def _text(value: object) -> str:
    """A header's value as text, encoded words decoded; never raises."""
    if value is None:
        return ""
    try:
        decoded = email.header.make_header(email.header.decode_header(str(value)))
        return " ".join(str(decoded).split())
    except (LookupError, ValueError, UnicodeError):
        return " ".join(str(value).split())


def envelope(key: str, header_block: bytes) -> Envelope:
    """An Envelope from a message's header fields (the whole header or just ENVELOPE_FIELDS)."""
    headers = BytesHeaderParser(policy=policy.compat32).parsebytes(header_block)
    _, address = email.utils.parseaddr(_text(headers.get("from")))
    list_id = _text(headers.get("list-id"))
    if "<" in list_id:
        list_id = list_id.rsplit("<", 1)[1].split(">", 1)[0]
    message_id = "".join(_text(headers.get("message-id")).split())
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(header_block).hexdigest()
    return Envelope(
        key=key,
        message_id=message_id,
        sender=address.strip().lower(),
        list_id=list_id.strip().lower(),
        subject=_text(headers.get("subject")),
    )


def is_allowed(found: Envelope, allow_senders: tuple[str, ...]) -> bool:
    """An entry with "@" matches the From address (globs allowed: "*@letters.example.com");
    any other entry matches the List-Id ("news.example.org", "<news.example.org>", "*.example")."""
    for entry in allow_senders:
        pattern = entry.strip().lower()
        if "@" in pattern:
            if found.sender and fnmatch.fnmatchcase(found.sender, pattern):
                return True
        elif found.list_id and fnmatch.fnmatchcase(found.list_id, pattern.strip("<>")):
            return True
    return False


def _header_block(handle: Iterable[bytes]) -> bytes:
    """The lines of a message up to its first blank line: its header, not its body."""
    lines: list[bytes] = []
    for line in handle:
        if not line.strip(b"\r\n"):
            break
        lines.append(line)
    return b"".join(lines)


def _open_local(source: MailboxSource) -> mailbox.Maildir | mailbox.mbox:
    assert source.path is not None
    try:
        if source.kind == "maildir":
            return mailbox.Maildir(source.path, factory=None, create=False)
        if not source.path.is_file():
            raise IngestError(f"{source.url}: no mbox file at {source.path}")
        return mailbox.mbox(source.path, factory=None, create=False)
    except (mailbox.NoSuchMailboxError, OSError) as exc:
        raise IngestError(f"{source.url}: cannot open the mailbox ({exc})") from None


def local_envelopes(source: MailboxSource, known: set[str]) -> Iterator[Envelope]:
    """The envelopes of a Maildir's or mbox's messages not in `known` (keys), header only.
    A Maildir message keeps its name; an mbox message is known by a hash of its header."""
    box = _open_local(source)
    try:
        for key in sorted(box.keys()):
            if source.kind == "maildir" and key in known:
                continue
            with box.get_file(key) as handle:
                header = _header_block(handle)
            name = str(key) if source.kind == "maildir" else hashlib.sha256(header).hexdigest()[:24]
            if name not in known:
                yield envelope(name, header)
    except OSError as exc:
        raise IngestError(f"{source.url}: cannot read the mailbox ({exc})") from None
    finally:
        box.close()


def local_messages(source: MailboxSource, wanted: set[str]) -> dict[str, bytes]:
    """The whole messages (bytes as stored) of the envelopes named in `wanted`."""
    box = _open_local(source)
    found: dict[str, bytes] = {}
    try:
        for key in sorted(box.keys()):
            if source.kind == "maildir":
                if key in wanted:
                    found[key] = box.get_bytes(key)
                continue
            with box.get_file(key) as handle:
                name = hashlib.sha256(_header_block(handle)).hexdigest()[:24]
            if name in wanted:
                found[name] = box.get_bytes(key)
    except OSError as exc:
        raise IngestError(f"{source.url}: cannot read the mailbox ({exc})") from None
    finally:
        box.close()
    return found
