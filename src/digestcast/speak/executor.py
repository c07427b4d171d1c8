"""Where sentences are synthesized: the executor interface, its jobs and what it reports.

The speak stage plans the sentences the cache lacks (`SentenceJob`s) and hands them to an
executor, which synthesizes them somewhere: in this process, in local worker processes
(`speak.local.LocalExecutor`, the default) or on a cluster. The build's resources choose and
own the executor (`open_executor`); the stage only submits jobs and waits for them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.speak.registry import Voice

if TYPE_CHECKING:
    from digestcast.speak.workers import EngineCache


@dataclass(frozen=True)
class SentenceJob:
    """One sentence to synthesize into `path` (its place in the cache)."""

    key: str
    text: str
    voice: Voice
    path: Path
    where: str  # the segment it belongs to, for error messages

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class SynthesisStats:
    """What the engines did: sentences synthesized, the CPU seconds their threads spent in
    the engine, and how many ran at once (`slots`): cpu_seconds / slots is the time an ideal
    pool with a free core per slot would have needed."""

    sentences: int = 0
    cpu_seconds: float = 0.0
    slots: int = 1


class Executor(Protocol):
    """Synthesizes SentenceJobs somewhere (this process, local worker processes, a cluster)."""

    def preload(self, voice: Voice) -> None:
        """Start loading the voice's model now (may do nothing)."""

    def submit(self, jobs: Sequence[SentenceJob]) -> None:
        """Queue jobs, in script order."""

    def finished(self) -> Iterator[SentenceJob]:
        """Yield each submitted job once its WAV is complete at job.path (written atomically),
        in completion order; raise SynthesisError (`failure`) when a job fails for good; return
        when every submitted job is done."""
        ...

    def cancel(self) -> None:
        """Drop queued and running jobs."""

    def close(self) -> None:
        """Release processes (or actors); safe to call twice."""

    @property
    def stats(self) -> SynthesisStats:
        """What the engines did so far."""
        ...


def failure(job: SentenceJob, reason: str) -> SynthesisError:
    """The one-line error for a sentence that cannot be synthesized."""
    return SynthesisError(f"{job.where}: cannot synthesize {job.text[:80]!r}: {reason}")


def open_executor(
    settings: Settings, *, jobs: int | None = None, engines: EngineCache | None = None
) -> Executor:
    """The executor the settings ask for, `jobs` (else `settings.jobs`, else the number of
    cores) syntheses at a time (the local one synthesizing in this process with `engines`,
    when given: engines loaded already). The one place where another kind of executor plugs in.
    (`ray` is imported only here, only for the Ray executor: a ConfigError saying what to
    install when it is missing.)"""
    from digestcast.speak.local import LocalExecutor, default_jobs

    if settings.executor.kind == "ray":
        from digestcast.speak.ray import RayExecutor

        return RayExecutor(settings.executor.address, settings.executor.actors)
    return LocalExecutor(jobs or settings.jobs or default_jobs(), engines=engines)
