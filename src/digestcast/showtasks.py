"""`update --executor ray`: the new episodes of every show built on a Ray cluster, published
here.

Each new issue of a feed is built by a builder actor (`ShowBuilder`: up to one per CPU of the
cluster, started as issues come, each sent a build once it is free), which runs the build up
to the mix (the issue is already read) with its own synthesis (the local executor of the node
it runs on, one slot per actor CPU) and hands the mixed episode over in a folder beside the
show's output: the output folder (and the cache) must be on a filesystem every node shares.
An actor keeps its voices' engines loaded from one show to the next (a task would load the
model again for each: ~0.45 s of CPU per episode, measured). This process (the driver)
publishes each show's episodes, one show at a time, in feed order: the catalog and the feed
keep a single writer and stay crash-atomic as in a local update. A build error fails that
episode; a build whose actor died is retried once (Ray restarts the actor); a lost cluster
stops the update with one line, and what was published before it stays as it was. A show with
mailboxes or combined episodes is updated here as locally (its synthesis on the cluster).
"""

from __future__ import annotations

import collections
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
from digestcast.speak.registry import EngineRegistry, resolve_voice
from digestcast.speak.workers import EngineCache

ShowEvents = tuple[str | None, Iterator[UpdateEvent]]
CANCEL_WAIT_S = 5.0  # for cancelled tasks to end, to remove what they handed over

_Planned = tuple[list[UpdateEvent], list[tuple[Issue, int]]]  # failed sources, (issue, build)


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


def build_unpublished(
    settings: Settings, feed: str, issue: Issue, engines: EngineCache | None = None
) -> HandedOver:
    """Build `issue` up to the mix with the local executor of this node (on the cluster)."""
    at_user_priority()
    here = settings.with_overrides(**{"executor.kind": "local"}, jobs=settings.jobs or 1)
    request = BuildRequest(source=feed, issue=issue)
    stages = [(n, s) for n, s in stages_for(request) if n != "publish"]
    state = run(here, request, stages=[*stages, ("hand over", hand_over)], engines=engines)
    assert state.script is not None and state.episode is not None
    cover = state.cover.path if state.cover is not None else None
    return HandedOver(state.staging, issue, state.script, state.episode, cover)


class ShowBuilder:
    """An update's builder actor (made remote by `Builders`): builds episodes up to the mix,
    one at a time, its voices' engines loaded once and kept from one show to the next."""

    def __init__(self) -> None:
        at_user_priority()
        self.engines = EngineCache()

    def warm(self, settings: Settings) -> None:
        """Load the show's host voice now, before its first build is sent."""
        at_user_priority()
        with contextlib.suppress(Exception):  # (the build meets the error)
            voice = resolve_voice(settings.voices.host, settings, EngineRegistry.discover())
            self.engines.get(voice).load()

    def build_unpublished(self, settings: Settings, feed: str, issue: Issue) -> HandedOver:
        return build_unpublished(settings, feed, issue, self.engines)


