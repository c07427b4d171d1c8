"""`digestcast update`: build an episode for every new issue of the show's source feeds and
mailboxes (or one combined episode per day or week).

Safe from cron or a systemd timer: idempotent (issues already in the catalog are skipped), one
run at a time per output folder (a lock), and a failing source is reported and skipped."""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from digestcast.cli.app import app
from digestcast.cli.common import (
    ExecutorOption,
    RayAddressOption,
    err,
    executor_overrides,
    out,
    settings_from,
    user_errors,
)
from digestcast.config import Settings, config_file, show_names

if TYPE_CHECKING:
    from digestcast.shows import UpdateEvent


@app.command()
def update(
    config: Annotated[
        Path | None, typer.Option(help="podcast.toml with source_feeds or source_mailboxes.")
    ] = None,
    show: Annotated[str | None, typer.Option(help="Only this show of the config.")] = None,
    jobs: Annotated[int | None, typer.Option(help="Synthesis workers.")] = None,
    rebuild: Annotated[
        bool, typer.Option(help="Build this period's combined episode again (combine = ...).")
    ] = False,
    executor: ExecutorOption = None,
    ray_address: RayAddressOption = None,
) -> None:
    """Build an episode for each new issue of the show's feeds and mailboxes (or one combined
    episode per day or week), then republish."""
    with user_errors():
        path = config_file(config)
        names: list[str | None] = [show] if show else list(show_names(path) if path else [])
        shows = [
            (
                name,
                settings_from(path, name).with_overrides(
                    jobs=jobs, **executor_overrides(executor, ray_address)
                ),
            )
            for name in names or [None]
        ]
        if len(shows) > 1:
            from digestcast.publish.subscribe import write_shows_opml

            opml = write_shows_opml([settings for _, settings in shows])
            out.print(f"All shows: {opml}", markup=False, soft_wrap=True)
        total_failed = 0
        # (closed at once on Ctrl-C: a cluster's update then cancels its tasks)
        with contextlib.closing(_updates(shows, rebuild=rebuild)) as updates:
            for name, events in updates:
                total_failed += _report(name, events)
    if total_failed:
        raise typer.Exit(1)


def _updates(
    shows: list[tuple[str | None, Settings]], *, rebuild: bool
) -> Generator[tuple[str | None, Iterator[UpdateEvent]]]:
    """Each show's events, show after show: built here, or as tasks on a Ray cluster."""
    if any(settings.executor.kind == "ray" for _, settings in shows):
        from digestcast.showtasks import update_on_cluster

        yield from update_on_cluster(shows, shows[0][1].executor.address, rebuild=rebuild)
        return
    from digestcast.shows import update_show

    for name, settings in shows:
        yield name, update_show(settings, rebuild=rebuild)


def _report(name: str | None, events: Iterator[UpdateEvent]) -> int:
    """Print a show's events and its summary line; return its failures."""
    built = failed = 0
    for event in events:
        if event.counts_as_failure:
            err.print(f"{event.kind}: {event.message}", markup=False, soft_wrap=True)
            failed += 1
        else:
            out.print(event.message, markup=False, soft_wrap=True)
            built += event.kind == "built"
    label = f"{name}: " if name else ""
    out.print(f"{label}{built} new episode(s), {failed} failure(s)", markup=False)
    return failed
