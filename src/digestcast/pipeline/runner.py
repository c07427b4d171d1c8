"""Run a build: enter its resources, run the stages in order, report, clean up.

The runner alone owns progress reporting, timing, the staging folder and what is kept or
deleted when a build fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import shutil
import time
import uuid
from collections.abc import Sequence
from types import MappingProxyType

from digestcast.config import Settings
from digestcast.pipeline.resources import build_resources
from digestcast.pipeline.stages import Stage, stages_for
from digestcast.pipeline.state import BuildRequest, BuildState, Progress, SilentProgress

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
LARGE_BLOCK = 1 << 20


def _give_back_large_blocks() -> None:
    """Have blocks of 1 MB and more (images, audio spans) returned to the system as soon as
    they are freed. glibc otherwise raises that threshold as large blocks come and go and keeps
    the memory for reuse: tens of MB held while the engines reach their peak. (Does nothing
    without glibc.)"""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


def run(
    settings: Settings,
    request: BuildRequest,
    progress: Progress | None = None,
    stages: Sequence[tuple[str, Stage]] | None = None,
) -> BuildState:
    """Run the stages (by default `stages_for(request)`) in order. On any failure (or
    Ctrl-C) the staging folder is removed and nothing already published changes: files reach
    output/ only through publish's renames."""
    progress = progress or SilentProgress()
    _give_back_large_blocks()
    # Named now, made only by the first stage that writes (so bad input leaves no files at all).
    staging = settings.output_dir / f".staging-{uuid.uuid4().hex[:12]}"
    state = BuildState(settings=settings, request=request, staging=staging)
    speaks = stages is None and not request.dry_run
    try:
        with build_resources(
            settings, staging, speaks=speaks, overlap=not request.sequential
        ) as resources:
            for name, stage in stages if stages is not None else stages_for(request):
                progress.start(name, None)
                t0 = time.perf_counter()
                state = stage(state, progress, resources)
                took = time.perf_counter() - t0
                seconds = MappingProxyType({**state.seconds, name: took})
                state = dataclasses.replace(state, seconds=seconds)
                progress.finish(name, took)
    finally:
        if not request.keep_intermediates:
            shutil.rmtree(staging, ignore_errors=True)
    return state
