"""The `digestcast` command: one module per command, registered on the shared Typer app."""

from digestcast.cli import build as build  # noqa: F401  (registers the command)
from digestcast.cli.app import app


def main() -> None:
    app()
