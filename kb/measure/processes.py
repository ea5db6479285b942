"""Child processes the measuring commands start (``kb serve`` for bench and soak)."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Ask ``process`` to end (SIGTERM), kill it when it has not within ``timeout``
    seconds, and reap it. Never raises for a process that already ended."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
