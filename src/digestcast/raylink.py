"""The link to a Ray cluster, for the Ray executor and `update --executor ray`: import Ray
(only then, with a one-line error saying what to install when it is missing), connect to the
head (one line when it cannot be reached), notice within seconds when the head is gone, and
disconnect.

Ray's core worker in this process would notice a lost head only after a minute and then end
the whole process on the spot (no message, no clean-up): `RayLink.check` sees it first. It
also ends it at once when the raylet it is attached to dies (the head's, when the head runs on
this machine): a `Witness` process then says so in one line.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from digestcast.errors import ConfigError, SynthesisError

INSTALL_HINT = "the Ray executor needs Ray: pip install 'digestcast[ray]'"
CONNECT_TIMEOUT_S = 10.0  # to reach the head's port before handing over to ray.init
HEAD_CHECK_S = 2.0  # how often the driver checks that the head still answers
HEAD_MISSES = 2  # checks in a row without an answer: the cluster is lost
PRIVATE_RAY = "a private Ray on this machine"
# This driver's task events (the states of the calls it makes, for Ray's dashboard; the actors
# still report theirs) are off unless the user's environment says otherwise: flushing them made
# disconnecting take ~0.3 s instead of ~0.05 s (measured, 6 runs each). Read by Ray when it
# connects.
DRIVER_TASK_EVENTS = ("RAY_task_events_report_interval_ms", "0")


def import_ray() -> ModuleType:
    """The `ray` module, or a ConfigError saying what to install."""
    try:
        import ray
    except ImportError:
        raise ConfigError(INSTALL_HINT) from None
    module: ModuleType = ray  # (typed as Any when Ray is not installed)
    return module


def _answers(address: str, timeout: float) -> OSError | None:
    """None when something listens at host:port, else the error met ("auto": None)."""
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        return None
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout):
            return None
    except OSError as exc:
        return exc


def check_reachable(address: str | None) -> None:
    """A SynthesisError when nothing answers at the head's host:port (ray.init would wait for
    minutes); nothing to check for "auto" or a private Ray."""
    problem = _answers(address, CONNECT_TIMEOUT_S) if address else None
    if problem is not None:
        raise SynthesisError(f"ray cluster at {address}: unreachable ({problem})")


def at_user_priority() -> None:
    """Called in an engine actor or a build task: Ray starts its workers at niceness 15, so on
    a machine that does anything else they would wait for every other process (the local
    executor's workers run at the user's priority). Back to 0 where that is allowed (root,
    CAP_SYS_NICE); elsewhere start the nodes with RAY_worker_niceness=0 (see the README). (Not
    a runtime_env: workers made for one are started afresh, not taken from those Ray keeps
    ready, which cost ~1-13 s per build instead of ~0.6 s.)"""
    with contextlib.suppress(OSError):
        if os.getpriority(os.PRIO_PROCESS, 0) > 0:
            os.setpriority(os.PRIO_PROCESS, 0, 0)


def this_node() -> str:
    """The id of the Ray node this process runs on (connected: a driver, or a Ray worker)."""
    return str(import_ray().get_runtime_context().get_node_id())


class SignalHandlers:
    """This process's SIGTERM and SIGINT handlers, saved (in the main thread) to be put back
    after a connection made in another thread, where they cannot be kept meanwhile."""

    def __init__(self) -> None:
        self._saved: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            self._saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}

    def restore(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum, handler in self._saved.items():
                if handler is not None:
                    signal.signal(signum, handler)
            self._saved = {}


@contextlib.contextmanager
def _signal_handlers_kept() -> Iterator[None]:
    """Ray's core worker installs its own SIGTERM (and SIGINT) handlers, which end the process
    on the spot: put ours back (SIGTERM stops a build as Ctrl-C does, cleaning up). In another
    thread they cannot be put back (see SignalHandlers), and Ray's warning that it set none is
    not for the user."""
    handlers = SignalHandlers()
    worker_log = logging.getLogger("ray._private.worker")
    level = worker_log.level
    if threading.current_thread() is not threading.main_thread():
        worker_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        worker_log.setLevel(level)
        handlers.restore()


# The witness: a child that waits for its stdin to end and, unless told "done" first (this
# process disconnected or ended normally), says in one line that the connection ended with it.
_WITNESS_CODE = """
import signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
if not sys.stdin.buffer.read().endswith(b"done"):
    sys.stderr.write(sys.argv[1] + "\\n")
