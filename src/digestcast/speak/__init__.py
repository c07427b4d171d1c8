"""The speak stage: Script -> one Clip per Segment, every sentence a cached mono 16-bit WAV."""

from __future__ import annotations

import collections
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from digestcast.config import Settings
from digestcast.errors import SynthesisError
from digestcast.models import Clip, Script, Segment, SpokenSentence
from digestcast.sbd import SentenceSplitter, SentenceText, Split
from digestcast.speak.cache import SegmentCache, open_cache, read_wav_info, sentence_key
from digestcast.speak.executor import Executor, SentenceJob, SynthesisStats
from digestcast.speak.local import LocalExecutor, default_jobs
from digestcast.speak.registry import EngineRegistry, Voice, resolve_voice
from digestcast.speak.workers import Timeouts

__all__ = [
    "Executor",
    "SpeechListener",
    "SpeechPlan",
    "SynthesisStats",
    "check_engines",
    "plan_speech",
    "speak_script",
    "synthesize",
]


class SpeechListener(Protocol):
    """Hears the speech as it is made (the live mix): first the clips to come, each sentence
    with its WAV's path and no duration yet (`pending` holds the paths not synthesized yet),
    then each pending path once its WAV is in place."""

    def planned(self, clips: Sequence[Clip], pending: Collection[Path]) -> None: ...

    def ready(self, path: Path) -> None: ...


@dataclass(frozen=True)
class PlannedSentence:
    """A sentence of a segment, with where its audio lives in the cache."""

    sentence: SentenceText
    key: str
    path: Path


@dataclass(frozen=True)
class PlannedSegment:
    segment: Segment
    voice: Voice
    where: str  # for error messages
    sentences: tuple[PlannedSentence, ...]

    def clip_to_come(self) -> Clip:
        """The clip as it will be, its sentences' durations unknown yet (0)."""
        sentences = tuple(
            SpokenSentence(p.sentence.text, p.path, 0.0, p.sentence.paragraph_end)
            for p in self.sentences
        )
        return Clip(self.segment, sentences, self.voice.engine.sample_rate)

    def clip(self) -> Clip:
        """The clip, its sentences' durations read from their WAVs."""
        sentences = []
        rates = set()
        for p in self.sentences:
            info = read_wav_info(p.path)
            rates.add(info.sample_rate)
            sentences.append(
                SpokenSentence(p.sentence.text, p.path, info.duration, p.sentence.paragraph_end)
            )
        if len(rates) > 1:
            raise SynthesisError(
                f"{self.where}: sentences came back at different sample rates {sorted(rates)}"
            )
        rate = rates.pop() if rates else self.voice.engine.sample_rate
        return Clip(segment=self.segment, sentences=tuple(sentences), sample_rate=rate)


@dataclass(frozen=True)
class SpeechPlan:
    """What the script's speech is made of: every segment's sentences and where their audio
    lives, and the sentences the cache lacks (`misses`: once each, in script order)."""

    segments: tuple[PlannedSegment, ...]
    misses: tuple[SentenceJob, ...]

    @property
    def voices(self) -> tuple[Voice, ...]:
        """The voices with sentences to synthesize."""
        return tuple({job.voice.profile.name: job.voice for job in self.misses}.values())

    @property
    def paths(self) -> frozenset[Path]:
        return frozenset(p.path for s in self.segments for p in s.sentences)

    def clips_to_come(self) -> tuple[Clip, ...]:
        return tuple(s.clip_to_come() for s in self.segments)

    def clips(self) -> tuple[Clip, ...]:
        return tuple(s.clip() for s in self.segments)


def _where(index: int, segment: Segment) -> str:
    return f"segment {index + 1} ({segment.kind} {segment.chapter!r}, voice {segment.voice!r})"


def _voices(script: Script, settings: Settings, registry: EngineRegistry) -> dict[str, Voice]:
    return {
        name: resolve_voice(name, settings, registry)
        for name in dict.fromkeys(s.voice for s in script.segments)
    }


def check_engines(
    script: Script, settings: Settings, *, registry: EngineRegistry | None = None
) -> None:
    """Fail early, before any work: unknown engine or profile, bad options (ConfigError naming
    the profile), an engine that is not installed or a voice it does not have (SynthesisError)."""
    registry = registry or EngineRegistry.discover()
    _check(_voices(script, settings, registry).values())


def _check(voices: Iterable[Voice]) -> None:
    for voice in voices:
        voice.engine.check(voice.profile, voice.options)


def _key(text: str, voice: Voice) -> str:
    return sentence_key(
        text,
        engine_id=voice.engine.engine_id,
        engine_version=voice.engine.version,
        voice=voice.profile.voice,
        options=voice.options.model_dump(mode="json"),
        identity=voice.engine.cache_identity(voice.profile),
    )


def plan_speech(
    script: Script,
    settings: Settings,
    cache: SegmentCache,
    registry: EngineRegistry,
    known: Iterable[Split] = (),
) -> SpeechPlan:
    """Split every segment into sentences (`known`: splits made before, see sbd) and look
    each up in the cache."""
    voices = _voices(script, settings, registry)
    splitter = SentenceSplitter(settings.show.language, known=known)
    segments = []
    misses: dict[str, SentenceJob] = {}
    for index, segment in enumerate(script.segments):
        voice, where = voices[segment.voice], _where(index, segment)
        planned = []
        for sentence in splitter.split(segment.spoken):
            key = _key(sentence.text, voice)
            path = cache.lookup(key) or cache.path_for(key)
            if key not in misses and not path.is_file():
                misses[key] = SentenceJob(key, sentence.text, voice, path, where)
            planned.append(PlannedSentence(sentence, key, path))
        segments.append(PlannedSegment(segment, voice, where, tuple(planned)))
    return SpeechPlan(tuple(segments), tuple(misses.values()))


def synthesize(
    plan: SpeechPlan,
    executor: Executor,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    listener: SpeechListener | None = None,
) -> tuple[Clip, ...]:
    """Have `executor` synthesize the plan's misses (their engines checked first: a voice
    whose sentences are all cached needs no engine) and return one Clip per segment.
    `on_progress(done, total)` counts sentences; `listener` hears each one as it is ready."""
    _check(plan.voices)
    report = on_progress or (lambda _done, _total: None)
    uses = collections.Counter(p.key for s in plan.segments for p in s.sentences)
    total = sum(uses.values())
    done = total - sum(uses[job.key] for job in plan.misses)
    if listener is not None:
        listener.planned(plan.clips_to_come(), frozenset(job.path for job in plan.misses))
    report(done, total)
    executor.submit(plan.misses)
    for job in executor.finished():
        done += uses[job.key]
        if listener is not None:
            listener.ready(job.path)
        report(done, total)
    return plan.clips()


def speak_script(
    script: Script,
    settings: Settings,
    *,
    jobs: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    registry: EngineRegistry | None = None,
    timeouts: Timeouts | None = None,
) -> tuple[Clip, ...]:
    """The speak stage on its own (no build around it): plan, synthesize the misses `jobs` at
    a time in local workers of its own, evict what the cache no longer has room for."""
    cache = open_cache(settings)
    plan = plan_speech(script, settings, cache, registry or EngineRegistry.discover())
    executor = LocalExecutor(jobs or settings.jobs or default_jobs(), timeouts)
    try:
        clips = synthesize(plan, executor, on_progress=on_progress)
    finally:
        executor.close()
    cache.evict(keep=plan.paths)
    return clips
