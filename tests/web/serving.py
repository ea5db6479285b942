"""Running `kb serve` as a user runs it: a free port, waiting for the first answer, fetching."""

from __future__ import annotations

import signal
import subprocess
import urllib.error
import urllib.request

from kb.measure.processes import free_port

__all__ = ["fetch", "free_port", "interrupt", "wait_for"]


def wait_for(url: str, process: subprocess.Popen[bytes], attempts: int = 600) -> bytes:
    """GET ``url`` once the server answers (it builds the index first).

    Fails at once when the server ends or answers with an HTTP error status.
    """
    for _ in range(attempts):
        if process.poll() is not None:
            raise AssertionError(f"kb serve ended with status {process.returncode}")
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
    raise AssertionError(f"kb serve did not answer {url}")


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
