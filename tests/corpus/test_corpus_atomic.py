"""Atomic writes of corpus files and the sweep of temporary files left by killed writers."""

from __future__ import annotations

import os
from pathlib import Path

from kb.corpus.atomic import (
    STALE_AFTER_S,
    TEMP_PATTERN,
    remove_stale_temporaries,
    temporary_path,
    write_temporary,
)

DEAD_PID = 4_194_305  # above Linux's largest pid: no such process


def test_temporary_path_is_hidden_short_and_of_the_pattern(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 200 + ".md")
    temp = temporary_path(target)
    assert temp.parent == tmp_path and temp.name.startswith(".")
    assert TEMP_PATTERN.match(temp.name) and f".{os.getpid()}." in temp.name
    assert len(temp.name) < 80


def test_write_temporary_gives_a_new_file_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        temp = write_temporary(tmp_path / "ny.md", "tekst\n")
    finally:
        os.umask(old)
    assert temp.read_text(encoding="utf-8") == "tekst\n"
    assert temp.stat().st_mode & 0o777 == 0o640


def test_write_temporary_keeps_the_mode_of_the_file_it_will_replace(tmp_path: Path) -> None:
    target = tmp_path / "finnes.md"
    target.write_text("gammel\n", encoding="utf-8")
    target.chmod(0o600)
    assert write_temporary(target, "ny\n").stat().st_mode & 0o777 == 0o600


def test_sweep_removes_dead_and_hour_old_temporaries_only(tmp_path: Path) -> None:
    names = {
        "dead": f".alesund.{DEAD_PID}.0123456789abcdef.tmp",
        "live": f".bjugn.{os.getpid()}.0123456789abcdef.tmp",
        "old": f".rana.{os.getpid()}.fedcba9876543210.tmp",
        "other-pattern": ".alesund.abc.tmp",
        "document": "alesund.md",
    }
    for name in names.values():
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / f".dir.{DEAD_PID}.0123456789abcdef.tmp").mkdir()  # not a file: left alone
    now = (tmp_path / names["old"]).stat().st_mtime + 10
    os.utime(tmp_path / names["old"], (now - STALE_AFTER_S - 20,) * 2)
    removed = remove_stale_temporaries(tmp_path, now=now)
    assert sorted(p.name for p in removed) == sorted([names["dead"], names["old"]])
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {names["live"], names["other-pattern"], names["document"],
                    f".dir.{DEAD_PID}.0123456789abcdef.tmp"}


def test_sweep_of_a_missing_folder_removes_nothing(tmp_path: Path) -> None:
    assert remove_stale_temporaries(tmp_path / "finnes-ikke") == []
