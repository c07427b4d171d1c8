"""The `digestcast` command: one module per command, registered on the shared Typer app."""

import warnings

from digestcast.cli import build as build
from digestcast.cli import cache as cache
from digestcast.cli import check as check
from digestcast.cli import episodes as episodes
from digestcast.cli import script as script
from digestcast.cli import serve as serve
from digestcast.cli import stories as stories
from digestcast.cli import update as update
from digestcast.cli.app import app
from digestcast.cli.common import err


def _say_warning(message: Warning | str, *_: object, **__: object) -> None:
    err.print(f"warning: {message}", markup=False, soft_wrap=True)


def main() -> None:
    warnings.showwarning = _say_warning  # one line on stderr, no file and line of ours
    app()
