"""Story links that point at the article: redirect wrappers whose target is written in the URL
are unwrapped and tracking parameters dropped, offline (no request is made)."""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

_TRACKING = ("utm_", "mc_", "ref_src", "fbclid", "gclid", "_hsenc", "_hsmi", "mkt_tok", "mc_cid")
# Query keys under which redirectors carry the target address.
_TARGET_KEYS = ("url", "u", "q", "target", "dest", "destination", "redirect", "redirect_url",
                "redirect_uri", "link", "to", "goto", "r", "href", "out")  # fmt: skip
_MAX_HOPS = 4
_BASE64_HTTP = "aHR0c"  # "http" in base64
_BASE64 = re.compile(r"[A-Za-z0-9_-]{16,}={0,2}")


def _target(url: str) -> str | None:
    """The address a redirect wrapper forwards to, when it is written in the wrapper's URL."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _TARGET_KEYS and value.startswith(("http://", "https://")):
            return value
    if target := _base64_target(parts.path):
        return target
    # a target written in the path: https://t.example/click/https%3A%2F%2Fsite/...
    path = unquote(parts.path)
    for scheme in ("https://", "http://"):
        index = path.find(scheme, 1)
        if index > 0 and path[index - 1] == "/":
            return path[index:] + (f"?{parts.query}" if parts.query else "")
    return None


def _base64_target(path: str) -> str | None:
    """A target written in base64 as a path segment ("aHR0cHM6Ly9..." is "https://...")."""
    for segment in path.split("/"):
        if not segment.startswith(_BASE64_HTTP) or not _BASE64.fullmatch(segment):
            continue
        try:
            text = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)).decode()
        except (ValueError, UnicodeDecodeError):
            continue
        if text.startswith(("http://", "https://")) and text.isprintable():
            return text
    return None


def _drop_tracking(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.query:
        return url
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING)
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def clean_url(url: str, base: str | None = None) -> str:
    """An absolute URL to the article itself: redirect wrappers unwrapped, tracking dropped."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    for _ in range(_MAX_HOPS):
        target = _target(url)
        if target is None:
            break
        url = target
    return _drop_tracking(url)
