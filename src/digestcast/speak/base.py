"""The interface every TTS engine shares (built-in or a `digestcast.engines` plugin).

An engine declares what it is as class attributes, its options as a pydantic model with
`extra="forbid"`, and synthesizes one sentence at a time:

    class MyEngine(Engine):
        engine_id = "my-tts"
        version = "1"
        install_hint = "pip install my-tts"

        class Options(EngineOptions):
            speed: float = 1.0

        def synthesize(self, text: str) -> SynthesisResult: ...
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, ValidationError

from digestcast.config import VoiceProfile
from digestcast.errors import ConfigError


class EngineOptions(BaseModel):
    """Base of every engine's `Options`: unknown keys are an error, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class SynthesisResult:
    """One synthesized sentence: mono 16-bit samples at `sample_rate`."""

    audio: npt.NDArray[np.int16]
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.audio) / self.sample_rate


class Engine(ABC):
    """A TTS engine reading one voice profile. Construction must be cheap; load heavy models
    lazily on the first `synthesize` so the main process can inspect an engine for free."""

    engine_id: ClassVar[str] = ""
    version: ClassVar[str] = "0"  # part of the cache key: bump it when the audio changes
    sample_rate: int = 22050  # the rate `synthesize` returns (an instance may refine it)
    install_hint: ClassVar[str] = ""  # e.g. "pip install piper-tts"
    default_profile: ClassVar[str | None] = None  # profile used when `--engine` forces this one
    isolated: ClassVar[bool] = False  # True: never run in the main process (crash-prone engines)
    # True: one instance may synthesize from several threads at once. Parallel synthesis then
    # runs as threads of one worker process, which loads the model once instead of per process.
    concurrent: ClassVar[bool] = False
    Options: ClassVar[type[EngineOptions]] = EngineOptions

    def __init__(self, profile: VoiceProfile, options: EngineOptions) -> None:
        self.profile = profile
        self.options = options

    @classmethod
    def parse_options(cls, profile: VoiceProfile) -> EngineOptions:
        """The profile's options checked against `Options`; a ConfigError names the profile."""
        try:
            return cls.Options.model_validate(profile.options)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"]) or "options"
            raise ConfigError(
                f"voice profile {profile.name!r} (engine {cls.engine_id!r}): "
                f"option {loc}: {first['msg']}"
            ) from None

    @classmethod
    def check(cls, profile: VoiceProfile, options: EngineOptions) -> None:
        """Raise SynthesisError when the engine is not installed or the voice is unknown.
        Runs in the main process, so it must not load anything crash-prone."""
        return None

    @classmethod
    def cache_identity(cls, profile: VoiceProfile) -> dict[str, Any]:
        """Extra facts that change the audio (e.g. the model's version); part of the cache key."""
        return {}

    def load(self) -> None:
        """Load the model now (a worker does this while the script is being written), not on
        the first sentence. Safe to call twice."""
        return None

    @abstractmethod
    def synthesize(self, text: str) -> SynthesisResult:
        """Speak one sentence."""


def to_int16(audio: npt.NDArray[Any]) -> npt.NDArray[np.int16]:
    """Float samples in [-1, 1] (or int16 already) as int16, clipped."""
    if audio.dtype == np.int16:
        return audio
    scaled = np.clip(audio.astype(np.float64) * 32767.0, -32767.0, 32767.0)
    return scaled.astype(np.int16)
