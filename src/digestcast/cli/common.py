"""What every command shares: loading settings and turning errors into one-line messages."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from digestcast.config import Settings, config_file, load_settings
from digestcast.errors import DigestcastError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn digestcast's errors into `error: <message>` on stderr and exit code 2."""
    try:
        yield
    except DigestcastError as exc:
        message = " ".join(str(exc).split())  # always one line
        err.print(
            f"[bold red]error:[/] {escape(message)}", soft_wrap=True, markup=True, highlight=False
        )
        raise typer.Exit(EXIT_USER_ERROR) from None
    except KeyboardInterrupt:
        err.print("interrupted: nothing was published", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def settings_from(config: Path | None, show: str | None = None) -> Settings:
    """The settings of `--config`, else ./podcast.toml when present, else the defaults.
    `show` picks one show of a podcast.toml that defines several."""
    return load_settings(config_file(config), show)


ExecutorOption = Annotated[
    str | None,
    typer.Option(
        "--executor",
        help="Where to synthesize: local (worker processes) or ray (a Ray cluster; "
        "pip install 'digestcast[ray]').",
    ),
]
RayAddressOption = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        help="The Ray cluster's head, host:port or auto (implies --executor ray; "
        "default: a private Ray on this machine).",
    ),
]


def executor_overrides(executor: str | None, ray_address: str | None) -> dict[str, Any]:
    """The settings `--executor` and `--ray-address` change (for `with_overrides`)."""
    if ray_address and executor is None:
        executor = "ray"
    return {"executor.kind": executor, "executor.address": ray_address}
