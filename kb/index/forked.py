"""Jobs run in forked child processes: results pickled back through pipes, progress
shared through a counter (the index build writes its shards this way, one per core).

Forking (not spawning) lets the children share the parent's memory as it was,
e.g. a prepared analyzer and the items, without pickling them. It works inside
daemonic processes too; it is not safe in a threaded process (callers check).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import select
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

R = TypeVar("R")
Job = Callable[[Callable[[int], None]], R]  # given done(count), returns a picklable result


def _fork(job: Job[object], counter: Any, child_exit: Callable[[], None]) -> tuple[int, int]:
    """Start a child process that runs ``job``; return its pid and the read end of the
    pipe its pickled ("ok", result) or ("error", message) comes through."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)  # the child, from here on; it never returns
    status = 1
    try:
        def done(count: int) -> None:
            with counter.get_lock():
                counter.value += count

        result: tuple[str, object] = ("ok", job(done))
        status = 0
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        result = ("error", f"{type(error).__name__}: {error}")
    try:
        child_exit()
        with os.fdopen(write, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        os._exit(status)


def run_forked(jobs: Sequence[Job[R]], total: int, progress: Callable[[int, int], None] | None,
               meanwhile: Callable[[], None], *, name: str = "forked job",
               child_exit: Callable[[], None] = lambda: None) -> list[R]:
    """Run each job in a child forked from this process and return their results in order.

    ``meanwhile`` runs here while the children work; ``progress(done, total)`` follows
    the counts they report; ``child_exit`` runs in each child before it answers.
    Raises OSError (naming ``name``) when a child fails or stops without an answer;
    when this process is interrupted, the children are stopped.
    """
    counter = multiprocessing.get_context("fork").Value("q", 0)
    children = [_fork(job, counter, child_exit) for job in jobs]
    received = {fd: bytearray() for _, fd in children}
    waiting = set(received)
    try:
        meanwhile()
        while waiting:
            ready, _, _ = select.select(list(waiting), [], [], 0.25)
            for fd in ready:
                chunk = os.read(fd, 1 << 20)
                if chunk:
                    received[fd] += chunk
                else:
                    waiting.discard(fd)
            if progress is not None:
                progress(min(int(counter.value), total), total)
    finally:
        for pid, fd in children:
            if fd in waiting:  # interrupted: stop the children
                os.kill(pid, signal.SIGTERM)
            os.close(fd)
            os.waitpid(pid, 0)
    results: list[R] = []
    for _, fd in children:
        try:
            status, payload = pickle.loads(bytes(received[fd]))
        except (pickle.UnpicklingError, EOFError, ValueError) as error:
            raise OSError(f"a {name} stopped without an answer: {error}") from error
        if status != "ok":
            raise OSError(f"a {name} failed: {payload}")
        results.append(payload)
    return results
