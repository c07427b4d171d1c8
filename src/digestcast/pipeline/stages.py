"""The five stages, each a short function from the build state to the next: ingest -> write
-> speak -> mix -> publish. Whatever runs alongside a stage (worker processes, the live mix,
the warm-up) belongs to the build's resources, which the stages ask for what they need."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from digestcast.config import Settings
from digestcast.models import Issue, Script
from digestcast.pipeline.resources import BuildResources
from digestcast.pipeline.state import BuildRequest, BuildState, Progress

Stage = Callable[[BuildState, Progress, BuildResources], BuildState]


def ingest(state: BuildState, progress: Progress, resources: BuildResources) -> BuildState:
    """Read the issue (unless it was read already, or the build starts from a script)."""
    from digestcast.ingest import load_issue

    request = state.request
    if request.script is not None:
        return state
    if request.issue is not None:
        return dataclasses.replace(state, issue=request.issue)
    assert request.source is not None
    issue = load_issue(request.source, state.settings.ingest, item=request.item)
    return dataclasses.replace(state, issue=issue)


def write(state: BuildState, progress: Progress, resources: BuildResources) -> BuildState:
    """Write the issue's script (or the cached one), or load the edited script asked for."""
    from digestcast.speak.cache import default_cache_dir
    from digestcast.write import write_script
    from digestcast.write.cache import written

    if state.request.script is not None:
        script = _edited_script(state.request.script, state.settings)
        # No source to read again: the episode keeps its identity through the issue's address
        # (or its title and date), which the script carries.
        issue = Issue(script.title, (), date=script.date, source_url=script.source_url)
        return dataclasses.replace(state, issue=issue, script=script)
    assert state.issue is not None
    root = default_cache_dir(state.settings)
    kept = written(state.issue, state.settings, root, write_script)
    return dataclasses.replace(state, script=kept.script, splits=kept.splits)


def _edited_script(path: Path, settings: Settings) -> Script:
    from digestcast.errors import ScriptError
    from digestcast.write.scriptfile import load_script

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(f"{path}: cannot read script ({exc})") from None
    return load_script(text, settings, source=str(path))


def speak(state: BuildState, progress: Progress, resources: BuildResources) -> BuildState:
    """Synthesize the sentences the cache lacks; one clip per segment."""
    from digestcast.speak import plan_speech, synthesize
    from digestcast.speak.cache import open_cache
    from digestcast.speak.registry import EngineRegistry

    assert state.script is not None
    cache = open_cache(state.settings)
    registry = EngineRegistry.discover()
    plan = plan_speech(state.script, state.settings, cache, registry, known=state.splits)
    with resources.synthesis(plan) as (executor, listener):
        clips = synthesize(
            plan,
            executor,
            on_progress=lambda done, total: progress.update("speak", done, total),
            listener=listener,
        )
        stats = executor.stats
    cache.evict(keep=plan.paths)
    return dataclasses.replace(state, clips=clips, synthesis=stats)


def mix(state: BuildState, progress: Progress, resources: BuildResources) -> BuildState:
    """Mix the clips into the episode file, in the staging folder."""
    from digestcast.mix import mix_episode
    from digestcast.publish import episode_slug

    assert state.script is not None and state.issue is not None
    cover = resources.cover_art()
    out_path = state.staging / f"{episode_slug(state.issue)}.{state.settings.audio.format}"
    episode = mix_episode(
        state.clips,
        state.script,
        state.settings,
        out_path,
        cover=cover.path,
        art=cover.jpeg,
        on_progress=lambda frac: progress.update("mix", frac, 1.0),
        previous=state.settings.output_dir / "episodes" / out_path.name,
        live=resources.live_mix(),
    )
    return dataclasses.replace(state, episode=episode, cover=cover)


def publish(state: BuildState, progress: Progress, resources: BuildResources) -> BuildState:
    """Add the episode to the catalog, the feed and the show page."""
    from digestcast.publish import publish_episode

    assert state.episode is not None and state.issue is not None and state.script is not None
    cover = state.cover.path if state.cover is not None else None
    published = publish_episode(
        state.episode, state.issue, state.script, state.settings, cover=cover
    )
    return dataclasses.replace(state, published=published)


def stages_for(request: BuildRequest) -> list[tuple[str, Stage]]:
    """The stage list, assembled in one place from the request."""
    stages: list[tuple[str, Stage]] = [("ingest", ingest), ("write", write)]
    if not request.dry_run:
        stages += [("speak", speak), ("mix", mix), ("publish", publish)]
    return stages
