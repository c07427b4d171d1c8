"""Bad input: one line naming the input and the problem, exit code 2, no traceback, no files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA


def _digestcast(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "digestcast"
    return subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
    )


def _one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error:")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("empty.txt", b"", ("empty.txt", "empty")),
        ("blank.md", b"   \n\n  \n", ("blank.md",)),
        ("binary.txt", bytes(range(256)) * 40, ("binary.txt",)),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, name: str, content: bytes, words: tuple[str, ...]
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out"
    result = _digestcast("build", str(source), "--out", str(out), cwd=tmp_path)
    _one_line_error(result, *words)
    assert not out.exists()


def test_missing_file(tmp_path: Path) -> None:
    result = _digestcast(
        "build", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"), cwd=tmp_path
    )
    _one_line_error(result, "nope.txt")
    assert not (tmp_path / "o").exists()


def test_unknown_engine(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _digestcast(
        "build",
        str(DATA / "e2e" / "short-issue.txt"),
        "--engine",
        "nosuchengine",
        "--out",
        str(out),
        "--cache-dir",
        str(tmp_path / "c"),
        cwd=tmp_path,
    )
    _one_line_error(result, "nosuchengine")
    assert not list(out.glob("**/*.mp3"))
    assert not (out / "feed.xml").exists()


def test_bad_config(tmp_path: Path) -> None:
    config = tmp_path / "podcast.toml"
    config.write_text('[show]\nbase_url = "ftp://x"\n')
    result = _digestcast(
        "build", str(DATA / "e2e" / "short-issue.txt"), "--config", str(config), cwd=tmp_path
    )
    _one_line_error(result, "podcast.toml", "base_url")
