"""`digestcast episodes list|remove`: the show's catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from digestcast.cli.app import app
from digestcast.cli.common import out, settings_from, user_errors

episodes_app = typer.Typer(
    name="episodes", help="List or remove published episodes.", no_args_is_help=True
)
app.add_typer(episodes_app, name="episodes")

OutOption = Annotated[
    Path | None, typer.Option("--out", help="The output folder (default: from the config).")
]
ConfigOption = Annotated[Path | None, typer.Option(help="podcast.toml to read.")]


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


@episodes_app.command("list")
def list_command(out_dir: OutOption = None, config: ConfigOption = None) -> None:
    """The catalog as a table, newest first."""
    with user_errors():
        settings = settings_from(config).with_overrides(output_dir=out_dir)
        from digestcast.publish import list_episodes

        records = list_episodes(settings)
    if not records:
        out.print(f"no episodes in {settings.output_dir}", markup=False, soft_wrap=True)
        return
    count = f"{len(records)} episode" + ("" if len(records) == 1 else "s")
    table = Table(title=f"{settings.show.title} ({count})")
    table.add_column("#", justify="right")
    table.add_column("date")
    table.add_column("title")
    table.add_column("length", justify="right")
    table.add_column("MB", justify="right")
    table.add_column("guid", overflow="fold")
    for r in sorted(records, key=lambda r: (r.date or r.pub_date.date(), r.number), reverse=True):
        day = (r.date or r.pub_date.date()).isoformat()
        size = f"{r.size_bytes / 1_000_000:.1f}"
        table.add_row(str(r.number), day, r.title, _minutes(r.duration), size, r.guid)
    out.print(table)


@episodes_app.command("remove")
def remove_command(
    episode: Annotated[str, typer.Argument(metavar="GUID_OR_NUMBER", help="A guid or a number.")],
    out_dir: OutOption = None,
    config: ConfigOption = None,
) -> None:
    """Remove an episode and its files, and rewrite the feed."""
    with user_errors():
        settings = settings_from(config).with_overrides(output_dir=out_dir)
        from digestcast.publish import remove_episode

        record = remove_episode(settings, episode)
    out.print(
        f"removed episode {record.number}: {record.title} ({record.guid})",
        markup=False,
        soft_wrap=True,
    )


@episodes_app.command("rebuild")
def rebuild_command(
    episode: Annotated[str, typer.Argument(metavar="GUID_OR_NUMBER", help="A guid or a number.")],
    out_dir: OutOption = None,
    config: ConfigOption = None,
    engine: Annotated[str | None, typer.Option(help="piper or pyttsx3.")] = None,
) -> None:
    """Read an episode's source again and rebuild it in place: same guid, same number."""
    with user_errors():
        settings = settings_from(config).with_overrides(output_dir=out_dir, engine=engine)
        from digestcast.shows import rebuild_episode

        issue, published = rebuild_episode(settings, episode)
    out.print(
        f"rebuilt episode {published.number}: {issue.title} -> {published.audio_path}",
        markup=False,
        soft_wrap=True,
    )
