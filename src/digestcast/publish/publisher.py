"""publish_episode: files into place, the catalog updated, the feed and show page rewritten,
all or nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import filecmp
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from digestcast.config import Settings
from digestcast.errors import PublishError
from digestcast.fsio import write_text_atomic
from digestcast.mix.transcript import to_json_chapters
from digestcast.models import Episode, Issue, Script
from digestcast.publish.catalog import Catalog, EpisodeRecord
from digestcast.publish.categories import validate_category
from digestcast.publish.consistency import (
    CATALOG_NAME,
    EPISODES_DIR,
    PAGE_NAME,
    named_files,
    publish_lock,
    recover,
    set_pending,
    show_guid,
    signals_deferred,
    stage_site,
)
from digestcast.publish.feed import public_url
from digestcast.publish.files import FileSwitch
from digestcast.publish.identity import episode_guid, episode_slug, issue_key
from digestcast.publish.notes import episode_description, show_notes
from digestcast.publish.site import episode_page_path
from digestcast.publish.story_notes import story_notes

COVER_SUFFIXES = {"PNG": ".png", "JPEG": ".jpg"}
# Where each kind of file goes, after the slug.
FILE_SUFFIXES = {"vtt": ".vtt", "srt": ".srt", "txt": ".txt", "chapters": ".chapters.json"}


@dataclass(frozen=True)
class PublishResult:
    feed_path: Path
    audio_path: Path  # the final audio file
    guid: str
    number: int
    episode_url: str  # the enclosure URL
    page_path: Path


def catalog_path(settings: Settings) -> Path:
    return settings.output_dir / CATALOG_NAME


def write_feed(settings: Settings) -> Path:
    """Regenerate feed.xml and the show page from the catalog."""
    validate_category(settings.show.category, settings.show.subcategory, "show")
    out = settings.output_dir
    try:
        with publish_lock(out), Catalog(catalog_path(settings)) as catalog, signals_deferred():
            recover(catalog, settings)
            switch = FileSwitch()
            with catalog.transaction():
                feed_path = stage_site(catalog, settings, switch)
            switch.switch()
            return feed_path
    except (OSError, sqlite3.Error) as exc:
        raise PublishError(f"{out}: cannot write the feed ({_reason(exc)})") from exc


def _reason(exc: BaseException) -> str:
    strerror = getattr(exc, "strerror", None)
    if isinstance(exc, OSError) and strerror:
        return f"{strerror}: {exc.filename}" if exc.filename else strerror
    return str(exc)


def _cover_suffix(cover: Path) -> str:
    try:
        with Image.open(cover) as image:
            kind = image.format or ""
    except (OSError, UnidentifiedImageError) as exc:
        raise PublishError(f"{cover}: cannot read the cover image ({exc})") from None
    if kind not in COVER_SUFFIXES:
        raise PublishError(f"{cover}: cover must be a PNG or JPEG image, not {kind or 'unknown'}")
    return COVER_SUFFIXES[kind]


@dataclass(frozen=True)
class _CoverPlan:
    name: str  # cover.png or cover.jpg, by the image's real type
    data: bytes
    previous: str | None  # the stored cover's name, when it differs (deleted once committed)


def _plan_cover(
    catalog: Catalog, cover: Path | None, settings_cover: Path | None
) -> _CoverPlan | None:
    """The cover to install (checked now, before anything moves). Without a cover, the show's
    configured one is used until a cover is stored."""
    if cover is None and catalog.show_value("cover") is None:
        cover = settings_cover
    if cover is None:
        return None
    name = "cover" + _cover_suffix(cover)
    try:
        data = cover.read_bytes()
    except OSError as exc:
        raise PublishError(f"{cover}: cannot read the cover image ({exc.strerror})") from None
    previous = catalog.show_value("cover")
    return _CoverPlan(name, data, previous if previous and previous != name else None)


def _same_file(staged: Path, published: Path) -> bool:
    return published.is_file() and filecmp.cmp(staged, published, shallow=False)


def _plan_files(
    episode: Episode, slug: str, out: Path, existing: EpisodeRecord | None
) -> dict[str, tuple[Path | None, Path]]:
    """kind -> (staged path, final path) for the audio and the files beside it. A file that
    changed gets a name no file has yet (slug, slug-v2, ...), so the live feed's files are never
    overwritten; an unchanged one keeps its published name (staged path None: nothing to move)."""
    if not episode.audio_path.is_file():
        raise PublishError(f"{episode.audio_path}: episode audio not found")
    staged = {"audio": (episode.audio_path, episode.audio_path.suffix.lower())}
    for kind, path in sorted(episode.files.items()):
        if not path.is_file():
            raise PublishError(f"{path}: the episode's {kind} file is missing")
        staged[kind] = (path, FILE_SUFFIXES.get(kind, f".{kind}{path.suffix}"))
    published = existing.files if existing else {}
    plan: dict[str, tuple[Path | None, Path]] = {}
    changed: dict[str, tuple[Path, str]] = {}
    for kind, (path, suffix) in staged.items():
        before = out / published[kind] if kind in published else None
        if before is not None and _same_file(path, before):
            plan[kind] = (None, before)
        else:
            changed[kind] = (path, suffix)
    folder = out / EPISODES_DIR
    version = 1
    while any(_versioned(folder, slug, version, s).exists() for _, s in changed.values()):
        version += 1
    for kind, (path, suffix) in changed.items():
        plan[kind] = (path, _versioned(folder, slug, version, suffix))
    return plan


def _versioned(folder: Path, slug: str, version: int, suffix: str) -> Path:
    return folder / (f"{slug}{suffix}" if version == 1 else f"{slug}-v{version}{suffix}")


def _stage_chapters(episode: Episode) -> Episode:
    """The episode with a JSON chapters file beside its audio, written when mix gave none."""
    if "chapters" in episode.files or not episode.chapters:
        return episode
    path = episode.audio_path.with_name(episode.audio_path.stem + ".chapters.json")
    write_text_atomic(path, to_json_chapters(episode.chapters))
    files = {**episode.files, "chapters": path}
    return Episode(
        audio_path=episode.audio_path,
        duration=episode.duration,
        chapters=episode.chapters,
        cues=episode.cues,
        size_bytes=episode.size_bytes,
        mime_type=episode.mime_type,
        files=files,
    )


def _relative(path: Path, out: Path) -> str:
    return path.relative_to(out).as_posix()


def publish_episode(
    episode: Episode,
    issue: Issue,
    script: Script,
    settings: Settings,
    *,
    cover: Path | None,
    now: dt.datetime | None = None,
) -> PublishResult:
    """Move the episode's files into output_dir/episodes/, record it in the catalog (the same
    issue keeps its guid, number and first publication date), rewrite feed.xml and index.html.
    On any failure nothing published changes: files go back to staging and the catalog rolls
    back; a kill at any moment leaves a consistent folder, which the next run tidies."""
    validate_category(settings.show.category, settings.show.subcategory, "show")
    out = settings.output_dir
    slug = episode_slug(issue)
    episode = _stage_chapters(episode)
    fresh = not catalog_path(settings).exists()
    try:
        with publish_lock(out), Catalog(catalog_path(settings)) as catalog, signals_deferred():
            recover(catalog, settings)
            return _publish_locked(catalog, episode, issue, script, settings, cover, now)
    except BaseException as exc:
        if fresh:
            _forget_fresh_catalog(out)
        if isinstance(exc, OSError | sqlite3.Error):
            raise PublishError(f"{out}: cannot publish {slug} ({_reason(exc)})") from exc
        raise


def _forget_fresh_catalog(out: Path) -> None:
    """A first publish that failed leaves no catalog and no empty episodes/ behind."""
    with contextlib.suppress(OSError, sqlite3.Error):
        with Catalog(out / CATALOG_NAME) as catalog:
            if catalog.episodes():
                return
        for name in (CATALOG_NAME, CATALOG_NAME + "-journal"):
            (out / name).unlink(missing_ok=True)
        (out / EPISODES_DIR).rmdir()


def _publish_locked(
    catalog: Catalog,
    episode: Episode,
    issue: Issue,
    script: Script,
    settings: Settings,
    cover: Path | None,
    now: dt.datetime | None,
) -> PublishResult:
    out, slug, key = settings.output_dir, episode_slug(issue), issue_key(issue)
    existing = catalog.by_issue_key(key)
    plan = _plan_files(episode, slug, out, existing)
    cover_plan = _plan_cover(catalog, cover, settings.show.cover)
    with catalog.transaction():  # what is about to be added, for recovery after a kill
        set_pending(catalog, [_relative(f, out) for s, f in plan.values() if s is not None])
    switch = FileSwitch()
    try:
        with catalog.transaction():
            for staged, final in plan.values():
                if staged is not None:
                    switch.place(staged, final)
            if cover_plan is not None:
                switch.stage(out / cover_plan.name, cover_plan.data)
                catalog.set_show_value("cover", cover_plan.name)
            record = _record(catalog, episode, issue, script, plan, existing, now, settings)
            catalog.save(record)
            named = named_files(catalog)
            stale = [p for p in (existing.files.values() if existing else ()) if p not in named]
            if cover_plan is not None and cover_plan.previous:
                stale.append(cover_plan.previous)
            if existing and existing.slug != record.slug:
                stale.append(episode_page_path(existing.slug))
            set_pending(catalog, stale)
            feed_path = stage_site(catalog, settings, switch)
            switch.step()  # (the commit)
    except BaseException:
        switch.undo()
        with contextlib.suppress(sqlite3.Error), catalog.transaction():
            set_pending(catalog, [])
        raise
    switch.switch()
    switch.delete([out / p for p in stale])
    with catalog.transaction():
        set_pending(catalog, [])
    return PublishResult(
        feed_path=feed_path,
        audio_path=out / record.files["audio"],
        guid=record.guid,
        number=record.number,
        episode_url=public_url(settings.show, record.files["audio"]),
        page_path=out / PAGE_NAME,
    )


def _record(
    catalog: Catalog,
    episode: Episode,
    issue: Issue,
    script: Script,
    plan: dict[str, tuple[Path | None, Path]],
    existing: EpisodeRecord | None,
    now: dt.datetime | None,
    settings: Settings,
) -> EpisodeRecord:
    out, audio, key = settings.output_dir, plan["audio"][1], issue_key(issue)
    podcast_guid = show_guid(catalog, settings.show)
    return EpisodeRecord(
        guid=existing.guid if existing else episode_guid(podcast_guid, key),
        number=existing.number if existing else catalog.allocate_number(),
        issue_key=key,
        slug=episode_slug(issue),
        title=script.title or issue.title,
        date=issue.date or script.date,
        pub_date=existing.pub_date if existing else _utc(now),
        files={kind: _relative(final, out) for kind, (_, final) in plan.items()},
        size_bytes=audio.stat().st_size,
        duration=episode.duration,
        mime_type=episode.mime_type,
        chapters=episode.chapters,
        description=episode_description(issue, script),
        show_notes=show_notes(issue, script, episode.chapters),
        source=issue.source_url or issue.source,
        origin=_rebuild_source(issue),
        stories=story_notes(issue),
    )


def _utc(now: dt.datetime | None) -> dt.datetime:
    moment = now or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def list_episodes(settings: Settings) -> list[EpisodeRecord]:
    """The catalog's episodes, newest first."""
    with Catalog(catalog_path(settings), create=False) as catalog:
        return catalog.episodes()


