"""The publish stage: the catalog, feed.xml and the show page."""

from digestcast.publish.identity import episode_slug, issue_key
from digestcast.publish.publisher import (
    PublishResult,
    list_episodes,
    publish_episode,
    remove_episode,
    write_feed,
)
from digestcast.publish.records import find_episode, known_issue_keys

__all__ = [
    "PublishResult",
    "episode_slug",
    "find_episode",
    "issue_key",
    "known_issue_keys",
    "list_episodes",
    "publish_episode",
    "remove_episode",
    "write_feed",
]
