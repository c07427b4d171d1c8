"""`digestcast build`: one newsletter issue in, one published episode out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from digestcast.cli.app import app
from digestcast.cli.common import (
    ExecutorOption,
    RayAddressOption,
    err,
    executor_overrides,
    out,
    settings_from,
    user_errors,
)
from digestcast.cli.progress import RichProgress
from digestcast.errors import ConfigError
from digestcast.pipeline import BuildRequest, BuildState, run


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _say(text: str) -> None:
    out.print(text, soft_wrap=True)


def _summary(state: BuildState) -> None:
    episode, published, issue = state.episode, state.published, state.issue
    assert episode is not None and published is not None and issue is not None
    assert state.script is not None
    segments = state.script.segments
    stories = len({s.story_index for s in segments if s.kind == "story"})
    _say("")
    _say(f"[bold]Episode {published.number}:[/] {escape(state.script.title)}")
    _say(
        f"  length    {_clock(episode.duration)} "
        f"({stories} stories, {len(episode.chapters)} chapters)"
    )
    _say(f"  audio     {published.audio_path} ({episode.size_bytes / 1e6:.1f} MB)")
    _say(f"  feed      {published.feed_path}")
    _say(f"  show page {published.page_path}")
    _say(f"  its page  {published.audio_path.with_suffix('.html')} (player, chapters, transcript)")
    stages = ", ".join(f"{name} {took:.1f}" for name, took in state.seconds.items())
    _say(f"  time      {sum(state.seconds.values()):.1f} s ({stages})")
    _say("")
    _say(f"Listen:    open {published.audio_path}")
    out_dir = state.settings.output_dir
    _say(
        f"Subscribe: run `digestcast serve --out {out_dir}` and paste "
        f"{state.settings.show.feed_url} into your podcast app, or open "
        f"{state.settings.show.feed_url.removesuffix('feed.xml')} in a browser"
    )


@app.command()
def build(
    source: Annotated[
        str | None,
        typer.Argument(help="The issue: a file (.txt .md .html .eml .xml), - for stdin, or a URL."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option(help="podcast.toml (default: ./podcast.toml if present).")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: output/).")
    ] = None,
    engine: Annotated[
        str | None, typer.Option(help="Read every segment with this engine: piper or pyttsx3.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="Where the output folder is served, e.g. https://example.org/podcast/."),
    ] = None,
    item: Annotated[
        str | None, typer.Option(help="For a feed: latest, an index, or a GUID.")
    ] = None,
    script: Annotated[
        Path | None, typer.Option(help="Synthesize this edited script instead of writing one.")
    ] = None,
    length: Annotated[str | None, typer.Option(help="brief, standard or full.")] = None,
    audio_format: Annotated[
        str | None, typer.Option("--format", help="mp3 (default) or m4a.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option(help="Synthesis workers (default: the number of cores).")
    ] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Segment cache folder.")] = None,
    executor: ExecutorOption = None,
    ray_address: RayAddressOption = None,
    dry_run: Annotated[bool, typer.Option(help="Stop after writing the script.")] = False,
    keep_intermediates: Annotated[bool, typer.Option(help="Keep the staging folder.")] = False,
    sequential: Annotated[
        bool, typer.Option(help="Run one thing at a time: no stage overlaps another (debugging).")
    ] = False,
) -> None:
    """Build an episode from a newsletter issue and add it to the feed."""
    with user_errors():
        if (source is None) == (script is None):
            raise ConfigError("build: give exactly one of SOURCE or --script FILE")
        settings = settings_from(config).with_overrides(
            output_dir=str(out_dir) if out_dir else None,
            engine=engine,
            cache_dir=str(cache_dir) if cache_dir else None,
            jobs=jobs,
            **{"show.base_url": base_url, "write.length": length, "audio.format": audio_format},
            **executor_overrides(executor, ray_address),
        )
        request = BuildRequest(
            source=source,
            item=item,
            script=script,
            dry_run=dry_run,
            keep_intermediates=keep_intermediates,
            sequential=sequential,
        )
        with RichProgress(err) as progress:
            state = run(settings, request, progress)
        if dry_run:
            from digestcast.write.scriptfile import dump_script

            assert state.script is not None
            out.print(dump_script(state.script), markup=False, highlight=False)
            return
        _summary(state)