def remove_episode(settings: Settings, guid_or_number: str) -> EpisodeRecord:
    """Drop an episode from the catalog, rewrite the feed, then delete its files."""
    out = settings.output_dir
    if not catalog_path(settings).is_file():
        raise PublishError(f"{catalog_path(settings)}: no catalog here (publish an episode first)")
    try:
        with (
            publish_lock(out),
            Catalog(catalog_path(settings), create=False) as catalog,
            signals_deferred(),
        ):
            recover(catalog, settings)
            return _remove_locked(catalog, settings, guid_or_number)
    except (OSError, sqlite3.Error) as exc:
        raise PublishError(f"{guid_or_number}: cannot remove the episode ({_reason(exc)})") from exc


def _remove_locked(catalog: Catalog, settings: Settings, guid_or_number: str) -> EpisodeRecord:
    record = catalog.find(guid_or_number)
    if record is None:
        raise PublishError(f"{guid_or_number}: no such episode in {catalog.path}")
    switch = FileSwitch()
    try:
        with catalog.transaction():
            catalog.remove(record.guid)
            set_pending(catalog, [*record.files.values(), episode_page_path(record.slug)])
            stage_site(catalog, settings, switch)
    except BaseException:
        switch.undo()
        raise
    switch.switch()
    gone = [*record.files.values(), episode_page_path(record.slug)]
    switch.delete([settings.output_dir / p for p in gone])
    with catalog.transaction():
        set_pending(catalog, [])
    return record


def published_audio(settings: Settings, issue: Issue) -> Path | None:
    """The audio file published for this issue, if any (what an unchanged rebuild can reuse)."""
    path = catalog_path(settings)
    if not path.is_file():
        return None
    with contextlib.suppress(PublishError, sqlite3.Error), Catalog(path, create=False) as catalog:
        record = catalog.by_issue_key(issue_key(issue))
        if record is not None and "audio" in record.files:
            return settings.output_dir / record.files["audio"]
    return None


def _rebuild_source(issue: Issue) -> str:
    """What `episodes rebuild` reads again: the path or URL the user gave (a file as an
    absolute path); nothing for stdin or an edited script."""
    if not issue.source or issue.source == "-":
        return ""
    path = Path(issue.source)
    return str(path.resolve()) if path.is_file() else issue.source
