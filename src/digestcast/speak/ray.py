"""The Ray executor: sentences synthesized by engine actors on a Ray cluster.

Each actor is a process on some node of the cluster that loads a voice's model once (the same
`EngineCache` and engine code as a local worker) and synthesizes one sentence at a time, with
the next already queued on it (QUEUED), so it never idles while the driver takes an answer; the
WAV comes back through Ray's object store as bytes, and this process (the driver) writes it
atomically at the sentence's place in the segment cache. Actors run at the user's priority
(`at_user_priority`), as the local executor's workers do. So the cache is filled exactly as with
the local executor, and a rebuild synthesizes nothing whichever executor made the clips.

Faults: an actor that dies (killed, its node lost) is restarted by Ray and its sentences
retried here, once it is back; a sentence that fails twice (its actor died, the engine raised,
or no answer within its timeout: the actor is then killed and restarted) fails the build with
the local executor's one-line error. When an actor dies with several sentences sent, which one
killed it is unknown (the answer of one that finished can be lost with the process), so none is
blamed: each is sent again alone (a suspect), and a death with one sentence counts against
it. (Ray's own task retries are off: it retries an actor task whose process died without
counting it, for ever.) A cluster that cannot be reached, or that goes away mid-build, is a
SynthesisError naming its address.

`ray` is imported only here, and this module only when the settings ask for the Ray executor.
"""

from __future__ import annotations

import collections
import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from digestcast.errors import DigestcastError, SynthesisError
from digestcast.fsio import write_bytes_atomic
from digestcast.raylink import RayLink, at_user_priority
from digestcast.speak.cache import wav_bytes
from digestcast.speak.executor import SentenceJob, SynthesisStats, failure
from digestcast.speak.registry import Voice
from digestcast.speak.workers import MAX_ATTEMPTS, EngineCache, Timeouts

RESTART_PAUSE_S = 0.2  # before asking an actor that is restarting again
QUEUED = 2  # sentences sent to an actor at a time: it starts the next without a round trip

# What an actor answers for a sentence: status ("ok"|"fatal"|"error"), WAV bytes, message, cpu.
Answer = tuple[str, bytes, str, float]


class SentenceSpeaker:
    """An engine actor's class (made remote by `RayExecutor`): loads each voice once and
    synthesizes sentences into WAV bytes. Engine errors come back as answers, not exceptions:
    a DigestcastError is "fatal" (the input is wrong: no retry), anything else an "error"."""

    def __init__(self) -> None:
        at_user_priority()
        self.engines = EngineCache()

    def pid(self) -> int:
        return os.getpid()

    def load(self, voice: Voice) -> None:
        with contextlib.suppress(Exception):  # the first sentence meets the error and says it
            self.engines.get(voice).load()

    def speak(self, text: str, voice: Voice) -> Answer:
        t0 = time.thread_time()
        try:
            result = self.engines.get(voice).synthesize(text)
        except DigestcastError as exc:
            return ("fatal", b"", str(exc), 0.0)
        except Exception as exc:
            return ("error", b"", f"{type(exc).__name__}: {exc}", 0.0)
        cpu = time.thread_time() - t0
        return ("ok", wav_bytes(result), "", cpu)


@dataclass
class _Actor:
    """An engine actor as the driver sees it: the sentences sent to it, in order (the first is
    the one it speaks, the others wait in its queue), or the probe of a restart."""

    handle: Any
    sent: collections.deque[tuple[SentenceJob, Any]] = field(default_factory=collections.deque)
    deadline: float = 0.0  # of the first sentence sent (or of the probe)
    probe: Any = None  # waiting for it to restart (nothing is sent to it meanwhile)
    answered: bool = False  # it has answered once (its process is up, its model loaded)

    def refs(self) -> list[Any]:
        return [self.probe] if self.probe is not None else [ref for _, ref in self.sent]


@dataclass
class _Tally:
    sentences: int = 0
    cpu_seconds: float = 0.0
    attempts: collections.Counter[str] = field(default_factory=collections.Counter)


