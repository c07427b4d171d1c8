"""A story's images in HTML: which `<img>` is a real picture (a hero image, a photo, a chart)
and which is a tracking pixel, an icon, a logo, an avatar, a button or a social badge; and
which block each real image goes with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import PageElement

from digestcast.ingest.blocks import Block, clean_url

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


@dataclass(frozen=True)
class LoneImage:
    """A real image standing alone between blocks."""

    url: str


def mark_images(soup: BeautifulSoup, root: Tag) -> None:
    """Replace each real image (or the <picture> holding it) by a marker; junk images go."""
    for img in list(root.find_all("img")):
        if not isinstance(img, Tag) or img.decomposed or img.parent is None:
            continue
        src = source(img)
        if src is None or not is_real_image(img):
            img.decompose()
            continue
        marker = soup.new_tag(MARKER, attrs={"data-src": src})
        picture = img.find_parent("picture")  # lxml may nest the <img> in a <source>
        target = picture if isinstance(picture, Tag) else img
        target.replace_with(marker)


def find_image(nodes: list[PageElement], base: str | None) -> str | None:
    """The first real image among `nodes` and inside them."""
    for node in nodes:
        if not isinstance(node, Tag):
            continue
        found = node if node.name == MARKER else node.find(MARKER)
        src = found.get("data-src") if isinstance(found, Tag) else None
        if isinstance(src, str) and (url := image_url(src, base)):
            return url
    return None


def attach_images(items: Iterable[Block | LoneImage]) -> Iterator[Block]:
    """Give each image standing alone to the block before it (the story it closes), or to the
    next block when it opens the page or follows a separator."""
    previous: Block | None = None
    pending: str | None = None
    for item in items:
        if isinstance(item, LoneImage):
            if previous is not None and previous.kind != "rule":
                if previous.image is None:
                    previous = replace(previous, image=item.url)
            elif pending is None:
                pending = item.url
            continue
        if pending is not None and item.kind != "rule":
            if item.image is None:
                item = replace(item, image=pending)
            pending = None
        if previous is not None:
            yield previous
        previous = item
    if previous is not None:
        yield previous
