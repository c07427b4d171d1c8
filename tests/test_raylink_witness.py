"""The witness of a Ray driver: one line on stderr when the process that started it ends
abruptly (as Ray's core worker ends a driver whose raylet died: exit status 1, no message),
silence when it ends normally or has said it is done."""

from __future__ import annotations

import subprocess
import sys

import pytest

MESSAGE = "error: ray cluster at 127.0.0.9:1: lost (test)"


def _driver(ending: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import os\n"
        "from digestcast.raylink import Witness\n"
        f"witness = Witness({MESSAGE!r})\n"
        f"{ending}\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_an_abrupt_end_while_connected_is_one_line() -> None:
    ended = _driver("os._exit(1)")  # what Ray's core worker does
    assert ended.returncode == 1
    assert ended.stderr.splitlines() == [MESSAGE]


@pytest.mark.parametrize("ending", ["pass", "raise SystemExit(2)", "witness.done(); os._exit(1)"])
def test_a_normal_end_or_a_disconnect_is_silent(ending: str) -> None:
    ended = _driver(ending)
    assert MESSAGE not in ended.stderr