class RayExecutor:
    """Implements speak.executor.Executor with engine actors on a Ray cluster: the one at
    `address` (host:port of its head, or "auto"), else a private Ray started on this machine.
    `actors` engine actors (default: one per CPU of the cluster), one CPU each."""

    def __init__(
        self,
        address: str | None = None,
        actors: int | None = None,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.link = RayLink(address)
        self.ray = self.link.ray
        self.address = self.link.address
        self.timeouts = timeouts or Timeouts()
        self._count = actors or self.link.cpus()
        self._actors: list[_Actor] = []
        self._pending: collections.deque[SentenceJob] = collections.deque()
        self._suspects: set[str] = set()  # keys of sentences sent alone (see _retry)
        self._tally = _Tally()
        self._closed = False

    def _start_actors(self) -> None:
        if self._actors:
            return
        remote = self.ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=0)
        speaker = remote(SentenceSpeaker)
        self._actors = [_Actor(speaker.remote()) for _ in range(self._count)]

    def preload(self, voice: Voice) -> None:
        """Start the actors now and have each load the voice's model (while the script is
        written); their first sentence queues behind the loading."""
        self._start_actors()
        for actor in self._actors:
            actor.handle.load.remote(voice)

    def submit(self, jobs: Sequence[SentenceJob]) -> None:
        self._pending.extend(jobs)

    def finished(self) -> Iterator[SentenceJob]:
        self._start_actors()
        while self._pending or self._busy():
            self._assign()
            yield from self._collect()

    def actor_pids(self) -> list[int]:
        """The process ids of the engine actors (for tests and the bench's memory figures)."""
        self._start_actors()
        refs = [actor.handle.pid.remote() for actor in self._actors]
        return [int(pid) for pid in self.ray.get(refs, timeout=self.timeouts.startup)]

    def cancel(self) -> None:
        """Drop the queued sentences and end the actors (and whatever they are on)."""
        self._pending.clear()
        if self.link.head_lost:
            self._actors = []
            return
        for actor in self._actors:
            with contextlib.suppress(Exception):
                self.ray.kill(actor.handle, no_restart=True)
        self._actors = []

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.cancel()
        self.link.close()

    @property
    def stats(self) -> SynthesisStats:
        return SynthesisStats(self._tally.sentences, self._tally.cpu_seconds, self._count)

    def _busy(self) -> list[_Actor]:
        """The actors with sentences sent, or being waited for after a restart (a probe)."""
        return [a for a in self._actors if a.refs()]

    def _assign(self) -> None:
        """Keep QUEUED sentences on every actor that is up: the next starts as one ends. A
        suspect goes only to an idle actor and nothing is queued behind it."""
        now = time.monotonic()
        for actor in self._actors:
            while actor.probe is None and self._pending and self._room(actor):
                job = self._pending.popleft()
                if not actor.sent:
                    grace = 0.0 if actor.answered else self.timeouts.startup
                    actor.deadline = now + grace + self.timeouts.for_job(job)
                actor.sent.append((job, actor.handle.speak.remote(job.text, job.voice)))

    def _room(self, actor: _Actor) -> bool:
        """Whether the next pending sentence may be sent to this actor now."""
        if not actor.sent:
            return True
        alone = self._pending[0].key in self._suspects or actor.sent[0][0].key in self._suspects
        return not alone and len(actor.sent) < QUEUED

    def _collect(self) -> Iterator[SentenceJob]:
        busy = self._busy()
        wait_s = max(0.0, min(a.deadline for a in busy) - time.monotonic())
        ready = set(self.link.wait([ref for a in busy for ref in a.refs()], wait_s))
        for actor in busy:
            if actor.probe is not None:
                self._check_probe(actor, actor.probe in ready)
                continue
            while actor.sent and actor.sent[0][1] in ready:
                done = self._answer(actor)
                if done is not None:
                    yield done
            if actor.sent and time.monotonic() >= actor.deadline:
                job = actor.sent[0][0]
                reason = f"no answer within {self.timeouts.for_job(job):.0f} s"
                with contextlib.suppress(Exception):
                    self.ray.kill(actor.handle, no_restart=False)  # Ray starts a new one
                self._retry(actor, reason, blame_first=True)

    def _answer(self, actor: _Actor) -> SentenceJob | None:
        """Take the answer for the actor's first sentence: the finished job, or None when it
        goes back in the queue."""
        job, ref = actor.sent[0]
        exceptions = self.ray.exceptions
        try:
            status, wav, message, cpu = self.ray.get(ref)
        except (exceptions.RayActorError, exceptions.WorkerCrashedError) as exc:
            self._retry(actor, f"its engine actor died ({type(exc).__name__})")
            return None
        except Exception as exc:  # the cluster itself is gone
            raise self.link.lost(exc) from None
        if status == "fatal":
            raise failure(job, message)
        actor.sent.popleft()
        actor.answered = True
        if actor.sent:  # the next one started as this one ended
            actor.deadline = time.monotonic() + self.timeouts.for_job(actor.sent[0][0])
        if status == "error":
            self._count_attempt(job, message)
            self._pending.appendleft(job)
            return None
        write_bytes_atomic(job.path, wav)
        self._suspects.discard(job.key)
        self._tally.sentences += 1
        self._tally.cpu_seconds += cpu
        return job

    def _retry(self, actor: _Actor, reason: str, blame_first: bool = False) -> None:
        """The actor died (or was killed for its first sentence's timeout): count an attempt
        for the sentence to blame (the first on a timeout, the only one on a death; after a
        death with several sent, none: they become suspects, sent again one at a time), put
        them all back in front of the queue, in order, and wait for Ray to restart the actor
        (a probe: a sentence sent to an actor still restarting would fail at once)."""
        jobs = [job for job, _ in actor.sent]
        if blame_first or len(jobs) == 1:
            self._count_attempt(jobs[0], reason)
        else:
            self._suspects.update(job.key for job in jobs)
        self._pending.extendleft(reversed(jobs))
        actor.sent.clear()
        actor.answered = False
        actor.probe = actor.handle.pid.remote()
        actor.deadline = time.monotonic() + self.timeouts.startup

    def _check_probe(self, actor: _Actor, ready: bool) -> None:
        """The probe of a restarting actor: it is back, ask again shortly, or it is late."""
        if not ready:
            if time.monotonic() >= actor.deadline:
                seconds = self.timeouts.startup
                raise SynthesisError(
                    f"ray cluster at {self.address}: an engine actor did not restart "
                    f"within {seconds:.0f} s"
                )
            return
        try:
            self.ray.get(actor.probe)
        except (self.ray.exceptions.RayActorError, self.ray.exceptions.WorkerCrashedError):
            time.sleep(RESTART_PAUSE_S)
            actor.probe = actor.handle.pid.remote()
            return
        except Exception as exc:
            raise self.link.lost(exc) from None
        actor.probe = None

    def _count_attempt(self, job: SentenceJob, reason: str) -> None:
        self._tally.attempts[job.key] += 1
        if self._tally.attempts[job.key] >= MAX_ATTEMPTS:
            raise failure(job, f"failed {MAX_ATTEMPTS} times; last: {reason}")
