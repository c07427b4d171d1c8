"""The show's catalog: one SQLite file listing every published episode."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from digestcast.errors import PublishError
from digestcast.models import Chapter
from digestcast.sqlitedb import migrate, transaction


@dataclass(frozen=True)
class StoryNote:
    """A story as the episode's web page lists it: title, link and a short summary."""

    title: str
    url: str | None = None
    summary: str = ""


SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE episodes (
    guid TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE CHECK (number > 0),
    issue_key TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    pub_date TEXT NOT NULL,
    files TEXT NOT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    duration REAL NOT NULL,
    mime_type TEXT NOT NULL,
    chapters TEXT NOT NULL,
    description TEXT NOT NULL,
    show_notes TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    stories TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE show (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# The statement that takes schema N to N + 1, at index N - 1.
_UPGRADES = (
    "ALTER TABLE episodes ADD COLUMN origin TEXT NOT NULL DEFAULT ''",  # 2: `episodes rebuild`
    "ALTER TABLE episodes ADD COLUMN stories TEXT NOT NULL DEFAULT '[]'",  # 3: the episode page
)

_COLUMNS = (
    "guid, number, issue_key, slug, title, date, pub_date, files, size_bytes, duration, "
    "mime_type, chapters, description, show_notes, source, origin, stories"
)


@dataclass(frozen=True)
class EpisodeRecord:
    """An episode as the catalog keeps it. `files` maps a kind ("audio", "vtt", "srt", "txt",
    "chapters") to a path relative to the output folder, written with forward slashes."""

    guid: str
    number: int
    issue_key: str
    slug: str
    title: str
    date: dt.date | None
    pub_date: dt.datetime  # timezone-aware, UTC
    files: dict[str, str]
    size_bytes: int
    duration: float
    mime_type: str
    chapters: tuple[Chapter, ...] = ()
    description: str = ""  # plain text
    show_notes: str = ""  # sanitized HTML
    source: str = ""  # the issue's web address (the item's link), else what it was read from
    origin: str = ""  # what `episodes rebuild` reads again: a file's absolute path, a URL, a feed
    stories: tuple[StoryNote, ...] = ()  # for the episode's web page


def _chapter_dict(c: Chapter) -> dict[str, object]:
    found: dict[str, object] = {"title": c.title, "start": c.start, "end": c.end, "url": c.url}
    if c.image:
        found["image"] = c.image
    return found


def _chapters_json(chapters: tuple[Chapter, ...]) -> str:
    return json.dumps([_chapter_dict(c) for c in chapters], ensure_ascii=False)


def _chapters_from_json(text: str) -> tuple[Chapter, ...]:
    return tuple(
        Chapter(
            title=c["title"],
            start=c["start"],
            end=c["end"],
            url=c.get("url"),
            image=c.get("image"),
        )
        for c in json.loads(text)
    )


def _row_to_record(row: sqlite3.Row) -> EpisodeRecord:
    return EpisodeRecord(
        guid=row["guid"],
        number=row["number"],
        issue_key=row["issue_key"],
        slug=row["slug"],
        title=row["title"],
        date=dt.date.fromisoformat(row["date"]) if row["date"] else None,
        pub_date=dt.datetime.fromisoformat(row["pub_date"]),
        files=json.loads(row["files"]),
        size_bytes=row["size_bytes"],
        duration=row["duration"],
        mime_type=row["mime_type"],
        chapters=_chapters_from_json(row["chapters"]),
        description=row["description"],
        show_notes=row["show_notes"],
        source=row["source"],
        origin=row["origin"],
        stories=tuple(StoryNote(**s) for s in json.loads(row["stories"])),
    )


def _record_values(r: EpisodeRecord) -> tuple[object, ...]:
    return (
        r.guid,
        r.number,
        r.issue_key,
        r.slug,
        r.title,
        r.date.isoformat() if r.date else None,
        r.pub_date.astimezone(dt.UTC).isoformat(),
        json.dumps(r.files, sort_keys=True),
        r.size_bytes,
        r.duration,
        r.mime_type,
        _chapters_json(r.chapters),
        r.description,
        r.show_notes,
        r.source,
        r.origin,
        json.dumps([vars(s) for s in r.stories], ensure_ascii=False),
    )


class Catalog:
    """An open catalog. Use as a context manager; group writes with `transaction()`."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        if not create and not path.is_file():
            raise PublishError(f"{path}: no catalog here (publish an episode first)")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self._db.row_factory = sqlite3.Row
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise PublishError(f"{path}: cannot open the catalog ({exc})") from None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        migrate(self._db, self.path, "catalog", _SCHEMA, SCHEMA_VERSION, _UPGRADES)

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """All writes inside commit together, or none do (the error is re-raised)."""
        return transaction(self._db)

    def show_value(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM show WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_show_value(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO show (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def podcast_guid(self, default: str) -> str:
        """The show's podcast:guid: stored the first time, kept afterwards."""
        stored = self.show_value("podcast_guid")
        if stored is None:
            self.set_show_value("podcast_guid", default)
            return default
        return stored

    def allocate_number(self) -> int:
        """The next episode number; a removed episode's number is never handed out again."""
        stored = self.show_value("last_number")
        row = self._db.execute("SELECT MAX(number) FROM episodes").fetchone()
        last = max(int(stored or 0), int(row[0] or 0))
        self.set_show_value("last_number", str(last + 1))
        return last + 1

    def by_issue_key(self, key: str) -> EpisodeRecord | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM episodes WHERE issue_key = ?", (key,)
        ).fetchone()
        return None if row is None else _row_to_record(row)

    def find(self, guid_or_number: str) -> EpisodeRecord | None:
        """An episode by its guid, or by its number when given digits."""
        text = guid_or_number.strip()
        if text.isdigit():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM episodes WHERE number = ?", (int(text),)
            ).fetchone()
        else:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM episodes WHERE guid = ?", (text,)
            ).fetchone()
        return None if row is None else _row_to_record(row)

    def save(self, record: EpisodeRecord) -> None:
        """Insert the episode, or replace the one with the same guid."""
        placeholders = ", ".join("?" * len(_COLUMNS.split(",")))
        self._db.execute(
            f"INSERT OR REPLACE INTO episodes ({_COLUMNS}) VALUES ({placeholders})",
            _record_values(record),
        )

    def remove(self, guid: str) -> None:
        self._db.execute("DELETE FROM episodes WHERE guid = ?", (guid,))

    def episodes(self) -> list[EpisodeRecord]:
        """Every episode, newest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM episodes ORDER BY pub_date DESC, number DESC"
        ).fetchall()
        return [_row_to_record(r) for r in rows]
