"""Synthesize cache misses in worker processes, one sentence at a time.

A small pool on multiprocessing ("spawn": onnxruntime and espeak are not fork-safe): each
worker owns a pipe and runs one sentence at a time, loading each engine once. A worker that
crashes (segfault) or overruns its sentence's timeout is killed and replaced, and the sentence
is retried once; a sentence that fails twice fails the build with a SynthesisError naming its
segment. Nothing here can hang: every wait has a deadline.
"""

from __future__ import annotations

import collections
import contextlib
import math
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.context import SpawnContext, SpawnProcess
from pathlib import Path
from typing import Any

from digestcast.errors import DigestcastError, SynthesisError
from digestcast.speak.base import Engine
from digestcast.speak.cache import write_wav
from digestcast.speak.registry import Voice

MAX_ATTEMPTS = 2


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
class Timeouts:
    """How long one sentence may take (base + per_word * words, its engine's loading included),
    and how long a new worker process may take to start (import its modules)."""

    base: float = 30.0
    per_word: float = 2.0
    startup: float = 60.0

    def for_job(self, job: SentenceJob) -> float:
        return self.base + self.per_word * job.words


def _voice_key(voice: Voice) -> tuple[str, str, str]:
    return (
        voice.engine.engine_id,
        voice.profile.model_dump_json(),
        voice.options.model_dump_json(),
    )


class EngineCache:
    """Engines loaded in this process, one per voice."""

    def __init__(self) -> None:
        self._engines: dict[tuple[str, str, str], Engine] = {}

    def get(self, voice: Voice) -> Engine:
        key = _voice_key(voice)
        if key not in self._engines:
            self._engines[key] = voice.engine(voice.profile, voice.options)
        return self._engines[key]


def synthesize_job(engines: EngineCache, job: SentenceJob) -> None:
    result = engines.get(job.voice).synthesize(job.text)
    write_wav(job.path, result)


