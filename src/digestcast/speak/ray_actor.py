"""The Ray executor's engine actor (speak.ray): the class Ray makes remote, which loads each
voice once and synthesizes sentences, and how its threads are spread over the nodes."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from digestcast.errors import DigestcastError, SynthesisError
from digestcast.fsio import write_bytes_atomic
from digestcast.raylink import at_user_priority, this_node
from digestcast.speak.cache import wav_bytes
from digestcast.speak.registry import Voice
from digestcast.speak.workers import EngineCache

# What an actor answers for a sentence: status ("ok"|"written"|"fatal"|"error"), WAV bytes
# ("written": none, the WAV is in its place), message, cpu.
Answer = tuple[str, bytes, str, float]
# Where a process runs: its Ray node and its user (whose files it may write as the driver would).
Place = tuple[str, int]
# What an actor answers for a `load`: its process id, each voice's cache identity on its node.
Loaded = tuple[int, dict[str, dict[str, Any]]]


class SentenceSpeaker:
    """An engine actor's class (made remote by `RayExecutor`): loads each voice once and
    synthesizes sentences into WAV bytes, from as many threads as Ray gives it. Engine errors
    come back as answers, not exceptions: a DigestcastError is "fatal" (the input is wrong: no
    retry), anything else an "error"."""

    def __init__(self) -> None:
        at_user_priority()
        self.engines = EngineCache()
        self.place: Place = (this_node(), os.getuid())

    def pid(self) -> int:
        return os.getpid()

    def load(self, voices: Sequence[Voice]) -> Loaded:
        """Load the voices' models (making them first where this node lacks them); answer
        this process's id and what each voice's audio depends on here (its cache identity:
        e.g. Piper's int8 decoder only where the CPU runs it exactly)."""
        at_user_priority()  # (Linux: per thread; the threads of a threaded actor are Ray's)
        identities = {}
        for voice in voices:
            with contextlib.suppress(Exception):  # the first sentence meets the error
                identities[voice.profile.name] = voice.engine.cache_identity(voice.profile)
                self.engines.get(voice).load()
        return os.getpid(), identities

    def speak(self, text: str, voice: Voice, path: str = "", driver: Place | None = None) -> Answer:
        """Synthesize `text`: its WAV written at `path` (its place in the cache) when this
        actor runs where the driver does, as its user (the same disk: no trip through the
        object store), else answered."""
        at_user_priority()
        t0 = time.thread_time()
        try:
            result = self.engines.get(voice).synthesize(text)
            if not len(result.audio):  # no cache entry (see wavcheck), as locally
                raise SynthesisError(
                    f"engine {voice.engine.engine_id!r} gave no audio for {text[:60]!r}"
                )
        except DigestcastError as exc:
            return ("fatal", b"", str(exc), 0.0)
        except Exception as exc:
            return ("error", b"", f"{type(exc).__name__}: {exc}", 0.0)
        cpu = time.thread_time() - t0
        wav = wav_bytes(result)
        if path and driver == self.place:
            with contextlib.suppress(OSError):  # (else the driver writes it)
                write_bytes_atomic(Path(path), wav)
                return ("written", b"", "", cpu)
        return ("ok", wav, "", cpu)


def spread(nodes: Sequence[tuple[str, int]], slots: int | None) -> list[tuple[str, int]]:
    """(node id, threads) of each node's threaded actor: `slots` threads (else one per CPU of
    the cluster), filling a node's CPUs before the next (fewer copies of the model), then
    dealt round the nodes."""
    if slots is None:
        return [(node, cpus) for node, cpus in nodes]
    threads = [0] * len(nodes)
    for n in range(slots):
        free = [i for i, (_, cpus) in enumerate(nodes) if threads[i] < cpus]
        i = free[0] if free else n % len(nodes)
        threads[i] += 1
    return [(node, t) for (node, _), t in zip(nodes, threads, strict=True) if t]
