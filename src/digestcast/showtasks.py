"""`update --executor ray`: the new episodes of every show built as Ray tasks, published here.

Each new issue of a feed becomes one cluster task, which runs the build up to the mix (the
issue is already read) with its own synthesis (the local executor of the node it runs on, one
slot per task CPU) and hands the mixed episode over in a folder beside the show's output: the
output folder (and the cache) must be on a filesystem every node shares. This process (the
driver) publishes each show's episodes, one show at a time, in feed order: the catalog and the
feed keep a single writer and stay crash-atomic as in a local update. A build error fails that
episode; a task whose worker died is retried once by Ray; a lost cluster stops the update with
one line, and what was published before it stays as it was. A show with mailboxes or combined
episodes is updated here as locally (its synthesis on the cluster).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digestcast.config import Settings
from digestcast.errors import DigestcastError
from digestcast.models import Episode, Issue, Script
from digestcast.pipeline import BuildRequest, BuildResources, BuildState, Progress, run
from digestcast.pipeline.stages import stages_for
from digestcast.raylink import HEAD_CHECK_S, RayLink, at_user_priority
from digestcast.shows import UpdateEvent, update_lock, update_show

ShowEvents = tuple[str | None, Iterator[UpdateEvent]]
CANCEL_WAIT_S = 5.0  # for cancelled tasks to end, to remove what they handed over

_Planned = tuple[list[UpdateEvent], list[tuple[Issue, Any]]]  # failed sources, (issue, task)


def _updated_locally(settings: Settings) -> bool:
    """Mailboxes and combined episodes are read and built here (synthesis on the cluster); a
    show without sources gets update's usual error."""
    return bool(settings.source_mailboxes or settings.show.combine or not settings.source_feeds)


@dataclass(frozen=True)
class HandedOver:
    """A mixed, unpublished episode in `folder` (on the shared filesystem)."""

    folder: Path
    issue: Issue
    script: Script
    episode: Episode
    cover: Path | None


def _moved(path: Path, old: Path, new: Path) -> Path:
    return new / path.relative_to(old) if path.is_relative_to(old) else path


def hand_over(state: BuildState, progress: Progress, resources: BuildResources) -> BuildState:
    """The cluster build's last stage: its staging folder becomes a hand-over folder (one
    rename), which the runner does not remove; the episode's paths follow it."""
    assert state.episode is not None
    folder = state.settings.output_dir / f".handover-{uuid.uuid4().hex[:12]}"
    os.replace(state.staging, folder)
    episode = dataclasses.replace(
        state.episode,
        audio_path=_moved(state.episode.audio_path, state.staging, folder),
        files={k: _moved(v, state.staging, folder) for k, v in state.episode.files.items()},
    )
    cover = state.cover
    if cover is not None:
        cover = dataclasses.replace(cover, path=_moved(cover.path, state.staging, folder))
    return dataclasses.replace(state, staging=folder, episode=episode, cover=cover)


def build_unpublished(settings: Settings, feed: str, issue: Issue) -> HandedOver:
    """A cluster task: build `issue` up to the mix with the local executor of this node."""
    at_user_priority()
    here = settings.with_overrides(**{"executor.kind": "local"}, jobs=settings.jobs or 1)
    request = BuildRequest(source=feed, issue=issue)
    stages = [(n, s) for n, s in stages_for(request) if n != "publish"]
    state = run(here, request, stages=[*stages, ("hand over", hand_over)])
    assert state.script is not None and state.episode is not None
    cover = state.cover.path if state.cover is not None else None
    return HandedOver(state.staging, issue, state.script, state.episode, cover)


def _new_issues(settings: Settings) -> tuple[list[UpdateEvent], list[tuple[str, Issue]]]:
    """The sources that failed, and the issues not in the catalog yet, in feed order."""
    from digestcast.ingest import load_feed_issues
    from digestcast.publish import issue_key, known_issue_keys

    events: list[UpdateEvent] = []
    todo: list[tuple[str, Issue]] = []
    known = known_issue_keys(settings)
    for feed in settings.source_feeds:
        try:
            issues, problems = load_feed_issues(feed, settings.ingest)
        except DigestcastError as exc:
            events.append(UpdateEvent("skipped", str(exc)))
            continue
        events += [UpdateEvent("skipped", problem) for problem in problems]
        for issue in issues:
            if issue_key(issue) not in known:
                known.add(issue_key(issue))
                todo.append((feed, issue))
    return events, todo


