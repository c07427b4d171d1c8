"""The local executor: sentences synthesized on this machine, `slots` at a time.

With one slot and an engine that is safe in this process, sentences are synthesized right
here; otherwise in a pool of worker processes per engine (speak.workers), one engine's pool at
a time, so two engines' models are never held at once.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterable, Iterator, Sequence

from digestcast.errors import DigestcastError
from digestcast.speak.base import Engine
from digestcast.speak.executor import SentenceJob, SynthesisStats, failure
from digestcast.speak.registry import Voice
from digestcast.speak.workers import EngineCache, Timeouts, WorkerPool, synthesize_job


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def in_process(engine: type[Engine], slots: int) -> bool:
    """One slot and an engine that is safe in the main process: no worker process at all."""
    return slots == 1 and not engine.isolated


def group_by_engine(jobs: Iterable[SentenceJob]) -> list[list[SentenceJob]]:
    """One group per engine (a worker process loads one TTS library), the most words first;
    each group in script order (the live mix lays the episode out as sentences come)."""
    groups: dict[str, list[SentenceJob]] = collections.defaultdict(list)
    for job in jobs:
        groups[job.voice.engine.engine_id].append(job)
    return sorted(groups.values(), key=lambda g: -sum(j.words for j in g))


class LocalExecutor:
    """Implements speak.executor.Executor with this process or local worker processes."""

    def __init__(
        self, slots: int, timeouts: Timeouts | None = None, engines: EngineCache | None = None
    ) -> None:
        self.slots = max(1, slots)
        self.timeouts = timeouts or Timeouts()
        self._queue: list[SentenceJob] = []
        self._pools: dict[str, WorkerPool] = {}  # by engine id; closed once its group is done
        self._here = engines or EngineCache()  # engines loaded in this process
        self._here_cpu = 0.0
        self._sentences = 0

    def preload(self, voice: Voice) -> None:
        """Start the voice's worker processes and have them load its model now."""
        if not in_process(voice.engine, self.slots):
            self._pool(voice.engine, self.slots).preload(voice)

    def submit(self, jobs: Sequence[SentenceJob]) -> None:
        self._queue.extend(jobs)

    def finished(self) -> Iterator[SentenceJob]:
        while self._queue:
            groups, self._queue = group_by_engine(self._queue), []
            for group in groups:
                for job in self._run(group):
                    self._sentences += 1
                    yield job

    def cancel(self) -> None:
        self._queue = []
        for pool in self._pools.values():
            pool.close()

    def close(self) -> None:
        self.cancel()

    @property
    def stats(self) -> SynthesisStats:
        cpu = self._here_cpu + sum(pool.cpu for pool in self._pools.values())
        return SynthesisStats(self._sentences, cpu, self.slots)

    def _pool(self, engine: type[Engine], slots: int) -> WorkerPool:
        pool = self._pools.get(engine.engine_id)
        if pool is None:
            pool = self._pools[engine.engine_id] = WorkerPool(engine, slots, self.timeouts)
        return pool

    def _run(self, group: list[SentenceJob]) -> Iterator[SentenceJob]:
        engine = group[0].voice.engine
        if engine.engine_id not in self._pools and in_process(engine, self.slots):
            yield from self._run_here(group)
            return
        pool = self._pool(engine, min(self.slots, len(group)))
        try:
            yield from pool.results(group)
        finally:
            pool.close()  # its processes' memory goes back before the next engine (or the mix)

    def _run_here(self, jobs: list[SentenceJob]) -> Iterator[SentenceJob]:
        for job in jobs:
            try:
                self._here_cpu += synthesize_job(self._here, job)
            except DigestcastError as exc:
                raise failure(job, str(exc)) from None
            except Exception as exc:
                raise failure(job, f"{type(exc).__name__}: {exc}") from exc
            yield job