"""


class Witness:
    """One line on stderr when this process ends abruptly while connected to Ray: Ray's core
    worker ends it with exit status 1 and no message (its reason only in Ray's driver log)
    when the raylet it is attached to dies. A normal exit, or `done`, keeps it silent."""

    def __init__(self, message: str) -> None:
        self._child: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _WITNESS_CODE, message],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        atexit.register(self.done)

    def done(self) -> None:
        child, self._child = self._child, None
        if child is None or child.stdin is None:
            return
        atexit.unregister(self.done)
        with contextlib.suppress(OSError):
            child.stdin.write(b"done")
            child.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=5)


class RayLink:
    """This process's connection to the cluster at `address` (host:port of its head, or
    "auto"), else to a private Ray started on this machine. Inside a Ray worker the existing
    connection is used (and left open)."""

    def __init__(self, address: str | None) -> None:
        self.ray = import_ray()
        self.address = address or PRIVATE_RAY
        self._owned = not self.ray.is_initialized()
        if self._owned:
            self._connect(address)
        try:
            self._gcs = str(self.ray.get_runtime_context().gcs_address)
        except Exception as exc:
            raise self.lost(exc) from None
        self._next_check = 0.0
        self._misses = 0
        self.head_lost = False

    def _connect(self, address: str | None) -> None:
        check_reachable(address)
        os.environ.setdefault(*DRIVER_TASK_EVENTS)
        self._witness = Witness(
            f"error: ray cluster at {self.address}: lost (Ray ended this process: the node it "
            "was attached to is gone)"
        )
        with _signal_handlers_kept():
            try:
                self.ray.init(
                    address=address or None,
                    include_dashboard=False,
                    logging_level="ERROR",
                    log_to_driver=False,
                    configure_logging=False,
                )
            except Exception as exc:
                self._witness.done()
                raise self.lost(exc) from None

    def lost(self, exc: BaseException) -> SynthesisError:
        """The one-line error for a cluster that failed under us (after which nothing is sent
        to it: ending its actors would only wait on a head that is gone)."""
        self.head_lost = True
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return SynthesisError(f"ray cluster at {self.address}: lost ({first[:200]})")

    def cpus(self) -> int:
        try:
            return max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        except Exception as exc:
            raise self.lost(exc) from None

    def node(self) -> str:
        """The id of the node this process (the driver) is attached to."""
        try:
            return this_node()
        except Exception as exc:
            raise self.lost(exc) from None

    def nodes(self) -> list[tuple[str, int]]:
        """(node id, CPUs) of every live node with CPUs."""
        try:
            found = [
                (str(node["NodeID"]), int(node.get("Resources", {}).get("CPU", 0)))
                for node in self.ray.nodes()
                if node.get("Alive")
            ]
        except Exception as exc:
            raise self.lost(exc) from None
        return [(node, cpus) for node, cpus in found if cpus > 0]

    def on_node(self, node: str) -> object:
        """The scheduling strategy that puts an actor on `node` (elsewhere when it is gone)."""
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        return NodeAffinitySchedulingStrategy(node, soft=True)

    def check(self) -> None:
        """Raise SynthesisError when the head has missed HEAD_MISSES checks in a row (checked
        at most every HEAD_CHECK_S; call it at least that often while waiting)."""
        now = time.monotonic()
        if now < self._next_check:
            return
        self._next_check = now + HEAD_CHECK_S
        problem = _answers(self._gcs, HEAD_CHECK_S)
        self._misses = 0 if problem is None else self._misses + 1
        if problem is not None and self._misses >= HEAD_MISSES:
            self.head_lost = True  # (nothing left to end on the cluster's side)
            raise SynthesisError(
                f"ray cluster at {self.address}: lost (its head at {self._gcs} does not "
                f"answer: {problem})"
            )

    def wait(self, refs: list[object], timeout: float) -> list[object]:
        """The refs ready within `timeout` (at most HEAD_CHECK_S, the head checked first): once
        one is, all those that are."""
        self.check()
        try:
            ready, _ = self.ray.wait(refs, num_returns=1, timeout=min(timeout, HEAD_CHECK_S))
            if ready and len(refs) > 1:  # and every other one ready too
                ready, _ = self.ray.wait(refs, num_returns=len(refs), timeout=0)
        except Exception as exc:
            raise self.lost(exc) from None
        return list(ready)

    def close(self) -> None:
        """Disconnect (a private Ray: stop it), here and now. (Not in a thread of its own,
        which saved ~0.3 s of waiting: whatever touches Ray while it shuts down, a reference
        collected in another thread included, makes its core worker end the whole process on
        the spot, exit status 1 and no message; so does a lost node it notices while still
        connected.)"""
        if self._owned:
            self._owned = False
            self._shut_down()

    def _shut_down(self) -> None:
        with contextlib.suppress(Exception):
            self.ray.shutdown()
        self._witness.done()
