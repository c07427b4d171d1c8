"""`digestcast cache stats|clear`: the segment cache of synthesized sentences."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from digestcast.cli.app import app
from digestcast.cli.common import out, settings_from, user_errors
from digestcast.config import Settings

if TYPE_CHECKING:
    from digestcast.speak.cache import SegmentCache

cache_app = typer.Typer(
    help="Inspect or empty the cache of synthesized sentences.", no_args_is_help=True
)
app.add_typer(cache_app, name="cache")

CacheDirOption = Annotated[
    Path | None, typer.Option("--cache-dir", help="The cache folder (default: from the config).")
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="podcast.toml to read.")]


def _cache(settings: Settings, cache_dir: Path | None) -> SegmentCache:
    from digestcast.speak.cache import open_cache

    return open_cache(settings.with_overrides(cache_dir=str(cache_dir) if cache_dir else None))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


@cache_app.command("stats")
def stats(cache_dir: CacheDirOption = None, config: ConfigOption = None) -> None:
    """How many sentences are cached, and how much room they take."""
    with user_errors():
        info = _cache(settings_from(config), cache_dir).stats()
        out.print(f"cache: {info.root}", markup=False)
        out.print(f"entries: {info.entries}", markup=False)
        out.print(f"size: {_mb(info.bytes)} of {_mb(info.max_bytes)}", markup=False)


@cache_app.command("clear")
def clear(cache_dir: CacheDirOption = None, config: ConfigOption = None) -> None:
    """Delete every cached sentence (the next build synthesizes everything again)."""
    with user_errors():
        cache = _cache(settings_from(config), cache_dir)
        removed = cache.clear()
        out.print(f"removed {removed} cached sentences from {cache.root}", markup=False)
