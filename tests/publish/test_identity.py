"""Slugs, issue keys, guids and categories."""

from __future__ import annotations

import datetime as dt

import pytest

from digestcast.errors import ConfigError
from digestcast.models import Issue
from digestcast.publish import episode_slug, issue_key
from digestcast.publish.categories import validate_category
from digestcast.publish.identity import episode_guid, feed_podcast_guid


def test_slug_is_date_and_ascii_title() -> None:
    issue = Issue(title="The Wéekly   Digest: AI & You!", stories=(), date=dt.date(2026, 4, 10))
    assert episode_slug(issue) == "2026-04-10-the-weekly-digest-ai-you"


def test_slug_without_date_uses_the_source() -> None:
    issue = Issue(title="Issue №7", stories=(), source="inbox/letters/march.eml")
    assert episode_slug(issue) == "march-issue-no7"  # NFKD spells № as "No"
    web = Issue(title="Hello", stories=(), source_url="https://news.example.com/p/hello-world")
    assert episode_slug(web) == "news-example-com-p-hello-world-hello"


def test_slug_of_a_title_without_letters_is_still_a_stable_name() -> None:
    issue = Issue(title="!!!", stories=(), source="-")
    slug = episode_slug(issue)
    assert slug.startswith("episode-") and slug == episode_slug(issue)


def test_issue_key_prefers_url_then_title_and_date() -> None:
    day = dt.date(2026, 1, 2)
    with_url = Issue(title="A", stories=(), date=day, source_url="https://x.example/1")
    assert issue_key(with_url) == "url:https://x.example/1"
    dated = Issue(title="  The  Digest ", stories=(), date=day)
    assert issue_key(dated) == "title:the digest|date:2026-01-02"
    assert issue_key(Issue(title="THE DIGEST", stories=())) == "title:the digest"


def test_podcast_guid_matches_the_podcast_namespace_example() -> None:
    assert feed_podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert feed_podcast_guid("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_episode_guid_is_stable_and_distinct() -> None:
    show = feed_podcast_guid("podnews.net/rss")
    assert episode_guid(show, "url:a") == episode_guid(show, "url:a")
    assert episode_guid(show, "url:a") != episode_guid(show, "url:b")


def test_categories_follow_apples_2019_list() -> None:
    validate_category("Technology", None)
    validate_category("News", "Tech News")
    validate_category("TV & Film", "After Shows")
    with pytest.raises(ConfigError, match="did you mean 'Technology'"):
        validate_category("technology", None)
    with pytest.raises(ConfigError, match="not an Apple Podcasts category"):
        validate_category("Games & Hobbies", None)  # the pre-2019 list
    with pytest.raises(ConfigError, match="allowed: none"):
        validate_category("Technology", "Podcasting")
