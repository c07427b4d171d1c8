"""`digestcast script SOURCE`: write the episode's script and print it, without any audio."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from digestcast.cli.app import app
from digestcast.cli.common import settings_from, user_errors
from digestcast.ingest import load_issue
from digestcast.write import write_script
from digestcast.write.lint import lint_script
from digestcast.write.scriptfile import dump_script


class Length(StrEnum):
    brief = "brief"
    standard = "standard"
    full = "full"


@app.command()
def script(
    source: Annotated[str, typer.Argument(help="A file, '-' for stdin, or an http(s) URL.")],
    config: Annotated[Path | None, typer.Option(help="podcast.toml to read settings from.")] = None,
    length: Annotated[Length | None, typer.Option(help="How much of each story to read.")] = None,
    spoken: Annotated[bool, typer.Option(help="Print the text the voices will read.")] = False,
    check: Annotated[bool, typer.Option(help="List what TTS reads badly; exit 1 if any.")] = False,
) -> None:
    """Write the spoken script of an issue and print it as editable Markdown."""
    with user_errors():
        settings = settings_from(config)
        if length is not None:
            settings = settings.with_overrides(**{"write.length": length.value})
        issue = load_issue(source, settings.ingest)
        result = write_script(issue, settings)
        if check:
            problems = lint_script(result)
            for problem in problems:
                typer.echo(problem)
            if problems:
                raise typer.Exit(1)
            typer.echo(f"{len(result.segments)} segments, no problems")
        elif spoken:
            typer.echo("\n\n".join(segment.spoken for segment in result.segments))
        else:
            typer.echo(dump_script(result), nl=False)
