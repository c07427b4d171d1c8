"""`digestcast stories SOURCE`: the stories ingest finds in an issue, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
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
        "group": story.group,
        "byline": story.byline,
        "sections": [
            {"name": s.name, "heading": s.heading, "text": s.text, "items": list(s.items)}
            for s in story.sections
        ],
        "parts": [{"heading": p.heading, "paragraphs": list(p.paragraphs)} for p in story.parts],
    }


def issue_json(issue: Issue) -> dict[str, Any]:
    """The issue as `stories --json` prints it: its title, date, shape, opening and stories."""
    return {
        "title": issue.title,
        "date": issue.date.isoformat() if issue.date else None,
        "shape": issue.shape,
        "opening": story_json(issue.opening) if issue.opening else None,
        "stories": [story_json(s) for s in issue.stories],
    }


def _table(issue: Issue) -> Table:
    shape = issue.shape.replace("_", " ")
    caption = " · ".join(
        x for x in (shape, issue.date.isoformat() if issue.date else "", issue.publisher or "") if x
    )
    table = Table(title=issue.title, caption=caption)
    table.add_column("#", justify="right")
    table.add_column("title")
    table.add_column("words", justify="right")
    table.add_column("link", overflow="fold")
    if issue.opening:
        table.add_row("-", issue.opening.title, str(issue.opening.words), "")
    n = 0
    for group in issue.groups:
        if group.title:
            table.add_row("", f"[bold]{escape(group.title)}[/bold]", "", "")
        for story in group.stories:
            n += 1
            title = escape(story.title) + (
                f" [dim](by {escape(story.byline)})[/dim]" if story.byline else ""
            )
            table.add_row(str(n), title, str(story.words), story.url or "")
            for part in story.parts:
                table.add_row("", f"  · {escape(part.heading)}", "", "")
    return table


@app.command()
def stories(
    source: Annotated[str, typer.Argument(help="A file, '-' for stdin, or an http(s) URL.")],
    item: Annotated[
        str | None, typer.Option(help="Feed item: 'latest', an index (0 = newest) or a GUID.")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the issue as JSON (shape, opening, stories) instead of a table."
        ),
    ] = False,
    config: Annotated[Path | None, typer.Option(help="podcast.toml to read settings from.")] = None,
) -> None:
    """List the stories found in a newsletter issue, under their sections, with its shape."""
    with user_errors():
        settings = settings_from(config)
        issue = load_issue(source, settings.ingest, item=item)
        if as_json:
            typer.echo(json.dumps(issue_json(issue), ensure_ascii=False, indent=2))
        else:
            out.print(_table(issue))
