"""Check a podcast feed and what it points to against the rules podcast apps need
(feedcheck.rules; media.py checks the files)."""

from __future__ import annotations

import email.utils
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from lxml import etree  # type: ignore[import-untyped]

from digestcast.audio_formats import BY_SUFFIX
from digestcast.feedcheck.fetch import TIMEOUT_S, Resources, load_feed
from digestcast.feedcheck.media import (
    check_artwork,
    check_chapters,
    check_duration,
    check_enclosure_file,
    check_transcript,
)
from digestcast.feedcheck.rules import rule_topic
from digestcast.publish.categories import category_problem
from digestcast.publish.podcast_ns import CONTENT_NS, ITUNES_NS, PODCAST_NS

ATOM_NS = "http://www.w3.org/2005/Atom"
_NS = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "content": CONTENT_NS, "atom": ATOM_NS}
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
_RFC2822 = re.compile(
    r"^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|"
    r"Dec) \d{4} \d\d:\d\d(:\d\d)? ([+-]\d{4}|GMT|UT|[A-Z]{3})$"
)
_TIMESTAMP = re.compile(r"\b\d{1,2}:\d\d(:\d\d)?\b")


@dataclass(frozen=True)
class Problem:
    rule: str  # its number in feedcheck.rules
    where: str  # "channel" or the item's title
    message: str
    fix: str

    def line(self) -> str:
        topic = rule_topic(self.rule)
        return f"rule {self.rule} ({topic}) [{self.where}]: {self.message} (fix: {self.fix})"


