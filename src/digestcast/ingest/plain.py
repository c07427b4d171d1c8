"""What an e-mail platform writes in the plain-text version of an issue in place of its
pictures, highlights and links: "View image: (url)", "Follow image link: (url)" and "Caption:"
lines, "==highlighted==" text, and a title line followed by its address in square
brackets ("Feeling Political Together [https://…]"). Pictures are never heard; the rest is
put back as the marks the issue would have had."""

from __future__ import annotations

import re

# A picture's placeholder lines (glued to a separator above it, "----View image: (…)"), and its
# "Caption:" line: a picture's caption is not heard (as an HTML issue's <figcaption> is not).
_IMAGE_LINE = re.compile(
    r"^(?P<rule>[-—_=*]{3,})?[ \t]*(?:view image|follow image link)\s*:\s*\(\s*\S+\s*\)[ \t]*$"
    r"|^[ \t]*caption\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)
# "==" marks around highlighted words, on a line with words (a line of "=" alone underlines a
# heading); " == " between spaces is an operator, not a mark.
_MARK = re.compile(r"(?<![\s=])={2,}|={2,}(?![\s=])")
_UNDERLINE = re.compile(r"^\s*=+\s*$")
# A whole line that is a title and its address in brackets: the title linked.
_BRACKET_LINK = re.compile(
    r"^(?P<title>[^\s\[\]()#>*|-][^\[\]\n]{1,200}?)[ \t]+\[(?P<url>https?://[^\]\s]+)\][ \t]*$",
    re.MULTILINE,
)


def strip_image_placeholders(text: str) -> str:
    """The text without its pictures' placeholder lines (a separator glued to one stays)."""
    return _IMAGE_LINE.sub(lambda m: m["rule"] or "", text)


def strip_highlight_marks(text: str) -> str:
    """The text without "==" highlight marks; lines of "=" alone (underlines) stay."""
    lines = text.split("\n")
    return "\n".join(ln if _UNDERLINE.match(ln) else _MARK.sub("", ln) for ln in lines)


def bracket_links(text: str) -> str:
    """Markdown links for title lines followed by their address in brackets."""
    return _BRACKET_LINK.sub(lambda m: f"[{m['title'].strip()}]({m['url']})", text)


# An e-mail's header lines kept at the top of an archived issue ("**From:** The Desk <…>",
# "**Date:** Sat, 25 Apr 2026 21:15:40 +1000"): the envelope, not the editor's words.
_HEADER_LINE = re.compile(
    r"^[ \t]*(?:\*\*|__)?(?P<key>from|date|sent|to|cc|subject|source)\s*:\s*(?:\*\*|__)?"
    r"[ \t]*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_HEADER_LINES = 2  # a block of two header lines or more
_HEADER_WITHIN = 12  # among the text's first lines


def split_header_lines(text: str) -> tuple[dict[str, str], str]:
    """The values of a block of e-mail header lines near the top of the text, and the text
    without them."""
    lines = text.split("\n")
    for start in range(min(len(lines), _HEADER_WITHIN)):
        end = start
        while end < len(lines) and (m := _HEADER_LINE.match(lines[end])):
            end += 1
        if end - start >= _HEADER_LINES:
            found = {}
            for line in lines[start:end]:
                if m := _HEADER_LINE.match(line):
                    found[m["key"].lower()] = m["value"].strip()
            return found, "\n".join(lines[:start] + lines[end:])
    return {}, text
