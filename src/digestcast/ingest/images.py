"""A story's images in HTML: which `<img>` is a real picture (a hero image, a photo, a chart)
and which is a tracking pixel, an icon, a logo, an avatar, a button or a social badge."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from bs4 import Tag

from digestcast.ingest.blocks import clean_url

MARKER = "dc-img"  # the tag a real image is replaced with while the page is pruned
_MIN_SIZE = 100  # a declared width or height under this is an icon, a badge or a pixel
_HINTS = re.compile(
    r"(?:^|[^a-z])(?:pixels?|track\w*|open|beacon|spacer|logos?|icons?|favicon|avatars?|"
    r"badges?|buttons?|btn|twitter|facebook|linkedin|instagram|youtube|tiktok|mastodon|share|"
    r"social|emoji|masthead|header|banner|signature|profile|gravatar)(?:$|[^a-z])",
    re.IGNORECASE,
)
_HINT_KEYS = ("class", "id", "alt", "src", "title", "role")
_STYLE_SIZE = re.compile(r"(?:^|[;\s])(?:max-)?(?:width|height)\s*:\s*(\d+(?:\.\d+)?)px", re.I)


def _size(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$", value)
    return float(m[1]) if m else None


def attribute_text(tag: Tag, keys: Sequence[str]) -> str:
    """The values of some attributes of a tag (class lists flattened), space-separated: what
    names a tag as junk, a sponsor box or an icon."""
    parts: list[str] = []
    for key in keys:
        value = tag.get(key)
        if isinstance(value, list):
            parts.extend(value)
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(parts)


def is_real_image(img: Tag) -> bool:
    """Not a tracking pixel (1x1, <= 2 px, "pixel"/"track"/"open"/"beacon" in its name) and not
    an icon, logo, avatar, button or social badge (declared smaller than 100 px, or named so)."""
    sizes = [_size(img.get("width")), _size(img.get("height"))]
    style = img.get("style")
    if isinstance(style, str):
        sizes.extend(float(v) for v in _STYLE_SIZE.findall(style))
    if any(s is not None and s < _MIN_SIZE for s in sizes):
        return False
    return _HINTS.search(attribute_text(img, _HINT_KEYS)) is None


def source(img: Tag) -> str | None:
    """The image's address as written (src, or a lazy-loading data-src)."""
    for key in ("src", "data-src"):
        value = img.get(key)
        if isinstance(value, str) and value.strip() and not value.startswith("data:"):
            return value.strip()
    return None


def image_url(src: str, base: str | None) -> str | None:
    """`src` as an absolute http(s) URL without tracking parameters, or None."""
    url = clean_url(src, base)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None
