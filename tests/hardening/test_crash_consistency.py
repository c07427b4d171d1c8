"""A build killed (SIGKILL to its whole process group) at every publish step leaves a folder a
podcast app can read, and the next build succeeds and tidies it."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from digestcast.publish.files import KILL_AT_STEP
from tests.conftest import DATA
from tests.hardening.conftest import assert_consistent, build_args, leftovers, run_cli

FIRST = DATA / "e2e" / "short-issue.txt"
SECOND = DATA / "e2e" / "second-issue.txt"
MAX_STEPS = 40


def _changed_first(tmp_path: Path) -> Path:
    """The first issue again (same title and date: the same episode), one story rewritten."""
    text = FIRST.read_text(encoding="utf-8").replace("40 street lamps", "48 street lamps")
    path = tmp_path / "corrected" / FIRST.name  # (the same name: ingest may title it by it)
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["new episode", "rebuilt episode"])
def test_a_build_killed_at_any_publish_step_leaves_a_consistent_folder(
    tmp_path: Path, scenario: str
) -> None:
    cache, base = tmp_path / "cache", tmp_path / "base"
    first = run_cli(build_args(FIRST, base, cache), tmp_path)
    assert first.returncode == 0, first.stderr
    before = assert_consistent(base)
    source = SECOND if scenario == "new episode" else _changed_first(tmp_path)
    survived = 0
    for step in range(1, MAX_STEPS):
        out = tmp_path / f"out-{step}"
        shutil.copytree(base, out)
        args = build_args(source, out, cache)
        killed = run_cli(args, tmp_path, env={KILL_AT_STEP: str(step)})
        if killed.returncode == 0:  # past the last step: every step was tried
            break
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert assert_consistent(out) in (before, before + 1), f"killed at step {step}"
        again = run_cli(args, tmp_path)
        assert again.returncode == 0, f"after a kill at step {step}: {again.stderr}"
        assert assert_consistent(out) == before + (scenario == "new episode")
        assert leftovers(out, tmp_path) == [], f"killed at step {step}"
        shutil.rmtree(out)
        survived += 1
    else:
        pytest.fail(f"the publish took more than {MAX_STEPS} steps")
    print(f"{scenario}: killed at {step - 1} publish steps, {survived} consistent and recovered")
    assert step > 8  # files placed, cover, page, feed, commit, switches (and deletes)
