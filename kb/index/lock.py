"""One build at a time in an index folder, and the sweep of builds that were killed.

A build holds an exclusive ``fcntl.flock`` on ``index/build.lock`` from before it
writes anything until its clean-up is done; the kernel releases the lock when the
process ends however it ends, so a killed build never leaves a stale lock (the
file itself stays, and is harmless). The holder writes its pid into the file so
that a build waiting for it can say whom it waits for.

A second build waits for the lock, at most ``wait`` seconds (:data:`LOCK_WAIT_S`
by default), then gives up with "another build is running (pid N)"; ``wait=0``
gives up at once. Forked shard writers inherit the lock, so a build whose parent
was killed still holds it until its writers have finished.

Under the lock, :func:`remove_dead_builds` removes the ``tmp-<stamp>-<pid>-<ns>``
folders that killed builds left behind.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.corpus.atomic import process_alive
from kb.errors import IndexBuildError

LOCK_FILE = "build.lock"
LOCK_WAIT_S = 300.0  # how long a build waits for another one by default
STALE_AFTER_S = 3600.0  # a tmp folder this old is removed even when its pid is alive
_POLL_S = 0.1
TMP_PATTERN = re.compile(r"^tmp-\d{8}-\d{6}-(?P<pid>\d{1,10})-\d{1,10}$")


class IndexNotWritable(IndexBuildError):
    """The index folder cannot be written (read-only, no permission, no space): a build
    cannot even start there; the index in it, if any, is untouched."""


def _holder(handle: int) -> str:
    """The pid written in the lock file, or "?" while it is being written."""
    try:
        text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "?"
    return text if text.isdigit() else "?"


def _open_lock(index_dir: Path) -> int:
    """The lock file's descriptor (created when missing); raises IndexNotWritable."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise IndexNotWritable(f"the index folder {index_dir} cannot be written: "
                               f"{error.strerror or error}") from error


@contextmanager
def build_lock(index_dir: Path, wait: float = LOCK_WAIT_S,
               waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of ``index_dir`` for the ``with`` block.

    When another build holds it, ``waiting`` is told once (a message naming its pid)
    and the lock is polled for at most ``wait`` seconds. Raises IndexBuildError when it
    stays taken ("another build is running (pid N)"), IndexNotWritable when the lock
    file cannot be created.
    """
    handle = _open_lock(Path(index_dir))
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise IndexNotWritable(f"cannot lock {index_dir / LOCK_FILE}: "
                                           f"{error.strerror or error}") from error
            if time.monotonic() >= deadline:
                raise IndexBuildError(
                    f"another build is running (pid {_holder(handle)}) in {index_dir}; "
                    f"gave up after {wait:g} s: try again when it has finished")
            if not told and waiting is not None:
                waiting(f"another build is running (pid {_holder(handle)}); "
                        f"waiting up to {wait:g} s")
                told = True
            time.sleep(_POLL_S)
        try:
            os.ftruncate(handle, 0)
            os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass  # the pid is only shown to waiting builds
        yield
    finally:
        os.close(handle)  # releases the lock


def remove_dead_builds(index_dir: Path, now: float | None = None) -> list[Path]:
    """Remove the ``tmp-*`` build folders whose process is gone or that are older than
    :data:`STALE_AFTER_S`; return the folders removed. Call it holding the build lock.

    Other folders are left alone; a folder that cannot be removed is left and not listed.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    for path in Path(index_dir).glob("tmp-*"):
        match = TMP_PATTERN.match(path.name)
        if match is None or path.is_symlink() or not path.is_dir():
            continue
        try:
            if process_alive(int(match["pid"])) and now - path.stat().st_mtime < STALE_AFTER_S:
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    return removed
