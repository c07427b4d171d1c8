"""Newsletter emails (.eml): the HTML part preferred, the plain part as fallback; quoted-printable
and base64 are undone by the email package; Subject and Date give the issue's title and date."""

from __future__ import annotations

import dataclasses
import re

from digestcast.errors import IngestError
from digestcast.ingest.blocks import Document
from digestcast.ingest.dates import parse_header_date
from digestcast.ingest.html import parse_html
from digestcast.ingest.markdown import looks_like_markdown, parse_markdown
from digestcast.ingest.text import decode, parse_text

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):[ \t]", re.M)
_MAIL_HEADERS = {
    b"from", b"to", b"subject", b"date", b"mime-version", b"content-type", b"message-id",
    b"received", b"return-path", b"delivered-to", b"reply-to", b"list-unsubscribe",
}  # fmt: skip
_STRONG = {b"from", b"subject", b"mime-version", b"received", b"return-path", b"message-id"}
_SUBJECT_PREFIX = re.compile(r"^(?:(?:re|fwd?)\s*:\s*)+", re.I)


def looks_like_email(data: bytes) -> bool:
    head = data.lstrip()[:8192].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names = {m.lower() for m in _HEADER_LINE.findall(head)}
    return len(names & _MAIL_HEADERS) >= 2 and bool(names & _STRONG)


def parse_email(data: bytes, source: str) -> Document:
    # here: the email package's parser and policies are imports other formats never need
    from email import policy
    from email.message import EmailMessage
    from email.parser import BytesParser
    from email.utils import parseaddr

    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("html", "plain"))
    if part is None:
        raise IngestError(f"{source}: email has no text or HTML part")
    try:
        raw = part.get_payload(decode=True) if part.get_param("charset") is None else None
        # no declared charset (a text file with Subject:/Date: lines): UTF-8, else Latin-1
        content = decode(raw, source, "latin-1") if isinstance(raw, bytes) else part.get_content()
    except (LookupError, ValueError, AssertionError) as exc:
        raise IngestError(
            f"{source}: cannot decode the email's {part.get_content_type()} part ({exc})"
        ) from None
    if not isinstance(content, str) or not content.strip():
        raise IngestError(f"{source}: the email's text is empty")
    if part.get_content_subtype() == "html":
        doc = parse_html(content)
    else:  # many newsletter tools (Buttondown...) send their plain part as Markdown
        doc = parse_markdown(content) if looks_like_markdown(content) else parse_text(content)
    subject = _SUBJECT_PREFIX.sub("", " ".join(str(message.get("subject", "")).split()))
    name, address = parseaddr(str(message.get("from", "")))
    date = parse_header_date(str(message["date"])) if message.get("date") else None
    return dataclasses.replace(
        doc,
        title=subject or doc.title,
        date=date or doc.date,
        publisher=name or address or doc.publisher,
    )
