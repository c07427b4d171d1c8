"""`update` for a show that reads mailboxes or combines its issues: read the mailboxes into the
inbox, gather every new issue of the feeds and the inbox, then build one episode per issue, or
one combined episode for the period (`combine = "daily"` or "weekly").

Safe to repeat and to interrupt: messages are stored before anything is built and marked done
only once their episode is published; the issues of a combined episode are recorded with their
period before it is built, so a run killed half-way builds the same period again next time, and
a period already published is built again only when asked (`rebuild`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from digestcast.collect import MailRead, read_mailboxes
from digestcast.combine import Period, combined_issue, current_period
from digestcast.config import Settings
from digestcast.errors import DigestcastError, IngestError
from digestcast.inbox import SKIPPED_PERIOD, Inbox, StoredMessage, inbox_path
from digestcast.ingest import load_email_issue, load_feed_issues
from digestcast.models import Issue
from digestcast.pipeline import BuildRequest, run
from digestcast.publish import issue_key, list_episodes
from digestcast.publish.publisher import catalog_path

Say = Callable[[str], None]


@dataclass(frozen=True)
class NewIssue:
    """An issue found in a source, with its identity and, when it came by mail, its message."""

    issue: Issue
    key: str
    source: str  # the feed or the mailbox it came from
    message: StoredMessage | None = None


@dataclass(frozen=True)
class Reporter:
    say: Say  # what was built
    warn: Say  # what was skipped or failed


def published_keys(settings: Settings) -> set[str]:
    if not catalog_path(settings).is_file():
        return set()
    return {r.issue_key for r in list_episodes(settings)}


def _feed_issues(settings: Settings, report: Reporter) -> tuple[list[NewIssue], int]:
    found: list[NewIssue] = []
    failed = 0
    for feed in settings.source_feeds:
        try:
            issues, problems = load_feed_issues(feed, settings.ingest)
        except DigestcastError as exc:
            report.warn(f"skipped: {exc}")
            failed += 1
            continue
        for problem in problems:
            report.warn(f"skipped: {problem}")
        failed += len(problems)
        found += [NewIssue(i, issue_key(i), feed) for i in issues]
    return found, failed


def _mail_issues(
    settings: Settings, inbox: Inbox, report: Reporter, rebuild: str | None
) -> tuple[list[NewIssue], int]:
    """The stored messages waiting for an episode, read as issues. A message that cannot be
    read is reported once and marked failed: it is never tried again."""
    found: list[NewIssue] = []
    failed = 0
    for message in inbox.waiting(rebuild):
        name = f"{message.mailbox} {message.message_id}"
        try:
            issue = load_email_issue(message.raw, name, settings.ingest)
        except IngestError as exc:
            with inbox.transaction():
                inbox.set_status(message, "failed", error=str(exc))
            report.warn(f"skipped: {exc} (from {message.sender}: {message.subject!r})")
            failed += 1
            continue
        found.append(NewIssue(issue, issue_key(issue), message.mailbox, message))
    return found, failed


def _done(inbox: Inbox, found: Sequence[NewIssue], episode: str) -> None:
    with inbox.transaction():
        for item in found:
            if item.message is not None:
                inbox.set_status(item.message, "done", episode=episode)


def _build(settings: Settings, item: NewIssue, report: Reporter) -> bool:
    try:
        state = run(settings, BuildRequest(source=item.source, issue=item.issue))
    except DigestcastError as exc:
        report.warn(f"failed: {item.issue.title}: {exc}")
        return False
    assert state.published is not None
    report.say(
        f"episode {state.published.number}: {item.issue.title} -> {state.published.audio_path}"
    )
    return True


def _build_each(
    settings: Settings, found: list[NewIssue], inbox: Inbox, report: Reporter
) -> tuple[int, int]:
    """One episode per new issue. Returns (built, failed)."""
    known = published_keys(settings)
    built = failed = 0
    for item in found:
        if item.key not in known:
            if not _build(settings, item, report):
                failed += 1
                continue
            known.add(item.key)
            built += 1
        _done(inbox, [item], item.key)
    return built, failed


def _choose(
    found: list[NewIssue], assigned: dict[str, str], period: Period, known: set[str]
) -> tuple[list[NewIssue], list[NewIssue], list[NewIssue]]:
    """(the issues of this period's episode, issues already in a published episode, issues too
    old for a show's first combined episode)."""
    first = not assigned
    chosen: list[NewIssue] = []
    published: list[NewIssue] = []
    old: list[NewIssue] = []
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
    settings: Settings,
    found: list[NewIssue],
    inbox: Inbox,
    period: Period,
    *,
    rebuild: bool,
    report: Reporter,
) -> tuple[int, int]:
    """One combined episode for the period from every issue not yet in one. Returns (built,
    failed)."""
    known = published_keys(settings)
    if period.key in known and not rebuild:
        report.say(f"{period.key}: already published (--rebuild builds it again)")
        return 0, 0
    assigned = inbox.digest_items()
    chosen, published, old = _choose(found, assigned, period, known)
    with inbox.transaction():
        inbox.assign([i.key for i in old], SKIPPED_PERIOD)
        inbox.assign([i.key for i in chosen], period.key)
    _done(inbox, old, SKIPPED_PERIOD)
    for item in published:
        _done(inbox, [item], assigned.get(item.key) or item.key)
    if not chosen:
        report.say(f"{period.key}: no new issues")
        return 0, 0
    issue = combined_issue(period, [i.issue for i in chosen], settings.show.title)
    if not _build(settings, NewIssue(issue, period.key, period.key), report):
        return 0, 1
    _done(inbox, chosen, period.key)
    return 1, 0


def update_newsletters(
    settings: Settings,
    *,
    rebuild: bool = False,
    today: dt.date | None = None,
    report: Reporter,
) -> tuple[int, int, MailRead]:
    """Read the mailboxes, then build. Returns (episodes built, failures, what mail was read).
    The caller holds the update lock."""
    with Inbox(inbox_path(settings.output_dir)) as inbox:
        read = read_mailboxes(settings, inbox) if settings.source_mailboxes else MailRead()
        for problem in read.problems:
            report.warn(f"skipped: {problem}")
        combine = settings.show.combine
        period = current_period(combine, today or dt.date.today()) if combine else None
        again = period.key if period is not None and rebuild else None
        feeds, feed_failures = _feed_issues(settings, report)
        mail, mail_failures = _mail_issues(settings, inbox, report, again)
        found = feeds + mail
        if period is None:
            built, failed = _build_each(settings, found, inbox, report)
        else:
            built, failed = _build_period(
                settings, found, inbox, period, rebuild=rebuild, report=report
            )
    return built, failed + feed_failures + mail_failures + len(read.problems), read
