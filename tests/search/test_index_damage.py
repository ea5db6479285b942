"""A damaged index (a file of a build emptied, cut, overwritten or deleted) is detected by
the checksums its build wrote: rebuilt from the corpus where it can be, refused with exit 2
where it cannot, never served wrong, and never a SIGBUS under a running server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fixture_types import BuiltCorpus, RunKb

from kb.errors import IndexBuildError
from kb.index import damage, index_state, needs_rebuild
from kb.index.manifest import MANIFEST
from kb.index.store import LENGTHS, POINTER, SIDECAR
from kb.search import SearchIndex, open_index, search


def served(index_dir: Path) -> Path:
    return index_dir / (index_dir / POINTER).read_text(encoding="utf-8").strip()


def segment(build: Path) -> Path:
    return max(build.glob("shard-*/*.seg"), key=lambda p: p.stat().st_size)


def empty_lengths(build: Path) -> None:
    (build / LENGTHS).write_bytes(b"")


def truncate_segment(build: Path) -> None:
    path = segment(build)
    os.truncate(path, path.stat().st_size // 2)


def scramble_segment(build: Path) -> None:
    """Random bytes over the middle of the biggest segment, its size unchanged."""
    path = segment(build)
    data = bytearray(path.read_bytes())
    middle = len(data) // 4
    data[middle:middle * 3] = os.urandom(middle * 2)
    path.write_bytes(bytes(data))


def delete_segment(build: Path) -> None:
    segment(build).unlink()


def scramble_sidecar(build: Path) -> None:
    """Random bytes in the sidecar, its size unchanged."""
    path = build / SIDECAR
    data = bytearray(path.read_bytes())
    data[100:400] = os.urandom(300)
    path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "emptied lengths.npy": empty_lengths,
    "segment cut in half": truncate_segment,
    "random bytes in a segment": scramble_segment,
    "deleted segment": delete_segment,
    "damaged sidecar": scramble_sidecar,
}


@pytest.fixture()
def index_copy(built_corpus: BuiltCorpus, tmp_path: Path) -> Path:
    """A copy of the built index, free to damage."""
    return Path(shutil.copytree(built_corpus.index, tmp_path / "index"))


def test_a_whole_build_passes_its_checks(index_copy: Path, built_corpus: BuiltCorpus) -> None:
    build = served(index_copy)
    listed = json.loads((build / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert {SIDECAR, LENGTHS} <= set(listed)
    assert any(name.endswith(".seg") for name in listed)
    assert damage(build) is None
    assert not needs_rebuild(built_corpus.corpus, index_copy)


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_detected_and_rebuilt_by_kb_build(kind: str, index_copy: Path,
                                                    built_corpus: BuiltCorpus,
                                                    corpus_index: SearchIndex,
                                                    run_kb: RunKb) -> None:
    build = served(index_copy)
    DAMAGE[kind](build)
    assert damage(build) is not None
    assert index_state(index_copy) is None
    assert needs_rebuild(built_corpus.corpus, index_copy)
    with pytest.raises(IndexBuildError, match="damaged|usable"):
        open_index(index_copy)

    done = run_kb("--corpus", built_corpus.corpus, "--index", index_copy, "build")
    assert done.exit_code == 0, done.stderr
    assert done.stderr.endswith(f"kb build: index written to {index_copy}\n")
    assert served(index_copy) != build
    rebuilt = open_index(index_copy)
    try:
        expected = search(corpus_index, "tillit").to_dict()
        assert expected["total"] > 0
        assert search(rebuilt, "tillit").to_dict() == expected
    finally:
        rebuilt.close()


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_kb_search_rebuilds_a_damaged_index_and_answers_right(
        kind: str, index_copy: Path, built_corpus: BuiltCorpus, corpus_index: SearchIndex,
        run_kb: RunKb) -> None:
    DAMAGE[kind](served(index_copy))
    done = run_kb("--corpus", built_corpus.corpus, "--index", index_copy,
                  "search", "tillit", "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["total"] == search(corpus_index, "tillit").total


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_index_that_cannot_be_rebuilt_is_refused_with_exit_2(
        kind: str, index_copy: Path, built_corpus: BuiltCorpus, run_kb: RunKb,
        read_only: Callable[[Path], None]) -> None:
    build = served(index_copy)
    DAMAGE[kind](build)
    read_only(index_copy)
    done = run_kb("--corpus", built_corpus.corpus, "--index", index_copy, "search", "tillit")
    assert done.exit_code == 2
    assert done.stdout == ""
    assert "is damaged" in done.stderr and "cannot be rebuilt" in done.stderr
    assert "cannot be written" in done.stderr
    assert served(index_copy) == build  # nothing written


TRUNCATE_UNDER_A_SEARCHER = """
import os, sys
from pathlib import Path
from kb.search import open_index, search
index = open_index(Path(sys.argv[1]))
before = search(index, "tillit").total
seg = max(Path(sys.argv[2]).glob("shard-*/*.seg"), key=lambda p: p.stat().st_size)
os.truncate(seg, seg.stat().st_size // 3)
for query in ("tillit", "samarbeid", "kommune*", "næringsliv", ""):
    try:
        search(index, query)
    except Exception as error:  # a damaged file may fail a search, never the process
        print("error", type(error).__name__)
index.close()
print("alive", before)
"""


def test_a_segment_cut_under_an_open_index_fails_searches_not_the_process(
        index_copy: Path) -> None:
    """Whoosh reads without mmap: a file cut beneath it gives errors, not SIGBUS."""
    done = subprocess.run([sys.executable, "-c", TRUNCATE_UNDER_A_SEARCHER, str(index_copy),
                           str(served(index_copy))], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.splitlines()[-1].startswith("alive ")
