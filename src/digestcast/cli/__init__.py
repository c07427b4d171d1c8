"""The `digestcast` command: one module per command, registered on the shared Typer app."""

from digestcast.cli import build as build
from digestcast.cli import cache as cache
from digestcast.cli import check as check
from digestcast.cli import episodes as episodes
from digestcast.cli import script as script
from digestcast.cli import serve as serve
from digestcast.cli import stories as stories
from digestcast.cli import update as update
from digestcast.cli.app import app


def main() -> None:
    app()
