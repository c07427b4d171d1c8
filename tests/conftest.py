"""Shared fixtures: isolated settings, folders and a guard against network use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"


def _samples_folder() -> Path:
    """The project's shared/samples: beside the checkout (as in CI), else in a folder above it."""
    for folder in REPO.parents:
        if (folder / "shared" / "samples").is_dir():
            return folder / "shared" / "samples"
    return REPO.parent / "shared" / "samples"


SAMPLES = _samples_folder()
# Tests of the publishers' real issues: they live beside the project, not in a user's clone.
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"the real samples ({SAMPLES}) are not on this machine"
)


def need_tool(name: str) -> str:
    """The path of a system tool the tests read files back with (installed by .ci/run)."""
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is required by the tests (apt-get install it, see .ci/run)")
    return path


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"
