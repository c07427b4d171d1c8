"""Worker processes that synthesize sentences: the local executor's pool (speak.local).

Each worker is spoken to over a socket pair. On Linux, while this process has loaded no
engine's native library (onnxruntime and espeak are not fork-safe), a worker is a fork of it:
it starts with numpy, pydantic and the settings' classes imported (~0.3 s of CPU a fresh
interpreter spends on them), with its own standard streams and none of the parent's other
files; elsewhere, or once an engine is loaded here, it is a fresh interpreter. An engine that
is safe across threads (`Engine.concurrent`, Piper) runs in ONE process with a thread per
slot, its model loaded once; others run in one process per slot. A worker that crashes or
overruns a sentence's timeout is replaced and its sentences retried: a sentence that fails
twice fails the build. When a worker dies with several sentences in flight, each is retried
alone ("suspects"), so the one to blame is found and no innocent one fails. Every wait has a
deadline: nothing hangs.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import ctypes
import gc
import json
import math
import multiprocessing.connection
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from digestcast.errors import DigestcastError, SynthesisError
from digestcast.speak.base import Engine
from digestcast.speak.cache import write_wav
from digestcast.speak.executor import SentenceJob, failure
from digestcast.speak.registry import Voice

MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class Timeouts:
    """How long one sentence may take (base + per_word * words, its engine's loading included),
    and how long a new worker process may take to start (import its modules)."""

    base: float = 30.0
    per_word: float = 2.0
    startup: float = 60.0

    def for_job(self, job: SentenceJob) -> float:
        return self.base + self.per_word * job.words


@dataclass(frozen=True)
class Layout:
    """How `slots` parallel syntheses are laid out: processes times threads per process."""

    processes: int
    threads: int

    @property
    def slots(self) -> int:
        return self.processes * self.threads


def layout_for(engine: type[Engine], slots: int) -> Layout:
    """One process with a thread per slot for a concurrent engine, else a process per slot."""
    slots = max(1, slots)
    return Layout(1, slots) if engine.concurrent else Layout(slots, 1)


def _voice_key(voice: Voice) -> tuple[str, str, str]:
    return (
        voice.engine.engine_id,
        voice.profile.model_dump_json(),
        voice.options.model_dump_json(),
    )


class EngineCache:
    """Engines loaded in this process, one per voice (safe to share between threads)."""

    def __init__(self) -> None:
        self._engines: dict[tuple[str, str, str], Engine] = {}
        self._lock = threading.Lock()

    def get(self, voice: Voice) -> Engine:
        key = _voice_key(voice)
        with self._lock:
            if key not in self._engines:
                self._engines[key] = voice.engine(voice.profile, voice.options)
            return self._engines[key]


def synthesize_job(engines: EngineCache, job: SentenceJob) -> float:
    """Synthesize `job` into its path; return the CPU seconds this thread spent on it."""
    t0 = time.thread_time()
    result = engines.get(job.voice).synthesize(job.text)
    cpu = time.thread_time() - t0
    if not len(result.audio):  # an empty WAV is no cache entry (see wavcheck): never store one
        raise SynthesisError(
            f"engine {job.voice.engine.engine_id!r} gave no audio for {job.text[:60]!r}"
        )
    write_wav(job.path, result)
    return cpu


def _give_back_free_heap() -> None:
    """Return the heap's free pages to the system (glibc only): loading a model leaves ~9 MB
    freed but kept."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _silence_stdout() -> None:
    """Point this process's stdout (the Python object and file descriptor 1) at /dev/null:
    workers answer through their pipe, and the user's terminal is the parent's."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (lives as long as the worker)


Reply = tuple[str, str, str, float]  # status ("ready"|"ok"|"fatal"|"error"), key, message, cpu


def _worker_main(conn: multiprocessing.connection.Connection, threads: int) -> None:
    """A worker: say "ready", then run the jobs it receives on `threads` threads, replying
    for each as it finishes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and kills us
    _silence_stdout()  # engines print (pyttsx3's espeak driver says "Audio saved to ...")
    engines = EngineCache()
    send_lock = threading.Lock()

    def reply(message: Reply) -> None:
        with send_lock:
            conn.send(message)

    def run(job: SentenceJob) -> None:
        try:
            reply(("ok", job.key, "", synthesize_job(engines, job)))
        except DigestcastError as exc:
            reply(("fatal", job.key, str(exc), 0.0))
        except Exception as exc:
            reply(("error", job.key, f"{type(exc).__name__}: {exc}", 0.0))

    reply(("ready", "", "", 0.0))
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                return
            if job is None:
                return
            if isinstance(job, Voice):  # preload: the jobs that follow wait for the model
                with contextlib.suppress(Exception):  # a job will meet the error and say it
                    engines.get(job).load()
                _give_back_free_heap()
                continue
            pool.submit(run, job)


# A worker's whole main script: the parent's import path, then serve on the inherited socket.
_WORKER_CODE = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[3]); "
    "from digestcast.speak.workers import serve; serve(int(sys.argv[1]), int(sys.argv[2]))"
)