def _task_failure(issue: Issue, exc: BaseException) -> UpdateEvent:
    cause = getattr(exc, "cause", None) or exc
    if isinstance(cause, DigestcastError):
        return UpdateEvent("failed", f"{issue.title}: {cause}")
    first = (str(cause).strip().splitlines() or [""])[0][:200]
    return UpdateEvent(
        "failed", f"{issue.title}: its build failed ({type(cause).__name__}: {first})"
    )


def _publish(link: RayLink, settings: Settings, issue: Issue, ref: Any) -> UpdateEvent:
    """Wait for the episode's task, then publish it here."""
    from digestcast.publish import publish_episode

    while not link.wait([ref], HEAD_CHECK_S):
        pass
    exceptions = link.ray.exceptions
    try:
        handed: HandedOver = link.ray.get(ref)
    except (exceptions.RayTaskError, exceptions.WorkerCrashedError) as exc:
        return _task_failure(issue, exc)
    except Exception as exc:
        raise link.lost(exc) from None
    try:
        published = publish_episode(
            handed.episode, handed.issue, handed.script, settings, cover=handed.cover
        )
    except DigestcastError as exc:
        return UpdateEvent("failed", f"{issue.title}: {exc}")
    finally:
        shutil.rmtree(handed.folder, ignore_errors=True)
    return UpdateEvent(
        "built", f"episode {published.number}: {issue.title} -> {published.audio_path}"
    )


def _show_events(
    link: RayLink, settings: Settings, events: list[UpdateEvent], refs: list[tuple[Issue, Any]]
) -> Iterator[UpdateEvent]:
    yield from events
    for issue, ref in refs:
        yield _publish(link, settings, issue, ref)


def _sweep_hand_overs(output_dir: Path) -> None:
    """Remove the hand-over folders an update killed before it published them left behind
    (called under the show's update lock: no other update of it is running)."""
    for folder in output_dir.glob(".handover-*"):
        shutil.rmtree(folder, ignore_errors=True)


def _cancel(link: RayLink, submitted: list[Any]) -> None:
    """Ctrl-C or a lost cluster: the cluster drops our tasks (their workers are killed); the
    hand-over folders of those that finished (or finish while told to stop) are removed."""
    for ref in submitted:
        with contextlib.suppress(Exception):
            link.ray.cancel(ref, force=True)
    if link.head_lost or not submitted:
        return
    with contextlib.suppress(Exception):
        ended, _ = link.ray.wait(submitted, num_returns=len(submitted), timeout=CANCEL_WAIT_S)
        for ref in ended:
            with contextlib.suppress(Exception):
                handed: HandedOver = link.ray.get(ref, timeout=CANCEL_WAIT_S)
                shutil.rmtree(handed.folder, ignore_errors=True)


def update_on_cluster(
    shows: Sequence[tuple[str | None, Settings]], address: str | None, *, rebuild: bool = False
) -> Iterator[ShowEvents]:
    """Each show's events, show after show; consume each show's before asking for the next.
    Every feed show's new episodes are submitted at once, before the first is published."""
    link = RayLink(address)
    submitted: list[Any] = []
    try:
        with contextlib.ExitStack() as locks:
            task = link.ray.remote(num_cpus=1, max_retries=1)(build_unpublished)
            plans: list[tuple[str | None, Settings, _Planned | None]] = []
            for name, settings in shows:
                if _updated_locally(settings):
                    plans.append((name, settings, None))  # in its turn, as locally
                    continue
                locks.enter_context(update_lock(settings.output_dir))
                _sweep_hand_overs(settings.output_dir)
                events, todo = _new_issues(settings)
                refs = [(issue, task.remote(settings, feed, issue)) for feed, issue in todo]
                submitted += [ref for _, ref in refs]
                plans.append((name, settings, (events, refs)))
            for name, settings, planned in plans:
                if planned is None:
                    yield name, update_show(settings, rebuild=rebuild)
                else:
                    yield name, _show_events(link, settings, *planned)
    except BaseException:
        _cancel(link, submitted)
        raise
    finally:
        link.close()
