"""What a newsletter asks of its reader inside its text, never read to a listener: share it,
sign up for another letter, follow it, click, write in; why you get it; its footer's links."""

from __future__ import annotations

import re

# The ask to pass the newsletter on, inside a paragraph (a paragraph of it is never read).
_UNTIL_STOP = r"(?:[^.!?\[]|\[[^\]]*\])*"  # a link's "[https://...]" has no sentence's end
_LETTERS = r"newsletter|briefing|digest|e-?mail"
SHARE_ASK = re.compile(
    r"(?:Know (?:someone|anyone|a friend) who(?:'d|\u2019d| would)? [^.?!]*\?\s*)?"
    r"(?:Share (?:the|this) (?:e-?mail|newsletter|issue|post)|Forward (?:this|it) to"
    r"|(?:(?<=^)|(?<=[.!?]\s))Follow us on (?=(?:X|Twitter|YouTube|LinkedIn|Instagram|Bluesky"
    r"|Mastodon|Threads|TikTok|Facebook)\b)"
    # and the ask to sign up for another of the publisher's letters
    r"|For more [^.!?]{0,60},\s+sign up (?:for|to)\b"  # "For more from the port, sign up for ..."
    rf"|Sign up (?:for|to)\b(?={_UNTIL_STOP}\b(?:{_LETTERS})s?\b)"
    r"|(?:(?<=^)|(?<=[.!?]\s)|(?<=[.!?]\s\())(?:[A-Z][^.!?]{0,80}\?\s+)?"
    r"(?:Click here|Drop (?:me|us) a line)\b)"
    rf"{_UNTIL_STOP}[.!?]\s*",
    re.I,
)
FOOTER_LINKS = re.compile(
    r"^\W*(?:Unsubscribe|Manage (?:your )?(?:subscription|preferences))\b"
    r"(?=.*\b(?:Privacy|Contact|Preferences|Unsubscribe)\b)",
    re.I | re.S,
)
EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)")  # what was in them was an ask, now gone
# The footer's "why you get this" sentence, inside a paragraph.
WHY_YOU_GET_THIS = re.compile(
    r"(?:^|(?<=[.!?]\s))You(?:['\u2019]re| are)? (?:receiving|received|get|getting) this "
    r"(?:e-?mail|digest|newsletter|issue|message)\b(?:[^.!?]|\.(?=\w))*[.!?]\s*"
    r"|(?:^|(?<=[.!?]\s))You(?:['\u2019]re| are) (?:currently )?subscribed (?:as|to|with)\b"
    r"(?:[^.!?]|\.(?=\w))*[.!?]\s*",
    re.I,
)
