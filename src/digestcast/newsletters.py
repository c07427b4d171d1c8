"""`update` for a show that reads mailboxes or combines its issues: read the mailboxes into the
inbox, gather every new issue of the feeds and the inbox, then build one episode per issue, or
one combined episode for the period (`combine = "daily"` or "weekly").

Safe to repeat and to interrupt: messages are stored before anything is built and marked done
only once their episode is published; the issues of a combined episode are recorded with their
period before it is built, so a run killed half-way builds the same period again next time, and
a period already published is built again only when asked (`rebuild`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from digestcast.collect import MailRead, read_mailboxes
from digestcast.combine import Period, combined_issue, current_period
from digestcast.config import Settings
from digestcast.errors import DigestcastError, IngestError
from digestcast.inbox import SKIPPED_PERIOD, Inbox, StoredMessage, inbox_path
from digestcast.ingest import load_email_issue, load_feed_issues
from digestcast.models import Issue
from digestcast.pipeline import BuildRequest, run
from digestcast.publish import issue_key, known_issue_keys
from digestcast.shows import UpdateEvent

Found = list["NewIssue"]


@dataclass(frozen=True)
class NewIssue:
    """An issue found in a source, with its identity and, when it came by mail, its message."""

    issue: Issue
    key: str
    source: str  # the feed or the mailbox it came from
    message: StoredMessage | None = None


def _feed_issues(settings: Settings, found: Found) -> Iterator[UpdateEvent]:
    """Every issue of the show's feeds into `found`; a feed or item that fails, as an event."""
    for feed in settings.source_feeds:
        try:
            issues, problems = load_feed_issues(feed, settings.ingest)
        except DigestcastError as exc:
            yield UpdateEvent("skipped", str(exc))
            continue
        for problem in problems:
            yield UpdateEvent("skipped", problem)
        found += [NewIssue(i, issue_key(i), feed) for i in issues]


def _mail_issues(
    settings: Settings, inbox: Inbox, rebuild: str | None, found: Found
) -> Iterator[UpdateEvent]:
    """The stored messages waiting for an episode, read as issues, into `found`. A message
    that cannot be read is reported once and marked failed: it is never tried again."""
    for message in inbox.waiting(rebuild):
        name = f"{message.mailbox} {message.message_id}"
        try:
            issue = load_email_issue(message.raw, name, settings.ingest)
        except IngestError as exc:
            with inbox.transaction():
                inbox.set_status(message, "failed", error=str(exc))
            yield UpdateEvent("skipped", f"{exc} (from {message.sender}: {message.subject!r})")
            continue
        found.append(NewIssue(issue, issue_key(issue), message.mailbox, message))


def _done(inbox: Inbox, found: Sequence[NewIssue], episode: str) -> None:
    with inbox.transaction():
        for item in found:
            if item.message is not None:
                inbox.set_status(item.message, "done", episode=episode)


def _build(settings: Settings, item: NewIssue) -> UpdateEvent:
    try:
        state = run(settings, BuildRequest(source=item.source, issue=item.issue))
    except DigestcastError as exc:
        return UpdateEvent("failed", f"{item.issue.title}: {exc}")
    assert state.published is not None
    published = state.published
    return UpdateEvent(
        "built", f"episode {published.number}: {item.issue.title} -> {published.audio_path}"
    )


def _build_each(settings: Settings, found: Found, inbox: Inbox) -> Iterator[UpdateEvent]:
    """One episode per new issue."""
    known = known_issue_keys(settings)
    for item in found:
        if item.key not in known:
            event = _build(settings, item)
            yield event
            if event.kind != "built":
                continue
            known.add(item.key)
        _done(inbox, [item], item.key)


def _choose(
    found: Found, assigned: dict[str, str], period: Period, known: set[str]
) -> tuple[Found, Found, Found]:
    """(the issues of this period's episode, issues already in a published episode, issues too
    old for a show's first combined episode)."""
    first = not assigned
    chosen: Found = []
    published: Found = []
    old: Found = []
    keys: set[str] = set()
    for item in found:
        where = assigned.get(item.key)
        earlier = where != period.key and (item.key in known or (where or "") in known)
        if item.key in keys or where == SKIPPED_PERIOD or earlier:
            published.append(item)
        elif first and item.issue.date is not None and item.issue.date < period.first_issue_date:
            old.append(item)
        else:
            chosen.append(item)
        keys.add(item.key)
    return chosen, published, old


def _build_period(
    settings: Settings, found: Found, inbox: Inbox, period: Period, rebuild: bool
) -> Iterator[UpdateEvent]:
    """One combined episode for the period from every issue not yet in one."""
    known = known_issue_keys(settings)
    if period.key in known and not rebuild:
        yield UpdateEvent("note", f"{period.key}: already published (--rebuild builds it again)")
        return
    assigned = inbox.digest_items()
    chosen, published, old = _choose(found, assigned, period, known)
    with inbox.transaction():  # before building: an interrupted run builds the same again
        inbox.assign([i.key for i in old], SKIPPED_PERIOD)
        inbox.assign([i.key for i in chosen], period.key)
    _done(inbox, old, SKIPPED_PERIOD)
    for item in published:
        _done(inbox, [item], assigned.get(item.key) or item.key)
    if not chosen:
        yield UpdateEvent("note", f"{period.key}: no new issues")
        return
    issue = combined_issue(period, [i.issue for i in chosen], settings.show.title)
    event = _build(settings, NewIssue(issue, period.key, period.key))
    yield event
    if event.kind == "built":
        _done(inbox, chosen, period.key)


def _mail_note(read: MailRead) -> str:
    return (
        f"mail: {read.stored} newsletter(s) read, {read.others} other message(s) left "
        f"unopened, {read.duplicates} duplicate(s)"
    )


def update_newsletters(
    settings: Settings, *, rebuild: bool = False, today: dt.date | None = None
) -> Iterator[UpdateEvent]:
    """Read the mailboxes, then build; an event per episode built, per source, item or
    message that failed, and notes on what was read. The caller holds the update lock."""
    with Inbox(inbox_path(settings.output_dir)) as inbox:
        if settings.source_mailboxes:
            read = read_mailboxes(settings, inbox)
            for problem in read.problems:
                yield UpdateEvent("skipped", problem)
            yield UpdateEvent("note", _mail_note(read))
        combine = settings.show.combine
        period = current_period(combine, today or dt.date.today()) if combine else None
        found: Found = []
        yield from _feed_issues(settings, found)
        again = period.key if period is not None and rebuild else None
        yield from _mail_issues(settings, inbox, again, found)
        if period is None:
            yield from _build_each(settings, found, inbox)
        else:
            yield from _build_period(settings, found, inbox, period, rebuild)
