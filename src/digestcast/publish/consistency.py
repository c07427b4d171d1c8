"""What keeps the published folder consistent across kills: one publisher at a time, the feed
and show page staged from the catalog, and recovery of whatever a killed publish left.

The catalog records, before a publish adds a file, the files it is about to add ("pending");
and, when it commits, the files the new feed no longer names (pending again, until deleted)
and the SHA-256 of the feed it rendered. On the next run, `recover` deletes pending files no
episode names, removes temporary files, and rewrites feed.xml and index.html when the feed on
disk is not the one the catalog committed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from digestcast.config import Settings, ShowSettings
from digestcast.errors import PublishError
from digestcast.publish.catalog import Catalog
from digestcast.publish.feed import FeedInfo, render_feed
from digestcast.publish.files import TEMP_SUFFIX, FileSwitch
from digestcast.publish.identity import feed_podcast_guid
from digestcast.publish.site import ASSETS_DIR, site_files

CATALOG_NAME = "catalog.sqlite"
FEED_NAME = "feed.xml"
PAGE_NAME = "index.html"
EPISODES_DIR = "episodes"
PENDING_KEY = "pending_files"
FEED_HASH_KEY = "feed_sha256"
# What older versions and fsio left beside published files: `.NAME.TOKEN.bak`, `.NAME.XXXX.part`.
_LEFTOVER = re.compile(r"^\..+\.([0-9a-f]{8}\.bak|[A-Za-z0-9_]{8}\.part)$")


@contextlib.contextmanager
def publish_lock(out: Path) -> Iterator[None]:
    """One publisher per output folder at a time (an flock on the folder itself)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise PublishError(f"{out}: cannot open the output folder ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (the catalog commit and the renames),
    then take effect. (Signal handlers belong to the main thread: elsewhere this does nothing.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signum)) for s in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            signal.raise_signal(caught[0])


def check_writable(out: Path) -> None:
    """A one-line error now, before any synthesis, when the output folder (or, before it
    exists, the folder it will be made in) cannot be written."""
    folder = out
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    probe = folder / f".digestcast-probe-{os.getpid()}{TEMP_SUFFIX}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PublishError(f"{out}: the output folder cannot be written ({reason})") from None


def show_guid(catalog: Catalog, show: ShowSettings) -> str:
    """settings.show.podcast_guid wins; else the guid stored once, derived from the feed URL."""
    if show.podcast_guid:
        catalog.set_show_value("podcast_guid", show.podcast_guid)
        return show.podcast_guid
    return catalog.podcast_guid(feed_podcast_guid(show.feed_url))


def stage_site(catalog: Catalog, settings: Settings, switch: FileSwitch) -> Path:
    """Render the website (show page, episode pages, their assets) and feed.xml from the catalog
    (inside its transaction), stage them (the feed last, so it is switched in last) and record
    the feed's hash."""
    out = settings.output_dir
    info = FeedInfo(settings.show, show_guid(catalog, settings.show), catalog.show_value("cover"))
    episodes = catalog.episodes()
    feed = render_feed(info, episodes)
    cover = switch.current(out / info.cover) if info.cover else None  # a new cover is staged
    for relative, data in site_files(info, episodes, out, cover).items():
        switch.stage(out / relative, data)
    switch.stage(out / FEED_NAME, feed)
    catalog.set_show_value(FEED_HASH_KEY, hashlib.sha256(feed).hexdigest())
    return out / FEED_NAME


def pending(catalog: Catalog) -> list[str]:
    return list(json.loads(catalog.show_value(PENDING_KEY) or "[]"))


def set_pending(catalog: Catalog, paths: list[str]) -> None:
    catalog.set_show_value(PENDING_KEY, json.dumps(sorted(set(paths))))


def named_files(catalog: Catalog) -> set[str]:
    """Every file the committed catalog names (relative to the output folder)."""
    named = {p for record in catalog.episodes() for p in record.files.values()}
    cover = catalog.show_value("cover")
    return named | ({cover} if cover else set())


def _leftovers(out: Path) -> Iterator[Path]:
    for folder in (out, out / EPISODES_DIR, out / ASSETS_DIR):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            for entry in folder.iterdir():
                name = entry.name
                if name.endswith(TEMP_SUFFIX) or _LEFTOVER.match(name):
                    yield entry
                elif folder == out and name.startswith(".staging-") and entry.is_dir():
                    yield entry  # older versions staged inside the output folder


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _feed_is_current(catalog: Catalog, out: Path) -> bool:
    try:
        data = (out / FEED_NAME).read_bytes()
    except FileNotFoundError:
        return not catalog.episodes()
    return hashlib.sha256(data).hexdigest() == catalog.show_value(FEED_HASH_KEY)


def recover(catalog: Catalog, settings: Settings) -> None:
    """Undo what a killed publish left (call with the publish lock held)."""
    out = settings.output_dir
    for leftover in list(_leftovers(out)):
        _remove(leftover)
    waiting = pending(catalog)
    if not waiting and _feed_is_current(catalog, out):
        return
    switch = FileSwitch()
    with catalog.transaction():
        if not _feed_is_current(catalog, out):
            stage_site(catalog, settings, switch)
        keep = named_files(catalog)
        stale = [out / p for p in waiting if p not in keep]
        set_pending(catalog, [])
    switch.switch()
    switch.delete(stale)


def recover_output(settings: Settings) -> None:
    """At the start of a build: check the output folder can be written, and recover it."""
    out = settings.output_dir
    check_writable(out)
    if not out.is_dir():
        return
    if not (out / CATALOG_NAME).is_file():
        with publish_lock(out):
            for leftover in list(_leftovers(out)):
                _remove(leftover)
        return
    try:
        with publish_lock(out), Catalog(out / CATALOG_NAME) as catalog:
            recover(catalog, settings)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise PublishError(f"{out}: cannot tidy the output folder ({reason})") from None
