"""The staging folder: where a build's work files (speech, the live mix, the episode before it is
published) live, outside the output folder users copy to their host.

Each build's folder holds a lock for as long as the build runs. A folder whose lock nobody holds
was left by a killed build: the next build deletes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import platformdirs

LOCK_NAME = ".lock"
NEW_FOLDER_S = 60.0  # a folder without its lock yet this young is a build starting, not left


def staging_root() -> Path:
    """The user's cache folder (or the temporary folder when that cannot be written)."""
    root = Path(platformdirs.user_cache_dir("digestcast")) / "staging"
    try:
        root.mkdir(parents=True, exist_ok=True)
        return root
    except OSError:
        return Path(tempfile.gettempdir()) / f"digestcast-staging-{os.getuid()}"


def _abandoned(folder: Path) -> bool:
    try:
        fd = os.open(folder / LOCK_NAME, os.O_RDONLY)
    except FileNotFoundError:  # left before its lock was made, or a build making it right now
        try:
            return time.time() - folder.stat().st_mtime > NEW_FOLDER_S
        except FileNotFoundError:
            return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False  # a running build holds it
    finally:
        os.close(fd)


def sweep(root: Path) -> int:
    """Delete the staging folders killed builds left; the number deleted."""
    removed = 0
    with contextlib.suppress(FileNotFoundError):
        for folder in root.iterdir():
            if folder.is_dir() and not folder.is_symlink() and _abandoned(folder):
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed


@contextlib.contextmanager
def staging_folder(root: Path | None = None, *, keep: bool = False) -> Iterator[Path]:
    """A new staging folder, locked while the block runs and deleted after it (unless `keep`).
    Folders left by killed builds are deleted first."""
    root = root or staging_root()
    root.mkdir(parents=True, exist_ok=True)
    sweep(root)
    folder = root / uuid.uuid4().hex[:12]
    folder.mkdir()
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        os.close(fd)
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
