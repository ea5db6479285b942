"""Child processes the measuring commands start (``kb serve`` for bench and soak): a
free loopback port for one, and stopping it."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Ask ``process`` to end (SIGTERM), kill it when it has not within ``timeout``
    seconds, and reap it. Never raises for a process that already ended."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
