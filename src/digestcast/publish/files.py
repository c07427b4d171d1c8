"""Putting a publish's files in place so that the published folder is consistent at every instant.

New content never overwrites what the feed names: an episode's files go in under names nothing
uses yet, and feed.xml, index.html and the cover are written beside their live names and then
switched in, one atomic rename each, the feed last. The files the new feed no longer names are
deleted only after that. A kill at any moment therefore leaves the old feed with all its files,
or the new feed with all its files; `publish.recovery` tidies what a killed publish left.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import uuid
from dataclasses import dataclass, field
from pathlib import Path

# A test hook: the process group kills itself (SIGKILL) at this publish step (1, 2, ...), to show
# that a publish killed at any point leaves a consistent folder.
KILL_AT_STEP = "DIGESTCAST_KILL_AT_PUBLISH_STEP"
# Temporary files of a publish end with this; recovery deletes any a killed publish left.
TEMP_SUFFIX = ".publishing"


def temp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}")


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    path.chmod(0o644)


def _copy_synced(source: Path, destination: Path) -> None:
    with open(source, "rb") as src, open(destination, "xb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())
    destination.chmod(0o644)


@dataclass
class FileSwitch:
    """One publish's file operations. `place()` and `stage()` add files nothing names yet;
    `undo()` takes them back (before the catalog commits); `switch()` renames the staged files
    over the live ones in the order they were staged (stage the feed last); `delete()` removes
    what the committed catalog no longer names. Every operation is a numbered step."""

    _placed: list[tuple[Path, Path, bool]] = field(default_factory=list)  # (from, to, copied)
    _staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary, live)
    _steps: int = 0

    def step(self) -> None:
        """Count one publish step; the crash-consistency tests kill the build at step N."""
        self._steps += 1
        if os.environ.get(KILL_AT_STEP) == str(self._steps):
            os.killpg(os.getpgrp(), signal.SIGKILL)

    def place(self, source: Path, final: Path) -> None:
        """Move `source` to `final`, a name no published file has (copied across file systems)."""
        self.step()
        if final.exists():
            raise FileExistsError(errno.EEXIST, "already published", str(final))
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(source, final)
            self._placed.append((source, final, False))
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            tmp = temp_name(final)
            try:
                _copy_synced(source, tmp)
                os.rename(tmp, final)
            finally:
                tmp.unlink(missing_ok=True)
            self._placed.append((source, final, True))

    def stage(self, live: Path, data: bytes) -> None:
        """Write `data` beside `live`, to replace it at `switch()`."""
        self.step()
        live.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_name(live)
        self._staged.append((tmp, live))
        _write_synced(tmp, data)

    def current(self, live: Path) -> Path:
        """Where `live`'s next content is: its staged file while one waits, else `live`."""
        for tmp, staged_live in reversed(self._staged):
            if staged_live == live:
                return tmp
        return live

    def placed(self) -> list[Path]:
        return [final for _, final, _ in self._placed]

    def undo(self) -> None:
        """Before the catalog commits: every new file gone, the staging files back."""
        for tmp, _live in self._staged:
            tmp.unlink(missing_ok=True)
        for source, final, copied in reversed(self._placed):
            if copied:
                final.unlink(missing_ok=True)
            elif final.exists():
                os.rename(final, source)
        self._staged.clear()
        self._placed.clear()

    def switch(self) -> None:
        """After the catalog commits: each staged file replaces its live one, in order."""
        for tmp, live in self._staged:
            self.step()
            os.replace(tmp, live)
        self._staged.clear()
        for source, _final, copied in self._placed:
            if copied:
                source.unlink(missing_ok=True)
        self._placed.clear()

    def delete(self, paths: list[Path]) -> None:
        for path in paths:
            self.step()
            path.unlink(missing_ok=True)
