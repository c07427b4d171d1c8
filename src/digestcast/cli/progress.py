"""Rich progress bars for the pipeline: one bar per stage."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

LABELS = {
    "ingest": "Reading the issue",
    "write": "Writing the script",
    "speak": "Synthesizing speech",
    "mix": "Mixing and encoding",
    "publish": "Publishing the feed",
}


class RichProgress:
    """Implements pipeline.Progress; use as a context manager. Draws nothing when the console is
    not a terminal (stderr then carries errors only)."""

    def __init__(self, console: Console) -> None:
        self._bars = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=not console.is_terminal,
        )
        self._tasks: dict[str, TaskID] = {}
        self._console = console

    def __enter__(self) -> RichProgress:
        self._bars.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bars.__exit__(exc_type, exc, tb)

    def start(self, stage: str, total: float | None) -> None:
        self._tasks[stage] = self._bars.add_task(LABELS.get(stage, stage), total=total)

    def update(self, stage: str, done: float, total: float | None) -> None:
        task = self._tasks.get(stage)
        if task is not None:
            self._bars.update(task, completed=done, total=total)

    def finish(self, stage: str, seconds: float) -> None:
        task = self._tasks[stage]
        total = self._bars.tasks[self._tasks[stage]].total or 1.0
        self._bars.update(task, completed=total, total=total)
