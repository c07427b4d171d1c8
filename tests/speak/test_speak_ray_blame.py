"""Which sentence the Ray executor blames when an engine actor dies, against a stand-in for Ray
that is deterministic where a real cluster is not: when an actor's process dies, the answers of
every sentence sent to it are lost, also of one that had finished (a real actor can die after
finishing a sentence and before its answer has left the process). A real cluster's faults are
tested in test_speak_ray.py."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.speak import piper_int8
from digestcast.speak import ray as ray_executor
from digestcast.speak.executor import SentenceJob
from digestcast.speak.registry import EngineRegistry, Voice, resolve_voice
from digestcast.speak.workers import Timeouts
from tests.speak.conftest import write_profile


class ActorDied(Exception):
    pass


@dataclass(eq=False)
class Ref:
    actor: FakeActor
    text: str = ""
    answer: Any = None
    error: Exception | None = None
    done: bool = False


@dataclass
class FakeActor:
    """Speaks its sentences in order; one containing `killer` ends the process, and every
    answer not yet taken is lost with it. Ray restarts it at once."""

    killer: str
    spoken: list[str] = field(default_factory=list)
    queue: list[Ref] = field(default_factory=list)
    deaths: int = 0
    vnni: bool | None = None  # this node's CPU, when not this machine's

    def load(self, voices: tuple[Voice, ...]) -> Ref:
        """As SentenceSpeaker.load answers: a pid, and each voice's cache identity here."""
        with contextlib.ExitStack() as node:
            if self.vnni is not None:
                vnni = self.vnni
                node.enter_context(mock.patch.object(piper_int8, "int8_supported", lambda: vnni))
            identities = {v.profile.name: v.engine.cache_identity(v.profile) for v in voices}
        ref = Ref(self)
        ref.answer, ref.done = (1234, identities), True
        return ref

    def run(self) -> None:
        if any(self.killer in ref.text for ref in self.queue):
            self.deaths += 1
            for ref in self.queue:
                ref.error, ref.done = ActorDied("actor died"), True
        else:
            for ref in self.queue:
                self.spoken.append(ref.text)
                ref.answer, ref.done = ("ok", b"RIFF", "", 0.01), True
        self.queue.clear()

    def call(self, text: str = "") -> Ref:
        ref = Ref(self, text)
        if text:
            self.queue.append(ref)
        else:  # pid: answered at once
            ref.answer, ref.done = 1234, True
        return ref


class FakeHandle:
    def __init__(self, actor: FakeActor) -> None:
        self.speak = SimpleNamespace(remote=lambda text, voice, *where: actor.call(text))
        self.pid = SimpleNamespace(remote=lambda: actor.call())
        self.load = SimpleNamespace(remote=actor.load)


class FakeLink:
    """RayLink's face, over FakeActors instead of a cluster."""

    def __init__(self, actors: list[FakeActor]) -> None:
        self.actors = actors
        self.address = "a stand-in"
        self.head_lost = False
        self.handles = iter(FakeHandle(a) for a in actors)
        self.options: list[dict[str, Any]] = []  # of each actor started
        self.ray = SimpleNamespace(
            remote=lambda cls: SimpleNamespace(options=self._options),
            get=self._get,
            kill=lambda handle, no_restart: None,
            exceptions=SimpleNamespace(RayActorError=ActorDied, WorkerCrashedError=ActorDied),
        )

    def _options(self, **options: Any) -> SimpleNamespace:
        def start() -> FakeHandle:
            self.options.append(options)
            return next(self.handles)

        return SimpleNamespace(remote=start)

    def _get(self, ref: Ref, timeout: float | None = None) -> Any:
        if ref.error is not None:
            raise ref.error
        return ref.answer

    def wait(self, refs: list[Ref], timeout: float) -> list[Ref]:
        for actor in self.actors:
            actor.run()
        return [ref for ref in refs if ref.done]

    def cpus(self) -> int:
        return len(self.actors)

    def nodes(self) -> list[tuple[str, int]]:
        return [(f"node{i}", 2) for i in range(len(self.actors))]  # two CPUs each

    def on_node(self, node: str) -> str:
        return f"on {node}"

    def node(self) -> str:
        return "node0"

    def close(self) -> None:
        pass

    def lost(self, exc: BaseException) -> SynthesisError:
        return SynthesisError(f"lost: {exc}")


def _executor(monkeypatch: pytest.MonkeyPatch, actors: list[FakeActor]) -> ray_executor.RayExecutor:
    monkeypatch.setattr(ray_executor, "RayLink", lambda address: FakeLink(actors))
    return ray_executor.RayExecutor(timeouts=Timeouts(base=5.0, per_word=0.5, startup=5.0))


JobsFor = Callable[[str], list[SentenceJob]]


@pytest.fixture
def jobs_for(
    voices_dir: Path,
    settings_for: Callable[..., Settings],
    registry: EngineRegistry,
    tmp_path: Path,
) -> JobsFor:
    """Six sentences for a voice of the given engine, their WAVs under tmp_path."""

    def make(engine: str) -> list[SentenceJob]:
        write_profile(voices_dir, "voice", engine)
        voice = resolve_voice("voice", settings_for(), registry)
        texts = [f"Sentence number {n}." for n in range(6)]
        return [
            SentenceJob(f"k{n}", text, voice, tmp_path / f"{n}.wav", f"segment {n + 1}")
            for n, text in enumerate(texts)
        ]

    return make


