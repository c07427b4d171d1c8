"""A story's first real image: kept from HTML, Markdown and feed items; pixels, icons, logos
and social badges dropped; plain text has none."""

from __future__ import annotations

from pathlib import Path

from digestcast.config import IngestSettings
from digestcast.ingest import load_issue
from digestcast.ingest.html import parse_html
from digestcast.ingest.split import split_stories

STORY = (
    "<p>The council approved the plan on Tuesday after a long debate about the cost of the "
    "new pier and who would pay for its upkeep over the next twenty years.</p>"
)


def _images(html: str, base: str | None = "https://news.example/issue/7") -> list[str | None]:
    split = split_stories(parse_html(html, base).blocks)
    return [s.image for s in split.stories]


def test_picture_lazy_source_and_an_image_above_the_heading_after_a_rule() -> None:
    html = (
        "<html><body><h2>First story here</h2>"
        '<picture><source srcset="a.webp"><img src="/img/pier.jpg" width="800"></picture>'
        f"{STORY}<hr>"
        '<img data-src="https://cdn.news.example/photos/market.jpg" alt="The market at dawn">'
        f"<h2>Second story here</h2>{STORY}</body></html>"
    )
    assert _images(html) == [
        "https://news.example/img/pier.jpg",
        "https://cdn.news.example/photos/market.jpg",
    ]


def test_junk_images_are_not_kept() -> None:
    junk = (
        '<img src="https://t.example/o.gif" width="1" height="1">',
        '<img src="https://cdn.example/pic.jpg" style="width:1px;height:1px">',
        '<img src="https://cdn.example/brand.png" class="site-logo">',
        '<img src="https://cdn.example/me.jpg" alt="avatar">',
        '<img src="https://cdn.example/share-on-linkedin.png">',
        '<img src="https://cdn.example/photo.jpg" width="48" height="48">',
        '<img src="https://px.example/beacon/123.png">',
        '<img src="data:image/png;base64,AAAA">',
        '<img src="ftp://files.example/photo.jpg">',
    )
    for img in junk:
        html = f"<html><body><h2>First story here</h2><p>{img}</p>{STORY}</body></html>"
        assert _images(html, None) == [None], img


def test_an_image_in_a_feed_item_is_kept(tmp_path: Path) -> None:
    content = (
        f"&lt;h2&gt;A story in a feed&lt;/h2&gt;"
        f"&lt;p&gt;&lt;img src=&quot;https://blog.example/wp/dam.jpg&quot; width=&quot;900&quot;"
        f"&gt;&lt;/p&gt;{STORY.replace('<', '&lt;').replace('>', '&gt;')}"
        f"&lt;h2&gt;Another story in it&lt;/h2&gt;{STORY.replace('<', '&lt;').replace('>', '&gt;')}"
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
        "<link>https://blog.example/</link><item><title>Issue 3</title>"
        "<link>https://blog.example/issue-3</link><guid>issue-3</guid>"
        f"<description>{content}</description></item></channel></rss>",
        encoding="utf-8",
    )
    issue = load_issue(str(feed), IngestSettings())
    assert [s.image for s in issue.stories] == ["https://blog.example/wp/dam.jpg", None]


def test_plain_text_has_no_images(tmp_path: Path) -> None:
    text = tmp_path / "issue.txt"
    text.write_text(
        "PIER NEWS\n\nA new pier opens\n\nThe new pier opened on Tuesday with a small crowd "
        "and https://news.example/pier.jpg linked below.\n\nMarket moves\n\nThe market moved "
        "to the old warehouse after the roof of the hall gave way in the storm.\n",
        encoding="utf-8",
    )
    issue = load_issue(str(text), IngestSettings())
    assert issue.stories and all(s.image is None for s in issue.stories)
