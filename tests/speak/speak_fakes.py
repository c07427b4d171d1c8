"""Fake TTS engines for the speak tests. They live in a module of their own so spawned worker
processes can import them. Each call appends the sentence to `log` (one line per synthesis), so
tests can count syntheses across processes."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import ClassVar

import numpy as np

from digestcast.errors import SynthesisError
from digestcast.speak.base import Engine, EngineOptions, SynthesisResult

RATE = 16000
SECONDS_PER_WORD = 0.05


class ToneOptions(EngineOptions):
    log: str = ""  # a file; each synthesis appends its sentence
    pitch: float = 440.0
    amplitude: float = 0.5  # of full scale
    crash_on: str = ""  # a sentence containing this kills the worker process
    hang_on: str = ""  # a sentence containing this never finishes
    refuse_on: str = ""  # a sentence containing this raises SynthesisError
    once_flag: str = ""  # when set, crash/hang only while this file does not exist yet
    delay: float = 0.0  # seconds each synthesis takes (after crash_on is checked)
    seconds_per_word: float = 0.05  # of audio


def words_duration(text: str) -> float:
    return SECONDS_PER_WORD * len(text.split())


class ToneEngine(Engine):
    """A beep per sentence: 0.05 s per word at 16 kHz."""

    engine_id = "tone"
    version = "1"
    sample_rate = RATE
    default_profile: ClassVar[str | None] = "tone"
    Options: ClassVar[type[EngineOptions]] = ToneOptions

    def synthesize(self, text: str) -> SynthesisResult:
        opts = self.options
        assert isinstance(opts, ToneOptions)
        if opts.log:
            with open(opts.log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\t{text}\t{threading.get_ident()}\n")
        if opts.crash_on and opts.crash_on in text and self._misbehave(opts):
            os._exit(11)
        if opts.hang_on and opts.hang_on in text and self._misbehave(opts):
            time.sleep(3600)
        time.sleep(opts.delay)
        if opts.refuse_on and opts.refuse_on in text:
            raise SynthesisError(f"tone engine refuses {text!r}")
        n = round(opts.seconds_per_word * len(text.split()) * RATE)
        t = np.arange(n) / RATE
        audio = (opts.amplitude * 32767 * np.sin(2 * np.pi * opts.pitch * t)).astype(np.int16)
        return SynthesisResult(audio, RATE)

    @staticmethod
    def _misbehave(opts: ToneOptions) -> bool:
        """Always, or only the first time when `once_flag` is set."""
        if not opts.once_flag:
            return True
        if Path(opts.once_flag).exists():
            return False
        Path(opts.once_flag).touch()
        return True


class IsolatedToneEngine(ToneEngine):
    """The same, but never run in the main process (like pyttsx3)."""

    engine_id = "tone-isolated"
    default_profile = None
    isolated = True


class ThreadedToneEngine(ToneEngine):
    """The same, synthesizing from several threads of one worker process (like Piper)."""

    engine_id = "tone-threads"
    default_profile = None
    isolated = True
    concurrent = True


class FastToneEngine(ThreadedToneEngine):
    """The same, as fast as espeak-ng (with long sentences, so that it measures as fast
    however loaded the machine is): not worth mixing while it speaks."""

    engine_id = "tone-fast"
