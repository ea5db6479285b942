"""The checksums of a build's files (``manifest.json``), and checking a build against them.

A build writes its manifest last, just before the build folder is swapped in:
for every file of the folder (shards included) its path relative to the folder,
its size and its SHA-256. A build's files are never changed after that, so a
file whose size or digest differs was damaged (truncated, overwritten, deleted)
from outside. :func:`verify_build` checks the sizes every time (a ``stat`` a file)
and the digests the first time a process checks that build; a build found damaged
stays damaged for the process (it is never repaired, only replaced).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

MANIFEST = "manifest.json"
_CHUNK = 1 << 20

_lock = threading.Lock()
_hashed: set[str] = set()  # builds whose digests this process has checked
_damaged: dict[str, str] = {}  # build -> what is wrong with it


def _digest(path: Path) -> str:
    """The SHA-256 of the file ``path`` (hex); raises OSError."""
    sha = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def write_manifest(folder: Path) -> None:
    """Write ``folder/manifest.json`` with the size and SHA-256 of every other file in the
    folder, flushed to disk. Raises OSError."""
    files = {p.relative_to(folder).as_posix(): {"size": p.stat().st_size, "sha256": _digest(p)}
             for p in _files(folder)}
    temp = folder / f".{MANIFEST}.tmp"
    with temp.open("w", encoding="utf-8") as out:
        json.dump({"version": 1, "files": files}, out, indent=1, sort_keys=True)
        out.flush()
        os.fsync(out.fileno())
    temp.replace(folder / MANIFEST)


def _read(folder: Path) -> dict[str, dict[str, object]]:
    """The manifest's files; raises ValueError (missing, unreadable or malformed)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"no readable {MANIFEST} ({error})") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"{MANIFEST} is damaged ({error})") from error
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not files:
        raise ValueError(f"{MANIFEST} lists no files")
    return files


def _check(folder: Path, hashes: bool) -> str | None:
    """What is wrong with the build ``folder``, or None when its files match the manifest."""
    try:
        files = _read(folder)
    except ValueError as error:
        return str(error)
    for name, info in files.items():
        path = folder / name
        try:
            size = path.stat().st_size
        except OSError:
            return f"{name} is missing"
        if not isinstance(info, dict) or size != info.get("size"):
            return f"{name} has {size} bytes, the build wrote {info.get('size')!r}" \
                if isinstance(info, dict) else f"{MANIFEST} is damaged at {name}"
        if hashes:
            try:
                digest = _digest(path)
            except OSError as error:
                return f"{name} cannot be read ({error.strerror or error})"
            if digest != info.get("sha256"):
                return f"{name} does not hold what the build wrote (checksum differs)"
    return None


def verify_build(folder: Path) -> str | None:
    """Check the build ``folder`` against its manifest: sizes always, digests the first
    time this process checks it. Return what is wrong (a short phrase naming the file),
    or None when it is whole. Never raises."""
    key = str(Path(folder).resolve())
    with _lock:
        if key in _damaged:
            return _damaged[key]
        hashes = key not in _hashed
    problem = _check(Path(folder), hashes)
    with _lock:
        if problem is not None:
            _damaged[key] = problem
        elif hashes:
            _hashed.add(key)
    return problem
