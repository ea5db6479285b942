"""Writing corpus files atomically, and sweeping up after writers that were killed.

A file is written to a hidden temporary file beside its target, named
``.<slug prefix>.<pid>.<random>.tmp``, flushed to disk, then renamed over the
target, so a reader never sees half a file. The temporary file is created as
``open(..., "w")`` creates a new file (mode 0666 less the umask, 0644 under the
usual umask); replacing a file keeps that file's mode. A writer that is killed
leaves its temporary file behind; :func:`remove_stale_temporaries` removes those
of processes that are gone (or that are more than an hour old), and nothing else.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

# Only files of this pattern are ever removed: <target's first 40 name characters>,
# the writing process's id, a random token.
TEMP_PATTERN = re.compile(r"^\.(?P<stem>[a-z0-9-]{1,40})\.(?P<pid>\d{1,10})\.[0-9a-f]{16}\.tmp$")
STALE_AFTER_S = 3600.0
_STEM_LENGTH = 40


def temporary_path(target: Path) -> Path:
    """Return a fresh temporary path for ``target``, in its folder, of :data:`TEMP_PATTERN`."""
    stem = re.sub(r"[^a-z0-9-]", "-", target.name.removesuffix(".md").lower())
    stem = stem[:_STEM_LENGTH] or "kb"
    return target.with_name(f".{stem}.{os.getpid()}.{secrets.token_hex(8)}.tmp")


def write_temporary(target: Path, text: str) -> Path:
    """Write ``text`` (UTF-8, LF line ends) to a new temporary file beside ``target``,
    flushed to disk; return its path. The caller renames it over ``target``.

    The file gets the mode a new file gets (0666 less the umask), or ``target``'s
    mode when it exists. Raises OSError (the temporary file is removed then).
    """
    temp = temporary_path(target)
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            try:
                os.fchmod(stream.fileno(), stat.S_IMODE(target.stat().st_mode))
            except FileNotFoundError:
                pass
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def process_alive(pid: int) -> bool:
    """True when a process ``pid`` exists (owned by anyone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files of :data:`TEMP_PATTERN` in ``folder`` whose process is
    gone or that are older than :data:`STALE_AFTER_S`; return the paths removed.

    Other files, and temporary files of live writers, are left alone. Never raises for
    a file that vanished meanwhile or cannot be removed (it is left and not listed).
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        match = TEMP_PATTERN.match(path.name)
        if match is None:
            continue
        try:
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode):
                continue
            if process_alive(int(match["pid"])) and now - info.st_mtime < STALE_AFTER_S:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
