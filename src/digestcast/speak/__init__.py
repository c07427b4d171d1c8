"""The speak stage: Script -> one Clip per Segment, every sentence a cached mono 16-bit WAV."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from digestcast.config import Settings
from digestcast.errors import DigestcastError, SynthesisError
from digestcast.models import Clip, Script, Segment, SpokenSentence
from digestcast.speak.cache import SegmentCache, default_cache_dir, read_wav_info, sentence_key
from digestcast.speak.registry import EngineRegistry, Voice, resolve_voice
from digestcast.speak.sentences import SentenceSplitter, SentenceText
from digestcast.speak.workers import (
    SentenceJob,
    SynthesisStats,
    Timeouts,
    WorkerPool,
    default_jobs,
    in_process,
    synthesize_all,
)

__all__ = [
    "SpeechListener",
    "SynthesisStats",
    "WorkerPool",
    "check_engines",
    "speak_script",
    "start_workers",
]


class SpeechListener(Protocol):
    """Hears the speech as it is made (the live mix): first the clips to come, each sentence
    with its WAV's path and no duration yet (`pending` holds the paths not synthesized yet),
    then each pending path once its WAV is in place."""

    def planned(self, clips: Sequence[Clip], pending: Collection[Path]) -> None: ...

    def ready(self, path: Path) -> None: ...


@dataclass(frozen=True)
class _Planned:
    """A sentence of a segment, with where its audio lives in the cache."""

    sentence: SentenceText
    key: str
    path: Path


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


def speak_script(
    script: Script,
    settings: Settings,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    registry: EngineRegistry | None = None,
    timeouts: Timeouts | None = None,
    on_stats: Callable[[SynthesisStats], None] | None = None,
    pool: WorkerPool | None = None,
    listener: SpeechListener | None = None,
) -> tuple[Clip, ...]:
    """Synthesize every sentence of the script (cache misses only, `jobs` at a time) and
    return one Clip per Segment, in order. The engines of the voices with sentences to
    synthesize are checked first (check_engines); a voice whose sentences are all in the cache
    needs no engine. `on_progress(done, total)` counts sentences;
    `on_stats` hears what the engines did; `listener` hears each sentence as it is ready
    (when every engine is `slow`: mixing while fast engines speak only slows them down)."""
    registry = registry or EngineRegistry.discover()
    voices = _voices(script, settings, registry)
    cache = SegmentCache(
        cache_dir or default_cache_dir(settings), max_bytes=settings_cache_limit(settings)
    )
    splitter = SentenceSplitter(settings.show.language)

    plans: list[list[_Planned]] = []
    misses: dict[str, SentenceJob] = {}
    for index, segment in enumerate(script.segments):
        voice = voices[segment.voice]
        planned = []
        for sentence in splitter.split(segment.spoken):
            key = _key(sentence.text, voice)
            path = cache.lookup(key) or cache.path_for(key)
            if key not in misses and not path.is_file():
                misses[key] = SentenceJob(key, sentence.text, voice, path, _where(index, segment))
            planned.append(_Planned(sentence, key, path))
        plans.append(planned)

    _check({job.voice.profile.name: job.voice for job in misses.values()}.values())
    total = sum(len(p) for p in plans)
    uses: dict[str, int] = {}
    for planned in plans:
        for p in planned:
            uses[p.key] = uses.get(p.key, 0) + 1
    done = total - sum(uses[k] for k in misses)

    def report(job: SentenceJob) -> None:
        nonlocal done
        done += uses[job.key]
        if listener is not None:
            listener.ready(job.path)
        if on_progress:
            on_progress(done, total)

    if listener is not None and all(v.engine.slow for v in voices.values()):
        listener.planned(
            tuple(
                _clip_to_come(segment, planned, voices[segment.voice])
                for segment, planned in zip(script.segments, plans, strict=True)
            ),
            frozenset(job.path for job in misses.values()),
        )

    if on_progress:
        on_progress(done, total)
    stats = synthesize_all(
        list(misses.values()),
        workers=jobs or settings.jobs,
        timeouts=timeouts or Timeouts(),
        on_done=report,
        pool=pool,
    )
    if on_stats:
        on_stats(stats)

    clips = tuple(
        _clip(segment, planned, voices[segment.voice], _where(i, segment))
        for i, (segment, planned) in enumerate(zip(script.segments, plans, strict=True))
    )
    cache.evict(keep={p.path for planned in plans for p in planned})
    return clips


def start_workers(settings: Settings, jobs: int | None = None) -> WorkerPool | None:
    """Start the host voice's worker processes and load its model now, while the issue is read
    and the script written; None when that voice runs in this process or cannot be resolved
    (the speak stage then reports the problem)."""
    try:
        voice = resolve_voice(settings.voices.host, settings, EngineRegistry.discover())
        voice.engine.check(voice.profile, voice.options)
    except DigestcastError:
        return None
    slots = jobs or settings.jobs or default_jobs()
    if in_process(voice.engine, slots):
        return None
    pool = WorkerPool(voice.engine, slots)
    pool.preload(voice)
    return pool


def settings_cache_limit(settings: Settings) -> int:
    """The cache's size limit in bytes (`cache_max_mb` in podcast.toml)."""
    return int(settings.cache_max_mb) * 1024 * 1024


def _clip_to_come(segment: Segment, planned: list[_Planned], voice: Voice) -> Clip:
    """The clip as it will be, its sentences' durations unknown yet (0)."""
    sentences = tuple(
        SpokenSentence(p.sentence.text, p.path, 0.0, p.sentence.paragraph_end) for p in planned
    )
    return Clip(segment=segment, sentences=sentences, sample_rate=voice.engine.sample_rate)


def _clip(segment: Segment, planned: list[_Planned], voice: Voice, where: str) -> Clip:
    sentences = []
    rates = set()
    for p in planned:
        info = read_wav_info(p.path)
        rates.add(info.sample_rate)
        sentences.append(
            SpokenSentence(p.sentence.text, p.path, info.duration, p.sentence.paragraph_end)
        )
    if len(rates) > 1:
        raise SynthesisError(
            f"{where}: sentences came back at different sample rates {sorted(rates)}"
        )
    rate = rates.pop() if rates else voice.engine.sample_rate
    return Clip(segment=segment, sentences=tuple(sentences), sample_rate=rate)
