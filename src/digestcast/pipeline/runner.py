"""Run a build: enter its resources, run the stages in order, report, clean up.

The runner alone owns progress reporting, timing, the staging folder and what is kept or
deleted when a build fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import time
from collections.abc import Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from digestcast.config import Settings
from digestcast.pipeline.resources import build_resources
from digestcast.pipeline.stages import Stage, stages_for
from digestcast.pipeline.state import BuildRequest, BuildState, Progress, SilentProgress
from digestcast.staging import staging_folder

if TYPE_CHECKING:
    from digestcast.speak.workers import EngineCache

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
LARGE_BLOCK = 1 << 20
KEPT_FREE = 4 << 20  # free memory an arena keeps at its top for the next blocks


def _give_back_large_blocks() -> None:
    """Have blocks of 1 MB and more (images, audio spans) returned to the system as soon as
    they are freed. glibc otherwise raises that threshold as large blocks come and go and keeps
    the memory for reuse: tens of MB held while the engines reach their peak. Fixing that
    threshold also fixes the heap's trim threshold at 128 kB, and the mix's blocks (a few
    hundred kB each) would be given back and faulted in again at every step (300k page faults,
    ~0.5 s of CPU per 8 minutes of audio): up to KEPT_FREE stays. (Does nothing without glibc.)"""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)
        libc.mallopt(M_TRIM_THRESHOLD, KEPT_FREE)


def run(
    settings: Settings,
    request: BuildRequest,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, Stage]] | None = None,
    engines: EngineCache | None = None,
) -> BuildState:
    """Run the stages (by default `stages_for(request)`) in order. On any failure (or Ctrl-C,
    or SIGTERM) the staging folder (outside the output folder) is removed and nothing already
    published changes: files reach output/ only through publish's renames. What a killed build
    left is tidied by the next one. `engines`: engines loaded already, kept by the caller from
    one build to the next (an update's builder actor), to synthesize with in this process."""
    progress = progress or SilentProgress()
    _give_back_large_blocks()
    with staging_folder(keep=request.keep_intermediates) as staging:
        return _run_stages(settings, request, progress, stages, staging, engines)


def _run_stages(
    settings: Settings,
    request: BuildRequest,
    progress: Progress,
    stages: Sequence[tuple[str, Stage]] | None,
    staging: Path,
    engines: EngineCache | None = None,
) -> BuildState:
    state = BuildState(settings=settings, request=request, staging=staging)
    speaks = stages is None and not request.dry_run
    with build_resources(
        settings, staging, speaks=speaks, overlap=not request.sequential, engines=engines
    ) as resources:
        # After the resources start (the engine's worker starts and loads its model meanwhile:
        # the publish stage's imports take ~0.4 s of CPU).
        if not request.dry_run:
            from digestcast.publish import recover_output

            recover_output(settings)  # writable? and what a killed build left, tidied
        for name, stage in stages if stages is not None else stages_for(request):
            progress.start(name, None)
            t0 = time.perf_counter()
            state = stage(state, progress, resources)
            took = time.perf_counter() - t0
            seconds = MappingProxyType({**state.seconds, name: took})
            state = dataclasses.replace(state, seconds=seconds)
            progress.finish(name, took)
    return state
