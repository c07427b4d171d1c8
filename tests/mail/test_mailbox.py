"""Mailbox addresses, the allow-list, and reading a real Maildir and mbox without changing them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from digestcast.collect import read_mailboxes
from digestcast.config import load_settings
from digestcast.errors import ConfigError
from digestcast.inbox import Inbox, inbox_path
from digestcast.ingest.imap import mailbox_password
from digestcast.ingest.mailbox import envelope, is_allowed, parse_mailbox_url
from tests.mail.letters import (
    ALLOW,
    PERSONAL_MARK,
    fill_maildir,
    fill_mbox,
    malformed,
    newsletter,
    personal,
)


def test_mailbox_addresses() -> None:
    imaps = parse_mailbox_url("imaps://me%40example.com@mail.example.com/News/Letters")
    assert (imaps.kind, imaps.host, imaps.port, imaps.user, imaps.folder) == (
        "imaps", "mail.example.com", 993, "me@example.com", "News/Letters",
    )  # fmt: skip
    assert parse_mailbox_url("imaps://me@host").folder == "INBOX"
    local = parse_mailbox_url("imap://me@127.0.0.1:1143/INBOX")
    assert (local.kind, local.port) == ("imap", 1143)
    assert parse_mailbox_url("maildir:///home/me/Mail/news").path == Path("/home/me/Mail/news")
    assert parse_mailbox_url("mbox:///var/mail/news.mbox").kind == "mbox"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("imaps://me:hunter2@host/INBOX", "no password in podcast.toml"),
        ("imap://me@mail.example.com/INBOX", "use imaps://"),
        ("imaps://host/INBOX", "needs a user"),
        ("pop3://me@host", "must start with"),
        ("maildir:Mail/news", "must be absolute"),
        ("imaps://me@host:port/INBOX", "port"),
    ],
)
def test_bad_mailbox_addresses_are_named(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_mailbox_url(url)


def test_mailboxes_need_an_allow_list(tmp_path: Path) -> None:
    config = tmp_path / "podcast.toml"
    config.write_text('source_mailboxes = ["maildir:///tmp/none"]\n')
    with pytest.raises(ConfigError, match="allow_senders"):
        load_settings(config)
    config.write_text('source_mailboxes = ["imaps://me:pw@h/INBOX"]\nallow_senders = ["a@b.c"]\n')
    with pytest.raises(ConfigError, match="no password"):
        load_settings(config)


def test_combine_under_show_or_a_shows_table(tmp_path: Path) -> None:
    config = tmp_path / "podcast.toml"
    config.write_text('[show]\ncombine = "daily"\n')
    assert load_settings(config).show.combine == "daily"
    config.write_text('[shows.morning]\ncombine = "weekly"\n[shows.each]\n')
    assert load_settings(config, "morning").show.combine == "weekly"
    assert load_settings(config, "each").show.combine is None
    config.write_text('[show]\ncombine = "hourly"\n')
    with pytest.raises(ConfigError, match="combine"):
        load_settings(config)


def test_allow_list_matches_addresses_globs_and_list_ids() -> None:
    harbor = envelope("1", newsletter("harbor", 1))
    garden = envelope("2", newsletter("garden", 1))
    valley = envelope("3", newsletter("valley", 1))
    friend = envelope("4", personal(1))
    assert (harbor.sender, harbor.list_id) == (
        "editor@harbor-notes.example.org",
        "harbor.notes.example.org",
    )
    assert all(is_allowed(e, ALLOW) for e in (harbor, garden, valley))
    assert not is_allowed(friend, ALLOW)
    assert is_allowed(harbor, ("<harbor.notes.example.org>",))
    assert is_allowed(harbor, ("*.example.org",))  # a List-Id glob
    assert not is_allowed(garden, ("*.example.org",))  # no List-Id, and not an address entry
    assert is_allowed(harbor, ("EDITOR@Harbor-Notes.example.org",))
    assert not is_allowed(harbor, ())


def test_a_message_without_message_id_gets_one_from_its_header() -> None:
    data = b"From: a@b.example\r\nSubject: hi\r\n\r\nbody\r\n"
    found = envelope("9", data)
    assert found.message_id.startswith("sha256:")
    assert found.message_id == envelope("10", data).message_id


def _settings(tmp_path: Path, url: str):  # type: ignore[no-untyped-def]
    config = tmp_path / "podcast.toml"
    allow = ", ".join(f'"{a}"' for a in ALLOW)
    config.write_text(f'source_mailboxes = ["{url}"]\nallow_senders = [{allow}]\n')
    return load_settings(config)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


MESSAGES = [
    newsletter("harbor", 1, attachment=True),
    personal(1),
    newsletter("garden", 1, charset="iso-8859-1"),
    personal(2),
    newsletter("harbor", 1),  # the same Message-ID again
    malformed(),
    newsletter("valley", 1, charset="windows-1252"),
]


@pytest.mark.parametrize("kind", ["maildir", "mbox"])
def test_local_mailbox_read_once_allowed_only_unchanged(tmp_path: Path, kind: str) -> None:
    where = tmp_path / ("Mail" if kind == "maildir" else "news.mbox")
    if kind == "maildir":
        fill_maildir(where, MESSAGES).close()
    else:
        fill_mbox(where, MESSAGES)
    before = _digest(where) if kind == "maildir" else {"": where.read_bytes().hex()}
    mtime = where.stat().st_mtime_ns
    settings = _settings(tmp_path, f"{kind}://{where}")
    with Inbox(inbox_path(settings.output_dir)) as inbox:
        read = read_mailboxes(settings, inbox)
        assert (read.stored, read.others, read.duplicates, read.problems) == (4, 2, 1, [])
        stored = inbox.waiting()
        assert sorted(m.sender for m in stored) == sorted(
            ["editor@harbor-notes.example.org"] * 2
            + ["hello@letters.example.com", "bulletin@valley.example.net"]
        )
        assert not any(PERSONAL_MARK.encode() in m.raw for m in stored)
        again = read_mailboxes(settings, inbox)
        assert (again.stored, again.others, again.duplicates) == (0, 0, 0)
    raw = inbox_path(settings.output_dir).read_bytes()
    assert PERSONAL_MARK.encode() not in raw
    assert b"Dinner on Friday" not in raw  # not even the subject of personal mail is kept
    after = _digest(where) if kind == "maildir" else {"": where.read_bytes().hex()}
    assert after == before and where.stat().st_mtime_ns == mtime


def test_a_missing_mailbox_is_reported_not_raised(tmp_path: Path) -> None:
    settings = _settings(tmp_path, f"maildir://{tmp_path / 'nowhere'}")
    with Inbox(inbox_path(settings.output_dir)) as inbox:
        read = read_mailboxes(settings, inbox)
    assert len(read.problems) == 1 and "nowhere" in read.problems[0]


def test_the_password_comes_from_the_environment_else_the_keyring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys
    import types

    source = parse_mailbox_url("imaps://me@mail.example.com/News")
    monkeypatch.setenv("MY_IMAP_PASSWORD", "from-env")
    assert mailbox_password(source, "MY_IMAP_PASSWORD") == "from-env"
    monkeypatch.delenv("MY_IMAP_PASSWORD")
    asked: list[tuple[str, str]] = []

    def get_password(service: str, user: str) -> str:
        asked.append((service, user))
        return "from-keyring"

    fake = types.ModuleType("keyring")  # a stand-in for the optional package
    fake.get_password = get_password  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    assert mailbox_password(source, "MY_IMAP_PASSWORD") == "from-keyring"
    assert asked == [("digestcast", "me@mail.example.com")]
    monkeypatch.setitem(sys.modules, "keyring", None)  # not installed
    with pytest.raises(ConfigError, match="set MY_IMAP_PASSWORD or store one in the keyring"):
        mailbox_password(source, "MY_IMAP_PASSWORD")
