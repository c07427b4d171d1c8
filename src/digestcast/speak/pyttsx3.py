"""pyttsx3: the platform's system voices (espeak-ng on Linux, NSSpeechSynthesizer on macOS,
SAPI5 on Windows).

pyttsx3 2.99 traps handled here: `runAndWait()` may return before the file is written (we wait
for 'finished-utterance' and for a complete file), it can crash on long text and slows down with
the square of the text length (the splitter feeds it sentences; `isolated` keeps it out of the
main process, so a crash kills a worker, never the build). Its espeak driver writes the file
before adding the samples that come with espeak's last event, so when espeak (whose chunks
follow the machine's load) sends audio with that event, a sentence loses its end, or all of it:
we add them first. A sentence that still comes back silent is spoken again, then an error.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib.util
import io
import multiprocessing
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from pydantic import Field

from digestcast.config import VoiceProfile
from digestcast.errors import SynthesisError
from digestcast.speak.base import Engine, EngineOptions, SynthesisResult

INSTALL_HINT = "pip install pyttsx3; on Linux also apt-get install libespeak-ng1"
FILE_WAIT_S = 10.0


class Pyttsx3Options(EngineOptions):
    rate: int = Field(175, ge=50, le=500)  # words per minute
    volume: float = Field(1.0, ge=0, le=1)


@dataclass(frozen=True)
class SystemVoice:
    id: str
    name: str


def match_voice(wanted: str, voices: list[SystemVoice]) -> SystemVoice | None:
    """A voice by exact id, by the id's last part ("en-us" for "gmw/en-us"), or by a
    fragment of its name ("English (America)"), case-insensitively. "" means the default."""
    w = wanted.strip().lower()
    if not w:
        return None
    for test in (
        lambda v: v.id.lower() == w,
        lambda v: v.id.lower().rsplit("/", 1)[-1] == w,
        lambda v: v.name.lower() == w,
        lambda v: w in v.name.lower(),
    ):
        found = [v for v in voices if test(v)]
        if found:
            return found[0]
    return None


def _installed() -> None:
    if importlib.util.find_spec("pyttsx3") is None:
        raise SynthesisError(f"engine 'pyttsx3' is not installed ({INSTALL_HINT})")
    if sys.platform.startswith("linux") and not (
        ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")
    ):
        raise SynthesisError(
            f"engine 'pyttsx3' needs espeak-ng, which is not installed ({INSTALL_HINT})"
        )


def _voices_child(queue: multiprocessing.Queue[list[tuple[str, str]]]) -> None:
    import pyttsx3

    engine = pyttsx3.init()
    queue.put([(str(v.id), str(v.name)) for v in engine.getProperty("voices")])


def list_system_voices(timeout: float = 30.0) -> list[SystemVoice]:
    """The system's voices, asked in a child process (a crash there cannot hurt us)."""
    _installed()
    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[list[tuple[str, str]]] = ctx.Queue()
    child = ctx.Process(target=_voices_child, args=(queue,), daemon=True)
    child.start()
    try:
        pairs = queue.get(timeout=timeout)
    except Exception:
        raise SynthesisError(
            f"engine 'pyttsx3' could not list the system voices (exit code {child.exitcode})"
        ) from None
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()
    return [SystemVoice(i, n) for i, n in pairs]


