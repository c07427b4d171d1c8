"""`digestcast serve`: serve the output folder so podcast apps can subscribe."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digestcast.cli.app import app
from digestcast.cli.common import err, out, settings_from, user_errors


@app.command()
def serve(
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="The output folder (default: from the config).")
    ] = None,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 for the whole LAN.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    config: Annotated[Path | None, typer.Option(help="podcast.toml to read.")] = None,
) -> None:
    """Serve the feed, episodes and show page over HTTP (HEAD, byte ranges, ETags)."""
    from digestcast.serve import ShowServer, built_feed_url, feed_urls

    with user_errors():
        settings = settings_from(config).with_overrides(output_dir=out_dir)
        server = ShowServer(settings.output_dir, host, port)
    urls = feed_urls(host, server.port)
    out.print(f"Serving {settings.output_dir} on {server.base_url}", markup=False, soft_wrap=True)
    for url in urls:
        out.print(f"Paste into your podcast app: {url}", markup=False, soft_wrap=True)
    if (settings.output_dir / "index.html").is_file():
        page = urls[0].removesuffix("feed.xml")
        out.print(f"Show page (player, transcripts): {page}", markup=False, soft_wrap=True)
    built = built_feed_url(settings.output_dir)  # what the apps will read, not podcast.toml
    if built is not None and built not in urls:
        err.print(
            f"note: the feed's URLs use {built.removesuffix('feed.xml')}; build with "
            f"show.base_url = {urls[0].removesuffix('feed.xml')!r} so apps can reach the episodes",
            markup=False,
            soft_wrap=True,
        )
    try:
        server.serve_forever()  # returns on Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    out.print("stopped", markup=False, soft_wrap=True)
