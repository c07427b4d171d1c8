"""`scripts/bench --executor ray`: the local executor and the Ray executor on this machine, in
one run. Prints figures; asserts nothing (machines are noisy).

It starts a one-node Ray cluster on loopback (all the machine's cores, its processes in their
own group, killed at the end), then builds the same 2,000-word issue with each executor (a
fresh cache each: every sentence synthesized) and `update`s several small shows both ways.
Besides wall time it counts CPU seconds (the build's process tree, plus every process of the
cluster, whose idle work goes on under either executor), which a busy machine disturbs less.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the tests' loopback cluster
sys.path.insert(0, str(HERE))  # the main bench's issue maker and memory readers

from bench import _pss_kb, make_issue, tree_memory_kb  # noqa: E402
from tests.ray_cluster import LoopbackCluster, loopback_cluster  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
MEMORY_EVERY_S = 0.5  # a memory sample of the cluster with actors loaded: ~50-100 ms of CPU


def _cpu_by_pid(pids: list[int]) -> dict[int, float]:
    """CPU seconds of each process: its own, and its children's that ended (local workers)."""
    found = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            found[pid] = sum(int(f) for f in fields[11:15]) / TICK  # u/s time, cu/cs time
        except (OSError, IndexError, ValueError):
            continue
    return found


def _cluster_mb(cluster: LoopbackCluster) -> int:
    """The PSS of the cluster's processes (its workers included: `processes` lists them)."""
    return sum(_pss_kb(pid) for pid in cluster.processes()) // 1024


