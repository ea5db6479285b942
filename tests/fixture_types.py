"""Types of the shared fixtures of tests/conftest.py, for the tests' annotations.

(A test module cannot import conftest.py itself; this module sits beside it.)
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from click.testing import Result


class RunKb(Protocol):
    """``run_kb(*args, env=...)``: the ``kb`` command line run in this process."""

    def __call__(self, *args: str | os.PathLike[str],
                 env: Mapping[str, str] | None = None) -> Result: ...


class RunKbProcess(Protocol):
    """``run_kb_process(*args, cwd=..., env=..., timeout=...)``: the installed ``kb``."""

    def __call__(self, *args: str | os.PathLike[str], cwd: Path | None = None,
                 env: Mapping[str, str] | None = None,
                 timeout: float = 300) -> subprocess.CompletedProcess[str]: ...


@dataclass(frozen=True)
class BuiltCorpus:
    """A copy of the project's corpus and the index built from it."""

    corpus: Path
    index: Path
