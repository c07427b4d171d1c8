"""Newsletter emails written for these tests (HTML and text parts, attachments, other charsets),
personal mail that must never be read, and ways to put them in a Maildir, an mbox or Dovecot."""

from __future__ import annotations

import datetime as dt
import mailbox
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

DAY = dt.datetime(2026, 4, 10, 6, 0, tzinfo=dt.UTC)
PERSONAL_MARK = "PRIVATE-NOTE-7731"  # only in personal mail: must appear nowhere we write

# (newsletter name, sender, list-id, stories: (title, paragraphs))
LETTERS = {
    "harbor": (
        "Harbor Notes",
        "editor@harbor-notes.example.org",
        "harbor.notes.example.org",
        [
            (
                "Ferry service returns to the north pier",
                [
                    "The city restored the morning ferry after a winter of repairs to the north "
                    "pier. Riders can board at seven o'clock on weekdays.",
                    "The harbor office says the new ramp is wider and safer for bicycles.",
                ],
            ),
            (
                "Tide gauges get solar panels",
                [
                    "Four tide gauges along the breakwater now run on small solar panels. "
                    "Engineers expect fewer gaps in the water level record.",
                ],
            ),
        ],
    ),
    "garden": (
        "Garden Letter",
        "hello@letters.example.com",
        "",
        [
            (
                "Seed library opens at the old station",
                [
                    "Neighbors can now borrow tomato and bean seeds from the old station house. "
                    "Borrowers return seeds from their own harvest in the autumn.",
                ],
            ),
            (
                "Rain barrels for every school",
                [
                    "Every primary school in the district receives two rain barrels this spring. "
                    "Pupils will use the water for the school gardens.",
                ],
            ),
        ],
    ),
    "valley": (
        "Valley Café Bulletin",
        "bulletin@valley.example.net",
        "valley.bulletin.example.net",
        [
            (
                "Café Été wins the regional pastry prize",
                [
                    "The small café on the market square won the regional pastry prize for its "
                    "crème brûlée. The owners thanked the village for its patience during the "
                    "renovations.",
                ],
            ),
        ],
    ),
}


def _html(stories: list[tuple[str, list[str]]]) -> str:
    body = "".join(
        f"<h2>{title}</h2>" + "".join(f"<p>{p}</p>" for p in paras) for title, paras in stories
    )
    return f"<html><body>{body}<p>You receive this because you subscribed.</p></body></html>"


def _text(stories: list[tuple[str, list[str]]]) -> str:
    return "\n\n".join(f"{title}\n\n" + "\n\n".join(paras) for title, paras in stories) + "\n"


def newsletter(
    which: str,
    number: int,
    *,
    when: dt.datetime = DAY,
    charset: str = "utf-8",
    attachment: bool = False,
    message_id: str | None = None,
) -> bytes:
    """An issue of one of LETTERS: multipart/alternative (text and HTML), optionally with a PDF
    attached, in `charset` (quoted-printable)."""
    name, sender, list_id, stories = LETTERS[which]
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = "reader@example.com"
    msg["Subject"] = f"{name} No. {number}"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id or f"<{which}-{number}@mail.example>"
    if list_id:
        msg["List-Id"] = f"{name} <{list_id}>"
    msg.set_content(_text(stories), charset=charset, cte="quoted-printable")
    msg.add_alternative(_html(stories), subtype="html", charset=charset, cte="quoted-printable")
    if attachment:
        msg.add_attachment(
            b"%PDF-1.4\n% a small file written for this test\n",
            maintype="application",
            subtype="pdf",
            filename="programme.pdf",
        )
    return bytes(msg)


def personal(number: int, *, when: dt.datetime = DAY) -> bytes:
    """Mail from a friend: never to be opened by digestcast."""
    msg = EmailMessage()
    msg["From"] = f"Friend {number} <friend{number}@example.net>"
    msg["To"] = "reader@example.com"
    msg["Subject"] = f"Dinner on Friday? ({number})"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<personal-{number}@example.net>"
    msg.set_content(f"See you at eight. {PERSONAL_MARK}\n\nMy bank code is in the attachment.\n")
    return bytes(msg)


def malformed(*, when: dt.datetime = DAY) -> bytes:
    """From an allowed sender, but a multipart message whose parts are missing."""
    return (
        "From: Harbor Notes <editor@harbor-notes.example.org>\r\n"
        "Subject: Harbor Notes No. 99\r\n"
        f"Date: {format_datetime(when)}\r\n"
        "Message-ID: <harbor-broken@mail.example>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="nothing-here"\r\n'
        "\r\n"
        "this message lost its parts\r\n"
    ).encode("ascii")


ALLOW = ("editor@harbor-notes.example.org", "*@letters.example.com", "valley.bulletin.example.net")


def fill_maildir(folder: Path, messages: list[bytes]) -> mailbox.Maildir:
    box = mailbox.Maildir(folder, factory=None, create=True)
    for data in messages:
        box.add(mailbox.MaildirMessage(data))
    return box


def fill_mbox(path: Path, messages: list[bytes]) -> None:
    box = mailbox.mbox(path, factory=None, create=True)
    box.lock()
    try:
        for data in messages:
            box.add(mailbox.mboxMessage(data))
        box.flush()
    finally:
        box.unlock()
        box.close()
