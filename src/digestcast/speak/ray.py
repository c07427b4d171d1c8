"""The Ray executor: sentences synthesized by engine actors on a Ray cluster.

An engine actor is a process on a node of the cluster that loads a voice's model once (the same
`EngineCache` and engine code as a local worker) and synthesizes sentences. Laid out as the
local executor's workers are (speak.workers.layout_for): for an engine that is safe across
threads (Piper) ONE actor per node, with a thread per slot (a threaded actor: `max_concurrency`)
sharing its one loaded model; for other engines one actor per slot. Each actor is kept one
sentence ahead (QUEUED), so it never idles while the driver takes an answer. The WAV comes back
through Ray's object store as bytes, and this process (the driver) writes it atomically at the
sentence's place in the segment cache; an actor on the driver's own node, running as its user,
writes it there itself (as a local worker does: ~2 ms of CPU less per sentence than through
the object store). The cache is filled exactly as with the local executor, and a rebuild
synthesizes nothing whichever executor made the clips. Actors run at the user's priority
(`at_user_priority`), as the local executor's workers do.

An actor's sentences are sent once it has answered its `load` (its process is up and its
voices' models are loaded, or made: a fresh node makes the int8 Piper model there), so a
sentence's timeout never counts the actor's start or the model's making; those have their own
deadline (`Timeouts.startup` + MAKING_S).

Faults: an actor that dies (killed, its node lost) is restarted by Ray and its sentences retried
here once it is back; a sentence that fails twice (its actor died, the engine raised, or no
answer within its timeout: the actor is then killed and restarted) fails the build with the
local executor's one-line error. When an actor dies with several sentences sent, which one
killed it is unknown (the answer of one that finished can be lost with the process), so none is
blamed: each is sent again alone (a suspect), and a death with one sentence counts against it.
(Ray's own task retries are off: it retries an actor task whose process died without counting
it, for ever.) A cluster that cannot be reached, or that goes away mid-build, is a
SynthesisError naming its address.

`ray` is imported only here (and in raylink), and this module only when the settings ask for
the Ray executor.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from digestcast.errors import DigestcastError, SynthesisError
from digestcast.fsio import write_bytes_atomic
from digestcast.raylink import (
    PRIVATE_RAY,
    RayLink,
    SignalHandlers,
    check_reachable,
    import_ray,
)
from digestcast.speak.executor import SentenceJob, SynthesisStats, failure
from digestcast.speak.ray_actor import SentenceSpeaker, spread
from digestcast.speak.registry import Voice
from digestcast.speak.workers import MAX_ATTEMPTS, Timeouts

RESTART_PAUSE_S = 0.2  # before asking an actor that is restarting again
QUEUED = 1  # sentences sent to an actor beyond its threads: one starts as another ends
MAKING_S = 300.0  # beyond the start-up timeout, for an actor to make a voice's model (int8)


@dataclass
class _Actor:
    """An engine actor as the driver sees it: the sentences sent to it with their deadlines,
    or the `load` it was sent when it started or restarted (nothing else is sent meanwhile)."""

    handle: Any
    threads: int
    sent: dict[Any, tuple[SentenceJob, float]] = field(default_factory=dict)  # ref: deadline
    probe: Any = None
    probe_deadline: float = 0.0

    def refs(self) -> list[Any]:
        return [self.probe] if self.probe is not None else list(self.sent)

    def deadline(self) -> float:
        if self.probe is not None:
            return self.probe_deadline
        return min(deadline for _, deadline in self.sent.values())

    def jobs(self) -> list[SentenceJob]:
        return [job for job, _ in self.sent.values()]


@dataclass
class _Tally:
    sentences: int = 0
    cpu_seconds: float = 0.0
    attempts: collections.Counter[str] = field(default_factory=collections.Counter)


class RayExecutor:
    """Implements speak.executor.Executor with engine actors on a Ray cluster: the one at
    `address` (host:port of its head, or "auto"), else a private Ray started on this machine.
    `actors`: sentences synthesized at a time (default: one per CPU of the cluster)."""

    def __init__(
        self,
        address: str | None = None,
        actors: int | None = None,
        timeouts: Timeouts | None = None,
    ) -> None:
        check_reachable(address)  # (at once: the rest waits for the build to need it)
        # Ray is imported here and now: in the thread below, its import (~0.3 s of CPU, pure
        # Python) took turns on the GIL with reading the issue and writing the script, and
        # the connection, then the actors, started ~1 s later (measured).
        import_ray()
        self.address = address or PRIVATE_RAY
        self.timeouts = timeouts or Timeouts()
        self._wanted = actors
        self._slots = actors or 1
        self._threaded: bool | None = None  # the kind of engine the actors are laid out for
        self._actors: list[_Actor] = []
        self._voices: dict[str, Voice] = {}  # loaded by every actor (by profile name)
        self._queue: list[SentenceJob] = []  # submitted, not yet handed to the actors
        self._pending: collections.deque[SentenceJob] = collections.deque()
        self._suspects: set[str] = set()  # keys of sentences sent alone (see _lost)
        self._tally = _Tally()
        self._closed = False
        # Connecting (~1 s) and starting the actors run in a thread of their own while the
        # build reads the issue and writes the script; every method but `preload` waits for it.
        self._signals = SignalHandlers()
        self._opening = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="ray-link")
        self._steps = [self._opening.submit(self._connect, address)]

    def _connect(self, address: str | None) -> None:
        self.link = RayLink(address)
        self.ray = self.link.ray
        self._slots = self._wanted or self.link.cpus()
        self._place = (self.link.node(), os.getuid())  # an actor here writes its WAVs itself

    def _ready(self) -> None:
        """Wait for the connection and the actors' start (raising what they met)."""
        try:
            for step in self._steps:
                step.result()
        finally:
            self._signals.restore()  # (Ray's, set meanwhile, end the process on the spot)
        self._steps = []

    def preload(self, voice: Voice) -> None:
        """Start the actors and have each load the voice's model (while the script is
        written)."""
        self._voices.setdefault(voice.profile.name, voice)
        threaded = bool(voice.engine.concurrent)
        self._steps.append(self._opening.submit(self._start_actors, threaded))

    def submit(self, jobs: Sequence[SentenceJob]) -> None:
        """Queue the jobs; running actors with nothing sent load their new voices first (and
        say what each voice's audio depends on there)."""
        self._ready()
        self._queue.extend(jobs)
        known = len(self._voices)
        for job in jobs:
            self._voices.setdefault(job.voice.profile.name, job.voice)
        if len(self._voices) > known:
            for actor in self._actors:
                if not actor.sent:
                    self._reload(actor)

    def finished(self) -> Iterator[SentenceJob]:
        self._ready()
        while self._queue:
            for threaded, group in self._groups():
                self._start_actors(threaded)
                self._pending.extend(group)
                while self._pending or self._busy():
                    self._assign()
                    yield from self._collect()

    def _groups(self) -> list[tuple[bool, list[SentenceJob]]]:
        """The queue's engines laid out alike (those of the running actors first), each group
        in script order: each layout needs actors of its own, and each holds the CPUs."""
        order = [self._threaded] if self._threaded is not None else []
        groups: dict[bool, list[SentenceJob]] = {kind: [] for kind in [*order, True, False]}
        for job in self._queue:
            groups[bool(job.voice.engine.concurrent)].append(job)
        self._queue = []
        return [(kind, group) for kind, group in groups.items() if group]

    def actor_pids(self) -> list[int]:
        """The process ids of the engine actors started so far (`preload` starts them), once
        each has loaded its voices."""
        self._ready()
        refs = [a.probe if a.probe is not None else a.handle.pid.remote() for a in self._actors]
        answers = self.ray.get(refs, timeout=self.timeouts.startup)
        return [int(a[0] if isinstance(a, tuple) else a) for a in answers]  # (load's, pid's)

    def cancel(self) -> None:
        """Drop the queued sentences and end the actors (and whatever they are on)."""
        self._ready()
        self._queue = []
        self._pending.clear()
        self._end_actors()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            with contextlib.suppress(DigestcastError):  # (the build has met it already)
                self.cancel()
        finally:
            self._opening.shutdown()
            if hasattr(self, "link"):
                self.link.close()

    @property
    def stats(self) -> SynthesisStats:
        self._ready()
        return SynthesisStats(self._tally.sentences, self._tally.cpu_seconds, self._slots)

    def _start_actors(self, threaded: bool) -> None:
        """Actors laid out for `threaded` engines (ending those laid out otherwise), each
        sent a `load` of the voices known so far."""
        if self._threaded is threaded and self._actors:
            return
        self._end_actors()
        self._threaded = threaded
        speaker = self.ray.remote(SentenceSpeaker)
        options: dict[str, Any] = {"max_restarts": -1, "max_task_retries": 0}
        if threaded:
            nodes = dict(self.link.nodes())
            for node, threads in spread(list(nodes.items()), self._wanted):
                handle = speaker.options(
                    num_cpus=min(threads, nodes[node]),
                    max_concurrency=threads,
                    scheduling_strategy=self.link.on_node(node),
                    **options,
                ).remote()
                self._actors.append(_Actor(handle, threads))
        else:
            remote = speaker.options(num_cpus=1, **options)
            self._actors = [_Actor(remote.remote(), 1) for _ in range(self._slots)]
        self._slots = sum(actor.threads for actor in self._actors)
        for actor in self._actors:
            self._reload(actor)

    def _end_actors(self) -> None:
        if not self.link.head_lost:
            for actor in self._actors:
                with contextlib.suppress(Exception):
                    self.ray.kill(actor.handle, no_restart=True)
        self._actors = []
        self._threaded = None

    def _reload(self, actor: _Actor) -> None:
        """Send the actor (new, or restarting) a `load`; nothing else until it answers."""
        actor.probe = actor.handle.load.remote(tuple(self._voices.values()))
        actor.probe_deadline = time.monotonic() + self.timeouts.startup + MAKING_S

    def _busy(self) -> list[_Actor]:
        """The actors with sentences sent, or loading (after a start or a restart)."""
        return [a for a in self._actors if a.refs()]

    def _assign(self) -> None:
        """Keep every loaded actor busy: a sentence per thread and QUEUED more. A suspect goes
        only to an idle actor and nothing is sent with it."""
        for actor in self._actors:
            while actor.probe is None and self._pending and self._takes(actor):
                job = self._pending.popleft()
                wait = 0.0  # for a thread, when the actor's are all busy
                if len(actor.sent) >= actor.threads:
                    wait = max(self.timeouts.for_job(j) for j in actor.jobs())
                deadline = time.monotonic() + wait + self.timeouts.for_job(job)
                ref = actor.handle.speak.remote(
                    job.text, job.voice, str(job.path.resolve()), self._place
                )
                actor.sent[ref] = (job, deadline)

    def _takes(self, actor: _Actor) -> bool:
        """Whether the next pending sentence may be sent to this actor now."""
        if not actor.sent:
            return True
        if self._pending[0].key in self._suspects:
            return False
        if any(job.key in self._suspects for job in actor.jobs()):
            return False
        return len(actor.sent) < actor.threads + QUEUED

    def _collect(self) -> Iterator[SentenceJob]:
        busy = self._busy()
        wait_s = max(0.0, min(a.deadline() for a in busy) - time.monotonic())
        ready = set(self.link.wait([ref for a in busy for ref in a.refs()], wait_s))
        for actor in busy:
            if actor.probe is not None:
                self._check_probe(actor, actor.probe in ready)
                continue
            for ref in [ref for ref in actor.sent if ref in ready]:
                if ref not in actor.sent:  # its actor died meanwhile: sent again
                    break
                done = self._answer(actor, ref)
                if done is not None:
                    yield done
            now = time.monotonic()
            late = [job for job, deadline in actor.sent.values() if now >= deadline]
            if late and actor.probe is None:
                reason = f"no answer within {self.timeouts.for_job(late[0]):.0f} s"
                with contextlib.suppress(Exception):
                    self.ray.kill(actor.handle, no_restart=False)  # Ray starts a new one
                self._lost(actor, reason, blamed=late)

    def _answer(self, actor: _Actor, ref: Any) -> SentenceJob | None:
        """Take the answer for one of the actor's sentences: the finished job, or None when it
        goes back in the queue."""
        job, _ = actor.sent[ref]
        exceptions = self.ray.exceptions
        try:
            status, wav, message, cpu = self.ray.get(ref)
        except (exceptions.RayActorError, exceptions.WorkerCrashedError) as exc:
            self._lost(actor, f"its engine actor died ({type(exc).__name__})")
            return None
        except Exception as exc:  # the cluster itself is gone
            raise self.link.lost(exc) from None
        if status == "fatal":
            raise failure(job, message)
        del actor.sent[ref]
        if status == "error":
            self._count_attempt(job, message)
            self._pending.appendleft(job)
            return None
        if status != "written":
            write_bytes_atomic(job.path, wav)
        self._suspects.discard(job.key)
        self._tally.sentences += 1
        self._tally.cpu_seconds += cpu
        return job

    def _lost(self, actor: _Actor, reason: str, blamed: list[SentenceJob] | None = None) -> None:
        """The actor died (or was killed for the `blamed` sentences' timeouts): count an
        attempt for the sentences to blame (the late ones; after a death the only one sent, and
        with several sent none: they become suspects, sent again one at a time), put them all
        back in front of the queue, in order, and wait for Ray to restart the actor."""
        jobs = actor.jobs()
        if blamed is None:
            blamed = jobs if len(jobs) == 1 else []
            if len(jobs) > 1:
                self._suspects.update(job.key for job in jobs)
        self._pending.extendleft(reversed(jobs))
        actor.sent.clear()
        self._reload(actor)
        for job in blamed:
            self._count_attempt(job, reason)

    def _check_probe(self, actor: _Actor, ready: bool) -> None:
        """The `load` of a starting (or restarting) actor: done, to send again shortly (the
        actor is still restarting), or late."""
        if not ready:
            if time.monotonic() >= actor.probe_deadline:
                seconds = self.timeouts.startup + MAKING_S
                raise SynthesisError(
                    f"ray cluster at {self.address}: an engine actor did not start and load "
                    f"its voices within {seconds:.0f} s"
                )
            return
        try:
            _, identities = self.ray.get(actor.probe)
        except (self.ray.exceptions.RayActorError, self.ray.exceptions.WorkerCrashedError):
            time.sleep(RESTART_PAUSE_S)
            deadline = actor.probe_deadline
            self._reload(actor)
            actor.probe_deadline = deadline
            return
        except Exception as exc:
            raise self.link.lost(exc) from None
        self._check_identities(identities)
        actor.probe = None

    def _check_identities(self, found: dict[str, dict[str, Any]]) -> None:
        """A SynthesisError when a node would make a voice's audio otherwise than its cache
        key says (the key is made here: e.g. Piper's int8 decoder here, float on a node whose
        CPU lacks VNNI): its WAVs would be stored under the other's key."""
        for name, theirs in found.items():
            voice = self._voices.get(name)
            if voice is None:
                continue
            ours = voice.engine.cache_identity(voice.profile)
            differ = sorted(k for k in {*ours, *theirs} if ours.get(k) != theirs.get(k))
            if differ:
                there = ", ".join(f"{k} {theirs.get(k)!r}" for k in differ)
                here = ", ".join(f"{k} {ours.get(k)!r}" for k in differ)
                raise SynthesisError(
                    f"ray cluster at {self.address}: a node makes voice {name!r} with {there}, "
                    f"this machine with {here}; their sentences would share a cache key "
                    f"(for Piper: set the voice's quantized = false on a mixed cluster)"
                )

    def _count_attempt(self, job: SentenceJob, reason: str) -> None:
        self._tally.attempts[job.key] += 1
        if self._tally.attempts[job.key] >= MAX_ATTEMPTS:
            raise failure(job, f"failed {MAX_ATTEMPTS} times; last: {reason}")
