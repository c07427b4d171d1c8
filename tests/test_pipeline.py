"""The runner: stage order, timings, and nothing left behind when a stage fails."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import digestcast.speak.executor as executor_module
from digestcast.config import Settings, load_settings
from digestcast.errors import AudioError
from digestcast.pipeline import BuildRequest, BuildResources, BuildState, run, stages_for
from digestcast.speak import SpeechPlan
from digestcast.speak.executor import SentenceJob, SynthesisStats
from digestcast.speak.local import LocalExecutor
from digestcast.speak.registry import Voice
from tests.conftest import DATA


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def start(self, stage: str, total: float | None) -> None:
        self.events.append(("start", stage))

    def update(self, stage: str, done: float, total: float | None) -> None:
        self.events.append(("update", stage))

    def finish(self, stage: str, seconds: float) -> None:
        self.events.append(("finish", stage))


def _writes_then(exc: BaseException, seen: list[Path]):  # type: ignore[no-untyped-def]
    def stage(state: BuildState, progress: Recorder, resources: BuildResources) -> BuildState:
        seen.append(state.staging)
        (state.staging / "episode.mp3").write_bytes(b"half an mp3")
        raise exc

    return stage


def test_dry_run_stops_after_write() -> None:
    assert [n for n, _ in stages_for(BuildRequest(source="x", dry_run=True))] == ["ingest", "write"]
    assert [n for n, _ in stages_for(BuildRequest(source="x"))] == [
        "ingest",
        "write",
        "speak",
        "mix",
        "publish",
    ]


def test_stages_run_in_order_and_are_timed(tmp_path: Path) -> None:
    settings = load_settings(None).with_overrides(output_dir=str(tmp_path / "out"))

    def tag(name: str):  # type: ignore[no-untyped-def]
        def stage(state: BuildState, progress: Recorder, resources: BuildResources) -> BuildState:
            progress.update(name, 1, 1)
            return dataclasses.replace(state, seconds={**state.seconds, f"saw-{name}": 0.0})

        return stage

    recorder = Recorder()
    state = run(settings, BuildRequest(source="x"), recorder, [("a", tag("a")), ("b", tag("b"))])
    assert recorder.events == [
        ("start", "a"),
        ("update", "a"),
        ("finish", "a"),
        ("start", "b"),
        ("update", "b"),
        ("finish", "b"),
    ]
    assert set(state.seconds) == {"saw-a", "a", "saw-b", "b"}
    assert not (tmp_path / "out").exists()  # nothing wrote, so nothing was made


@pytest.mark.parametrize("exc", [AudioError("boom"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_build_leaves_no_staging_files(
    tmp_path: Path, exc: BaseException
) -> None:
    settings = load_settings(None).with_overrides(output_dir=str(tmp_path / "out"))
    seen: list[Path] = []
    with pytest.raises(type(exc)):
        run(settings, BuildRequest(source="x"), Recorder(), [("mix", _writes_then(exc, seen))])
    assert not seen[0].exists()
    assert not seen[0].is_relative_to(tmp_path / "out")  # work files stay out of the output
    assert not (tmp_path / "out").exists()


class RecordingExecutor:
    """The local executor, remembering whether the build closed it."""

    def __init__(self, inner: LocalExecutor) -> None:
        self.inner = inner
        self.closed = False

    def preload(self, voice: Voice) -> None:
        self.inner.preload(voice)

    def submit(self, jobs: Sequence[SentenceJob]) -> None:
        self.inner.submit(jobs)

    def finished(self) -> Iterator[SentenceJob]:
        return self.inner.finished()

    def cancel(self) -> None:
        self.inner.cancel()

    def close(self) -> None:
        self.closed = True
        self.inner.close()

    @property
    def stats(self) -> SynthesisStats:
        return self.inner.stats


def test_a_failing_stage_closes_the_executor_and_joins_the_warm_up_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(None).with_overrides(output_dir=str(tmp_path / "out"))
    made: list[RecordingExecutor] = []

    def recording(
        settings: Settings, *, jobs: int | None = None, engines: object = None
    ) -> RecordingExecutor:
        made.append(RecordingExecutor(LocalExecutor(1)))
        return made[-1]

    monkeypatch.setattr(executor_module, "open_executor", recording)
    seen: list[BuildResources] = []

    def speak_then_fail(state: BuildState, progress: Recorder, resources: BuildResources):  # type: ignore[no-untyped-def]
        seen.append(resources)
        with resources.synthesis(SpeechPlan((), ())) as (executor, _listener):
            assert executor is made[0] and not made[0].closed
            raise AudioError("boom")

    with pytest.raises(AudioError):
        run(settings, BuildRequest(source="x"), Recorder(), [("speak", speak_then_fail)])
    assert made and all(e.closed for e in made)
    warm_up = seen[0]._warm_up
    assert warm_up is not None and warm_up.done()  # joined before the staging folder went
    assert not resources_staging(seen[0]).exists() and not (tmp_path / "out").exists()


def resources_staging(resources: BuildResources) -> Path:
    return resources.staging


@pytest.mark.slow
def test_a_sequential_build_makes_the_same_episode(tmp_path: Path) -> None:
    """Nothing alongside the stages (no preload, warm-up or live mix): the same episode as a
    build with them, from the same sentences (one cache: espeak's timing varies a little)."""
    settings = load_settings(None).with_overrides(engine="pyttsx3", cache_dir=str(tmp_path))
    episodes = []
    for sequential in (True, False):
        state = run(
            settings.with_overrides(output_dir=str(tmp_path / f"out-{sequential}")),
            BuildRequest(source=str(DATA / "e2e" / "short-issue.txt"), sequential=sequential),
        )
        assert state.episode is not None and state.synthesis is not None
        episodes.append(state.episode)
        # the second build finds every sentence in the cache (none came back empty, see pyttsx3)
        assert (state.synthesis.sentences > 0) is sequential
    alone, overlapped = episodes
    assert alone.chapters == overlapped.chapters
    assert alone.cues == overlapped.cues
    assert alone.duration == overlapped.duration


def test_a_build_given_loaded_engines_synthesizes_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an update's builder actor does: two builds (of two shows, each its own cache) with
    one slot and the engines it keeps; Piper's model is loaded by the first only."""
    from digestcast.speak.piper import PiperEngine
    from digestcast.speak.workers import EngineCache

    made: list[int] = []
    original = PiperEngine.load

    def counted(self: PiperEngine) -> None:
        made.append(id(self))
        original(self)

    monkeypatch.setattr(PiperEngine, "load", counted)
    engines = EngineCache()
    for show in ("one", "two"):
        settings = load_settings(None).with_overrides(
            engine="piper",
            jobs=1,
            cache_dir=str(tmp_path / f"cache-{show}"),
            output_dir=str(tmp_path / f"out-{show}"),
        )
        state = run(
            settings, BuildRequest(source=str(DATA / "e2e" / "short-issue.txt")), engines=engines
        )
        assert state.synthesis is not None and state.synthesis.sentences > 0
    assert len(set(made)) == 1  # one engine, loaded by the first build, used by both
