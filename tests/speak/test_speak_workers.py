"""The worker pool: parallel synthesis, crashed or hung workers replaced, no hangs."""

import contextlib
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.speak import plan_speech, speak_script, synthesize, workers
from digestcast.speak.cache import open_cache
from digestcast.speak.local import LocalExecutor
from digestcast.speak.registry import EngineRegistry
from digestcast.speak.workers import Timeouts
from tests.speak.conftest import make_script, synthesized, write_profile

SettingsFor = Callable[..., Settings]
QUICK = Timeouts(base=2.0, per_word=0.0, startup=20.0)
TEXTS = ("One two three. Four five.", "Six seven eight nine. Ten.", "Eleven. Twelve thirteen.")


def test_two_workers_give_the_same_clips_as_one(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone", log=str(log))
    parallel = speak_script(make_script(*TEXTS), settings_for(), registry=registry, jobs=2)
    pids = {line.split("\t")[0] for line in log.read_text().splitlines()}
    assert len(synthesized(log)) == 6
    assert len(pids) == 2  # both workers took part
    serial = speak_script(
        make_script(*TEXTS), settings_for(cache_dir=tmp_path / "other"), registry=registry, jobs=1
    )
    assert [[s.duration for s in c.sentences] for c in parallel] == [
        [s.duration for s in c.sentences] for c in serial
    ]


def assert_all_made_with_one_retry(
    settings: Settings, registry: EngineRegistry, log: Path, *, jobs: int, retried: str
) -> None:
    """Every sentence of TEXTS ends up in the cache, `retried` synthesized twice."""
    clips = speak_script(
        make_script(*TEXTS), settings, registry=registry, jobs=jobs, timeouts=QUICK
    )
    assert sum(len(c.sentences) for c in clips) == 6
    assert synthesized(log).count(retried) == 2
    assert all(s.wav_path.is_file() for c in clips for s in c.sentences)


def _crashing_once_on_ten(voices_dir: Path, tmp_path: Path) -> Path:
    """A voice whose worker crashes the first time it is given "Ten": its log's path."""
    log = tmp_path / "log"
    write_profile(
        voices_dir,
        "tone",
        "tone-isolated",
        log=str(log),
        crash_on="Ten",
        once_flag=str(tmp_path / "flag"),
    )
    return log


def test_crashed_worker_is_replaced_and_its_sentence_retried(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = _crashing_once_on_ten(voices_dir, tmp_path)
    # crashed once, then done by a new worker
    assert_all_made_with_one_retry(settings_for(), registry, log, jobs=1, retried="Ten.")


def test_sentence_crashing_twice_fails_the_build_naming_its_segment(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone-isolated", log=str(log), crash_on="Ten")
    with pytest.raises(
        SynthesisError, match=r"segment 2 \(story 'Story 2'.*'Ten\.'.*failed 2 times.*crashed"
    ):
        speak_script(make_script(*TEXTS), settings_for(), registry=registry, jobs=2, timeouts=QUICK)
    assert synthesized(log).count("Ten.") == 2


def test_hung_worker_is_killed_and_the_build_fails_in_bounded_time(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    write_profile(voices_dir, "tone", "tone", hang_on="Twelve")
    started = time.monotonic()
    with pytest.raises(
        SynthesisError, match=r"segment 3 .*'Twelve thirteen\.'.*no answer within 2 s"
    ):
        speak_script(make_script(*TEXTS), settings_for(), registry=registry, jobs=2, timeouts=QUICK)
    assert time.monotonic() - started < 30


def test_hang_once_is_retried(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    write_profile(voices_dir, "tone", "tone", hang_on="Six", once_flag=str(tmp_path / "flag"))
    clips = speak_script(
        make_script(*TEXTS), settings_for(), registry=registry, jobs=2, timeouts=QUICK
    )
    assert [s.text for s in clips[1].sentences] == ["Six seven eight nine.", "Ten."]


def test_engine_refusal_fails_at_once_without_retry(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone-isolated", log=str(log), refuse_on="Eleven")
    with pytest.raises(SynthesisError, match=r"segment 3 .*tone engine refuses 'Eleven\.'"):
        speak_script(make_script(*TEXTS), settings_for(), registry=registry, jobs=2, timeouts=QUICK)
    assert synthesized(log).count("Eleven.") == 1


def test_failure_in_process_names_the_segment(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry
) -> None:
    write_profile(voices_dir, "tone", "tone", refuse_on="Four")
    with pytest.raises(SynthesisError, match=r"segment 1 \(story 'Story 1'"):
        speak_script(make_script(*TEXTS), settings_for(), registry=registry, jobs=1)


def test_workers_do_not_run_the_parents_main_script(
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker starts from its own few lines of code: never from the parent's main script
    (multiprocessing's "spawn" would import it in every worker; for the `digestcast` console
    script that is the whole CLI, every stage's imports in every worker)."""
    marker = tmp_path / "main-script-ran"
    script = tmp_path / "console_script.py"
    script.write_text(f"import pathlib\npathlib.Path({str(marker)!r}).touch()\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    write_profile(voices_dir, "tone", "tone-isolated")
    (clip,) = speak_script(make_script("One two three."), settings_for(), registry=registry, jobs=1)
    assert [s.text for s in clip.sentences] == ["One two three."]
    assert not marker.exists()
    assert sys.modules["__main__"] is main  # put back after the worker started


def _who(log: Path) -> tuple[set[str], set[str]]:
    """The process ids and thread ids that synthesized."""
    rows = [line.split("\t") for line in log.read_text().splitlines()]
    return {r[0] for r in rows}, {r[2] for r in rows}


def test_concurrent_engine_runs_as_threads_of_one_worker(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    """An engine that is safe across threads (Piper) is loaded once: one process, N threads."""
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone-threads", log=str(log), delay=0.2)
    settings = settings_for()
    plan = plan_speech(make_script(*TEXTS), settings, open_cache(settings), registry)
    with contextlib.closing(LocalExecutor(2)) as executor:
        clips = synthesize(plan, executor)
        stat = executor.stats
    pids, threads = _who(log)
    assert len(pids) == 1 and len(threads) == 2
    assert sorted(synthesized(log)) == sorted(s.text for c in clips for s in c.sentences)
    assert stat.sentences == 6 and stat.slots == 2


def test_worker_dying_with_several_sentences_blames_only_the_culprit(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    """A sentence crashes the worker while a second thread holds
    another: both are retried alone, and only the one that crashes again fails the build."""
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone-threads", log=str(log), crash_on="Six", delay=0.3)
    with pytest.raises(
        SynthesisError, match=r"segment 2 .*'Six seven eight nine\.'.*failed 2 times.*crashed"
    ):
        speak_script(make_script(*TEXTS), settings_for(), registry=registry, jobs=2, timeouts=QUICK)
    assert synthesized(log).count("Six seven eight nine.") == 3  # with company, then twice alone


def test_crash_with_company_once_then_everything_is_made(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    flag = tmp_path / "flag"
    write_profile(
        voices_dir,
        "tone",
        "tone-threads",
        log=str(log),
        crash_on="Six",
        once_flag=str(flag),
        delay=0.1,
    )
    retried = "Six seven eight nine."
    assert_all_made_with_one_retry(settings_for(), registry, log, jobs=2, retried=retried)


def test_hung_thread_is_blamed_alone(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    log = tmp_path / "log"
    write_profile(voices_dir, "tone", "tone-threads", log=str(log), hang_on="Twelve")
    with pytest.raises(SynthesisError, match=r"segment 3 .*'Twelve thirteen\.'.*no answer"):
        speak_script(make_script(*TEXTS), settings_for(), registry=registry, jobs=2, timeouts=QUICK)
    assert synthesized(log).count("Twelve thirteen.") == 2


def test_an_engine_giving_no_audio_fails_and_leaves_no_cache_entry(
    voices_dir: Path, settings_for: SettingsFor, registry: EngineRegistry, tmp_path: Path
) -> None:
    write_profile(voices_dir, "tone", "tone", seconds_per_word=0.0)
    settings = settings_for()
    with pytest.raises(SynthesisError, match=r"engine 'tone' gave no audio for 'One two three\.'"):
        speak_script(make_script(*TEXTS), settings, registry=registry, jobs=1)
    assert not list((tmp_path / "cache").rglob("*.wav"))


@pytest.fixture(params=["forked", "fresh interpreter"])
def worker_start(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Workers made both ways: forks of this process (Linux) and fresh interpreters."""
    if request.param == "forked":
        if sys.platform != "linux":
            pytest.skip("workers are forked on Linux only")
        monkeypatch.setattr(workers, "NOT_FORK_SAFE", ())  # (whatever this process loaded)
    else:
        monkeypatch.setattr(workers, "can_fork", lambda: False)
    return str(request.param)


def test_either_kind_of_worker_survives_a_crash_and_finishes(
    voices_dir: Path,
    settings_for: SettingsFor,
    registry: EngineRegistry,
    tmp_path: Path,
    worker_start: str,
) -> None:
    log = _crashing_once_on_ten(voices_dir, tmp_path)
    assert_all_made_with_one_retry(settings_for(), registry, log, jobs=2, retried="Ten.")
    pids, _ = _who(log)
    assert len(pids) >= 2 and str(os.getpid()) not in pids  # two workers, neither this process


def test_workers_are_forks_on_linux_until_an_engine_is_loaded_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in workers.NOT_FORK_SAFE:
        monkeypatch.delitem(sys.modules, name, raising=False)
    assert workers.can_fork()
    monkeypatch.setitem(sys.modules, "onnxruntime", types.ModuleType("onnxruntime"))
    assert not workers.can_fork()
    monkeypatch.delitem(sys.modules, "onnxruntime")
    monkeypatch.setitem(sys.modules, "ray", types.ModuleType("ray"))  # a Ray driver's threads
    assert not workers.can_fork()
    monkeypatch.delitem(sys.modules, "ray")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not workers.can_fork()


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")  # (a zombie has ended)
    except FileNotFoundError:
        return True


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_a_forked_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    """The parent killed without a word (SIGKILL): its worker sees its socket close and ends."""
    code = (
        "import os, sys; from digestcast.speak import workers; workers.NOT_FORK_SAFE = (); "
        "w = workers._Worker(1); assert isinstance(w.process, workers._Forked); "
        "print(w.process.pid, flush=True); sys.stdin.read()"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    worker_pid = int(parent.stdout.readline())
    assert not _ended(worker_pid)
    parent.kill()
    parent.wait(10)
    deadline = time.monotonic() + 10
    while not _ended(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _ended(worker_pid)
