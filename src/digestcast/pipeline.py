"""The one place that assembles and runs the stages: ingest -> write -> speak -> mix -> publish.

Each stage is a small function from the build state to a new build state. The runner alone owns
progress reporting, timing, the staging folder and what is kept or deleted when a build fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import importlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from digestcast.config import Settings
from digestcast.models import Clip, Episode, Issue, Script
from digestcast.staging import staging_folder

if TYPE_CHECKING:
    from digestcast.mix import LiveMix
    from digestcast.publish import PublishResult
    from digestcast.speak import SynthesisStats, WorkerPool


class Progress(Protocol):
    """How the runner reports; the CLI renders it with Rich, tests may collect it."""

    def start(self, stage: str, total: float | None) -> None: ...

    def update(self, stage: str, done: float, total: float | None) -> None: ...

    def finish(self, stage: str, seconds: float) -> None: ...


class SilentProgress:
    def start(self, stage: str, total: float | None) -> None:
        pass

    def update(self, stage: str, done: float, total: float | None) -> None:
        pass

    def finish(self, stage: str, seconds: float) -> None:
        pass


@dataclass(frozen=True)
class BuildRequest:
    source: str | None = None  # a path, "-" or a URL; None when building from `script`
    issue: Issue | None = None  # an issue already read (by `update`): ingest is skipped
    item: str | None = None  # which item of a feed
    script: Path | None = None  # an edited script (`digestcast script` output) to synthesize
    dry_run: bool = False  # stop after `write`
    jobs: int | None = None
    cache_dir: Path | None = None
    keep_intermediates: bool = False


@dataclass(frozen=True)
class BuildState:
    settings: Settings
    request: BuildRequest
    staging: Path
    issue: Issue | None = None
    script: Script | None = None
    cover: Path | None = None
    clips: tuple[Clip, ...] = ()
    episode: Episode | None = None
    published: PublishResult | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage
    synthesis: SynthesisStats | None = None  # what the engines did (speak)
    workers: WorkerPool | None = None  # started with the build, ended by speak
    live: LiveMix | None = None  # mixes while speak runs; used by mix, closed by the runner
    warm_up: threading.Thread | None = None  # prepares mix and publish; joined by the runner


Stage = Callable[[BuildState, Progress], BuildState]


def _ingest(state: BuildState, progress: Progress) -> BuildState:
    from digestcast.ingest import load_issue

    request = state.request
    if request.script is not None:
        from digestcast.errors import ScriptError
        from digestcast.write.scriptfile import load_script

        try:
            text = request.script.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScriptError(f"{request.script}: cannot read script ({exc})") from None
        script = load_script(text, state.settings, source=str(request.script))
        # No source to read again: the episode keeps its identity through the issue's address
        # (or its title and date), which the script carries.
        issue = Issue(
            title=script.title, stories=(), date=script.date, source_url=script.source_url
        )
        return dataclasses.replace(state, issue=issue, script=script)
    if request.issue is not None:
        return dataclasses.replace(state, issue=request.issue)
    assert request.source is not None
    issue = load_issue(request.source, state.settings.ingest, item=request.item)
    return dataclasses.replace(state, issue=issue)


def _write(state: BuildState, progress: Progress) -> BuildState:
    if state.script is not None:  # built from an edited script
        return state
    from digestcast.speak.cache import default_cache_dir
    from digestcast.write import write_script
    from digestcast.write.cache import written

    assert state.issue is not None
    root = state.request.cache_dir or default_cache_dir(state.settings)
    script = written(state.issue, state.settings, root, write_script)
    return dataclasses.replace(state, script=script)


def _speak(state: BuildState, progress: Progress) -> BuildState:
    from digestcast.speak import speak_script

    assert state.script is not None
    warm_up = _warm_up(state.settings, state.staging)
    stats: list[SynthesisStats] = []
    from digestcast.mix import start_live_mix

    live = start_live_mix(state.settings, state.staging / "live")
    try:
        clips = speak_script(
            state.script,
            state.settings,
            cache_dir=state.request.cache_dir,
            jobs=state.request.jobs,
            on_progress=lambda done, total: progress.update("speak", done, total),
            on_stats=stats.append,
            pool=state.workers,
            listener=live,
        )
    except BaseException:
        if live is not None:
            live.close()
        warm_up.join()  # it writes in the staging folder, which the runner removes
        raise
    finally:
        if state.workers is not None:
            state.workers.close()
    return dataclasses.replace(
        state,
        clips=clips,
        synthesis=stats[0] if stats else None,
        workers=None,
        live=live,
        warm_up=warm_up,
    )


def _mix(state: BuildState, progress: Progress) -> BuildState:
    from digestcast.mix import mix_episode
    from digestcast.mix.cover import ensure_cover
    from digestcast.publish import episode_slug, published_audio

    assert state.script is not None and state.issue is not None
    state.staging.mkdir(parents=True, exist_ok=True)
    cover = ensure_cover(state.settings, state.staging)
    ext = state.settings.audio.format
    out_path = state.staging / f"{episode_slug(state.issue)}.{ext}"
    episode = mix_episode(
        state.clips,
        state.script,
        state.settings,
        out_path,
        cover=cover,
        on_progress=lambda frac: progress.update("mix", frac, 1.0),
        previous=published_audio(state.settings, state.issue),
        live=state.live,
    )
    return dataclasses.replace(state, episode=episode, cover=cover)


def _publish(state: BuildState, progress: Progress) -> BuildState:
    from digestcast.publish import publish_episode

    assert state.episode is not None and state.issue is not None and state.script is not None
    published = publish_episode(
        state.episode, state.issue, state.script, state.settings, cover=state.cover
    )
    return dataclasses.replace(state, published=published)


# What mix and publish import. (Not scipy: +64 MB while the engines hold their peak; the mix
# needs it only to resample, when engines speak at different rates.)
_LATER_MODULES = ("digestcast.mix", "digestcast.publish")


def _prepare_later_stages(settings: Settings, staging: Path) -> None:
    """Import the mix and publish stages and make the cover art the tags embed."""
    with contextlib.suppress(Exception):  # the mix stage reports any problem itself
        for name in _LATER_MODULES:
            importlib.import_module(name)
        from digestcast.mix.cover import ensure_cover
        from digestcast.mix.tags import cover_jpeg

        staging.mkdir(parents=True, exist_ok=True)
        cover_jpeg(ensure_cover(settings, staging))


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BLOCK = 1 << 20


def _give_back_large_blocks() -> None:
    """Have blocks of 1 MB and more (images, audio spans) returned to the system as soon as
    they are freed. glibc otherwise raises that threshold as large blocks come and go and keeps
    the memory for reuse: tens of MB held while the engines reach their peak. (Does nothing
    without glibc.)"""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


def _warm_up(settings: Settings, staging: Path) -> threading.Thread:
    """Do the later stages' fixed work (imports, drawing and scaling the cover: half a second)
    in a thread as synthesis starts, while the worker is still loading its model, instead of
    after synthesis."""
    thread = threading.Thread(
        target=_prepare_later_stages, args=(settings, staging), name="warm-up", daemon=True
    )
    thread.start()
    return thread


def stages_for(request: BuildRequest) -> list[tuple[str, Stage]]:
    """The stage list, assembled in one place from the request."""
    stages: list[tuple[str, Stage]] = [("ingest", _ingest), ("write", _write)]
    if not request.dry_run:
        stages += [("speak", _speak), ("mix", _mix), ("publish", _publish)]
    return stages


def run(
    settings: Settings,
    request: BuildRequest,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, Stage]] | None = None,
) -> BuildState:
    """Run the stages in order. On any failure (or Ctrl-C, or SIGTERM) the staging folder (outside
    the output folder) is removed and nothing already published changes: files reach output/
    only through publish's renames. A killed build's leftovers are tidied by the next one."""
    progress = progress or SilentProgress()
    _give_back_large_blocks()
    if not request.dry_run:
        from digestcast.publish import recover_output

        recover_output(settings)  # writable? and what a killed build left, tidied
    with staging_folder(keep=request.keep_intermediates) as staging:
        return _run_stages(settings, request, progress, stages, staging)


def _run_stages(
    settings: Settings,
    request: BuildRequest,
    progress: Progress,
    stages: Sequence[tuple[str, Stage]] | None,
    staging: Path,
) -> BuildState:
    state = BuildState(settings=settings, request=request, staging=staging)
    if not request.dry_run and (stages is None or any(n == "speak" for n, _ in stages)):
        from digestcast.speak import start_workers

        # The engine loads its model in its own process while ingest and write run here.
        state = dataclasses.replace(state, workers=start_workers(settings, request.jobs))
    try:
        for name, stage in stages if stages is not None else stages_for(request):
            progress.start(name, None)
            t0 = time.perf_counter()
            state = stage(state, progress)
            took = time.perf_counter() - t0
            state = dataclasses.replace(state, seconds={**state.seconds, name: took})
            progress.finish(name, took)
    finally:
        if state.workers is not None:  # a stage before speak failed
            state.workers.close()
        if state.live is not None:
            state.live.close()
        if state.warm_up is not None:  # (it writes in the staging folder)
            state.warm_up.join()
    return state
