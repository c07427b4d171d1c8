"""The show's inbox: what `update` has read from its mailboxes, beside the catalog
(OUT/inbox.sqlite).

Each allowed message is stored once, whole, when it is first read (its mailbox, UID or name and
Message-ID; a second copy of a Message-ID is recorded as a duplicate and never built), with how
far each IMAP folder has been read (UIDVALIDITY and the last UID). A message stays `new` until an
episode holding it is published, then `done`; one that cannot be read as an issue is `failed`
with its reason and never tried again. Issues gathered into a combined episode are recorded with
their period, so an interrupted run builds the same period again with the same issues.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from digestcast.errors import PublishError
from digestcast.ingest.mailbox import Envelope
from digestcast.sqlitedb import migrate, transaction

INBOX_NAME = "inbox.sqlite"
SCHEMA_VERSION = 1
SKIPPED_PERIOD = "skipped"  # issues older than a show's first combined episode

MessageStatus = Literal["new", "done", "failed", "duplicate", "ignored"]

_SCHEMA = """
CREATE TABLE folders (
    mailbox TEXT PRIMARY KEY,
    uidvalidity INTEGER NOT NULL,
    last_uid INTEGER NOT NULL
);
CREATE TABLE messages (
    mailbox TEXT NOT NULL,
    key TEXT NOT NULL,
    message_id TEXT,
    sender TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    episode TEXT NOT NULL DEFAULT '',
    raw BLOB,
    PRIMARY KEY (mailbox, key)
);
CREATE INDEX messages_by_id ON messages (message_id);
CREATE INDEX messages_by_status ON messages (status);
CREATE TABLE digest_items (
    issue_key TEXT PRIMARY KEY,
    period TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class StoredMessage:
    mailbox: str
    key: str
    message_id: str
    sender: str
    subject: str
    raw: bytes
    episode: str  # the episode key it was last gathered into ("" before)


def inbox_path(output_dir: Path) -> Path:
    return output_dir / INBOX_NAME


class Inbox:
    """An open inbox. Use as a context manager; group writes with `transaction()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise PublishError(f"{path}: cannot open the inbox ({exc})") from None

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *_: object) -> None:
        self._db.close()

    def _migrate(self) -> None:
        migrate(self._db, self.path, "inbox", _SCHEMA, SCHEMA_VERSION)

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """All writes inside commit together, or none do (the error is re-raised)."""
        return transaction(self._db)

    # IMAP folders: how far they have been read
    def last_uid(self, mailbox: str, uidvalidity: int) -> int:
        """The last UID read from this folder, or 0 when its UIDVALIDITY changed."""
        row = self._db.execute(
            "SELECT uidvalidity, last_uid FROM folders WHERE mailbox = ?", (mailbox,)
        ).fetchone()
        return int(row[1]) if row and int(row[0]) == uidvalidity else 0

    def set_last_uid(self, mailbox: str, uidvalidity: int, last_uid: int) -> None:
        self._db.execute(
            "INSERT INTO folders (mailbox, uidvalidity, last_uid) VALUES (?, ?, ?) "
            "ON CONFLICT(mailbox) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
            "last_uid = excluded.last_uid",
            (mailbox, uidvalidity, last_uid),
        )

    # messages
    def known_keys(self, mailbox: str) -> set[str]:
        rows = self._db.execute("SELECT key FROM messages WHERE mailbox = ?", (mailbox,))
        return {str(r[0]) for r in rows}

    def has_message_id(self, message_id: str) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM messages WHERE message_id = ? "
            "AND status NOT IN ('duplicate', 'ignored')",
            (message_id,),
        ).fetchone()
        return row is not None

    def add(
        self,
        mailbox: str,
        found: Envelope,
        raw: bytes | None,
        status: MessageStatus,
        error: str = "",
    ) -> None:
        """Record a message: `new` with its bytes, or `duplicate`/`ignored`/`failed` (with the
        reason) without them."""
        self._db.execute(
            "INSERT OR IGNORE INTO messages "
            "(mailbox, key, message_id, sender, subject, status, raw, error) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                mailbox,
                found.key,
                None if status == "ignored" else found.message_id,
                "" if status == "ignored" else found.sender,
                "" if status == "ignored" else found.subject,
                status,
                raw,
                error,
            ),
        )

    def waiting(self, rebuild_episode: str | None = None) -> list[StoredMessage]:
        """Messages not yet in a published episode (and, to rebuild an episode, its own)."""
        rows = self._db.execute(
            "SELECT mailbox, key, message_id, sender, subject, raw, episode FROM messages "
            "WHERE status = 'new' OR (status = 'done' AND episode = ?) ORDER BY rowid",
            (rebuild_episode or "\0",),
        ).fetchall()
        return [
            StoredMessage(r[0], r[1], r[2] or "", r[3], r[4], bytes(r[5] or b""), r[6])
            for r in rows
        ]

    def find(self, mailbox: str, message_id: str) -> StoredMessage | None:
        """A stored message (not a duplicate's record) by its mailbox and Message-ID."""
        row = self._db.execute(
            "SELECT mailbox, key, message_id, sender, subject, raw, episode FROM messages "
            "WHERE mailbox = ? AND message_id = ? AND raw IS NOT NULL",
            (mailbox, message_id),
        ).fetchone()
        if row is None:
            return None
        return StoredMessage(row[0], row[1], row[2] or "", row[3], row[4], bytes(row[5]), row[6])

    def set_status(
        self, message: StoredMessage, status: MessageStatus, *, episode: str = "", error: str = ""
    ) -> None:
        self._db.execute(
            "UPDATE messages SET status = ?, episode = ?, error = ? WHERE mailbox = ? AND key = ?",
            (status, episode or message.episode, error, message.mailbox, message.key),
        )

    def counts(self) -> dict[str, int]:
        """How many messages are in each status."""
        rows = self._db.execute("SELECT status, COUNT(*) FROM messages GROUP BY status")
        return {str(r[0]): int(r[1]) for r in rows}

    # combined episodes
    def digest_items(self) -> dict[str, str]:
        """issue key -> the period (episode key) it was gathered into."""
        rows = self._db.execute("SELECT issue_key, period FROM digest_items")
        return {str(r[0]): str(r[1]) for r in rows}

    def assign(self, issue_keys: list[str], period: str) -> None:
        self._db.executemany(
            "INSERT INTO digest_items (issue_key, period) VALUES (?, ?) "
            "ON CONFLICT(issue_key) DO UPDATE SET period = excluded.period",
            [(key, period) for key in issue_keys],
        )
