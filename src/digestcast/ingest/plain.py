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
