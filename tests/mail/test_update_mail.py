"""`digestcast update` from mailboxes, end to end through the real pipeline (pyttsx3): one
combined morning episode from a real IMAP server (Dovecot) and a feed, read back by ffprobe and
feedparser; a second run builds nothing; a run killed with SIGKILL loses no message."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sqlite3
import subprocess
import sys
import time
from email.utils import format_datetime
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from digestcast.cli import app
from tests.conftest import need_tool
from tests.mail.dovecot import PASSWORD, Dovecot
from tests.mail.letters import (
    ALLOW,
    PERSONAL_MARK,
    fill_maildir,
    fill_mbox,
    malformed,
    newsletter,
    personal,
)
from tests.mail.test_imap import body_fetches, fifty

ENV = "DIGESTCAST_TEST_IMAP_PASSWORD"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _feed(path: Path) -> Path:
    """An RSS feed written for this test: today's issue (one story, with a link) and an issue
    from two weeks ago, older than a show's first combined episode takes."""
    old = NOW - dt.timedelta(days=14)
    item = (
        "<item><title>{title}</title><link>{link}</link>"
        "<guid>{link}</guid><pubDate>{date}</pubDate><content:encoded><![CDATA[<h3>{title}</h3>"
        "<p>{body}</p><p>{more}</p>]]></content:encoded></item>"
    )
    items = [
        item.format(
            title="Library hours grow",
            link="https://townhall.example.org/issues/today",
            date=format_datetime(NOW),
            body="The central library now opens on Sunday afternoons, from noon to five. "
            "The council funded two new librarians for the change.",
            more="Readers asked for weekend hours in last year's survey of library users.",
        ),
        item.format(
            title="Old news",
            link="https://townhall.example.org/issues/old",
            date=format_datetime(old),
            body="An older issue about the spring parade route and its road closures.",
            more="The parade starts at the harbor and ends at the town hall square.",
        ),
    ]
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Town Hall Weekly</title><link>https://townhall.example.org/</link>"
        f"<description>Local government news</description>{''.join(items)}</channel></rss>"
    )
    return path


def _config(tmp_path: Path, mailbox: str, feeds: list[str]) -> Path:
    config = tmp_path / "podcast.toml"
    allow = ", ".join(f'"{a}"' for a in ALLOW)
    listed = ", ".join(f'"{f}"' for f in feeds)
    config.write_text(
        f'engine = "pyttsx3"\ncache_dir = "cache"\nsource_feeds = [{listed}]\n'
        f'source_mailboxes = ["{mailbox}"]\nallow_senders = [{allow}]\n'
        f'mailbox_password_env = "{ENV}"\n'
        '[show]\ntitle = "Morning Letters"\nbase_url = "http://127.0.0.1:8766/"\n'
        'combine = "daily"\n'
    )
    return config


def _today_mail() -> list[bytes]:
    return [
        newsletter("harbor", 5, when=NOW, attachment=True),
        personal(1, when=NOW),
        newsletter("valley", 5, when=NOW, charset="windows-1252"),
        newsletter("harbor", 5, when=NOW),  # the same Message-ID again
        personal(2, when=NOW),
        malformed(when=NOW),
    ]


