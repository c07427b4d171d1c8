"""What digestcast's two SQLite stores (the show's catalog, the mail inbox) do alike: open in
autocommit mode, group writes in one immediate transaction, make or upgrade their schema once,
numbered by `PRAGMA user_version`."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from digestcast.errors import PublishError


@contextlib.contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """All writes inside commit together, or none do (the error is re-raised). Nested: one."""
    if db.in_transaction:
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # (a failed COMMIT, e.g. a full disk, leaves it open)
            db.execute("ROLLBACK")
        raise


def migrate(
    db: sqlite3.Connection,
    path: Path,
    what: str,
    schema: str,
    version: int,
    upgrades: Sequence[str] = (),
) -> None:
    """Create the schema in a new store, or run the upgrades from its version on (upgrade k
    takes version k to k + 1); a store newer than this digestcast is refused."""
    found = db.execute("PRAGMA user_version").fetchone()[0]
    if found > version:
        raise PublishError(
            f"{path}: {what} schema {found} is newer than this digestcast ({version}); "
            "upgrade digestcast"
        )
    if found == version:
        return
    statements = schema.split(";") if found == 0 else upgrades[found - 1 :]
    with transaction(db):
        for statement in statements:
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")