@dataclass
class CheckReport:
    location: str
    problems: list[Problem] = field(default_factory=list)
    items: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Checker:
    def __init__(self, report: CheckReport, resources: Resources) -> None:
        self.report = report
        self.resources = resources
        self.where = "channel"

    def fail(self, rule: str, message: str, fix: str) -> None:
        self.report.problems.append(Problem(rule, self.where, message, fix))

    def text(self, parent: Any, path: str) -> str:
        node = parent.find(path, _NS)
        return "" if node is None or node.text is None else str(node.text).strip()

    # -- rule 1 ----------------------------------------------------------------------------
    def parse(self, data: bytes) -> Any | None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            self.fail("1", f"not well-formed XML ({exc})", "produce the feed with an XML library")
            return None
        encoding = (root.getroottree().docinfo.encoding or "UTF-8").upper()
        if encoding not in ("UTF-8", "UTF8"):
            self.fail("1", f"encoding is {encoding}", "encode the feed as UTF-8")
        if root.tag != "rss" or root.get("version") != "2.0":
            self.fail("1", f'root is <{root.tag}>, not <rss version="2.0">', "write RSS 2.0")
            return None
        declared = set(root.nsmap.values())
        for prefix in ("itunes", "podcast", "content"):
            if _NS[prefix] not in declared:
                self.fail(
                    "1",
                    f"xmlns:{prefix} not declared",
                    f'add xmlns:{prefix}="{_NS[prefix]}" to <rss>',
                )
        channel = root.find("channel")
        if channel is None:
            self.fail("1", "no <channel>", "wrap the feed in <channel>")
        return channel

    # -- rules 2, 3, 4, 6, 7 -------------------------------------------------------------------
    def channel(self, channel: Any) -> None:
        self.where = "channel"
        self_url = channel.find("atom:link[@rel='self']", _NS)
        self.resources.set_self_url(self_url.get("href") if self_url is not None else None)
        for tag in ("title", "description", "link", "language", "itunes:author"):
            if not self.text(channel, tag):
                self.fail("2", f"<{tag}> missing or empty", f"add <{tag}> to the channel")
        description = self.text(channel, "description")
        if len(description.encode("utf-8")) > 4000:
            self.fail("2", "description longer than 4000 bytes", "shorten the show description")
        link = self.text(channel, "link")
        feed_urls = {
            self.resources.feed_location,
            self_url.get("href") if self_url is not None else "",
        }
        if link and link in feed_urls:
            self.fail("2", f"<link> {link} is the feed itself", "set <link> to the show's website")
        language = self.text(channel, "language")
        if language and not _LANGUAGE.match(language):
            self.fail("2", f"language {language!r} is not ISO 639", "use e.g. en or en-us")
        if self.text(channel, "itunes:explicit") not in ("true", "false"):
            self.fail("2", "itunes:explicit is not true/false", "write <itunes:explicit>false")
        if self.text(channel, "itunes:type") not in ("episodic", "serial"):
            self.fail("2", "itunes:type missing or not episodic/serial", "add <itunes:type>")
        self.categories(channel)
        image = channel.find("itunes:image", _NS)
        if image is None or not image.get("href"):
            self.fail("2", "itunes:image missing", "add <itunes:image href=...> (the cover URL)")
        else:
            check_artwork(self.resources.absolute(image.get("href")), self.resources, self.fail)
        self.podcast_tags(channel)

    def categories(self, channel: Any) -> None:
        found = channel.findall("itunes:category", _NS)
        if not found:
            self.fail("2", "itunes:category missing", "add <itunes:category text=...>")
        for node in found:
            subs = node.findall("itunes:category", _NS) or [None]
            for sub in subs:
                problem = category_problem(
                    node.get("text", ""), sub.get("text") if sub is not None else None
                )
                if problem:
                    self.fail("3", problem, "use a category from Apple's 2019 list, exact case")

    def podcast_tags(self, channel: Any) -> None:
        guid = self.text(channel, "podcast:guid")
        try:
            uuid.UUID(guid)
        except ValueError:
            self.fail(
                "6",
                f"podcast:guid {guid!r} missing or not a UUID",
                "add <podcast:guid> (UUIDv5 of the feed URL)",
            )
        if self.text(channel, "podcast:locked") not in ("yes", "no"):
            self.fail("7", "podcast:locked missing or not yes/no", "add <podcast:locked>no")

    # -- rules 5, 7, 8, 9, 16 -----------------------------------------------------------------
    def item(self, item: Any, seen_guids: set[str], seen_urls: set[str]) -> None:
        title = self.text(item, "title")
        self.where = f"item {title!r}" if title else "item without title"
        if not title:
            self.fail("5", "<title> missing", "give every episode a title")
        self.guid(item, seen_guids)
        date = self.text(item, "pubDate")
        if not _RFC2822.match(date) or email.utils.parsedate_tz(date) is None:
            self.fail(
                "5",
                f"pubDate {date!r} is not RFC 2822",
                "write e.g. Fri, 10 Apr 2026 06:00:00 +0000",
            )
        number = self.text(item, "itunes:episode")
        if not number.isdigit() or int(number) < 1:
            self.fail(
                "5",
                f"itunes:episode {number!r} is not a positive integer",
                "number episodes 1, 2, ...",
            )
        if self.text(item, "itunes:episodeType") not in ("full", "trailer", "bonus"):
            self.fail(
                "5",
                "itunes:episodeType missing or not full/trailer/bonus",
                "add <itunes:episodeType>full",
            )
        notes = self.text(item, "content:encoded") or self.text(item, "description")
        if not notes:
            self.fail("5", "no description or show notes", "add <description> with show notes")
        chapters = item.find("podcast:chapters", _NS)
        if chapters is not None and notes and not _TIMESTAMP.search(notes):
            self.fail(
                "5", "show notes carry no chapter timestamps", "list chapters as 00:01:23 Title"
            )
        self.enclosure(item, seen_urls)
        self.extras(item, chapters)

    def guid(self, item: Any, seen: set[str]) -> None:
        node = item.find("guid")
        value = "" if node is None or node.text is None else node.text.strip()
        if not value:
            self.fail("5", "<guid> missing", "give every episode a stable guid")
            return
        if value in seen:
            self.fail("5", f"guid {value} is not unique", "give every episode its own guid")
        seen.add(value)
        if not value.startswith(("http://", "https://")) and node.get("isPermaLink") != "false":
            self.fail(
                "5",
                f"guid {value} is not a URL but isPermaLink is not false",
                'add isPermaLink="false"',
            )

    def enclosure(self, item: Any, seen_urls: set[str]) -> None:
        node = item.find("enclosure")
        if node is None or not node.get("url"):
            self.fail("5", "<enclosure> missing", "add <enclosure url length type>")
            return
        url, mime, length = node.get("url"), node.get("type", ""), node.get("length", "")
        suffix = "." + url.split("?")[0].rsplit(".", 1)[-1].lower() if "." in url else ""
        if suffix not in BY_SUFFIX:
            self.fail("5", f"enclosure URL {url} does not end in .mp3", "publish an .mp3 file")
        elif mime not in BY_SUFFIX[suffix].accepted_types:
            self.fail(
                "5",
                f"enclosure type {mime!r} for {suffix}",
                f'use type="{BY_SUFFIX[suffix].enclosure_type}" for {suffix}',
            )
        if not url.isascii():
            self.fail("5", f"enclosure URL {url} is not ASCII", "use an ASCII file name")
        if url in seen_urls:
            self.fail("5", f"enclosure URL {url} is used twice", "give every episode its own file")
        seen_urls.add(url)
        if not length.isdigit() or int(length) <= 0:
            self.fail(
                "5", f"enclosure length {length!r} is not a byte count", "write the file size"
            )
            return
        absolute = self.resources.absolute(url)
        check_enclosure_file(absolute, int(length), self.resources, self.fail)
        duration = self.text(item, "itunes:duration")
        if not duration.isdigit():
            self.fail("5", f"itunes:duration {duration!r} is not whole seconds", "write e.g. 754")
        else:
            check_duration(absolute, int(duration), self.resources, self.fail)

    def extras(self, item: Any, chapters: Any) -> None:
        if chapters is not None:
            if chapters.get("type") != "application/json+chapters":
                self.fail(
                    "7",
                    "podcast:chapters type is not application/json+chapters",
                    'set type="application/json+chapters"',
                )
            check_chapters(
                self.resources.absolute(chapters.get("url", "")), self.resources, self.fail
            )
        for transcript in item.findall("podcast:transcript", _NS):
            mime = transcript.get("type", "")
            if mime not in (
                "text/vtt",
                "application/x-subrip",
                "text/plain",
                "text/html",
                "application/json",
            ):
                self.fail(
                    "7",
                    f"podcast:transcript type {mime!r} unknown",
                    "use text/vtt or application/x-subrip",
                )
            check_transcript(
                self.resources.absolute(transcript.get("url", "")),
                mime,
                self.resources,
                self.fail,
            )


def check_feed(location: str, *, client: httpx.Client | None = None) -> CheckReport:
    """Check a feed (path, file:// or http(s) URL) and everything it points to. Raises
    PublishError only when the feed itself cannot be read."""
    own_client = client is None
    http = client or httpx.Client(timeout=TIMEOUT_S, follow_redirects=True)
    try:
        report = CheckReport(location)
        resources = Resources(http, location)
        checker = _Checker(report, resources)
        channel = checker.parse(load_feed(location, http))
        if channel is None:
            return report
        checker.channel(channel)
        if resources.local_dir is not None:
            report.notes.append("hosting (rule 8) not checked for a local feed: check its URL")
        seen_guids: set[str] = set()
        seen_urls: set[str] = set()
        for item in channel.findall("item"):
            report.items += 1
            checker.item(item, seen_guids, seen_urls)
        return report
    finally:
        if own_client:
            http.close()
