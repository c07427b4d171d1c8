"""Moving an episode's files into place so that a failed publish can put everything back."""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from digestcast.fsio import write_bytes_atomic


@dataclass
class FileMoves:
    """Records every os.replace and every overwritten file; `undo()` reverses them all,
    `finish()` drops the backups once the publish is committed."""

    _moves: list[tuple[Path, Path]] = field(default_factory=list)  # (source, destination)
    _backups: list[tuple[Path, Path]] = field(default_factory=list)  # (original, backup)
    _token: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    def _back_up(self, path: Path) -> None:
        if path.exists():
            backup = path.with_name(f".{path.name}.{self._token}.bak")
            os.replace(path, backup)
            self._backups.append((path, backup))

    def move(self, source: Path, destination: Path) -> None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        self._back_up(destination)
        os.replace(source, destination)
        self._moves.append((source, destination))

    def write(self, destination: Path, data: bytes) -> None:
        """Write atomically (fsio), keeping the previous content for `undo()`."""
        self._back_up(destination)
        write_bytes_atomic(destination, data)
        self._moves.append((Path(os.devnull), destination))

    def undo(self) -> None:
        for source, destination in reversed(self._moves):
            if destination.exists():
                if source == Path(os.devnull):
                    destination.unlink()
                else:
                    os.replace(destination, source)
        for original, backup in reversed(self._backups):
            os.replace(backup, original)
        self._moves.clear()
        self._backups.clear()

    def finish(self) -> None:
        for _original, backup in self._backups:
            if backup.is_dir() and not backup.is_symlink():
                shutil.rmtree(backup)
            else:
                backup.unlink(missing_ok=True)
        self._moves.clear()
        self._backups.clear()
