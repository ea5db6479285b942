"""Running `kb serve` as a user runs it: a free port, waiting for the first answer, fetching."""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request

from kb.measure.processes import free_port

__all__ = ["fetch", "free_port", "interrupt", "wait_for"]


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 600.0) -> bytes:
    """GET ``url`` once the server answers (it builds the index first, embedding every
    text when the model is on: a minute or more on a busy machine).

    Fails at once when the server ends or answers with an HTTP error status, and after
    ``timeout`` seconds without an answer; the failure gives the end of its stderr.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kb serve ended with status {process.returncode}"
                                 f"{_stderr_tail(process)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise AssertionError(f"kb serve answered {url} with {error.code}") from error
        except (urllib.error.URLError, ConnectionError):
            try:
                process.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
    raise AssertionError(f"kb serve did not answer {url} in {timeout:.0f} s"
                         f"{_stderr_tail(process)}")


def _stderr_tail(process: subprocess.Popen[bytes], lines: int = 20) -> str:
    """The last ``lines`` lines of the server's stderr, stopping it first (a later
    :func:`interrupt` still returns the whole stderr: Popen keeps it)."""
    _, stderr = interrupt(process)
    tail = stderr.splitlines()[-lines:]
    return ":\n" + "\n".join(tail) if tail else ""


def fetch(url: str) -> tuple[int, bytes]:
    """GET ``url`` from a running server: the status and the body, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def interrupt(process: subprocess.Popen[bytes], timeout: float = 30) -> tuple[int, str]:
    """Stop ``kb serve`` as Ctrl+C does; return its exit status and its stderr."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return process.returncode, stderr.decode("utf-8", "replace")