def serve(fd: int, threads: int) -> None:
    """A worker process's entry point: its end of the socket pair is file descriptor `fd`."""
    _worker_main(multiprocessing.connection.Connection(fd), threads)


# Modules whose native state a fork must not copy: once one is loaded here, workers are
# fresh interpreters. (Ray's core worker and gRPC keep native threads and a driver's
# connections, which a fork would copy half-way.)
NOT_FORK_SAFE = ("onnxruntime", "piper", "pyttsx3", "espeakng", "ray", "grpc")


def can_fork() -> bool:
    """Whether a worker may be a fork of this process (see the module's docstring)."""
    return sys.platform == "linux" and not any(name in sys.modules for name in NOT_FORK_SAFE)


class _Forked:
    """A forked worker, as the pool sees a `subprocess.Popen`: poll, kill, wait, returncode."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere: it has ended
                self.returncode = -1
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0.0)
            time.sleep(0.005)
        return code


def _forked_worker(fd: int, threads: int) -> None:
    """The forked child: serve on `fd`, then end without running the parent's exit handlers.
    Every other file it inherited is closed first, as a fresh interpreter would not have them:
    the parent's end of this socket (so that the child sees the stream end when the parent
    dies), other workers' sockets, a server's listening socket. The parent's objects are frozen
    for the child's garbage collector (see `_start_process`): it never finalizes one, which
    would close a file number the child may have reused by then."""
    code = 1
    try:
        os.closerange(3, fd)
        os.closerange(fd + 1, os.sysconf("SC_OPEN_MAX"))
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115  (not the parent's locks)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler
        serve(fd, threads)
        code = 0
    finally:
        os._exit(code)


def _start_process(child: socket.socket, threads: int) -> subprocess.Popen[bytes] | _Forked:
    """The worker process serving on `child` (forked where allowed, see `can_fork`). The
    parent's objects are frozen for the fork's garbage collector, which would otherwise scan
    them all (~0.05 s of CPU each time) and write to their pages, copying them from the
    parent's; the parent unfreezes its own at once."""
    if not can_fork():
        args = [sys.executable, "-c", _WORKER_CODE, str(child.fileno()), str(threads)]
        return subprocess.Popen(
            [*args, json.dumps(sys.path)], pass_fds=[child.fileno()], stdin=subprocess.DEVNULL
        )
    gc.freeze()
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns of any fork beside other threads (a progress bar's, the live
            # mix's): the child takes none of their locks (its own standard streams; it imports
            # only the engine's modules, which no other thread imports).
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover  (the child; it never returns)
            _forked_worker(child.fileno(), threads)
    finally:
        gc.unfreeze()  # (in the parent: the child never gets here)
    return _Forked(pid)


class _Worker:
    """A worker process as the parent sees it: its jobs in flight and their deadlines."""

    def __init__(self, threads: int) -> None:
        parent, child = socket.socketpair()
        try:
            self.process = _start_process(child, threads)
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        # Its socket closes when the process ends, however it ends: EOF here means it died.
        self.conn = multiprocessing.connection.Connection(parent.detach())
        self.threads = threads
        self.jobs: dict[str, SentenceJob] = {}
        self.deadlines: dict[str, float] = {}
        self.ready = False  # the process has started and imported its modules

    @property
    def deadline(self) -> float:
        return min(self.deadlines.values(), default=math.inf)

    def preload(self, voice: Voice) -> None:
        self.conn.send(voice)

    def start(self, job: SentenceJob, timeouts: Timeouts) -> None:
        grace = 0.0 if self.ready else timeouts.startup
        self.jobs[job.key] = job
        self.deadlines[job.key] = time.monotonic() + grace + timeouts.for_job(job)
        self.conn.send(job)

    def started(self, timeouts: Timeouts) -> None:
        """The process said "ready": its jobs' clocks start now."""
        self.ready = True
        now = time.monotonic()
        for key, job in self.jobs.items():
            self.deadlines[key] = now + timeouts.for_job(job)

    def finish(self, key: str) -> SentenceJob:
        self.deadlines.pop(key, None)
        return self.jobs.pop(key)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.reap(5.0)
        self.conn.close()

    def reap(self, timeout: float) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)


