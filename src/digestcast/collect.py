"""Reading a show's mailboxes into its inbox: the new messages' header fields, then the whole
messages of the allowed senders only, each stored once. A mailbox that cannot be read is
reported and the others are read."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from digestcast.config import Settings
from digestcast.errors import DigestcastError
from digestcast.inbox import Inbox
from digestcast.ingest.imap import BATCH, ImapFolder, mailbox_password
from digestcast.ingest.mailbox import (
    Envelope,
    MailboxSource,
    is_allowed,
    local_envelopes,
    local_messages,
    parse_mailbox_url,
)


@dataclass
class MailRead:
    """What one `update` read from the mailboxes."""

    stored: int = 0  # allowed messages stored, to be built
    others: int = 0  # messages from senders not allowed: headers read, bodies never opened
    duplicates: int = 0  # allowed, but a Message-ID already read
    fetch_commands: int = 0  # IMAP FETCH commands sent
    problems: list[str] = field(default_factory=list)


def _too_large(
    inbox: Inbox, source: MailboxSource, found: Envelope, size: int, limit: int, read: MailRead
) -> None:
    """Record a message over the size limit as failed (never fetched again) and report it."""
    problem = (
        f"{source.url}: message {found.message_id} ({found.subject!r}) is {size} bytes, "
        f"over ingest.max_bytes ({limit})"
    )
    inbox.add(source.url, found, None, "failed", problem)
    read.problems.append(problem)


def _store(
    inbox: Inbox,
    source: MailboxSource,
    envelopes: list[Envelope],
    fetch: Callable[[list[str]], dict[str, bytes]],
    settings: Settings,
    read: MailRead,
) -> None:
    """Store the allowed envelopes' messages (fetched here) and count the rest. For a local
    mailbox the others are remembered by name so that later runs skip them unread."""
    allow, max_bytes = settings.allow_senders, settings.ingest.max_bytes
    allowed = [e for e in envelopes if is_allowed(e, allow)]
    fresh: list[Envelope] = []
    ids: set[str] = set()
    for found in allowed:
        if found.message_id in ids or inbox.has_message_id(found.message_id):
            inbox.add(source.url, found, None, "duplicate")
            read.duplicates += 1
        elif found.size <= max_bytes:  # (a local message's size is known once read)
            ids.add(found.message_id)
            fresh.append(found)
        else:
            _too_large(inbox, source, found, found.size, max_bytes, read)
    bodies = fetch([e.key for e in fresh]) if fresh else {}
    for found in fresh:
        raw = bodies.get(found.key)
        if raw is None:
            read.problems.append(f"{source.url}: message {found.key} vanished before it was read")
        elif len(raw) > max_bytes:
            _too_large(inbox, source, found, len(raw), max_bytes, read)
        else:
            inbox.add(source.url, found, raw, "new")
            read.stored += 1
    allowed_keys = {e.key for e in allowed}
    others = [e for e in envelopes if e.key not in allowed_keys]
    read.others += len(others)
    if source.kind in ("maildir", "mbox"):
        for found in others:
            inbox.add(source.url, found, None, "ignored")


def _read_imap(settings: Settings, inbox: Inbox, source: MailboxSource, read: MailRead) -> None:
    password = mailbox_password(source, settings.mailbox_password_env)
    with ImapFolder(source, password, timeout=settings.ingest.timeout_s) as folder:
        last = inbox.last_uid(source.url, folder.uidvalidity)
        uids = folder.uids_after(last)
        prefix = f"{folder.uidvalidity}:"

        def fetch(keys: list[str]) -> dict[str, bytes]:
            found = folder.messages([int(k.removeprefix(prefix)) for k in keys])
            return {f"{prefix}{uid}": raw for uid, raw in found.items()}

        try:
            for start in range(0, len(uids), BATCH):
                chunk = uids[start : start + BATCH]
                envelopes = [
                    dataclasses.replace(e, key=prefix + e.key) for e in folder.envelopes(chunk)
                ]
                with inbox.transaction():  # the messages and how far the folder was read
                    _store(inbox, source, envelopes, fetch, settings, read)
                    inbox.set_last_uid(source.url, folder.uidvalidity, chunk[-1])
        finally:
            read.fetch_commands += folder.counts.fetch_commands


def _read_local(settings: Settings, inbox: Inbox, source: MailboxSource, read: MailRead) -> None:
    envelopes = list(local_envelopes(source, inbox.known_keys(source.url)))

    def fetch(keys: list[str]) -> dict[str, bytes]:
        return local_messages(source, set(keys))

    with inbox.transaction():
        _store(inbox, source, envelopes, fetch, settings, read)


def read_mailboxes(settings: Settings, inbox: Inbox) -> MailRead:
    """Read every mailbox of the show; one that fails is reported in `problems`."""
    read = MailRead()
    for url in settings.source_mailboxes:
        try:
            source = parse_mailbox_url(url)
            if source.kind in ("imaps", "imap"):
                _read_imap(settings, inbox, source, read)
            else:
                _read_local(settings, inbox, source, read)
        except DigestcastError as exc:
            read.problems.append(str(exc))
    return read