def test_only_the_sentence_that_kills_its_actor_is_blamed(
    monkeypatch: pytest.MonkeyPatch, jobs_for: JobsFor
) -> None:
    actors = [FakeActor("number 3"), FakeActor("number 3")]
    executor = _executor(monkeypatch, actors)
    jobs = jobs_for("tone")
    executor.submit(jobs)
    with pytest.raises(SynthesisError) as caught:
        list(executor.finished())
    message = str(caught.value)
    assert message.startswith("segment 4: cannot synthesize 'Sentence number 3.'"), message
    assert "failed 2 times; last: its engine actor died" in message
    spoken = {text for actor in actors for text in actor.spoken}
    assert {"Sentence number 2.", "Sentence number 4."} <= spoken  # its neighbours were made
    assert sum(actor.deaths for actor in actors) == 3  # with a neighbour, then twice alone


def test_sentences_lost_with_a_dead_actor_are_made_again(
    monkeypatch: pytest.MonkeyPatch, jobs_for: JobsFor
) -> None:
    actors = [FakeActor("never said"), FakeActor("never said")]
    executor = _executor(monkeypatch, actors)
    jobs = jobs_for("tone")
    executor.submit(jobs)
    actors[0].killer = "number 0"  # dies once with two sentences sent, then is well
    done = []
    for job in executor.finished():
        actors[0].killer = "never said"
        done.append(job.key)
    assert sorted(done) == sorted(job.key for job in jobs)
    assert all(job.path.read_bytes() == b"RIFF" for job in jobs)
    assert executor.stats.sentences == len(jobs)


def test_a_threaded_engine_gets_one_actor_per_node_with_a_thread_per_cpu(
    monkeypatch: pytest.MonkeyPatch, jobs_for: JobsFor
) -> None:
    actors = [FakeActor("number 4"), FakeActor("number 4")]
    executor = _executor(monkeypatch, actors)
    link = executor.link
    assert isinstance(link, FakeLink)
    jobs = jobs_for("tone-threads")
    executor.submit(jobs)
    with pytest.raises(SynthesisError) as caught:
        list(executor.finished())
    assert [(o["num_cpus"], o["max_concurrency"]) for o in link.options] == [(2, 2), (2, 2)]
    assert [o["scheduling_strategy"] for o in link.options] == ["on node0", "on node1"]
    assert executor.stats.slots == 4
    message = str(caught.value)
    assert message.startswith("segment 5: cannot synthesize 'Sentence number 4.'"), message
    spoken = {text for actor in actors for text in actor.spoken}
    assert {f"Sentence number {n}." for n in (0, 1, 2, 3, 5)} <= spoken  # none else blamed
    assert sum(actor.deaths for actor in actors) == 3  # with its neighbours, then twice alone


def test_threads_fill_a_node_before_the_next_then_go_round() -> None:
    nodes = [("a", 2), ("b", 1)]
    assert ray_executor.spread(nodes, None) == [("a", 2), ("b", 1)]
    assert ray_executor.spread(nodes, 1) == [("a", 1)]
    assert ray_executor.spread(nodes, 2) == [("a", 2)]  # one process, one copy of the model
    assert ray_executor.spread(nodes, 5) == [("a", 3), ("b", 2)]


@pytest.mark.parametrize("vnni", [False, True])
def test_a_node_that_would_make_the_voice_with_another_decoder_is_refused(
    monkeypatch: pytest.MonkeyPatch, jobs_for: JobsFor, vnni: bool
) -> None:
    """The cache key is made on this machine: a node whose CPU decides Piper's decoder
    otherwise (int8 only with VNNI) would store float audio under the int8 key, or the
    reverse. Nothing is synthesized."""
    monkeypatch.setattr(piper_int8, "int8_supported", lambda: not vnni)  # this machine
    actors = [FakeActor("never said"), FakeActor("never said", vnni=vnni)]
    executor = _executor(monkeypatch, actors)
    executor.submit(jobs_for("piper"))
    with pytest.raises(SynthesisError) as caught:
        list(executor.finished())
    ours, theirs = ("float", "int8") if vnni else ("int8", "float")
    assert str(caught.value) == (
        f"ray cluster at {ray_executor.PRIVATE_RAY}: a node makes voice 'voice' with decoder "
        f"{theirs!r}, this machine with decoder {ours!r}; their sentences would share a cache "
        "key (for Piper: set the voice's quantized = false on a mixed cluster)"
    )
    assert not any(actor.spoken for actor in actors)


def test_nodes_like_this_machine_synthesize_piper(
    monkeypatch: pytest.MonkeyPatch, jobs_for: JobsFor
) -> None:
    monkeypatch.setattr(piper_int8, "int8_supported", lambda: False)
    actors = [FakeActor("never said", vnni=False), FakeActor("never said", vnni=False)]
    executor = _executor(monkeypatch, actors)
    jobs = jobs_for("piper")
    executor.submit(jobs)
    assert sorted(job.key for job in executor.finished()) == sorted(job.key for job in jobs)