class Sampler:
    """Runs a command and measures it alike for either executor: wall; CPU seconds of the
    command's tree (its rusage) plus every cluster process's (the idle cluster works under
    either executor); the peak PSS of the command's tree, alone and with the cluster's.

    The cluster's CPU is read here every 0.2 s (/proc stat of its processes, found again every
    second: an actor's last 0.2 s before it ends are missed). Memory (every process's smaps,
    ~50-100 ms of CPU a sample with actors loaded) is read by a process of its own, in a session
    of its own at the lowest priority (`sample_memory`), for both executors: the build never
    waits for it. Read here, it took CPU from Ray's builds only: the cluster's processes run in
    a session of their own, and Linux shares the CPU between sessions (autogroups) before
    niceness counts, so a sampler at niceness 19 beside the driver still took a fair share
    from the engine actor (13% of a core, against 3% from a local build; at niceness 0, every
    0.2 s and with each worker read twice, 13-19% and ~6%: measured)."""

    def __init__(self, cluster: LoopbackCluster) -> None:
        self.cluster = cluster

    def run(self, cmd: list[str]) -> tuple[str, float, float, tuple[int, int]]:
        """(stdout, wall s, CPU s, peak PSS MB (the command's tree, with the cluster))."""
        known = self.cluster.processes()
        at_start = _cpu_by_pid(known)
        seen = dict(at_start)  # the last CPU figure of every cluster process (actors end)
        t0 = time.perf_counter()
        before = os.times()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        sampler = subprocess.Popen(
            [sys.executable, __file__, "--sample-memory", str(proc.pid), self._described()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        found = time.monotonic()
        while proc.poll() is None:
            if time.monotonic() - found >= 1.0:
                known, found = self.cluster.processes(), time.monotonic()
            seen.update(_cpu_by_pid(known))
            time.sleep(0.2)
        seen.update(_cpu_by_pid(self.cluster.processes()))
        wall = time.perf_counter() - t0
        after = os.times()  # (the sampler, still running, is not counted)
        tree, with_cluster = json.loads(sampler.communicate("")[0])
        child_cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        cpu = child_cpu + sum(seen.values()) - sum(at_start.values())
        out = proc.stdout.read() if proc.stdout else ""
        if proc.returncode != 0:
            raise SystemExit(f"benchmark child failed: {' '.join(cmd)}")
        return out, wall, cpu, (tree // 1024, with_cluster // 1024)

    def _described(self) -> str:
        c = self.cluster
        return json.dumps([c.address, str(c.temp_dir), c.marker, c.groups])


def sample_memory(pid: int, described: str) -> None:
    """`--sample-memory PID CLUSTER`: the peak PSS (KB) of PID's tree, and of the tree with the
    cluster's processes, sampled every MEMORY_EVERY_S until stdin closes; printed as JSON. Runs
    in a session of its own (see Sampler), whose priority it lowers to the least."""
    with contextlib.suppress(OSError):
        Path("/proc/self/autogroup").write_text("19")
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, 19)
    address, temp_dir, marker, groups = json.loads(described)
    cluster = LoopbackCluster(address, Path(temp_dir), marker, groups)
    peaks = (0, 0)
    while True:
        tree = tree_memory_kb(pid)[1]
        with_cluster = tree + sum(_pss_kb(p) for p in cluster.processes())
        peaks = (max(peaks[0], tree), max(peaks[1], with_cluster))
        if select.select([sys.stdin], [], [], MEMORY_EVERY_S)[0]:
            break
    print(json.dumps(peaks))


def child_build(args: argparse.Namespace) -> None:
    from digestcast.config import load_settings
    from digestcast.pipeline import BuildRequest, run

    settings = load_settings(None).with_overrides(
        output_dir=args.out,
        cache_dir=args.cache,
        engine=args.engine,
        **{"executor.kind": args.kind, "executor.address": args.address},
    )
    t0 = time.perf_counter()
    state = run(settings, BuildRequest(source=args.source))
    assert state.episode is not None and state.synthesis is not None
    figures = {
        **state.seconds,
        "total": time.perf_counter() - t0,
        "sentences": state.synthesis.sentences,
        "engine_cpu": state.synthesis.cpu_seconds,
        "audio": state.episode.duration,
    }
    print(json.dumps(figures))


def row(name: str, value: str) -> None:
    print(f"  {name:<46} {value}")


def _build_once(
    work: Path, kind: str, engine: str, cluster: LoopbackCluster, source: Path, run: int
) -> tuple[dict[str, float], float, float, int]:
    """(the build's own figures, wall s, CPU s, peak PSS MB) of one build with a fresh cache."""
    cmd = [sys.executable, __file__, "--child", "--kind", kind, "--engine", engine]
    cmd += ["--out", str(work / f"out-{kind}-{run}"), "--cache", str(work / f"cache-{kind}-{run}")]
    cmd += ["--source", str(source), "--address", cluster.address]
    out, wall, cpu, (tree, with_cluster) = Sampler(cluster).run(cmd)
    return (
        json.loads(out.strip().splitlines()[-1]),
        wall,
        cpu,
        with_cluster if kind == "ray" else tree,
    )


def _median_run(
    runs: list[tuple[dict[str, float], float, float, int]],
) -> tuple[dict[str, float], float, float, int]:
    """The figures of each kind taken one by one as the median of the runs."""
    keys = runs[0][0].keys()
    fig = {k: statistics.median(r[0][k] for r in runs) for k in keys}
    return (
        fig,
        statistics.median(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
        int(statistics.median(r[3] for r in runs)),
    )


def bench_build(
    work: Path, engine: str, cluster: LoopbackCluster, words: int, runs: int
) -> dict[str, float]:
    """Build the same issue with each executor, `runs` times alternately; print the medians
    and return them."""
    source = work / "issue.md"
    source.write_text(make_issue(words, 4), encoding="utf-8")
    print(
        f"\none issue: {len(source.read_text().split())} words, engine {engine}, fresh cache; "
        f"median of {runs} alternating run(s)"
    )
    done: dict[str, list[tuple[dict[str, float], float, float, int]]] = {"local": [], "ray": []}
    for run in range(runs):
        for kind in ("local", "ray") if run % 2 == 0 else ("ray", "local"):
            done[kind].append(_build_once(work, kind, engine, cluster, source, run))
    results = {kind: _median_run(found) for kind, found in done.items()}
    idle = _cluster_mb(cluster)
    for kind, (fig, wall, cpu, peak) in results.items():
        print(f" {kind} executor")
        speak = f"speak {fig['speak']:.2f}, process {wall:.2f}"
        row("total build (s)", f"{fig['total']:.2f}  ({speak})")
        each = ", ".join(f"{r[0]['total']:.1f}" for r in done[kind])
        row("  each run (s)", each)
        row("CPU, build + workers/cluster (s)", f"{cpu:.2f}")
        row("sentences synthesized", f"{fig['sentences']:.0f}  ({fig['audio']:.0f} s of audio)")
        row("  CPU in the engine (s)", f"{fig['engine_cpu']:.2f}")
        idle_note = f"  (idle cluster: {idle})" if kind == "ray" else ""
        row("peak memory PSS (MB)", f"{peak}{idle_note}")
    (local, _, lcpu, lpeak), (ray, _, rcpu, rpeak) = results["local"], results["ray"]
    sentences = max(1.0, local["sentences"])
    print(" Ray over local")
    row(
        "per episode, build wall (s)",
        f"{ray['total'] - local['total']:+.2f}  "
        f"({(ray['total'] - local['total']) / local['total']:+.1%})",
    )
    row("per episode, CPU (s)", f"{rcpu - lcpu:+.2f}  ({(rcpu - lcpu) / lcpu:+.1%})")
    row(
        "per sentence, speak wall (ms)",
        f"{(ray['speak'] - local['speak']) / sentences * 1000:+.1f}",
    )
    row("per sentence, CPU (ms)", f"{(rcpu - lcpu) / sentences * 1000:+.1f}")
    row("peak memory PSS (MB)", f"{rpeak - lpeak:+d}  (cluster included)")
    return {"local": local["total"], "ray": ray["total"]}


def _feed(path: Path, show: str, issues: list[str]) -> None:
    items = "".join(
        f"<item><title>{show} issue {i + 1}</title>"
        f"<link>https://example.org/{show}/{i + 1}</link>"
        f"<guid>https://example.org/{show}/{i + 1}</guid>"
        f"<pubDate>Mon, 0{i + 1} Jun 2026 08:00:00 +0000</pubDate>"
        f"<description><![CDATA[{text}]]></description></item>"
        for i, text in enumerate(issues)
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{show}</title>'
        f"<link>https://example.org/{show}</link><description>d</description>{items}"
        "</channel></rss>",
        encoding="utf-8",
    )


def _shows_config(work: Path, shows: int, per_show: int, words: int, engine: str) -> Path:
    import markdown_it

    md = markdown_it.MarkdownIt()
    lines = [f'engine = "{engine}"', 'cache_dir = "cache"', ""]
    for s in range(shows):
        name = f"show{s + 1}"
        issues = [md.render(make_issue(words, 2, seed=100 * s + i)) for i in range(per_show)]
        _feed(work / f"{name}.xml", name, issues)
        lines += [f"[shows.{name}]", f'source_feeds = ["{work / name}.xml"]']
        lines += [f'show.title = "Show {s + 1}"', ""]
    config = work / "podcast.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return config


def bench_update(work: Path, engine: str, cluster: LoopbackCluster, shows: int, runs: int) -> None:
    per_show, words = 1, 400
    print(
        f"\nupdate: {shows} shows x {per_show} new issue of ~{words} words, engine {engine}; "
        f"median of {runs} alternating run(s)"
    )
    digestcast = str(Path(sys.executable).parent / "digestcast")
    found: dict[str, list[tuple[float, float, int]]] = {"local": [], "ray": []}
    for run in range(runs):
        for kind in ("local", "ray") if run % 2 == 0 else ("ray", "local"):
            folder = work / f"update-{kind}-{run}"
            folder.mkdir()
            config = _shows_config(folder, shows, per_show, words, engine)
            cmd = [digestcast, "update", "--config", str(config)]
            if kind == "ray":
                cmd += ["--ray-address", cluster.address]
            _, wall, cpu, (tree, with_cluster) = Sampler(cluster).run(cmd)
            peak = with_cluster if kind == "ray" else tree
            built = len(list(folder.glob("output/*/episodes/*.mp3")))
            assert built == shows * per_show, f"{kind} update built {built} episodes"
            found[kind].append((wall, cpu, peak))
    figures = {}
    for kind, results in found.items():
        wall = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        peak = int(statistics.median(r[2] for r in results))
        figures[kind] = wall
        each = ", ".join(f"{r[0]:.1f}" for r in results)
        row(f"{kind}: {shows * per_show} episodes (s)", f"{wall:.2f}  (each: {each})")
        row("  CPU (s), peak PSS (MB)", f"{cpu:.2f}, {peak}")
    row("ray / local", f"{figures['ray'] / figures['local']:.2f}")


def bench_nodes(work: Path, engine: str, words: int) -> None:
    """The same build on a one-node cluster of one CPU, then on two such nodes (on this
    machine: its two cores play two machines): what one more node gives."""
    source = work / "issue-nodes.md"
    source.write_text(make_issue(words, 4, seed=11), encoding="utf-8")
    print(f"\none more node: the {words}-word issue through Ray, nodes of 1 CPU each")
    first = 0.0
    for nodes in (1, 2):
        with loopback_cluster(nodes=nodes, cpus=1) as cluster:
            fig, _, cpu, _ = _build_once(work, "ray", engine, cluster, source, 100 + nodes)
        speak = fig["speak"]
        first = first or speak
        row(
            f"{nodes} node(s): speak (s)",
            f"{speak:.2f}  (build {fig['total']:.2f}, CPU {cpu:.2f}; x{first / speak:.2f})",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--sample-memory", nargs=2, metavar=("PID", "CLUSTER"))
    parser.add_argument("--kind", default="local")
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--address")
    parser.add_argument("--out")
    parser.add_argument("--cache")
    parser.add_argument("--source")
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--shows", type=int, default=6)
    parser.add_argument("--runs", type=int, default=3, help="alternating builds of each kind")
    parser.add_argument("--update-runs", type=int, default=1, help="alternating updates")
    parser.add_argument("--nodes", action="store_true", help="also: one node, then two")
    parser.add_argument("--no-update", action="store_true", help="skip the update of N shows")
    args = parser.parse_args()
    if args.child:
        return child_build(args)
    if args.sample_memory:
        return sample_memory(int(args.sample_memory[0]), args.sample_memory[1])
    cores = os.cpu_count() or 1
    print(f"digestcast Ray benchmark: {cores} cores, one Ray node on loopback with {cores} CPUs")
    with tempfile.TemporaryDirectory(prefix="digestcast-bench-ray-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        with loopback_cluster(nodes=1, cpus=cores) as cluster:
            row("cluster start (s)", f"{time.perf_counter() - started:.1f}")
            bench_build(work, args.engine, cluster, args.words, args.runs)
            if not args.no_update:
                bench_update(work, args.engine, cluster, args.shows, args.update_runs)
        if args.nodes:
            bench_nodes(work, args.engine, args.words)


if __name__ == "__main__":
    main()
