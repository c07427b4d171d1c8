"""Which engines exist (built-ins plus `digestcast.engines` plugins) and which voice reads what."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping
from dataclasses import dataclass

from digestcast.config import Settings, VoiceProfile, load_voice_profile
from digestcast.errors import SynthesisError
from digestcast.speak.base import Engine, EngineOptions
from digestcast.speak.piper import PiperEngine
from digestcast.speak.pyttsx3 import Pyttsx3Engine

ENTRY_POINT_GROUP = "digestcast.engines"
BUILTIN_ENGINES: tuple[type[Engine], ...] = (PiperEngine, Pyttsx3Engine)


class EngineRegistry:
    """Engine classes by `engine_id`."""

    def __init__(self, engines: Mapping[str, type[Engine]]) -> None:
        self._engines = dict(engines)

    @classmethod
    def builtin(cls) -> EngineRegistry:
        return cls({e.engine_id: e for e in BUILTIN_ENGINES})

    @classmethod
    def discover(cls, *, plugins: bool = True) -> EngineRegistry:
        """The built-ins plus, when `plugins`, every engine of the `digestcast.engines` group.
        A plugin that fails to load, or is not an Engine, is a SynthesisError naming it: the
        user installed it to use it, and a voice silently read by another engine is worse."""
        engines = {e.engine_id: e for e in BUILTIN_ENGINES}
        if plugins:
            for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
                try:
                    loaded = ep.load()
                except Exception as exc:
                    raise SynthesisError(
                        f"engine plugin {ep.value!r} failed to load: {exc}"
                    ) from None
                if not (isinstance(loaded, type) and issubclass(loaded, Engine)):
                    raise SynthesisError(f"engine plugin {ep.value!r} is not a digestcast Engine")
                engines[loaded.engine_id or ep.name] = loaded
        return cls(engines)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._engines))

    def get(self, engine_id: str, *, wanted_by: str = "") -> type[Engine]:
        try:
            return self._engines[engine_id]
        except KeyError:
            who = f" (voice profile {wanted_by!r})" if wanted_by else ""
            raise SynthesisError(
                f"unknown engine {engine_id!r}{who}; available: {', '.join(self.ids)}"
            ) from None


@dataclass(frozen=True)
class Voice:
    """A voice profile bound to its engine class and validated options."""

    profile: VoiceProfile
    engine: type[Engine]
    options: EngineOptions

    @property
    def name(self) -> str:
        return self.profile.name


def resolve_voice(name: str, settings: Settings, registry: EngineRegistry) -> Voice:
    """Load profile `name`; when `settings.engine` forces another engine, use that engine's
    default profile instead. Options are validated (ConfigError naming the profile)."""
    profile = load_voice_profile(name, settings)
    forced = settings.engine
    if forced and profile.engine != forced:
        engine = registry.get(forced)
        if engine.default_profile:
            profile = load_voice_profile(engine.default_profile, settings)
        else:
            profile = VoiceProfile(name=forced, engine=forced, speaker=profile.speaker)
    engine = registry.get(profile.engine, wanted_by=profile.name)
    return Voice(profile, engine, engine.parse_options(profile))
