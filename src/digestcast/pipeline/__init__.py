"""The build: ingest -> write -> speak -> mix -> publish.

state.py      the request and the build state (data only)
stages.py     the five stages, each a function from state to state
resources.py  what runs alongside the stages (executor, warm-up, live mix), in one place
runner.py     enter the resources, run the stages, report, clean up
"""

from digestcast.pipeline.resources import BuildResources
from digestcast.pipeline.runner import run
from digestcast.pipeline.stages import Stage, stages_for
from digestcast.pipeline.state import BuildRequest, BuildState, Progress, SilentProgress

__all__ = [
    "BuildRequest",
    "BuildResources",
    "BuildState",
    "Progress",
    "SilentProgress",
    "Stage",
    "run",
    "stages_for",
]
