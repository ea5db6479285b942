"""Fixtures shared by every test folder: the project, a corpus copy, a built index, ``kb``.

Folder-specific fixtures stay in the folders' own conftest.py files. Two ways to run
the command line:

- ``run_kb``: :func:`kb.cli.main` in this process through click's ``CliRunner``, the
  default for CLI tests (stdout and stderr apart, the exit status as ``exit_code``);
- ``run_kb_process``: the installed ``kb`` console script in a subprocess, for tests
  whose point is the real entry point, exit statuses seen by a shell, or a server.

Neither sees ``$KB_CORPUS_DIR`` / ``$KB_INDEX_DIR`` from the environment running the
tests (a test sets them itself when they are its subject). Warnings are errors in both,
as everywhere in the suite.

The model of meaning (kb.semantic) is switched off for the whole run, and for the
``kb`` commands tests start, unless a test switches it on itself (the tests in
``tests/semantic`` do): most tests are about words, and embedding every corpus they
build would take minutes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fixture_types import BuiltCorpus, RunKb, RunKbProcess

from kb.cli import main
from kb.index import build_index
from kb.search import SearchIndex, open_index

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KB_ENVIRONMENT = ("KB_CORPUS_DIR", "KB_INDEX_DIR")
os.environ["KB_SEMANTIC"] = "0"  # see above


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The project folder (where pyproject.toml and corpus/ are)."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def project_corpus(project_root: Path) -> Path:
    """The project's own corpus folder: read it, never write to it."""
    return project_root / "corpus"


@pytest.fixture(scope="session")
def copy_corpus(project_corpus: Path) -> Callable[[Path], Path]:
    """``copy_corpus(target)``: copy the project's corpus folder to ``target``; return it."""

    def copy(target: Path) -> Path:
        shutil.copytree(project_corpus, target)
        return target

    return copy


@pytest.fixture()
def corpus_copy(tmp_path: Path, copy_corpus: Callable[[Path], Path]) -> Path:
    """A copy of the project's corpus folder in the test's tmp folder, free to change."""
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory: pytest.TempPathFactory,
                 copy_corpus: Callable[[Path], Path]) -> BuiltCorpus:
    """A corpus copy and a real index built from it, once per test process: read only.

    A test that changes either folder copies it first (the index folder copies as a
    whole: its pointer names the build relatively).
    """
    root = tmp_path_factory.mktemp("built")
    corpus = copy_corpus(root / "corpus")
    build_index(corpus, root / "index")
    return BuiltCorpus(corpus, root / "index")


@pytest.fixture(scope="session")
def corpus_index(built_corpus: BuiltCorpus) -> Iterator[SearchIndex]:
    """The index of :func:`built_corpus`, open."""
    index = open_index(built_corpus.index)
    yield index
    index.close()


def _environment(env: Mapping[str, str] | None) -> dict[str, str | None]:
    """The environment changes of a ``kb`` run: no KB_* folders unless ``env`` gives them."""
    return {**dict.fromkeys(KB_ENVIRONMENT), **(env or {})}


@pytest.fixture(scope="session")
def run_kb() -> RunKb:
    """Run ``kb`` in this process: ``run_kb("--corpus", dir, "check").exit_code``.

    Unexpected exceptions are raised, not turned into exit status 1, so that a test
    shows their traceback.
    """
    runner = CliRunner()

    def run(*args: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Result:
        return runner.invoke(main, [os.fspath(arg) for arg in args],
                             env=_environment(env), catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def kb_executable() -> Path:
    """The ``kb`` console script installed beside the interpreter running the tests."""
    path = Path(sys.executable).with_name("kb")
    assert path.exists(), f"{path} is missing: pip install -e '.[test]'"
    return path


@pytest.fixture(scope="session")
def run_kb_process(kb_executable: Path) -> RunKbProcess:
    """Run the installed ``kb`` in a subprocess (warnings are errors there too)."""
    warning_filters = "error"

    def run(*args: str | os.PathLike[str], cwd: Path | None = None,
            env: Mapping[str, str] | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "PYTHONWARNINGS": warning_filters}
        for name, value in _environment(env).items():
            if value is None:
                full_env.pop(name, None)
            else:
                full_env[name] = value
        return subprocess.run([kb_executable, *args], cwd=cwd, env=full_env,
                              capture_output=True, text=True, timeout=timeout, check=False)

    return run
