"""The publish stage: the catalog, feed.xml and the show page."""

from digestcast.publish.identity import episode_slug, issue_key
from digestcast.publish.publisher import (
    PublishResult,
    list_episodes,
    publish_episode,
    remove_episode,
    write_feed,
)

__all__ = [
    "PublishResult",
    "episode_slug",
    "issue_key",
    "list_episodes",
    "publish_episode",
    "remove_episode",
    "write_feed",
]
