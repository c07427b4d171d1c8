"""Reading newsletters from a real IMAP server (Dovecot, started by the test on 127.0.0.1): only
the allowed senders' messages are opened, each once, and nothing on the server changes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from digestcast.collect import MailRead, read_mailboxes
from digestcast.config import Settings, load_settings
from digestcast.inbox import Inbox, inbox_path
from tests.mail.dovecot import PASSWORD, Dovecot
from tests.mail.letters import ALLOW, DAY, PERSONAL_MARK, malformed, newsletter, personal

ENV = "DIGESTCAST_TEST_IMAP_PASSWORD"
CHANGES = {"SELECT", "STORE", "EXPUNGE", "COPY", "MOVE", "APPEND", "DELETE", "RENAME"}
UID_CHANGES = ("UID STORE", "UID COPY", "UID MOVE", "UID EXPUNGE")


@pytest.fixture
def server() -> Iterator[Dovecot]:
    with Dovecot() as running:
        yield running


def _settings(tmp_path: Path, url: str, extra: str = "") -> Settings:
    config = tmp_path / "podcast.toml"
    allow = ", ".join(f'"{a}"' for a in ALLOW)
    config.write_text(
        f'source_mailboxes = ["{url}"]\nallow_senders = [{allow}]\nmailbox_password_env = "{ENV}"\n'
        + extra
    )
    return load_settings(config)


def _read(settings: Settings) -> MailRead:
    with Inbox(inbox_path(settings.output_dir)) as inbox:
        return read_mailboxes(settings, inbox)


def fifty(when: dt.datetime = DAY) -> list[bytes]:
    """10 newsletter issues from allowed senders among 40 personal messages."""
    letters = [newsletter(("harbor", "garden", "valley")[n % 3], n, when=when) for n in range(10)]
    mail = [personal(n, when=when) for n in range(40)]
    return [m for pair in zip(letters, mail[:10], strict=True) for m in pair] + mail[10:]


def body_fetches(commands: list[str]) -> list[set[int]]:
    """The UID sets of every FETCH that asked for whole messages."""
    found = []
    for command in commands:
        match = re.match(r"UID FETCH ([\d,:]+) \(UID BODY\.PEEK\[\]\)$", command)
        if match:
            found.append({int(u) for u in match[1].split(",")})
    return found


def test_fifty_messages_ten_newsletters_read_others_unopened(
    server: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.deliver(fifty())
    monkeypatch.setenv(ENV, PASSWORD)
    settings = _settings(tmp_path, server.url("INBOX"))
    read = _read(settings)
    assert (read.stored, read.others, read.duplicates, read.problems) == (10, 40, 0, [])
    assert read.fetch_commands == 2  # one for the header fields of all 50, one for 10 bodies

    ours = server.sessions()
    commands = server.commands()
    assert commands[:2] == ['EXAMINE "INBOX"', "UID SEARCH UID 1:*"]  # read-only (after LOGIN)
    assert not any(c.split()[0] in CHANGES or c.startswith(UID_CHANGES) for c in commands)
    assert not any("BODY[" in c for c in commands)  # only BODY.PEEK: no flag is ever set
    newsletters = {uid for uid, sender in server.senders().items() if "friend" not in sender}
    assert len(newsletters) == 10
    assert body_fetches(commands) == [newsletters]
    assert not any(server.seen_flags().values())
    assert PERSONAL_MARK.encode() not in inbox_path(settings.output_dir).read_bytes()

    before = server.sessions()
    again = _read(settings)  # nothing new: no FETCH at all
    assert (again.stored, again.others, again.fetch_commands) == (0, 0, 0)
    second = server.commands(exclude=before)
    assert second == ['EXAMINE "INBOX"', "UID SEARCH UID 51:*", "LOGOUT"]
    assert ours <= before

    server.deliver([personal(99), newsletter("garden", 42), newsletter("harbor", 3)])
    later = _read(settings)  # only the new messages' headers; one new body; one duplicate
    assert (later.stored, later.others, later.duplicates) == (1, 1, 1)
    assert not any(server.seen_flags().values())


def test_imaps_with_a_certificate_the_system_trusts(
    server: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.deliver([newsletter("valley", 1), malformed()])
    monkeypatch.setenv(ENV, PASSWORD)
    settings = _settings(tmp_path, server.url("INBOX", tls=True))
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))  # trusts nothing: the server is refused
    refused = _read(settings)
    assert refused.stored == 0 and len(refused.problems) == 1
    assert "TLS failed" in refused.problems[0] and "certificate" in refused.problems[0]
    monkeypatch.setenv("SSL_CERT_FILE", str(server.cert))
    read = _read(settings)
    assert (read.stored, read.problems) == (2, [])


def test_a_wrong_or_missing_password_is_reported(
    server: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path, server.url("INBOX"))
    monkeypatch.delenv(ENV, raising=False)
    missing = _read(settings)
    assert len(missing.problems) == 1 and f"set {ENV}" in missing.problems[0]
    monkeypatch.setenv(ENV, "not-the-password")
    wrong = _read(settings)
    assert len(wrong.problems) == 1 and "imap://reader@127.0.0.1" in wrong.problems[0]
    assert "\n" not in wrong.problems[0]
    monkeypatch.setenv(ENV, PASSWORD)
    no_folder = _read(_settings(tmp_path, server.url("Nowhere")))
    assert len(no_folder.problems) == 1 and "Nowhere" in no_folder.problems[0]


def test_a_message_over_the_size_limit_is_never_fetched(
    server: Dovecot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = newsletter("garden", 3).replace(b"Rain barrels", b"Rain barrels " + b"x" * 40_000)
    server.deliver([newsletter("valley", 3), big])
    monkeypatch.setenv(ENV, PASSWORD)
    settings = _settings(tmp_path, server.url(), "[ingest]\nmax_bytes = 20000\n")
    read = _read(settings)
    assert read.stored == 1 and len(read.problems) == 1
    assert "over ingest.max_bytes (20000)" in read.problems[0]
    assert "Garden Letter No. 3" in read.problems[0]
    (fetched,) = body_fetches(server.commands())
    assert len(fetched) == 1  # only the small one
    assert _read(settings).problems == []  # reported once, never fetched again
