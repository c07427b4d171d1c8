"""A real Ray cluster on loopback for the tests: a head and a second node, each its own set of
processes started with `ray start`, small (one CPU, 100 MB of object store, no dashboard), its
temporary files under the test's folder, on a free port (never Ray's default 6379).

The nodes use 127.0.0.2 and 127.0.0.3: Ray replaces 127.0.0.1 by the machine's network address,
any other loopback address is kept, so no traffic leaves loopback. Every process the cluster
starts carries a marker in its environment; `stop` kills exactly those (never `ray stop`,
which would end every Ray on the machine, other people's included).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MARKER = "DIGESTCAST_TEST_RAY_CLUSTER"
# Not Ray's token authentication, whatever ~/.ray holds: the cluster only listens on loopback
# and lives as long as the test module.
AUTH_OFF = {"RAY_AUTH_MODE": "disabled"}
HEAD_IP = "127.0.0.2"  # the second node is 127.0.0.3, and so on


def ray_cli() -> Path:
    return Path(sys.executable).parent / "ray"


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class LoopbackCluster:
    address: str
    temp_dir: Path
    marker: str
    groups: list[int]  # the process groups of its `ray start` commands

    def processes(self) -> list[int]:
        """The ids of every live process this cluster started: those in the process groups of
        its `ray start` commands (Ray's processes stay in their starter's group; the ones that
        rename themselves, ray::..., lose their environment), and those with its marker."""
        needle = f"{MARKER}={self.marker}".encode()
        parents: dict[int, int] = {}
        found: set[int] = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            pid = int(entry.name)
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents[pid] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if os.getpgid(pid) in self.groups or needle in (
                    entry / "environ"
                ).read_bytes().split(b"\0"):
                    found.add(pid)
        # Workers put themselves in groups of their own: take the raylets' children too.
        while more := {p for p, parent in parents.items() if parent in found} - found:
            found |= more
        return sorted(found)

    def kill_head(self) -> None:
        """Kill every process of the head node (its GCS, raylet, workers): the head is gone."""
        for pid in self.processes():
            with contextlib.suppress(OSError):
                if os.getpgid(pid) == self.groups[0]:
                    os.kill(pid, signal.SIGKILL)

    def kill_gcs(self) -> None:
        """Kill the head's GCS server, the cluster's directory of nodes, actors and objects:
        the cluster is lost, while the raylet that a driver on this machine is attached to
        (Ray attaches it to the head's) lives on."""
        for pid in self.processes():
            with contextlib.suppress(OSError):
                if b"gcs_server" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]:
                    os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        """Kill every process of the cluster, and wait until none is left."""
        deadline = time.monotonic() + 20
        while (pids := self.processes()) and time.monotonic() < deadline:
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)
        assert not self.processes(), "Ray processes left over"


def _start(cluster: LoopbackCluster, args: list[str], env: dict[str, str]) -> None:
    """Run `ray start` in a process group of its own, which every process it starts keeps."""
    process = subprocess.Popen(
        [str(ray_cli()), "start", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    cluster.groups.append(process.pid)
    output, _ = process.communicate(timeout=120)
    if process.returncode != 0:
        raise RuntimeError(f"ray start failed: {output[-3000:]}")


@contextlib.contextmanager
def loopback_cluster(*, nodes: int = 2, cpus: int = 1) -> Iterator[LoopbackCluster]:
    """Start a head and `nodes - 1` more nodes, `cpus` each; stop them all on the way out."""
    if not ray_cli().is_file():
        pytest.skip("Ray is not installed (pip install 'digestcast[ray]')")
    # Short: Ray's Unix socket paths must fit in 107 bytes.
    temp_dir = Path("/tmp") / f"dcray-{uuid.uuid4().hex[:8]}"
    port = free_port(HEAD_IP)
    cluster = LoopbackCluster(f"{HEAD_IP}:{port}", temp_dir, uuid.uuid4().hex, [])
    env = {
        **os.environ,
        **AUTH_OFF,
        MARKER: cluster.marker,
        "RAY_TMPDIR": str(temp_dir),
        # Workers at the user's priority, as the README asks of a shared machine.
        "RAY_worker_niceness": "0",
        # The workers import digestcast and the tests' fake engines.
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    common = [
        f"--num-cpus={cpus}",
        "--object-store-memory=100000000",
        "--disable-usage-stats",
        f"--temp-dir={temp_dir}",
    ]
    saved = {k: os.environ.get(k) for k in AUTH_OFF}
    os.environ.update(AUTH_OFF)  # the driver (this process) too
    try:
        _start(
            cluster,
            [
                "--head",
                f"--node-ip-address={HEAD_IP}",
                f"--port={port}",
                "--include-dashboard=false",
                *common,
            ],
            env,
        )
        for i in range(1, nodes):
            _start(
                cluster,
                [f"--address={cluster.address}", f"--node-ip-address=127.0.0.{2 + i}", *common],
                env,
            )
        yield cluster
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        cluster.stop()
        subprocess.run(["rm", "-rf", str(temp_dir)], check=False)
