"""Show-level operations over many builds: `update` (a build per new issue of the show's
source feeds, one run at a time) and rebuilding a published episode from its source."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from digestcast.config import Settings
from digestcast.errors import DigestcastError, IngestError, PublishError
from digestcast.ingest import load_feed_issues, load_issue
from digestcast.models import Issue
from digestcast.pipeline import BuildRequest, run
from digestcast.publish import PublishResult, find_episode, issue_key, known_issue_keys


@contextlib.contextmanager
def update_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on OUT/.update.lock, or fail at once if another run holds it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ".update.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"{out_dir}: another `digestcast update` is running") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class UpdateEvent:
    """What `update_show` did with one issue or source: built it, or skipped or failed it."""

    kind: Literal["built", "skipped", "failed", "note"]  # note: what was read, for the log
    message: str

    @property
    def counts_as_failure(self) -> bool:
        return self.kind in ("skipped", "failed")


def update_show(settings: Settings, *, rebuild: bool = False) -> Iterator[UpdateEvent]:
    """Build the new issues of one show's source feeds (those not in the catalog yet), one
    event per episode built and per source or item that failed. Safe from cron: idempotent,
    one run at a time per output folder, a failing source is reported and skipped. A show with
    mailboxes or combined episodes is built by digestcast.newsletters (`rebuild`: its period's
    combined episode again)."""
    if not settings.source_feeds and not settings.source_mailboxes:
        raise PublishError(
            f"{settings.config_path or 'settings'}: no source_feeds or source_mailboxes to "
            "update from"
        )
    if settings.source_mailboxes or settings.show.combine:
        from digestcast.newsletters import update_newsletters

        with update_lock(settings.output_dir):
            yield from update_newsletters(settings, rebuild=rebuild)
        return
    with update_lock(settings.output_dir):
        known = known_issue_keys(settings)
        for feed in settings.source_feeds:
            try:
                issues, problems = load_feed_issues(feed, settings.ingest)
            except DigestcastError as exc:
                yield UpdateEvent("skipped", str(exc))
                continue
            for problem in problems:
                yield UpdateEvent("skipped", problem)
            for issue in issues:
                key = issue_key(issue)
                if key in known:
                    continue
                try:
                    state = run(settings, BuildRequest(source=feed, issue=issue))
                except DigestcastError as exc:
                    yield UpdateEvent("failed", f"{issue.title}: {exc}")
                    continue
                known.add(key)
                assert state.published is not None
                yield UpdateEvent("built", _built(state.published, issue))


def _built(published: PublishResult, issue: Issue) -> str:
    return f"episode {published.number}: {issue.title} -> {published.audio_path}"


def reload_issue(source: str, key: str, settings: Settings) -> Issue:
    """The issue an episode was built from: the same item when the source is a feed."""
    try:
        issues, _ = load_feed_issues(source, settings.ingest)
    except IngestError:
        return load_issue(source, settings.ingest)
    for issue in issues:
        if issue_key(issue) == key:
            return issue
    raise IngestError(f"{source}: the feed no longer has this episode's issue")


def rebuild_episode(settings: Settings, guid_or_number: str) -> tuple[Issue, PublishResult]:
    """Read a published episode's source again and rebuild it in place (same guid, same
    number)."""
    record = find_episode(settings, guid_or_number)
    if not record.origin:
        raise PublishError(f"episode {record.number}: built from a script, not an issue")
    from digestcast.newsletters import from_inbox, rebuild_from_inbox

    if from_inbox(record.origin):  # a combined episode, or one read from a mailbox
        return rebuild_from_inbox(settings, record.origin)
    issue = reload_issue(record.origin, record.issue_key, settings)
    state = run(settings, BuildRequest(source=record.origin, issue=issue))
    assert state.published is not None
    return issue, state.published
