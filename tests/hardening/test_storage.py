"""A full disk, a read-only output folder, SIGTERM and kill -9: one line, exit 2 (130 when
stopped), nothing published changed, no work files left in or out of the output folder."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.hardening.conftest import (
    CLI,
    assert_consistent,
    build_args,
    catalog_rows,
    leftovers,
    run_cli,
)

FIRST = DATA / "e2e" / "short-issue.txt"
SECOND = DATA / "e2e" / "second-issue.txt"


@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int) -> Iterator[Path]:
    """A real small file system (root only, as in CI); the test skips where it cannot mount."""
    path.mkdir(parents=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith("catalog.sqlite")
    }


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_changes_nothing_published(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm = run_cli(build_args(SECOND, tmp_path / "warm", cache), tmp_path)  # speech cached
    assert warm.returncode == 0, warm.stderr
    with tmpfs(tmp_path / "disk", 1600) as disk:
        out = disk / "out"
        first = run_cli(build_args(FIRST, out, cache), tmp_path)
        assert first.returncode == 0, first.stderr
        rows, files = catalog_rows(out), _snapshot(out)
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        cases, full = 0, 0
        for left in range(0, free, max(free // 9, 4096)):  # free space from none to enough
            filler = disk / "filler"
            filler.write_bytes(b"\0" * (free - left))
            done = run_cli(build_args(SECOND, out, cache), tmp_path)
            cases += 1
            assert_consistent(out)
            if done.returncode != 0:
                full += 1
                assert done.returncode == 2, done.stderr
                assert re.search(r"No space left|disk is full", _one_line_error(done.stderr))
                assert (catalog_rows(out), _snapshot(out)) == (rows, files)
            filler.unlink()
            assert leftovers(out, tmp_path) == []
            if done.returncode == 0:
                break
        print(f"full disk: {cases} cases, {full} refused with one line, all consistent")
    assert full >= 3


@pytest.mark.slow
def test_a_read_only_output_folder_is_refused_before_synthesis(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with tmpfs(tmp_path / "disk", 4096) as disk:
        out = disk / "out"
        assert run_cli(build_args(FIRST, out, cache), tmp_path).returncode == 0
        files = _snapshot(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        done = run_cli(build_args(SECOND, out, cache), tmp_path)
        assert done.returncode == 2, done.stderr
        assert "Read-only file system" in _one_line_error(done.stderr)
        assert _snapshot(out) == files
        assert not (cache / "segments").exists() or not any(cache.rglob("*.wav"))


def _staging_folders(home: Path) -> list[Path]:
    root = home / "xdg" / "digestcast" / "staging"
    return list(root.iterdir()) if root.is_dir() else []


def _start_build(tmp_path: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    return subprocess.Popen(
        [sys.executable, "-c", CLI, *build_args(FIRST, out, tmp_path / "cache")],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )


def _wait_for_staging(tmp_path: Path, build: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not any(f.name != ".lock" for d in _staging_folders(tmp_path) for f in d.iterdir()):
        assert build.poll() is None and time.monotonic() < deadline, "no staging files"
        time.sleep(0.05)


@pytest.mark.slow
def test_sigterm_stops_like_ctrl_c_and_kill_9_leftovers_go_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build = _start_build(tmp_path, out)
    _wait_for_staging(tmp_path, build)
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert _staging_folders(tmp_path) == []
    assert not (out / "feed.xml").exists()

    build = _start_build(tmp_path, out)
    _wait_for_staging(tmp_path, build)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    assert _staging_folders(tmp_path) != []  # what kill -9 leaves, outside the output folder
    assert not list(out.glob(".staging-*"))
    again = run_cli(build_args(FIRST, out, tmp_path / "cache"), tmp_path)
    assert again.returncode == 0, again.stderr
    assert assert_consistent(out) == 1
    assert leftovers(out, tmp_path) == []
