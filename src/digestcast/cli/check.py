"""`digestcast check FEED_URL_OR_PATH`: validate a podcast feed and its media."""

from __future__ import annotations

from typing import Annotated

import typer

from digestcast.cli.app import app
from digestcast.cli.common import out, user_errors
from digestcast.errors import ConfigError

EXIT_CHECK_FAILED = 1


def _print_rules() -> None:
    from digestcast.feedcheck import RULES

    for rule in RULES:
        by = "" if rule.checked else " (held by the build; not checked here)"
        out.print(
            f"rule {rule.number} ({rule.topic}): {rule.requires}{by}", markup=False, soft_wrap=True
        )


@app.command()
def check(
    feed: Annotated[
        str | None,
        typer.Argument(metavar="FEED_URL_OR_PATH", help="A feed.xml path, file:// or http(s) URL."),
    ] = None,
    rules: Annotated[bool, typer.Option(help="Print the numbered rules and exit.")] = False,
) -> None:
    """Check a podcast feed, its artwork, episodes, chapters and transcripts against what
    podcast apps require. Prints one line per failure, citing its rule (see --rules); exit
    code 1 when any rule fails."""
    if rules:
        _print_rules()
        return
    with user_errors():
        if feed is None:
            raise ConfigError("check: give FEED_URL_OR_PATH (or --rules)")
        from digestcast.feedcheck import check_feed

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
