"""What a build is asked to do and what it has made so far: data only, passed stage to stage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from digestcast.config import Settings
from digestcast.models import Clip, Episode, Issue, Script
from digestcast.sbd import Split

if TYPE_CHECKING:
    from digestcast.mix.cover import CoverArt
    from digestcast.publish import PublishResult
    from digestcast.speak import SynthesisStats


class Progress(Protocol):
    """How the runner reports; the CLI renders it with Rich, tests may collect it."""

    def start(self, stage: str, total: float | None) -> None: ...

    def update(self, stage: str, done: float, total: float | None) -> None: ...

    def finish(self, stage: str, seconds: float) -> None: ...


class SilentProgress:
    def start(self, stage: str, total: float | None) -> None:
        pass

    def update(self, stage: str, done: float, total: float | None) -> None:
        pass

    def finish(self, stage: str, seconds: float) -> None:
        pass


@dataclass(frozen=True)
class BuildRequest:
    """One build: what to read and how far to go. (How many workers and which cache: the
    settings' `jobs` and `cache_dir`.)"""

    source: str | None = None  # a path, "-" or a URL; None when building from `script`
    issue: Issue | None = None  # an issue already read (by `update`): ingest is skipped
    item: str | None = None  # which item of a feed
    script: Path | None = None  # an edited script (`digestcast script` output) to synthesize
    dry_run: bool = False  # stop after `write`
    keep_intermediates: bool = False
    sequential: bool = False  # nothing overlaps: each stage starts once the previous is done


@dataclass(frozen=True)
class BuildState:
    """The build so far: each stage fills in its part."""

    settings: Settings
    request: BuildRequest
    staging: Path  # made by the first stage that writes; removed by the runner
    issue: Issue | None = None
    script: Script | None = None
    splits: tuple[Split, ...] = ()  # the script's sentence splits, made while writing it
    cover: CoverArt | None = None
    clips: tuple[Clip, ...] = ()
    episode: Episode | None = None
    published: PublishResult | None = None
    synthesis: SynthesisStats | None = None  # what the engines did (speak)
    seconds: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))  # per stage
