"""The stores' shared SQLite habits: a schema made once, upgraded in order, a newer one
refused, and writes that commit together or not at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from digestcast.errors import PublishError
from digestcast.sqlitedb import migrate, transaction

SCHEMA = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"
UPGRADES = ("ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT ''",)


def open_db(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_a_new_store_is_made_then_an_old_one_upgraded(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.sqlite")
    migrate(db, tmp_path, "notes", SCHEMA, 1)
    db.execute("INSERT INTO notes (text) VALUES ('kept')")
    migrate(db, tmp_path, "notes", SCHEMA + ";" + UPGRADES[0], 2, UPGRADES)
    assert db.execute("SELECT text, author FROM notes").fetchall() == [("kept", "")]
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_store_from_a_newer_digestcast_is_refused(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.sqlite")
    db.execute("PRAGMA user_version = 9")
    with pytest.raises(PublishError, match=r"notes schema 9 is newer than this digestcast \(2\)"):
        migrate(db, tmp_path, "notes", SCHEMA, 2, UPGRADES)


def test_writes_in_a_failed_transaction_are_undone(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.sqlite")
    migrate(db, tmp_path, "notes", SCHEMA, 1)
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO notes (text) VALUES ('one')")
        with transaction(db):  # nested: part of the outer one
            db.execute("INSERT INTO notes (text) VALUES ('two')")
        raise RuntimeError("stop")
    assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 0
    assert not db.in_transaction
