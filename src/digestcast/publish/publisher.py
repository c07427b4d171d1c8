"""publish_episode: files into place, the catalog updated, the feed and show page rewritten,
all or nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from digestcast.config import Settings, ShowSettings
from digestcast.errors import PublishError
from digestcast.fsio import write_bytes_atomic, write_text_atomic
from digestcast.mix.transcript import to_json_chapters
from digestcast.models import Episode, Issue, Script
from digestcast.publish.catalog import Catalog, EpisodeRecord
from digestcast.publish.categories import validate_category
from digestcast.publish.feed import FeedInfo, public_url, render_feed
from digestcast.publish.files import FileMoves
from digestcast.publish.identity import episode_guid, episode_slug, feed_podcast_guid, issue_key
from digestcast.publish.notes import episode_description, show_notes
from digestcast.publish.site import render_page

CATALOG_NAME = "catalog.sqlite"
FEED_NAME = "feed.xml"
PAGE_NAME = "index.html"
EPISODES_DIR = "episodes"
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


def _show_guid(catalog: Catalog, show: ShowSettings) -> str:
    """settings.show.podcast_guid wins; else the guid stored once, derived from the feed URL."""
    if show.podcast_guid:
        catalog.set_show_value("podcast_guid", show.podcast_guid)
        return show.podcast_guid
    return catalog.podcast_guid(feed_podcast_guid(show.feed_url))


def _write_site(catalog: Catalog, settings: Settings, moves: FileMoves | None) -> Path:
    """Render feed.xml and index.html from the catalog (inside its transaction) and write them."""
    out = settings.output_dir
    info = FeedInfo(settings.show, _show_guid(catalog, settings.show), catalog.show_value("cover"))
    episodes = catalog.episodes()
    feed = render_feed(info, episodes)
    page = render_page(info, episodes).encode("utf-8")
    if moves is None:
        write_bytes_atomic(out / FEED_NAME, feed)
        write_bytes_atomic(out / PAGE_NAME, page)
    else:
        moves.write(out / FEED_NAME, feed)
        moves.write(out / PAGE_NAME, page)
    return out / FEED_NAME


def write_feed(settings: Settings) -> Path:
    """Regenerate feed.xml and the show page from the catalog."""
    validate_category(settings.show.category, settings.show.subcategory, "show")
    try:
        with Catalog(catalog_path(settings)) as catalog, catalog.transaction():
            return _write_site(catalog, settings, None)
    except (OSError, sqlite3.Error) as exc:
        raise PublishError(f"{settings.output_dir}: cannot write the feed ({exc})") from exc


def _cover_suffix(cover: Path) -> str:
    try:
        with Image.open(cover) as image:
            kind = image.format or ""
    except (OSError, UnidentifiedImageError) as exc:
        raise PublishError(f"{cover}: cannot read the cover image ({exc})") from None
    if kind not in COVER_SUFFIXES:
        raise PublishError(f"{cover}: cover must be a PNG or JPEG image, not {kind or 'unknown'}")
    return COVER_SUFFIXES[kind]


def _install_cover(
    catalog: Catalog, cover: Path | None, settings_cover: Path | None, out: Path, moves: FileMoves
) -> Path | None:
    """Copy the cover to cover.png/cover.jpg (named by its real type) and remember it.
    Without a cover, the show's configured one is used until a cover is stored.
    Returns the previous cover when its name changed (to delete once committed)."""
    if cover is None and catalog.show_value("cover") is None:
        cover = settings_cover
    if cover is None:
        return None
    name = "cover" + _cover_suffix(cover)
    moves.write(out / name, cover.read_bytes())
    previous = catalog.show_value("cover")
    catalog.set_show_value("cover", name)
    return out / previous if previous and previous != name else None


def _plan_files(episode: Episode, slug: str, out: Path) -> dict[str, tuple[Path, Path]]:
    """kind -> (staged path, final path) for the audio and the files beside it."""
    if not episode.audio_path.is_file():
        raise PublishError(f"{episode.audio_path}: episode audio not found")
    folder = out / EPISODES_DIR
    plan = {"audio": (episode.audio_path, folder / f"{slug}{episode.audio_path.suffix.lower()}")}
    for kind, staged in sorted(episode.files.items()):
        if not staged.is_file():
            raise PublishError(f"{staged}: the episode's {kind} file is missing")
        suffix = FILE_SUFFIXES.get(kind, f".{kind}{staged.suffix}")
        plan[kind] = (staged, folder / f"{slug}{suffix}")
    return plan


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
    On any failure nothing changes: files go back to staging and the catalog rolls back."""
    validate_category(settings.show.category, settings.show.subcategory, "show")
    out = settings.output_dir
    slug, key = episode_slug(issue), issue_key(issue)
    episode = _stage_chapters(episode)
    plan = _plan_files(episode, slug, out)
    moves = FileMoves()
    stale: list[Path] = []
    with Catalog(catalog_path(settings)) as catalog:
        try:
            with catalog.transaction():
                podcast_guid = _show_guid(catalog, settings.show)
                existing = catalog.by_issue_key(key)
                for staged, final in plan.values():
                    moves.move(staged, final)
                old_cover = _install_cover(catalog, cover, settings.show.cover, out, moves)
                stale = [old_cover] if old_cover else []
                audio = plan["audio"][1]
                record = EpisodeRecord(
                    guid=existing.guid if existing else episode_guid(podcast_guid, key),
                    number=existing.number if existing else catalog.allocate_number(),
                    issue_key=key,
                    slug=slug,
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
                )
                catalog.save(record)
                feed_path = _write_site(catalog, settings, moves)
                if existing:
                    kept = set(record.files.values())
                    stale += [out / p for p in existing.files.values() if p not in kept]
        except BaseException as exc:
            moves.undo()
            if isinstance(exc, OSError | sqlite3.Error):
                raise PublishError(f"{out}: cannot publish {slug} ({exc})") from exc
            raise
    moves.finish()
    for path in stale:
        path.unlink(missing_ok=True)
    return PublishResult(
        feed_path=feed_path,
        audio_path=audio,
        guid=record.guid,
        number=record.number,
        episode_url=public_url(settings.show, record.files["audio"]),
        page_path=out / PAGE_NAME,
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
    with Catalog(catalog_path(settings), create=False) as catalog:
        record = catalog.find(guid_or_number)
        if record is None:
            raise PublishError(f"{guid_or_number}: no such episode in {catalog.path}")
        moves = FileMoves()
        try:
            with catalog.transaction():
                catalog.remove(record.guid)
                _write_site(catalog, settings, moves)
        except BaseException as exc:
            moves.undo()
            if isinstance(exc, OSError | sqlite3.Error):
                raise PublishError(f"{record.guid}: cannot remove the episode ({exc})") from exc
            raise
        moves.finish()
    for relative in record.files.values():
        (settings.output_dir / relative).unlink(missing_ok=True)
    return record


def _rebuild_source(issue: Issue) -> str:
    """What `episodes rebuild` reads again: the path or URL the user gave (a file as an
    absolute path); nothing for stdin or an edited script."""
    if not issue.source or issue.source == "-":
        return ""
    path = Path(issue.source)
    return str(path.resolve()) if path.is_file() else issue.source
