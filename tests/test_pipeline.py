"""The runner: stage order, timings, and nothing left behind when a stage fails."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from digestcast.config import load_settings
from digestcast.errors import AudioError
from digestcast.pipeline import BuildRequest, BuildResources, BuildState, run, stages_for


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def start(self, stage: str, total: float | None) -> None:
        self.events.append(("start", stage))

    def update(self, stage: str, done: float, total: float | None) -> None:
        self.events.append(("update", stage))

    def finish(self, stage: str, seconds: float) -> None:
        self.events.append(("finish", stage))


def _writes_then(exc: BaseException):  # type: ignore[no-untyped-def]
    def stage(state: BuildState, progress: Recorder, resources: BuildResources) -> BuildState:
        state.staging.mkdir(parents=True)
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
    with pytest.raises(type(exc)):
        run(settings, BuildRequest(source="x"), Recorder(), [("mix", _writes_then(exc))])
    assert list((tmp_path / "out").iterdir()) == []
