"""Questions about the published episodes, answered from the catalog (read only)."""

from __future__ import annotations

from digestcast.config import Settings
from digestcast.errors import PublishError
from digestcast.publish.catalog import Catalog, EpisodeRecord
from digestcast.publish.publisher import catalog_path


def find_episode(settings: Settings, guid_or_number: str) -> EpisodeRecord:
    """The published episode with this guid or number; PublishError when there is none."""
    with Catalog(catalog_path(settings), create=False) as catalog:
        record = catalog.find(guid_or_number)
    if record is None:
        raise PublishError(f"{guid_or_number}: no such episode in {settings.output_dir}")
    return record


def known_issue_keys(settings: Settings) -> set[str]:
    """The issue keys of every published episode (none before the first is published)."""
    if not catalog_path(settings).is_file():
        return set()
    with Catalog(catalog_path(settings), create=False) as catalog:
        return {record.issue_key for record in catalog.episodes()}
