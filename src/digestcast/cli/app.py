"""The Typer application; each command lives in a module of its own."""

import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from digestcast import __version__

app = typer.Typer(
    name="digestcast",
    help="Turn newsletter issues into a podcast: stories, script, speech, chaptered MP3, feed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"digestcast {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Turn newsletter issues into a podcast: stories, script, speech, chaptered MP3, feed."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: FrameType | None) -> None:
    """SIGTERM stops a command as Ctrl-C does: work files removed, a message, exit 130."""
    raise KeyboardInterrupt
