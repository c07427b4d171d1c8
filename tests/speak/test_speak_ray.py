"""The Ray executor against a real Ray cluster on loopback (a head and a second node, started
by this module and stopped at its end): the same WAVs as the local executor, an actor killed
mid-build restarted and its sentences retried, a sentence failing twice failing with the local
one-line error, an unreachable or vanished cluster a one-line error."""

from __future__ import annotations

import os
import signal
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.speak.executor import SentenceJob
from digestcast.speak.registry import EngineRegistry, resolve_voice
from digestcast.speak.workers import EngineCache, Timeouts, synthesize_job
from tests.ray_cluster import HEAD_IP, LoopbackCluster, free_port, loopback_cluster
from tests.speak.conftest import write_profile

pytest.importorskip("ray", reason="the Ray executor needs pip install 'digestcast[ray]'")

from digestcast.raylink import RayLink
from digestcast.speak.ray import RayExecutor
from digestcast.speak.ray_actor import SentenceSpeaker

SettingsFor = Callable[..., Settings]
SENTENCES = [f"Sentence number {n} has {'a few more ' * (n % 3)}words in it." for n in range(8)]
QUICK = Timeouts(base=5.0, per_word=0.5, startup=60.0)


@pytest.fixture(scope="module")
def cluster() -> Iterator[LoopbackCluster]:
    with loopback_cluster(nodes=2) as started:
        yield started


def _jobs(
    voices_dir: Path,
    settings: Settings,
    registry: EngineRegistry,
    folder: Path,
    engine: str = "tone",
    **options: object,
) -> list[SentenceJob]:
    write_profile(voices_dir, "voice", engine, **options)
    voice = resolve_voice("voice", settings, registry)
    return [
        SentenceJob(f"k{i}", text, voice, folder / f"{i}.wav", f"segment {i + 1}")
        for i, text in enumerate(SENTENCES)
    ]


