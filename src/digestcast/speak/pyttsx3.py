"""pyttsx3: the platform's system voices (espeak-ng on Linux, NSSpeechSynthesizer on macOS,
SAPI5 on Windows).

On Linux pyttsx3 drives espeak-ng in its asynchronous mode: a thread of espeak's hands the audio
to pyttsx3's driver, which writes a WAV file when the message ends and lets `runAndWait()` return
before that. On loaded machines sentences came back short (the same issue, built twice on a CI
machine, came out 1.15 s apart: about one of espeak's one-second chunks). So on Linux we start
espeak-ng in its synchronous mode before pyttsx3 does, let pyttsx3 pick the voice, and collect
the samples ourselves: `espeak_Synth` returns when the last one has been handed over, in the
calling thread, so nothing depends on timing. Elsewhere pyttsx3 writes a file and we wait for
'finished-utterance' and a whole file. pyttsx3 can crash on long text and slows down with the
square of its length (the splitter feeds it sentences; `isolated` keeps it out of the main
process, so a crash kills a worker, never the build). A sentence that comes back silent is
spoken again, then an error.
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
ESPEAK_SYNCHRONOUS = 1  # espeak_ng_OUTPUT_MODE: ENOUTPUT_MODE_SYNCHRONOUS


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
        self._espeak: Any = None  # pyttsx3's espeak-ng binding, in synchronous mode (Linux)
        self._voice_id = ""
        self._chunks: list[bytes] = []
        self._callback: Any = None
        self._finished = False

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
        self._espeak = _synchronous_espeak()
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
            self._voice_id = voice.id
        else:
            self._voice_id = str(tts.getProperty("voice") or "")
        if self._espeak is not None:
            self._callback = self._espeak.t_espeak_callback(self._on_samples)  # keep it alive
        else:
            tts.connect("finished-utterance", self._on_finished)
        return tts

    def _apply(self, tts: Any) -> None:
        """This voice's settings, before each sentence: the system's synthesizer has one set
        per process, and two voices in one worker would otherwise speak with the last one's."""
        opts = self.options
        assert isinstance(opts, Pyttsx3Options)
        # pyttsx3 queues an engine's settings until runAndWait(); espeak's driver sets them now
        target = tts if self._espeak is None else tts.proxy._driver
        if self._voice_id:
            target.setProperty("voice", self._voice_id)
        target.setProperty("rate", opts.rate)
        target.setProperty("volume", opts.volume)
        if self._espeak is not None:
            self._espeak.cSetSynthCallback(self._callback)

    def _on_samples(self, wav: Any, samples: int, events: Any) -> int:
        if samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * ctypes.sizeof(ctypes.c_short)))
        return 0  # go on

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
        self._apply(self._tts)
        if self._espeak is not None:
            return self._speak_espeak(text)
        with tempfile.TemporaryDirectory(prefix="digestcast-tts-") as tmp:
            path = Path(tmp) / "sentence.wav"
            self._finished = False
            with contextlib.redirect_stdout(io.StringIO()):  # drivers print
                self._tts.save_to_file(text, str(path))
                self._tts.runAndWait()
            return self._read_when_complete(path, text)

    def _speak_espeak(self, text: str) -> SynthesisResult:
        """espeak-ng in synchronous mode: every chunk is ours when `espeak_Synth` returns."""
        espeak = self._espeak
        self._chunks = []
        status = espeak.Synth(text.encode("utf-8"), flags=espeak.ENDPAUSE | espeak.CHARS_UTF8)
        if status != 0:
            raise SynthesisError(f"espeak-ng failed (status {status}) on {text[:60]!r}")
        audio = np.frombuffer(b"".join(self._chunks), dtype="<i2").copy()
        self._chunks = []
        return SynthesisResult(audio, int(espeak.dll.espeak_ng_GetSampleRate()))

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


def _synchronous_espeak() -> Any:
    """pyttsx3's espeak-ng binding with espeak-ng in synchronous mode, or None off Linux.

    espeak-ng is initialized once per process, so we do it before pyttsx3's driver would
    (pyttsx3 then skips its own); in a process where pyttsx3 already started it, we wait for
    its queue to drain and switch the output to synchronous.
    """
    if not sys.platform.startswith("linux"):
        return None
    from pyttsx3.drivers import _espeak
    from pyttsx3.drivers.espeak import EspeakDriver

    if not EspeakDriver._moduleInitialized:
        if _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 1000) == -1:
            raise SynthesisError("engine 'pyttsx3': espeak-ng could not be initialized")
        current = _espeak.GetCurrentVoice()
        named = current and current.contents.name
        EspeakDriver._defaultVoice = named.decode("utf-8") if named else "gmw/en"  # as pyttsx3
        EspeakDriver._moduleInitialized = True
    else:
        _espeak.dll.espeak_Synchronize()
        _espeak.dll.espeak_ng_InitializeOutput(ESPEAK_SYNCHRONOUS, 1000, None)
    return _espeak


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
