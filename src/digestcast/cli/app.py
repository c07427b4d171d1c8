"""The Typer application; each command lives in a module of its own."""

import typer

app = typer.Typer(
    name="digestcast",
    help="Turn newsletter issues into a podcast episode and feed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