def _silence_stdout() -> None:
    """Point this process's stdout (the Python object and file descriptor 1) at /dev/null:
    workers answer through their pipe, and the user's terminal is the parent's."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (lives as long as the worker)


def _worker_main(conn: multiprocessing.connection.Connection) -> None:
    """A worker: say "ready", then receive jobs and reply ("ok"|"fatal"|"error", key, message)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    _silence_stdout()  # engines print (pyttsx3's espeak driver says "Audio saved to ...")
    engines = EngineCache()
    conn.send(("ready", "", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            synthesize_job(engines, job)
            conn.send(("ok", job.key, ""))
        except DigestcastError as exc:
            conn.send(("fatal", job.key, str(exc)))
        except Exception as exc:
            conn.send(("error", job.key, f"{type(exc).__name__}: {exc}"))


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """While a worker is spawned, show multiprocessing an empty `__main__`.

    "spawn" re-imports the parent's main script in every child (as `__mp_main__`); for the
    `digestcast` console script that is the whole CLI (Typer, bs4, feedgen, every stage:
    ~30 MB and ~0.5 s per worker). A worker needs only this module and its engine, which
    reach it by their own names, so it can start from an empty main module."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class _Worker:
    def __init__(self, ctx: SpawnContext) -> None:
        parent, child = ctx.Pipe()
        self.process: SpawnProcess = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        with _main_module_hidden():
            self.process.start()
        child.close()
        self.conn = parent
        self.engine: type[Engine] | None = None
        self.job: SentenceJob | None = None
        self.ready = False  # the process has started and imported its modules
        self.deadline = math.inf

    def start(self, job: SentenceJob, timeouts: Timeouts) -> None:
        self.engine = job.voice.engine
        self.job = job
        grace = 0.0 if self.ready else timeouts.startup
        self.deadline = time.monotonic() + grace + timeouts.for_job(job)
        self.conn.send(job)

    def started(self, timeouts: Timeouts) -> None:
        """The process said "ready": its job's clock starts now."""
        self.ready = True
        if self.job is not None:
            self.deadline = time.monotonic() + timeouts.for_job(self.job)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


def order_jobs(jobs: Iterable[SentenceJob]) -> list[SentenceJob]:
    """Grouped by engine (a worker loads one engine), longest sentences first in each group."""
    groups: dict[str, list[SentenceJob]] = collections.defaultdict(list)
    for job in jobs:
        groups[job.voice.engine.engine_id].append(job)
    ordered: list[SentenceJob] = []
    for group in sorted(groups.values(), key=lambda g: -sum(j.words for j in g)):
        ordered.extend(sorted(group, key=lambda j: -len(j.text)))
    return ordered


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def synthesize_all(
    jobs: Sequence[SentenceJob],
    *,
    workers: int | None = None,
    timeouts: Timeouts | None = None,
    on_done: Callable[[SentenceJob], None] | None = None,
) -> None:
    """Synthesize every job into its path. With one worker and only engines that are safe
    in-process, run here; otherwise in `workers` spawned processes."""
    count = max(1, workers or default_jobs())
    done = on_done or (lambda _job: None)
    if not jobs:
        return
    if count == 1 and not any(job.voice.engine.isolated for job in jobs):
        _run_here(order_jobs(jobs), done)
    else:
        _Pool(min(count, len(jobs)), timeouts or Timeouts()).run(order_jobs(jobs), done)


def _crashed(worker: _Worker) -> str:
    return f"the engine crashed (worker exit code {worker.process.exitcode})"


def _failure(job: SentenceJob, reason: str) -> SynthesisError:
    return SynthesisError(f"{job.where}: cannot synthesize {job.text[:80]!r}: {reason}")


def _run_here(jobs: list[SentenceJob], done: Callable[[SentenceJob], None]) -> None:
    engines = EngineCache()
    for job in jobs:
        try:
            synthesize_job(engines, job)
        except DigestcastError as exc:
            raise _failure(job, str(exc)) from None
        except Exception as exc:
            raise _failure(job, f"{type(exc).__name__}: {exc}") from exc
        done(job)


class _Pool:
    def __init__(self, size: int, timeouts: Timeouts) -> None:
        self.ctx = multiprocessing.get_context("spawn")
        self.size = size
        self.timeouts = timeouts
        self.workers: list[_Worker | None] = [None] * size
        self.attempts: collections.Counter[str] = collections.Counter()

    def run(self, jobs: list[SentenceJob], done: Callable[[SentenceJob], None]) -> None:
        pending = collections.deque(jobs)
        try:
            while pending or self._busy():
                self._assign(pending)
                self._collect(pending, done)
        finally:
            for worker in self.workers:
                if worker is not None:
                    worker.stop()

    def _busy(self) -> list[_Worker]:
        return [w for w in self.workers if w is not None and w.job is not None]

    def _assign(self, pending: collections.deque[SentenceJob]) -> None:
        for i, worker in enumerate(self.workers):
            if not pending:
                return
            if worker is not None and worker.job is not None:
                continue
            job = pending.popleft()
            if worker is not None and worker.engine not in (None, job.voice.engine):
                worker.stop()  # one engine per worker process: never two TTS libraries in one
                worker = None
            if worker is None:
                worker = self.workers[i] = _Worker(self.ctx)
            worker.start(job, self.timeouts)

    def _collect(
        self, pending: collections.deque[SentenceJob], done: Callable[[SentenceJob], None]
    ) -> None:
        busy = self._busy()
        wait_s = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        ready = set(multiprocessing.connection.wait(handles, timeout=wait_s))
        now = time.monotonic()
        for worker in busy:
            job = worker.job
            assert job is not None
            if worker.conn in ready:
                try:
                    status, _key, message = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=2)
                    status, message = "crash", _crashed(worker)
                if status == "ready":
                    worker.started(self.timeouts)
                    continue
                if status == "ok":
                    worker.job = None
                    done(job)
                    continue
                if status == "fatal":
                    raise _failure(job, message)
                self._retry(worker, pending, message)
            elif worker.process.sentinel in ready:
                self._retry(worker, pending, _crashed(worker))
            elif now >= worker.deadline:
                limit = self.timeouts.for_job(job)
                self._retry(worker, pending, f"no answer within {limit:.0f} s")

    def _retry(self, worker: _Worker, pending: collections.deque[SentenceJob], reason: str) -> None:
        """Replace the worker; give its sentence one more try, or fail the build."""
        job = worker.job
        assert job is not None
        worker.stop()
        self.workers[self.workers.index(worker)] = None
        self.attempts[job.key] += 1
        if self.attempts[job.key] >= MAX_ATTEMPTS:
            raise _failure(job, f"failed {MAX_ATTEMPTS} times; last: {reason}")
        pending.appendleft(job)