def _frames(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        return wav.readframes(wav.getnframes())


def _run(executor: RayExecutor, jobs: list[SentenceJob]) -> list[SentenceJob]:
    try:
        executor.submit(jobs)
        return list(executor.finished())
    finally:
        executor.close()


# (engine, actors asked for, sentences at a time): an actor per slot for an engine that is not
# safe across threads; for one that is (like Piper), one actor per node, with threads.
LAYOUTS = [("tone", None, 2), ("tone-threads", 4, 4)]


@pytest.mark.parametrize(("engine", "actors", "slots"), LAYOUTS)
def test_ray_actors_make_the_same_wavs_as_this_process(
    cluster: LoopbackCluster,
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    tmp_path: Path,
    engine: str,
    actors: int | None,
    slots: int,
) -> None:
    log = str(tmp_path / "log")
    jobs = _jobs(voices_dir, settings_for(), registry, tmp_path / "ray", engine, log=log)
    executor = RayExecutor(cluster.address, actors, timeouts=QUICK)
    executor.preload(jobs[0].voice)
    assert len(set(executor.actor_pids())) == 2  # (each up, its voice loaded: each takes some)
    done = _run(executor, jobs)
    assert sorted(j.key for j in done) == sorted(j.key for j in jobs)
    assert executor.stats.sentences == len(jobs) and executor.stats.slots == slots
    pids = {line.split("\t")[0] for line in (tmp_path / "log").read_text().splitlines()}
    assert len(pids) == 2  # an actor on each node took part (with two threads, for 4 slots)
    engines = EngineCache()
    for job in jobs:
        here = SentenceJob(job.key, job.text, job.voice, tmp_path / "here" / job.path.name, "")
        synthesize_job(engines, here)
        assert _frames(job.path) == _frames(here.path)
    assert not list((tmp_path / "ray").glob("*.part"))  # written atomically


@pytest.mark.parametrize(("engine", "actors", "slots"), LAYOUTS)
def test_actor_killed_mid_build_is_restarted_and_its_sentences_retried(
    cluster: LoopbackCluster,
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    tmp_path: Path,
    engine: str,
    actors: int | None,
    slots: int,
) -> None:
    jobs = _jobs(voices_dir, settings_for(), registry, tmp_path / "out", engine, delay=0.3)
    executor = RayExecutor(cluster.address, actors, timeouts=QUICK)
    try:
        executor.preload(jobs[0].voice)
        victim = executor.actor_pids()[0]
        executor.submit(jobs)
        done = []
        for job in executor.finished():
            if not done:
                os.kill(victim, signal.SIGKILL)  # while it synthesizes its next sentence
            done.append(job)
        assert victim not in executor.actor_pids()  # Ray started a new one
    finally:
        executor.close()
    assert sorted(j.key for j in done) == sorted(j.key for j in jobs)
    assert all(j.path.is_file() for j in jobs)


@pytest.mark.parametrize(("engine", "actors", "slots"), LAYOUTS)
def test_sentence_that_kills_its_actor_twice_fails_the_build_with_one_line(
    cluster: LoopbackCluster,
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    tmp_path: Path,
    engine: str,
    actors: int | None,
    slots: int,
) -> None:
    folder = tmp_path / "out"
    jobs = _jobs(voices_dir, settings_for(), registry, folder, engine, crash_on="number 3")
    with pytest.raises(SynthesisError) as caught:
        _run(RayExecutor(cluster.address, actors, timeouts=QUICK), jobs)
    message = str(caught.value)
    assert message.startswith("segment 4: cannot synthesize 'Sentence number 3")
    assert "failed 2 times; last: its engine actor died" in message
    assert "\n" not in message


def test_engine_refusal_fails_at_once(
    cluster: LoopbackCluster,
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    tmp_path: Path,
) -> None:
    jobs = _jobs(voices_dir, settings_for(), registry, tmp_path / "out", refuse_on="number 5")
    refused = r"^segment 6: cannot synthesize .*tone engine refuses"
    with pytest.raises(SynthesisError, match=refused):
        _run(RayExecutor(cluster.address, timeouts=QUICK), jobs)


def test_unreachable_cluster_is_a_one_line_error() -> None:
    address = f"{HEAD_IP}:{free_port(HEAD_IP)}"  # nothing listens there
    with pytest.raises(SynthesisError, match=rf"^ray cluster at {address}: unreachable"):
        RayExecutor(address)


def test_only_an_actor_on_the_drivers_node_as_its_user_writes_its_wav_itself(
    cluster: LoopbackCluster,
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    tmp_path: Path,
) -> None:
    """Where the driver runs the actor shares its disk: the WAV goes straight to its place in
    the cache (as a local worker's does); elsewhere, or as another user, it comes back as bytes
    for the driver to write. Either way the same WAV."""
    job = _jobs(voices_dir, settings_for(), registry, tmp_path)[0]
    link = RayLink(cluster.address)
    try:
        driver = (link.node(), os.getuid())
        speaker = link.ray.remote(SentenceSpeaker)
        answers = {}
        nodes = {node for node, _ in link.nodes()}
        for node in nodes:
            actor = speaker.options(num_cpus=1, scheduling_strategy=link.on_node(node)).remote()
            for place, user in [("here", driver[1]), ("other user", driver[1] + 1)]:
                path = tmp_path / f"{node}-{place}.wav"
                answer = actor.speak.remote(job.text, job.voice, str(path), (driver[0], user))
                answers[node, place] = (*link.ray.get(answer, timeout=60), path)
            link.ray.kill(actor, no_restart=True)
    finally:
        link.close()
    assert driver[0] in nodes and len(nodes) == 2
    for (node, place), (status, wav, _, _, path) in answers.items():
        if node == driver[0] and place == "here":
            assert (status, wav) == ("written", b""), (node, place)
            continue
        assert status == "ok" and not path.exists(), (node, place)
        path.write_bytes(wav)
    frames = {_frames(path) for *_, path in answers.values()}
    assert len(answers) == 4 and len(frames) == 1
