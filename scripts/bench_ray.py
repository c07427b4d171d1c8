"""`scripts/bench --executor ray`: the local executor and the Ray executor on this machine, in
one run. Prints figures; asserts nothing (machines are noisy).

It starts a one-node Ray cluster on loopback (all the machine's cores, its processes in their
own group, killed at the end), then builds the same 2,000-word issue with each executor (a
fresh cache each: every sentence synthesized) and `update`s several small shows both ways.
Besides wall time it counts CPU seconds (the build's process tree, plus every process of the
cluster for Ray), which a busy machine disturbs less.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the tests' loopback cluster
sys.path.insert(0, str(HERE))  # the main bench's issue maker and memory readers

from bench import make_issue, tree_memory_kb  # noqa: E402
from tests.ray_cluster import LoopbackCluster, loopback_cluster  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


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


def _cluster_mb(cluster: LoopbackCluster | None) -> int:
    if cluster is None:
        return 0
    return sum(tree_memory_kb(pid)[1] for pid in cluster.processes()) // 1024


def _cluster_cpu(cluster: LoopbackCluster | None) -> dict[int, float]:
    return _cpu_by_pid(cluster.processes()) if cluster is not None else {}


class Sampler:
    """Runs a command; samples the PSS of its tree plus the cluster's processes, and the CPU
    seconds of the cluster's processes (sampled: an actor's last 0.2 s before it ends are
    missed); the child's own come from its rusage."""

    def __init__(self, cluster: LoopbackCluster | None) -> None:
        self.cluster = cluster

    def run(self, cmd: list[str]) -> tuple[str, float, float, int]:
        """(stdout, wall s, CPU s, peak PSS MB of the child tree + the cluster)."""
        at_start = _cluster_cpu(self.cluster)
        seen = dict(at_start)  # the last CPU figure of every cluster process (actors end)
        t0 = time.perf_counter()
        before = os.times()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_memory_kb(proc.pid)[1] // 1024 + _cluster_mb(self.cluster))
            seen.update(_cluster_cpu(self.cluster))
            time.sleep(0.2)
        seen.update(_cluster_cpu(self.cluster))
        wall = time.perf_counter() - t0
        after = os.times()
        child_cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        cpu = child_cpu + sum(seen.values()) - sum(at_start.values())
        out = proc.stdout.read() if proc.stdout else ""
        if proc.returncode != 0:
            raise SystemExit(f"benchmark child failed: {' '.join(cmd)}")
        return out, wall, cpu, peak


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


def bench_build(work: Path, engine: str, cluster: LoopbackCluster, words: int) -> None:
    source = work / "issue.md"
    source.write_text(make_issue(words, 4), encoding="utf-8")
    print(f"\none issue: {len(source.read_text().split())} words, engine {engine}, fresh cache")
    results = {}
    for kind, sampler in (("local", Sampler(None)), ("ray", Sampler(cluster))):
        cmd = [sys.executable, __file__, "--child", "--kind", kind, "--engine", engine]
        cmd += ["--out", str(work / f"out-{kind}"), "--cache", str(work / f"cache-{kind}")]
        cmd += ["--source", str(source), "--address", cluster.address]
        out, wall, cpu, peak = sampler.run(cmd)
        results[kind] = (json.loads(out.strip().splitlines()[-1]), wall, cpu, peak)
    idle = _cluster_mb(cluster)
    for kind, (fig, wall, cpu, peak) in results.items():
        print(f" {kind} executor")
        speak = f"speak {fig['speak']:.2f}, process {wall:.2f}"
        row("total build (s)", f"{fig['total']:.2f}  ({speak})")
        row("CPU, build + workers/cluster (s)", f"{cpu:.2f}")
        row("sentences synthesized", f"{fig['sentences']}  ({fig['audio']:.0f} s of audio)")
        idle_note = f"  (idle cluster: {idle})" if kind == "ray" else ""
        row("peak memory PSS (MB)", f"{peak}{idle_note}")
    (local, _, lcpu, _), (ray, _, rcpu, _) = results["local"], results["ray"]
    sentences = max(1, local["sentences"])
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


def bench_update(work: Path, engine: str, cluster: LoopbackCluster, shows: int) -> None:
    per_show, words = 1, 400
    print(f"\nupdate: {shows} shows x {per_show} new issue of ~{words} words, engine {engine}")
    digestcast = str(Path(sys.executable).parent / "digestcast")
    figures = {}
    for kind, sampler in (("local", Sampler(None)), ("ray", Sampler(cluster))):
        folder = work / f"update-{kind}"
        folder.mkdir()
        config = _shows_config(folder, shows, per_show, words, engine)
        cmd = [digestcast, "update", "--config", str(config)]
        if kind == "ray":
            cmd += ["--ray-address", cluster.address]
        _, wall, cpu, peak = sampler.run(cmd)
        figures[kind] = wall
        built = len(list(folder.glob("output/*/episodes/*.mp3")))
        row(f"{kind}: {built} episodes (s)", f"{wall:.2f}  (CPU {cpu:.2f} s, peak PSS {peak} MB)")
    row("ray / local", f"{figures['ray'] / figures['local']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--kind", default="local")
    parser.add_argument("--engine", default="piper")
    parser.add_argument("--address")
    parser.add_argument("--out")
    parser.add_argument("--cache")
    parser.add_argument("--source")
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--shows", type=int, default=6)
    args = parser.parse_args()
    if args.child:
        return child_build(args)
    cores = os.cpu_count() or 1
    print(f"digestcast Ray benchmark: {cores} cores, one Ray node on loopback with {cores} CPUs")
    with tempfile.TemporaryDirectory(prefix="digestcast-bench-ray-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        with loopback_cluster(nodes=1, cpus=cores) as cluster:
            row("cluster start (s)", f"{time.perf_counter() - started:.1f}")
            bench_build(work, args.engine, cluster, args.words)
            bench_update(work, args.engine, cluster, args.shows)


if __name__ == "__main__":
    main()
