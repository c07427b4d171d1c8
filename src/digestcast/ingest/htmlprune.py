"""What of an HTML issue is not the issue, taken out before it is read: scripts and styles,
navigation, ads and sponsor boxes, share/subscribe buttons, readers' comments, hidden and
struck-out text, code in a programming language; and <br> turned into line and paragraph breaks."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

from digestcast.ingest.addresses import LINE
from digestcast.ingest.boxes import drop_labelled_boxes
from digestcast.ingest.cards import unwrap_card_links
from digestcast.ingest.headlines import mark_headlines
from digestcast.ingest.images import attribute_text, mark_images
from digestcast.ingest.paid import drop_paid_items
from digestcast.ingest.promo import SPONSOR_START
from digestcast.ingest.sections import READ_MORE
from digestcast.ingest.segment import is_boilerplate_heading

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "input",
    "select", "textarea", "nav", "footer", "aside", "img", "picture", "video", "audio", "head",
    "figcaption", "sup", "del", "s", "strike",  # struck-out words are not said
)  # fmt: skip

_JUNK = re.compile(
    r"(?:^|[-_ ])(?:ads?|advert\w*|sponsor\w*|promo\w*|share|sharing|social|subscribe\w*|"
    r"subscription|signup|comments?|footer|nav|navbar|menu|breadcrumbs?|related\w*|recommend\w*|"
    r"cookies?|popup|modal|paywall|preheader|preview-text|unsubscribe)(?:$|[-_ ])",
    re.IGNORECASE,
)

# Readers' comments come in boxes and lists (div, section, ol/li, article); a paragraph or a
# table cell marked "comment" in a mail's layout is the editor's comment, read like any text.
_COMMENT = re.compile(r"(?:^|(?<=[-_ ]))comments?(?=$|[-_ ])", re.IGNORECASE)

_TEXT_LAYOUT = {"p", "td", "th", "tr", "tbody", "table", "br"}

_BUTTON = re.compile(r"(?:^|[-_])(?:button|btn)(?:$|[-_])", re.IGNORECASE)

_HIDDEN = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|"
    r"text-decoration\s*:\s*line-through",  # struck out: "Taylor ~Swift~ Dart"
    re.I,
)

BREAK = "dc-break"

_LINE = LINE  # one <br>: a line break inside a paragraph


def _attrs_text(tag: Tag) -> str:
    return attribute_text(tag, ("class", "id", "role", "aria-label"))


def _is_junk(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    style = tag.get("style")
    if isinstance(style, str) and _HIDDEN.search(style):
        return True
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    attrs = _attrs_text(tag)
    if tag.name in _TEXT_LAYOUT and not _JUNK.search(_COMMENT.sub(" ", attrs)):
        return False  # an editor's "comment" paragraph in a mail's layout
    return bool(_JUNK.search(attrs))


def _is_sponsor_box(tag: Tag) -> bool:
    if tag.name not in ("table", "div", "section", "aside", "td"):
        return False
    text = " ".join(tag.get_text(" ").split())
    # a box holding only the sponsor's label (a heading) is kept: the cleaner drops its run
    return len(text.split()) > 12 and len(text) < 1500 and SPONSOR_START.match(text) is not None


def _is_box_label(text: str) -> bool:
    """A box's label saying the box is about the newsletter ("Jobs") or paid ("Anzeige")."""
    return is_boilerplate_heading(text) or SPONSOR_START.match(text) is not None


# A block of code in a programming language ("```toml", class "language-rust"): not read
# aloud. Plain text in a code block ("```text", an indented quote) is read.
_CODE_LANGUAGE = re.compile(r"\b(?:language|lang)-(?!(?:text|plain|plaintext|txt|none)\b)\w")


def _is_code(pre: Tag) -> bool:
    code = pre.find("code")
    classes = " ".join(
        str(c) for t in (pre, code) if isinstance(t, Tag) for c in t.get("class") or []
    )
    return bool(_CODE_LANGUAGE.search(classes))


def prune(soup: BeautifulSoup, root: Tag) -> None:
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for header in root.find_all("header"):  # a site's masthead, not an article's header
        if not header.decomposed and (header.find("nav") or not header.find(["h1", "h2"])):
            header.decompose()
    mark_images(soup, root)
    unwrap_card_links(soup, root)  # a link wrapping a card's title and description
    drop_paid_items(root)  # before the junk goes: a paid label takes its item with it
    drop_labelled_boxes(root, _is_box_label)  # a "Jobs" or an "Anzeige" box, whole
    for tag in root.find_all(_DROP_TAGS):
        tag.decompose()
    for pre in root.find_all("pre"):
        if isinstance(pre, Tag) and not pre.decomposed and _is_code(pre):
            pre.decompose()
    for tag in list(root.find_all(True)):
        if tag.decomposed or tag.parent is None:
            continue
        if _is_junk(tag) or _is_sponsor_box(tag):
            tag.decompose()
    for a in root.find_all("a", class_=_BUTTON):  # share/like/subscribe buttons, not links
        if isinstance(a, Tag) and not a.decomposed and not READ_MORE.match(a.get_text(" ")):
            a.decompose()
    mark_headlines(root)  # a headline a mail's layout draws as a classed span or cell
    _mark_breaks(soup, root)


def _mark_breaks(soup: BeautifulSoup, root: Tag) -> None:
    """Two <br> in a row end a paragraph; one is a line break inside it."""
    for br in root.find_all("br"):
        nxt = br.next_sibling
        while isinstance(nxt, NavigableString) and not nxt.strip():
            nxt = nxt.next_sibling
        if isinstance(nxt, Tag) and nxt.name == "br":
            brk = soup.new_tag(BREAK)
            brk.string = " "
            br.replace_with(brk)
        else:
            br.replace_with(NavigableString(_LINE))