def _crashed(worker: _Worker) -> str:
    return f"the engine crashed (worker exit code {worker.process.returncode})"


class WorkerPool:
    """Worker processes for one engine, `slots` syntheses at a time (`layout_for`). Workers
    start on the first job, or ahead of it with `preload`; `close` (or `with`) ends them."""

    def __init__(self, engine: type[Engine], slots: int, timeouts: Timeouts | None = None) -> None:
        self.engine = engine
        self.layout = layout_for(engine, slots)
        self.timeouts = timeouts or Timeouts()
        self.workers: list[_Worker | None] = [None] * self.layout.processes
        self.attempts: collections.Counter[str] = collections.Counter()
        self.suspects: set[str] = set()  # in flight when a busy worker died: retried alone
        self.cpu = 0.0

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def preload(self, voice: Voice) -> None:
        """Start every worker now and have it load `voice`'s model, so that the first sentence
        finds it loaded (the build writes its script meanwhile)."""
        for i, worker in enumerate(self.workers):
            if worker is None:
                worker = self.workers[i] = _Worker(self.layout.threads)
            worker.preload(voice)

    def results(self, jobs: Iterable[SentenceJob]) -> Iterator[SentenceJob]:
        """Synthesize `jobs`, yielding each as its WAV is in place (`self.cpu` adds up the
        engine's CPU seconds). On failure, or when the caller stops early, the workers are
        ended."""
        pending = collections.deque(jobs)
        try:
            while pending or self._busy():
                self._assign(pending)
                yield from self._collect(pending)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        for i, worker in enumerate(self.workers):
            if worker is not None:
                worker.stop()
                self.workers[i] = None

    def _busy(self) -> list[_Worker]:
        return [w for w in self.workers if w is not None and w.jobs]

    def _takes(self, worker: _Worker, job: SentenceJob) -> bool:
        if len(worker.jobs) >= worker.threads or self.suspects.intersection(worker.jobs):
            return False
        return not (job.key in self.suspects and worker.jobs)

    def _assign(self, pending: collections.deque[SentenceJob]) -> None:
        for i in range(len(self.workers)):
            while pending:
                worker = self.workers[i]
                if worker is None:
                    worker = self.workers[i] = _Worker(self.layout.threads)
                if not self._takes(worker, pending[0]):
                    break
                worker.start(pending.popleft(), self.timeouts)

    def _collect(self, pending: collections.deque[SentenceJob]) -> list[SentenceJob]:
        """Wait for the busy workers' next answers (or deadline); return the jobs done."""
        done: list[SentenceJob] = []
        busy = self._busy()
        wait_s = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        handles: list[Any] = [w.conn for w in busy]
        ready = set(multiprocessing.connection.wait(handles, timeout=wait_s))
        now = time.monotonic()
        for worker in busy:
            if worker.conn in ready:
                try:
                    status, key, message, cpu = worker.conn.recv()
                except (EOFError, OSError):
                    worker.reap(2.0)
                    self._lost(worker, pending, _crashed(worker))
                    continue
                if status == "ready":
                    worker.started(self.timeouts)
                elif status == "ok":
                    job = worker.finish(key)
                    self.suspects.discard(key)
                    self.cpu += cpu
                    done.append(job)
                elif status == "fatal":
                    raise failure(worker.jobs[key], message)
                else:  # the engine raised: that sentence is to blame
                    self._lost(worker, pending, message, blamed=[key])
            elif now >= worker.deadline:
                late = [k for k, t in worker.deadlines.items() if now >= t]
                reason = f"no answer within {self.timeouts.for_job(worker.jobs[late[0]]):.0f} s"
                self._lost(worker, pending, reason, blamed=late)
        return done

    def _lost(
        self,
        worker: _Worker,
        pending: collections.deque[SentenceJob],
        reason: str,
        blamed: list[str] | None = None,
    ) -> None:
        """Replace the worker and put its sentences back. The blamed ones (or the only one in
        flight) use up an attempt; when a worker died busy with several, all become suspects
        and are retried one at a time, so the next failure has one culprit."""
        worker.stop()
        self.workers[self.workers.index(worker)] = None
        jobs = list(worker.jobs.values())
        if blamed is None:
            blamed = [jobs[0].key] if len(jobs) == 1 else []
            if len(jobs) > 1:
                self.suspects.update(j.key for j in jobs)
        for job in jobs:
            if job.key in blamed:
                self.attempts[job.key] += 1
                if self.attempts[job.key] >= MAX_ATTEMPTS:
                    raise failure(job, f"failed {MAX_ATTEMPTS} times; last: {reason}")
        pending.extendleft(reversed(jobs))
