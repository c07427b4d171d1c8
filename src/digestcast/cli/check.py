"""`digestcast check FEED_URL_OR_PATH`: validate a podcast feed and its media."""

from __future__ import annotations

from typing import Annotated

import typer

from digestcast.cli.app import app
from digestcast.cli.common import out, user_errors
from digestcast.publish.check import check_feed

EXIT_CHECK_FAILED = 1


@app.command()
def check(
    feed: Annotated[
        str,
        typer.Argument(metavar="FEED_URL_OR_PATH", help="A feed.xml path, file:// or http(s) URL."),
    ],
) -> None:
    """Check a podcast feed, its artwork, episodes, chapters and transcripts against what
    podcast apps require. Prints one line per failure; exit code 1 when any rule fails."""
    with user_errors():
        report = check_feed(feed)
    for problem in report.problems:
        out.print(problem.line(), markup=False, soft_wrap=True)
    for note in report.notes:
        out.print(f"note: {note}", markup=False, soft_wrap=True)
    if report.problems:
        out.print(f"{len(report.problems)} problem(s) in {feed}", markup=False)
        raise typer.Exit(EXIT_CHECK_FAILED)
    count = f"{report.items} episode" + ("" if report.items == 1 else "s")
    out.print(f"ok: {feed} ({count}) passes every check", markup=False)
