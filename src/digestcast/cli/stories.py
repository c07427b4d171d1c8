"""`digestcast stories SOURCE`: the stories ingest finds in an issue, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from digestcast.cli.app import app
from digestcast.cli.common import out, settings_from, user_errors
from digestcast.ingest import load_issue
from digestcast.models import Issue, Story


def story_json(story: Story) -> dict[str, Any]:
    return {
        "title": story.title,
        "words": story.words,
        "url": story.url,
        "image": story.image,
        "sections": [
            {"name": s.name, "heading": s.heading, "text": s.text, "items": list(s.items)}
            for s in story.sections
        ],
    }


def _table(issue: Issue) -> Table:
    caption = " · ".join(
        x for x in (issue.date.isoformat() if issue.date else "", issue.publisher or "") if x
    )
    table = Table(title=issue.title, caption=caption or None)
    table.add_column("#", justify="right")
    table.add_column("title")
    table.add_column("words", justify="right")
    table.add_column("link", overflow="fold")
    if issue.opening:
        table.add_row("-", issue.opening.title, str(issue.opening.words), "")
    for n, story in enumerate(issue.stories, 1):
        table.add_row(str(n), story.title, str(story.words), story.url or "")
    return table


@app.command()
def stories(
    source: Annotated[str, typer.Argument(help="A file, '-' for stdin, or an http(s) URL.")],
    item: Annotated[
        str | None, typer.Option(help="Feed item: 'latest', an index (0 = newest) or a GUID.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array instead of a table.")
    ] = False,
    config: Annotated[Path | None, typer.Option(help="podcast.toml to read settings from.")] = None,
) -> None:
    """List the stories found in a newsletter issue."""
    with user_errors():
        settings = settings_from(config)
        issue = load_issue(source, settings.ingest, item=item)
        if as_json:
            typer.echo(
                json.dumps([story_json(s) for s in issue.stories], ensure_ascii=False, indent=2)
            )
        else:
            out.print(_table(issue))