class Pyttsx3Engine(Engine):
    engine_id = "pyttsx3"
    version = "1"
    install_hint = INSTALL_HINT
    default_profile = "system"
    isolated = True
    Options: ClassVar[type[EngineOptions]] = Pyttsx3Options

    def __init__(self, profile: VoiceProfile, options: EngineOptions) -> None:
        super().__init__(profile, options)
        self._tts: Any = None
        self._finished = False
        self._callback: Any = None

    @classmethod
    def check(cls, profile: VoiceProfile, options: EngineOptions) -> None:
        _installed()
        if profile.voice.strip():
            voices = list_system_voices()
            if match_voice(profile.voice, voices) is None:
                raise SynthesisError(
                    f"voice profile {profile.name!r}: unknown pyttsx3 voice {profile.voice!r} "
                    f"({len(voices)} system voices; e.g. "
                    f"{', '.join(v.id for v in voices[:5])})"
                )

    def _load(self) -> Any:
        _installed()
        import pyttsx3

        tts = pyttsx3.init()
        voices = [SystemVoice(str(v.id), str(v.name)) for v in tts.getProperty("voices")]
        if self.profile.voice.strip():
            voice = match_voice(self.profile.voice, voices)
            if voice is None:
                raise SynthesisError(
                    f"voice profile {self.profile.name!r}: "
                    f"unknown pyttsx3 voice {self.profile.voice!r}"
                )
            tts.setProperty("voice", voice.id)
        opts = self.options
        assert isinstance(opts, Pyttsx3Options)
        tts.setProperty("rate", opts.rate)
        tts.setProperty("volume", opts.volume)
        tts.connect("finished-utterance", self._on_finished)
        self._keep_last_chunk(tts)
        return tts

    def _keep_last_chunk(self, tts: Any) -> None:
        """Have the espeak driver keep the samples that arrive with espeak's last event."""
        driver: Any = getattr(getattr(tts, "proxy", None), "_driver", None)
        if type(driver).__module__ != "pyttsx3.drivers.espeak":
            return
        from pyttsx3.drivers import _espeak

        original = driver._onSynth

        def on_synth(wav: Any, samples: int, events: Any) -> int:
            if samples > 0 and driver._speaking and _ends_message(events, _espeak):
                driver._data_buffer += ctypes.string_at(
                    wav, samples * ctypes.sizeof(ctypes.c_short)
                )
                samples = 0
            return int(original(wav, samples, events))

        self._callback = on_synth  # espeak holds only a C pointer to it
        _espeak.SetSynthCallback(on_synth)

    def _on_finished(self, name: str | None, completed: bool) -> None:
        self._finished = True

    def synthesize(self, text: str) -> SynthesisResult:
        for _attempt in range(2):
            result = self._synthesize_once(text)
            if len(result.audio) or not any(c.isalnum() for c in text):
                return result
        raise SynthesisError(f"pyttsx3 returned no audio for {text[:60]!r}")

    def _synthesize_once(self, text: str) -> SynthesisResult:
        if self._tts is None:
            self._tts = self._load()
        with tempfile.TemporaryDirectory(prefix="digestcast-tts-") as tmp:
            path = Path(tmp) / "sentence.wav"
            self._finished = False
            with contextlib.redirect_stdout(io.StringIO()):  # the espeak driver prints
                self._tts.save_to_file(text, str(path))
                self._tts.runAndWait()
            return self._read_when_complete(path, text)

    def _read_when_complete(self, path: Path, text: str) -> SynthesisResult:
        """runAndWait() can return early: wait for 'finished-utterance' and a whole WAV."""
        deadline = time.monotonic() + FILE_WAIT_S
        while True:
            if self._finished and path.is_file():
                with contextlib.suppress(wave.Error, EOFError, OSError):
                    return _read_wav(path)
            if time.monotonic() > deadline:
                raise SynthesisError(f"pyttsx3 wrote no usable audio for {text[:60]!r}")
            time.sleep(0.01)


def _ends_message(events: Any, espeak: Any) -> bool:
    """Whether espeak's event list (ended by EVENT_LIST_TERMINATED) holds the message's end."""
    at = 0
    while (kind := events[at].type) != espeak.EVENT_LIST_TERMINATED:
        if kind == espeak.EVENT_MSG_TERMINATED:
            return True
        at += 1
    return False


def _read_wav(path: Path) -> SynthesisResult:
    """A 16-bit WAV as mono samples (channels averaged)."""
    with wave.open(str(path), "rb") as wav:
        rate, width, channels = wav.getframerate(), wav.getsampwidth(), wav.getnchannels()
        frames = wav.readframes(wav.getnframes())
    if width != 2:
        raise SynthesisError(f"pyttsx3 wrote {8 * width}-bit audio; digestcast needs 16-bit")
    usable = len(frames) - len(frames) % (2 * channels)
    audio = np.frombuffer(frames[:usable], dtype="<i2").reshape(-1, channels)
    mono = audio.mean(axis=1).astype(np.int16) if channels > 1 else audio[:, 0].copy()
    return SynthesisResult(mono, rate)