class Builders:
    """The update's builder actors, started as builds are submitted (up to one per CPU of the
    cluster, each warmed with the show that started it), and the builds sent to them: a build
    is sent to an actor once it is free, in the order submitted."""

    def __init__(self, link: RayLink) -> None:
        self.link = link
        self._most = 0  # actors at most: the cluster's CPUs (asked at the first build)
        self._submitted = 0
        self._actors: list[Any] = []
        self._idle: list[Any] = []
        self._queue: collections.deque[tuple[int, tuple[Settings, str, Issue]]] = (
            collections.deque()
        )
        self._running: dict[Any, Any] = {}  # ref: the actor building it
        self._sent: dict[int, Any] = {}  # build number: ref

    def submit(self, settings: Settings, feed: str, issue: Issue) -> int:
        """Queue a build; its number, for `finished`."""
        number, self._submitted = self._submitted, self._submitted + 1
        self._queue.append((number, (settings, feed, issue)))
        self._most = self._most or self.link.cpus()
        if not self._idle and len(self._actors) < self._most:
            self._start(settings)
        self._send()
        return number

    def finished(self, number: int) -> Any:
        """The ref of build `number`, once it has finished (sending the queued builds to the
        actors that become free meanwhile)."""
        while True:
            self._send()
            ref = self._sent.get(number)
            if ref is not None and ref not in self._running:
                return ref
            for done in self.link.wait(list(self._running), HEAD_CHECK_S):
                self._idle.append(self._running.pop(done))

    def cancel(self) -> None:
        """Ctrl-C or a lost cluster: the actors are ended (and the builds they were on); the
        hand-over folders of the builds that finished are removed."""
        self._queue.clear()
        self.close()
        sent = list(self._sent.values())
        if self.link.head_lost or not sent:
            return
        with contextlib.suppress(Exception):
            ended, _ = self.link.ray.wait(sent, num_returns=len(sent), timeout=CANCEL_WAIT_S)
            for ref in ended:
                with contextlib.suppress(Exception):
                    handed: HandedOver = self.link.ray.get(ref, timeout=CANCEL_WAIT_S)
                    shutil.rmtree(handed.folder, ignore_errors=True)

    def close(self) -> None:
        if not self.link.head_lost:
            for actor in self._actors:
                with contextlib.suppress(Exception):
                    self.link.ray.kill(actor, no_restart=True)
        self._actors, self._idle = [], []

    def _start(self, settings: Settings) -> None:
        builder = self.link.ray.remote(ShowBuilder).options(
            num_cpus=1, max_restarts=-1, max_task_retries=1
        )
        actor = builder.remote()
        actor.warm.remote(settings)
        self._actors.append(actor)
        self._idle.append(actor)

    def _send(self) -> None:
        while self._idle and self._queue:
            number, args = self._queue.popleft()
            actor = self._idle.pop(0)
            ref = actor.build_unpublished.remote(*args)
            self._running[ref] = actor
            self._sent[number] = ref


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


def _publish(builders: Builders, settings: Settings, issue: Issue, number: int) -> UpdateEvent:
    """Wait for the episode's build, then publish it here."""
    from digestcast.publish import publish_episode

    link = builders.link
    ref = builders.finished(number)
    exceptions = link.ray.exceptions
    try:
        handed: HandedOver = link.ray.get(ref)
    except (
        exceptions.RayTaskError,
        exceptions.WorkerCrashedError,
        exceptions.RayActorError,
    ) as exc:
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
    builders: Builders,
    settings: Settings,
    events: list[UpdateEvent],
    builds: list[tuple[Issue, int]],
) -> Iterator[UpdateEvent]:
    yield from events
    for issue, number in builds:
        yield _publish(builders, settings, issue, number)


def _sweep_hand_overs(output_dir: Path) -> None:
    """Remove the hand-over folders an update killed before it published them left behind
    (called under the show's update lock: no other update of it is running)."""
    for folder in output_dir.glob(".handover-*"):
        shutil.rmtree(folder, ignore_errors=True)


def update_on_cluster(
    shows: Sequence[tuple[str | None, Settings]], address: str | None, *, rebuild: bool = False
) -> Iterator[ShowEvents]:
    """Each show's events, show after show; consume each show's before asking for the next.
    Every feed show's new episodes are submitted at once, before the first is published."""
    link = RayLink(address)
    builders = Builders(link)
    try:
        with contextlib.ExitStack() as locks:
            plans: list[tuple[str | None, Settings, _Planned | None]] = []
            for name, settings in shows:
                if _updated_locally(settings):
                    plans.append((name, settings, None))  # in its turn, as locally
                    continue
                locks.enter_context(update_lock(settings.output_dir))
                _sweep_hand_overs(settings.output_dir)
                events, todo = _new_issues(settings)
                builds = [(issue, builders.submit(settings, feed, issue)) for feed, issue in todo]
                plans.append((name, settings, (events, builds)))
            for name, settings, planned in plans:
                if planned is None:
                    yield name, update_show(settings, rebuild=rebuild)
                else:
                    yield name, _show_events(builders, settings, *planned)
        builders.close()
    except BaseException:
        builders.cancel()
        raise
    finally:
        link.close()
