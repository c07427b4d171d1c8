"""The `digestcast` command: one module per command, registered on the shared Typer app."""

from digestcast.cli import build as build  # noqa: F401  (each import registers its commands)
from digestcast.cli import check as check  # noqa: F401
from digestcast.cli import episodes as episodes  # noqa: F401
from digestcast.cli import script as script  # noqa: F401
from digestcast.cli import serve as serve  # noqa: F401
from digestcast.cli import stories as stories  # noqa: F401
from digestcast.cli.app import app


def main() -> None:
    app()
