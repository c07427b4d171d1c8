"""The `digestcast` command."""

from digestcast.cli.app import app


def main() -> None:
    app()
