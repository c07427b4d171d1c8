"""Everything a build runs alongside its stages, started, joined and closed in one place.

    build starts    the synthesis executor, the host voice's model loading (preload)
    speak starts    the warm-up thread (imports mix and publish, scales the cover art)
                    the live mix (its thread starts once the engines are measured slow)
    speak ends      the executor is closed: its memory and cores go to the mix
    mix starts      the warm-up is joined: the mix takes its cover art
    build ends      the live mix is closed, the warm-up joined, the executor closed
                    (on success, on any error and on Ctrl-C alike: an ExitStack unwinds them)

A sequential build (`BuildRequest.sequential`) starts none of these ahead: the executor opens
when speak starts, the cover is made when mix starts, there is no live mix.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import importlib
import time
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from digestcast.config import Settings
from digestcast.errors import DigestcastError

if TYPE_CHECKING:
    from digestcast.mix.cover import CoverArt
    from digestcast.mix.live import LiveMix
    from digestcast.models import Clip
    from digestcast.speak import SpeechListener, SpeechPlan
    from digestcast.speak.executor import Executor
    from digestcast.speak.workers import EngineCache

LIVE_BELOW = 20.0  # mix live when each engine makes less audio than this per second and slot
MEASURED = 4  # sentences per engine measured (after its first) before deciding


class LiveWhenSlow:
    """Tells the live mix about the speech once every engine with sentences to make has been
    measured slow (under LIVE_BELOW times real time per slot), and never when one is fast:
    mixing while fast engines speak only slows them, and the mix after them is soon done.
    The live mix then starts a few sentences late, and catches up on them at once."""

    def __init__(self, live: SpeechListener, plan: SpeechPlan, slots: int) -> None:
        self._live = live
        self._slots = max(1, slots)
        self._engine_of = {job.path: job.voice.engine.engine_id for job in plan.misses}
        self._left = collections.Counter(self._engine_of.values())
        self._seen: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
        self._slow: dict[str, bool | None] = {}  # None: too few sentences to tell
        self._planned: tuple[Sequence[Clip], Collection[Path]] = ((), ())
        self._ready: set[Path] = set()
        self._passing: bool | None = None

    def planned(self, clips: Sequence[Clip], pending: Collection[Path]) -> None:
        self._planned = (clips, pending)

    def ready(self, path: Path) -> None:
        if self._passing:
            self._live.ready(path)
        elif self._passing is None:
            self._ready.add(path)
            self._measure(path)
            self._decide()

    def _measure(self, path: Path) -> None:
        from digestcast.speak.cache import read_wav_info

        engine = self._engine_of.get(path)
        if engine is None or engine in self._slow:
            return
        seen = self._seen[engine]
        seen.append((time.monotonic(), read_wav_info(path).duration))
        self._left[engine] -= 1
        if len(seen) <= MEASURED and self._left[engine] > 0:
            return
        if len(seen) < 2:
            self._slow[engine] = None
            return
        took = seen[-1][0] - seen[0][0]
        made = sum(duration for _, duration in seen[1:])
        self._slow[engine] = took > 0 and made / took / self._slots < LIVE_BELOW

    def _decide(self) -> None:
        verdicts = self._slow.values()
        if False in verdicts:
            self._passing = False
        elif len(self._slow) == len(self._left):
            self._passing = True in verdicts
            if self._passing:
                clips, pending = self._planned
                self._live.planned(clips, frozenset(pending) - self._ready)


# What mix and publish import. (Not scipy: +64 MB while the engines hold their peak; the mix
# needs it only to resample, when engines speak at different rates.)
LATER_MODULES = ("digestcast.mix", "digestcast.publish")


def _prepare_later_stages(settings: Settings, staging: Path) -> CoverArt:
    """Import the mix and publish stages and make the cover art the tags embed."""
    for name in LATER_MODULES:
        importlib.import_module(name)
    from digestcast.mix.cover import cover_art

    return cover_art(settings, staging)


class BuildResources:
    """The build's concurrent parts; made by `build_resources`, asked for by the stages."""

    def __init__(
        self,
        settings: Settings,
        staging: Path,
        stack: contextlib.ExitStack,
        *,
        overlap: bool,
        engines: EngineCache | None = None,
    ) -> None:
        self.settings = settings
        self.engines = engines  # loaded already, kept by the caller (see pipeline.run)
        self.staging = staging
        self.overlap = overlap
        self._stack = stack
        self._executor: Executor | None = None
        self._warm_up: concurrent.futures.Future[CoverArt] | None = None
        self._live: LiveMix | None = None

    def preload(self) -> None:
        """Open the executor and have it load the host voice's model while ingest and write
        run. A voice that cannot be resolved is left to the speak stage to report."""
        from digestcast.speak.registry import EngineRegistry, resolve_voice

        try:
            voice = resolve_voice(
                self.settings.voices.host, self.settings, EngineRegistry.discover()
            )
        except DigestcastError:
            return
        executor = self._open_executor()  # (first: a cluster is connected to meanwhile)
        try:
            voice.engine.check(voice.profile, voice.options)
        except DigestcastError:
            return
        executor.preload(voice)

    @contextlib.contextmanager
    def synthesis(self, plan: SpeechPlan) -> Iterator[tuple[Executor, SpeechListener | None]]:
        """The executor to synthesize `plan` with and who hears the speech as it is made (the
        live mix, when the engines prove slow), or None. The later stages' warm-up starts
        now; the executor is closed when synthesis ends."""
        executor = self._executor or self._open_executor()
        listener = None
        if self.overlap:
            self._start_warm_up()
            self._live = self._start_live_mix()
            if self._live is not None:
                listener = LiveWhenSlow(self._live, plan, executor.stats.slots)
        try:
            yield executor, listener
        finally:
            executor.close()

    def live_mix(self) -> LiveMix | None:
        """The live mix that heard synthesis (see mix.live), if one ran."""
        return self._live

    def cover_art(self) -> CoverArt:
        """The show's cover art: the warm-up's, once it is done, else made now (which also
        reports any problem the warm-up met)."""
        from digestcast.mix.cover import cover_art

        if self._warm_up is not None:
            with contextlib.suppress(Exception):
                return self._warm_up.result()
        return cover_art(self.settings, self.staging)

    def _open_executor(self) -> Executor:
        from digestcast.speak.executor import open_executor

        executor = open_executor(self.settings, engines=self.engines)
        self._executor = self._stack.enter_context(contextlib.closing(executor))
        return self._executor

    def _start_warm_up(self) -> None:
        pool = self._stack.enter_context(
            concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="warm-up")
        )  # (on exit: joined; it writes in the staging folder)
        self._warm_up = pool.submit(_prepare_later_stages, self.settings, self.staging)

    def _start_live_mix(self) -> LiveMix | None:
        from digestcast.mix import start_live_mix

        live = start_live_mix(self.settings, self.staging / "live")
        if live is not None:
            self._stack.callback(live.close)
        return live


@contextlib.contextmanager
def build_resources(
    settings: Settings,
    staging: Path,
    *,
    speaks: bool,
    overlap: bool = True,
    engines: EngineCache | None = None,
) -> Iterator[BuildResources]:
    """The resources of one build; `speaks`: the build will synthesize (preload now)."""
    with contextlib.ExitStack() as stack:
        resources = BuildResources(settings, staging, stack, overlap=overlap, engines=engines)
        if speaks and overlap:
            resources.preload()
        yield resources
