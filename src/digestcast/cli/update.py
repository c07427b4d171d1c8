"""`digestcast update`: build an episode for every new issue of the show's source feeds.

Safe from cron or a systemd timer: idempotent (issues already in the catalog are skipped), one
run at a time per output folder (a lock), and a failing source is reported and skipped."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from digestcast.cli.app import app
from digestcast.cli.common import err, out, settings_from, user_errors
from digestcast.config import Settings, show_names
from digestcast.errors import DigestcastError, PublishError
from digestcast.ingest import load_feed_issues
from digestcast.pipeline import BuildRequest, run
from digestcast.publish import issue_key, list_episodes
from digestcast.publish.publisher import catalog_path


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


def update_show(settings: Settings) -> tuple[int, int]:
    """Build the new issues of one show. Returns (episodes built, sources or items failed)."""
    if not settings.source_feeds:
        raise PublishError(f"{settings.config_path or 'settings'}: no source_feeds to update from")
    built = failed = 0
    with update_lock(settings.output_dir):
        has_catalog = catalog_path(settings).is_file()
        known = {r.issue_key for r in list_episodes(settings)} if has_catalog else set()
        for feed in settings.source_feeds:
            try:
                issues, problems = load_feed_issues(feed, settings.ingest)
            except DigestcastError as exc:
                err.print(f"skipped: {exc}", markup=False, soft_wrap=True)
                failed += 1
                continue
            for problem in problems:
                err.print(f"skipped: {problem}", markup=False, soft_wrap=True)
            failed += len(problems)
            for issue in issues:
                key = issue_key(issue)
                if key in known:
                    continue
                try:
                    state = run(settings, BuildRequest(source=feed, issue=issue))
                except DigestcastError as exc:
                    err.print(f"failed: {issue.title}: {exc}", markup=False, soft_wrap=True)
                    failed += 1
                    continue
                known.add(key)
                built += 1
                assert state.published is not None
                out.print(
                    f"episode {state.published.number}: {issue.title} -> "
                    f"{state.published.audio_path}",
                    markup=False,
                    soft_wrap=True,
                )
    return built, failed


@app.command()
def update(
    config: Annotated[Path | None, typer.Option(help="podcast.toml with source_feeds.")] = None,
    show: Annotated[str | None, typer.Option(help="Only this show of the config.")] = None,
    jobs: Annotated[int | None, typer.Option(help="Synthesis workers.")] = None,
) -> None:
    """Build an episode for each new issue in the show's source feeds, then republish."""
    with user_errors():
        path = config or (Path("podcast.toml") if Path("podcast.toml").is_file() else None)
        names: list[str | None] = [show] if show else list(show_names(path) if path else [])
        total_built = total_failed = 0
        for name in names or [None]:
            settings = settings_from(path, name).with_overrides(jobs=jobs)
            built, failed = update_show(settings)
            label = f"{name}: " if name else ""
            out.print(f"{label}{built} new episode(s), {failed} failure(s)", markup=False)
            total_built += built
            total_failed += failed
    if total_failed:
        raise typer.Exit(1)
