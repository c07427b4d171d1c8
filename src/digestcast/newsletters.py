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
from digestcast.combine import Period, combined_issue, current_period, period_from_key
from digestcast.config import Settings
from digestcast.errors import DigestcastError, IngestError, PublishError
from digestcast.inbox import SKIPPED_PERIOD, Inbox, StoredMessage, inbox_path
from digestcast.ingest import load_email_issue, load_feed_issues
from digestcast.models import Issue
from digestcast.pipeline import BuildRequest, run
from digestcast.publish import PublishResult, issue_key, known_issue_keys
from digestcast.shows import UpdateEvent

Found = list["NewIssue"]
MAILBOX_SCHEMES = ("imaps", "imap", "maildir", "mbox")


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
        try:
            issue = load_email_issue(message.raw, _mail_origin(message), settings.ingest)
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


def _mail_origin(message: StoredMessage) -> str:
    """What an episode built from one message records as its origin (`episodes rebuild`)."""
    return f"{message.mailbox} {message.message_id}"


def from_inbox(origin: str) -> bool:
    """Whether an episode's origin is a combined period or a stored message."""
    return period_from_key(origin) is not None or origin.split(":", 1)[0] in MAILBOX_SCHEMES


def _period_issue(settings: Settings, inbox: Inbox, period: Period) -> Issue:
    """The combined issue of a published period, from the issues recorded with it."""
    found: Found = []
    list(_feed_issues(settings, found))  # (a feed that cannot be read: its issues are missing)
    for message in inbox.waiting(period.key):
        if message.episode == period.key:
            issue = load_email_issue(message.raw, _mail_origin(message), settings.ingest)
            found.append(NewIssue(issue, issue_key(issue), message.mailbox, message))
    assigned = inbox.digest_items()
    mine = [item for item in found if assigned.get(item.key) == period.key]
    wanted = sum(1 for where in assigned.values() if where == period.key)
    if len(mine) < wanted:
        raise PublishError(
            f"{period.key}: {wanted - len(mine)} of its {wanted} issues can no longer be read"
        )
    return combined_issue(period, [i.issue for i in mine], settings.show.title)


def rebuild_from_inbox(settings: Settings, origin: str) -> tuple[Issue, PublishResult]:
    """Build again a combined episode (origin: its period) or an episode read from a mailbox
    (origin: "MAILBOX MESSAGE-ID"), from the issues and messages kept in the inbox."""
    with Inbox(inbox_path(settings.output_dir)) as inbox:
        period = period_from_key(origin)
        if period is not None:
            issue = _period_issue(settings, inbox, period)
        else:
            mailbox, _, message_id = origin.partition(" ")
            message = inbox.find(mailbox, message_id)
            if message is None:
                raise PublishError(f"{origin}: the message is not in {inbox.path}")
            issue = load_email_issue(message.raw, origin, settings.ingest)
    state = run(settings, BuildRequest(source=origin, issue=issue))
    assert state.published is not None
    return issue, state.published
