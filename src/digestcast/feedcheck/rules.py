"""The rules a podcast feed must follow for podcast apps to play it, numbered as the checker's
messages cite them ("rule 5"). `digestcast check --rules` prints this table.

Sources: Apple's "A Podcaster's Guide to RSS", the Podcasting 2.0 namespace (podcastindex.org),
the ID3v2 chapter frame addendum, AES TD1004/TD1008. Rules 10 to 15 and 17 concern how the
episode file is made; the build holds them (and the test suite checks them), `check` does not.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    number: str
    topic: str
    requires: str
    checked: bool = True  # by `digestcast check`


RULES: tuple[Rule, ...] = (
    Rule(
        "1",
        "feed format",
        "well-formed UTF-8 RSS 2.0 declaring the itunes, podcast and content namespaces",
    ),
    Rule(
        "2",
        "channel",
        "title, description (at most 4000 bytes), link to the website, "
        "language (ISO 639), itunes:image, itunes:category, itunes:explicit true/false, "
        "itunes:author, itunes:type episodic/serial",
    ),
    Rule("3", "category", "itunes:category from Apple's 2019 list, in its exact spelling"),
    Rule(
        "4",
        "artwork",
        "square, 1400 to 3000 px, JPEG or PNG, RGB without transparency, "
        "its URL ending in its real type",
    ),
    Rule(
        "5",
        "episodes",
        "each item: a title; an enclosure whose URL ends in its format's "
        "extension, is ASCII and unique, whose length is the file's size and whose type "
        "matches the file; a unique guid; an RFC 2822 pubDate; itunes:duration in whole "
        "seconds within 1 s of the file's; a positive itunes:episode; itunes:episodeType "
        "full/trailer/bonus; show notes with chapter times and story links",
    ),
    Rule(
        "6",
        "podcast:guid",
        "the UUIDv5 of the feed URL without its scheme and trailing "
        "slashes, in the Podcasting 2.0 namespace",
    ),
    Rule(
        "7",
        "Podcasting 2.0 tags",
        "podcast:locked yes/no; podcast:chapters with type "
        "application/json+chapters; podcast:transcript for WebVTT (and SRT)",
    ),
    Rule(
        "8",
        "hosting",
        "the server answers HEAD and byte-range requests (206 with "
        "Content-Range) with the right Content-Type and Content-Length",
    ),
    Rule(
        "9",
        "JSON chapters",
        'version "1.2.0", chapters with ascending startTime and a '
        "title, the same as the episode's ID3 chapters",
    ),
    Rule(
        "10", "ID3 tag", "ID3v2.3 at the start of the MP3, embedded art under 500 KB", checked=False
    ),
    Rule(
        "11",
        "ID3 chapters",
        "a CHAP frame per chapter: unique id, start and end in ms, the title, the story's link",
        checked=False,
    ),
    Rule(
        "12",
        "ID3 table of contents",
        "one top-level, ordered CTOC listing every chapter",
        checked=False,
    ),
    Rule(
        "13",
        "chapter times",
        "the first chapter at 0, no gaps, the last ending within the file",
        checked=False,
    ),
    Rule(
        "14",
        "loudness",
        "-16 LUFS integrated (within 1 LU), true peak at most -1 dBTP",
        checked=False,
    ),
    Rule(
        "15",
        "audio format",
        "44.1 kHz, constant bitrate with an Info/Xing header; speech "
        "mono 64 kbps unless configured",
        checked=False,
    ),
    Rule(
        "16",
        "transcripts",
        "WebVTT (WEBVTT first, increasing HH:MM:SS.mmm cues, optional "
        "<v Name> speakers) and SRT (numbered cues, HH:MM:SS,mmm)",
    ),
    Rule(
        "17",
        "a real client",
        "a podcast client subscribes, lists each episode by its "
        "guid and downloads the published file byte for byte",
        checked=False,
    ),
)

BY_NUMBER = {rule.number: rule for rule in RULES}


def rule_topic(number: str) -> str:
    rule = BY_NUMBER.get(number)
    return rule.topic if rule is not None else ""
