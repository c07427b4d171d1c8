"""publish_episode and the catalog: numbering, rebuilds, all-or-nothing writes, removal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from digestcast.errors import ConfigError, PublishError
from digestcast.publish import list_episodes, publish_episode, remove_episode, write_feed
from digestcast.publish.catalog import SCHEMA_VERSION
from tests.publish.conftest import MakeEpisode, make_settings

NOW = dt.datetime(2026, 4, 10, 6, 0, tzinfo=dt.UTC)


def _rows(out: Path) -> list[tuple[str, int, str]]:
    with sqlite3.connect(out / "catalog.sqlite") as db:
        return db.execute("SELECT guid, number, title FROM episodes ORDER BY number").fetchall()


def test_two_episodes_are_numbered_1_and_2(
    tmp_path: Path, make_episode: MakeEpisode, cover_png: Path
) -> None:
    settings = make_settings(tmp_path / "out")
    first = publish_episode(*make_episode(1), settings, cover=cover_png, now=NOW)
    second = publish_episode(*make_episode(2), settings, cover=None, now=NOW + dt.timedelta(days=1))
    assert (first.number, second.number) == (1, 2)
    assert first.guid != second.guid
    assert first.audio_path == tmp_path / "out/episodes/2026-04-01-weekly-wire-1.mp3"
    assert first.episode_url == "https://example.org/show/episodes/2026-04-01-weekly-wire-1.mp3"
    for suffix in (".mp3", ".vtt", ".srt", ".txt", ".chapters.json"):
        assert (tmp_path / f"out/episodes/2026-04-02-weekly-wire-2{suffix}").is_file()
    assert (tmp_path / "out/cover.png").read_bytes() == cover_png.read_bytes()
    assert not list((tmp_path / ".staging-1").iterdir())  # everything moved out of staging
    assert [r.number for r in list_episodes(settings)] == [2, 1]  # newest first
    with sqlite3.connect(tmp_path / "out/catalog.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_rebuilding_an_issue_keeps_guid_number_and_date(
    tmp_path: Path, make_episode: MakeEpisode
) -> None:
    settings = make_settings(tmp_path / "out")
    first = publish_episode(*make_episode(1), settings, cover=None, now=NOW)
    publish_episode(*make_episode(2), settings, cover=None, now=NOW)
    again = publish_episode(*make_episode(1), settings, cover=None, now=NOW + dt.timedelta(days=9))
    assert (again.guid, again.number) == (first.guid, 1)
    rows = _rows(tmp_path / "out")
    assert [n for _, n, _ in rows] == [1, 2]  # no duplicate
    assert rows[0][0] == first.guid
    record = next(r for r in list_episodes(settings) if r.number == 1)
    assert record.pub_date == NOW
    assert not list((tmp_path / "out/episodes").glob(".*"))  # no backup left behind


def test_a_failed_publish_changes_nothing(
    tmp_path: Path, make_episode: MakeEpisode, sine_mp3: Path
) -> None:
    out = tmp_path / "out"
    settings = make_settings(out)
    publish_episode(*make_episode(1), settings, cover=None, now=NOW)
    feed_before = (out / "feed.xml").read_bytes()
    audio_before = (out / "episodes/2026-04-01-weekly-wire-1.mp3").read_bytes()
    not_an_image = tmp_path / "cover.png"
    not_an_image.write_text("this is not a picture", encoding="utf-8")

    rebuild = make_episode(1)
    (rebuild[0].audio_path).write_bytes(sine_mp3.read_bytes()[:5000])  # a different audio file
    with pytest.raises(PublishError, match="cannot read the cover"):
        publish_episode(*rebuild, settings, cover=not_an_image, now=NOW)
    new = make_episode(2)
    with pytest.raises(PublishError, match="cannot read the cover"):
        publish_episode(*new, settings, cover=not_an_image, now=NOW)

    assert len(_rows(out)) == 1
    assert (out / "feed.xml").read_bytes() == feed_before
    assert (out / "episodes/2026-04-01-weekly-wire-1.mp3").read_bytes() == audio_before
    assert not (out / "episodes/2026-04-02-weekly-wire-2.mp3").exists()
    assert new[0].audio_path.is_file() and rebuild[0].audio_path.is_file()  # back in staging
    assert not list(out.rglob(".*.bak"))


def test_a_bad_category_is_refused_before_anything_moves(
    tmp_path: Path, make_episode: MakeEpisode
) -> None:
    settings = make_settings(tmp_path / "out").with_overrides(**{"show.category": "Podcasting"})
    episode, issue, script = make_episode(1)
    with pytest.raises(ConfigError, match="Podcasting"):
        publish_episode(episode, issue, script, settings, cover=None)
    assert episode.audio_path.is_file()


def test_remove_drops_the_episode_and_its_files(tmp_path: Path, make_episode: MakeEpisode) -> None:
    out = tmp_path / "out"
    settings = make_settings(out)
    first = publish_episode(*make_episode(1), settings, cover=None, now=NOW)
    publish_episode(*make_episode(2), settings, cover=None, now=NOW)
    removed = remove_episode(settings, "1")
    assert removed.guid == first.guid
    assert not list((out / "episodes").glob("2026-04-01-*"))
    assert first.guid not in (out / "feed.xml").read_text(encoding="utf-8")
    third = publish_episode(*make_episode(3), settings, cover=None, now=NOW)
    assert third.number == 3  # a removed number is never reused
    with pytest.raises(PublishError, match="no such episode"):
        remove_episode(settings, first.guid)


def test_podcast_guid_is_kept_when_the_url_changes(
    tmp_path: Path, make_episode: MakeEpisode
) -> None:
    out = tmp_path / "out"
    publish_episode(*make_episode(1), make_settings(out), cover=None, now=NOW)
    moved = make_settings(out, base_url="https://new.example.net/")
    write_feed(moved)
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "https://new.example.net/episodes/2026-04-01-weekly-wire-1.mp3" in feed
    # the guid derived from the first URL, https://example.org/show/feed.xml
    assert "<podcast:guid>0495cb90-b9d0-50ba-b94b-a40da5f73898</podcast:guid>" in feed


def test_a_missing_catalog_is_reported(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="no catalog here"):
        list_episodes(make_settings(tmp_path / "nothing"))


def test_a_disk_error_mid_publish_rolls_back_as_a_publish_error(
    tmp_path: Path, make_episode: MakeEpisode, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    settings = make_settings(out)
    publish_episode(*make_episode(1), settings, cover=None, now=NOW)
    feed_before = (out / "feed.xml").read_bytes()

    def disk_full(*_: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("digestcast.publish.consistency.site_files", disk_full)
    episode, issue, script = make_episode(2)
    with pytest.raises(PublishError, match=r"cannot publish 2026-04-02-weekly-wire-2 .*No space"):
        publish_episode(episode, issue, script, settings, cover=None, now=NOW)
    assert len(_rows(out)) == 1 and episode.audio_path.is_file()
    assert (out / "feed.xml").read_bytes() == feed_before
    assert not (out / "episodes/2026-04-02-weekly-wire-2.mp3").exists()


def test_a_version_1_catalog_is_migrated_and_keeps_its_episodes(
    tmp_path: Path, make_episode: MakeEpisode
) -> None:
    settings = make_settings(tmp_path / "out")
    first = publish_episode(*make_episode(1), settings, cover=None, now=NOW)
    with sqlite3.connect(tmp_path / "out/catalog.sqlite") as db:  # as version 1 wrote it
        db.execute("ALTER TABLE episodes DROP COLUMN origin")
        db.execute("ALTER TABLE episodes DROP COLUMN stories")
        db.execute("PRAGMA user_version = 1")
    second = publish_episode(*make_episode(2), settings, cover=None, now=NOW)
    newest, oldest = list_episodes(settings)
    assert [newest.guid, oldest.guid] == [second.guid, first.guid]
    assert oldest.stories == () and newest.stories[0].title == "Robots learn to knit, part 2"
    with sqlite3.connect(tmp_path / "out/catalog.sqlite") as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3


def test_chapter_images_are_kept_in_the_catalog(tmp_path: Path, make_episode: MakeEpisode) -> None:
    settings = make_settings(tmp_path / "out")
    episode, issue, script = make_episode(1)
    image = "https://example.com/knit.jpg"
    chapters = (episode.chapters[0], dataclasses.replace(episode.chapters[1], image=image))
    episode = dataclasses.replace(episode, chapters=chapters)
    publish_episode(episode, issue, script, settings, cover=None, now=NOW)
    (record,) = list_episodes(settings)
    assert record.chapters == chapters
    assert record.chapters[0].image is None