def _chapters(mp3: Path) -> list[str]:
    raw = subprocess.run(
        [need_tool("ffprobe"), "-v", "error", "-show_chapters", "-of", "json", str(mp3)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    chapters = sorted(json.loads(raw)["chapters"], key=lambda c: float(c["start_time"]))
    return [c["tags"]["title"] for c in chapters]


EXPECTED_CHAPTERS = [
    "Intro",
    "Town Hall Weekly: Library hours grow",
    "Harbor Notes: Ferry service returns to the north pier",
    "Harbor Notes: Tide gauges get solar panels",
    "Valley Café Bulletin: Café Été wins the regional pastry prize",
    "Outro",
]


@pytest.mark.slow
def test_a_morning_episode_from_imap_and_a_feed_then_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, PASSWORD)
    runner = CliRunner()
    with Dovecot() as server:
        server.deliver(_today_mail())
        config = _config(tmp_path, server.url(), [str(_feed(tmp_path / "townhall.xml"))])
        first = runner.invoke(app, ["update", "--config", str(config)])
        assert first.exit_code == 1, first.output  # the malformed message is reported
        assert "email has no text or HTML part" in first.output
        assert "1 new episode(s), 1 failure(s)" in first.output
        assert "3 newsletter(s) read, 2 other message(s) left unopened, 1 duplicate(s)" in (
            first.output
        )
        out = tmp_path / "output"
        mp3s = list((out / "episodes").glob("*.mp3"))
        assert len(mp3s) == 1
        assert _chapters(mp3s[0]) == EXPECTED_CHAPTERS
        feed = feedparser.parse((out / "feed.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) == 1
        entry = feed.entries[0]
        today = dt.date.today()
        assert entry.title == f"Morning Letters: {today:%B} {today.day}, {today.year}"
        notes = entry.content[0].value
        for name in ("Town Hall Weekly", "Harbor Notes", "Valley Café Bulletin"):
            assert f"<h3>{name}</h3>" in notes
        assert "https://townhall.example.org/issues/today" in notes
        assert "Old news" not in notes  # older than the first period: skipped
        assert not any(server.seen_flags().values())
        for path in (out / "episodes").iterdir():
            assert PERSONAL_MARK not in path.read_text(errors="replace")

        before, stamp = server.sessions(), mp3s[0].stat().st_mtime_ns
        again = runner.invoke(app, ["update", "--config", str(config)])
        assert again.exit_code == 0, again.output
        assert "already published" in again.output and "0 new episode(s)" in again.output
        assert not any("FETCH" in c for c in server.commands(exclude=before))
        assert mp3s[0].stat().st_mtime_ns == stamp
        assert [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == [
            entry.id
        ]

        rebuilt = runner.invoke(app, ["update", "--rebuild", "--config", str(config)])
        assert "1 new episode(s)" in rebuilt.output, rebuilt.output  # the same period again
        assert _chapters(mp3s[0]) == EXPECTED_CHAPTERS
        assert mp3s[0].stat().st_mtime_ns != stamp
        assert [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == [
            entry.id
        ]


def _statuses(out: Path) -> dict[str, int]:
    with sqlite3.connect(out / "inbox.sqlite") as db:
        return dict(db.execute("SELECT status, COUNT(*) FROM messages GROUP BY status"))


@pytest.mark.slow
def test_a_killed_update_loses_no_message(tmp_path: Path) -> None:
    fill_maildir(tmp_path / "Mail", _today_mail()).close()
    config = _config(tmp_path, f"maildir://{tmp_path / 'Mail'}", [])
    out = tmp_path / "output"
    command = [sys.executable, "-c", "from digestcast.cli import main; main()", "update"]
    process = subprocess.Popen([*command, "--config", str(config)], cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not list(out.glob(".staging-*")) and time.monotonic() < deadline:
        assert process.poll() is None, "update ended before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # in the middle of building the episode
    process.wait()
    assert not (out / "feed.xml").exists()
    assert _statuses(out) == {"new": 2, "failed": 1, "duplicate": 1, "ignored": 2}

    result = CliRunner().invoke(app, ["update", "--config", str(config)])
    assert "1 new episode(s)" in result.output, result.output
    mp3s = list((out / "episodes").glob("*.mp3"))
    assert len(mp3s) == 1
    assert _chapters(mp3s[0]) == [c for c in EXPECTED_CHAPTERS if "Town Hall" not in c]
    assert _statuses(out) == {"done": 2, "failed": 1, "duplicate": 1, "ignored": 2}
    guids = [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]

    rebuilt = CliRunner().invoke(app, ["episodes", "rebuild", "1", "--config", str(config)])
    assert rebuilt.exit_code == 0, rebuilt.output  # from the issues kept with its period
    assert _chapters(mp3s[0]) == [c for c in EXPECTED_CHAPTERS if "Town Hall" not in c]
    assert [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == guids


@pytest.mark.slow
def test_an_episode_per_issue_from_an_mbox(tmp_path: Path) -> None:
    mbox = tmp_path / "news.mbox"
    fill_mbox(mbox, [personal(1), newsletter("valley", 7, charset="iso-8859-1"), personal(2),
                     newsletter("garden", 7, attachment=True)])  # fmt: skip
    config = _config(tmp_path, f"mbox://{mbox}", [])
    config.write_text(config.read_text().replace('combine = "daily"\n', ""))
    runner = CliRunner()
    first = runner.invoke(app, ["update", "--config", str(config)])
    assert first.exit_code == 0, first.output
    assert "2 new episode(s), 0 failure(s)" in first.output
    out = tmp_path / "output"
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert sorted(e.title for e in feed.entries) == [
        "Garden Letter No. 7",
        "Valley Café Bulletin No. 7",
    ]
    again = runner.invoke(app, ["update", "--config", str(config)])
    assert "0 new episode(s), 0 failure(s)" in again.output
    assert "0 newsletter(s) read, 0 other message(s)" in again.output
    assert _statuses(out) == {"done": 2, "ignored": 2}
    rebuilt = runner.invoke(app, ["episodes", "rebuild", "2", "--config", str(config)])
    assert rebuilt.exit_code == 0, rebuilt.output  # from the message kept in the inbox
    assert "rebuilt episode 2" in rebuilt.output


@pytest.mark.slow
def test_update_on_fifty_messages_opens_only_the_ten_newsletters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, PASSWORD)
    runner = CliRunner()
    with Dovecot() as server:
        server.deliver(fifty(NOW))
        config = _config(tmp_path, server.url(), [])
        first = runner.invoke(app, ["update", "--config", str(config)])
        assert first.exit_code == 0, first.output
        assert "10 newsletter(s) read, 40 other message(s) left unopened" in first.output
        assert "1 new episode(s), 0 failure(s)" in first.output
        sent = server.commands()  # (before the test looks at the mailbox itself)
        assert sum("FETCH" in c for c in sent) == 2  # the header fields of 50, then 10 bodies
        newsletters = {uid for uid, sender in server.senders().items() if "friend" not in sender}
        assert body_fetches(sent) == [newsletters]
        assert not any(server.seen_flags().values())
        (mp3,) = (tmp_path / "output" / "episodes").glob("*.mp3")
        names = [c.split(":")[0] for c in _chapters(mp3)[1:-1]]  # a chapter per story...
        letters = ["Harbor Notes", "Garden Letter", "Valley Café Bulletin"]
        assert list(dict.fromkeys(names)) == letters
        assert names == sorted(names, key=names.index)  # ...grouped by newsletter

        before = server.sessions()
        again = runner.invoke(app, ["update", "--config", str(config)])
        assert "0 new episode(s), 0 failure(s)" in again.output
        assert server.commands(exclude=before) == [
            'EXAMINE "INBOX"',
            "UID SEARCH UID 51:*",
            "LOGOUT",
        ]
