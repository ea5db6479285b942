"""The nearest-prototype tagger on small hand-made arrays (pure: no model)."""

from __future__ import annotations

import numpy as np
import pytest

from kb.themes import Evidence, Prototype, Taxonomy, Theme, nearest_themes, theme_prototypes
from kb.themes.nearest import CUE_WORD, DESCRIPTION, EXAMPLE, NEAREST

THEMES = ("a", "b", "c")
DIM = 16


def unit(*pairs: tuple[int, float]) -> np.ndarray:
    """A unit vector with the given (axis, weight) components."""
    vector = np.zeros(DIM, dtype=np.float32)
    for axis, weight in pairs:
        vector[axis] = weight
    return vector / np.linalg.norm(vector)


# one prototype a theme, on axes 0, 1, 2
LABELS = [Prototype("a", EXAMPLE, "eksempel a"), Prototype("b", CUE_WORD, "b-ord"),
          Prototype("c", DESCRIPTION, "C: om c")]
PROTOS = np.stack([unit((0, 1)), unit((1, 1)), unit((2, 1))])
# a background of typical items: near none of the prototypes
BACKGROUND = np.stack([unit((3 + k % 10, 1), (k % 3, 0.3)) for k in range(30)])


def run(rows: list[np.ndarray], known: list[set[str]] | None = None,
        eligible: list[bool] | None = None, **settings: float) -> list[Evidence | None]:
    vectors = np.stack(rows)
    return nearest_themes(vectors, PROTOS, LABELS, THEMES,
                          known if known is not None else [set() for _ in rows],
                          eligible if eligible is not None else [True] * len(rows),
                          BACKGROUND, **settings)


def test_an_item_near_one_theme_gains_it_with_its_evidence() -> None:
    [found] = run([unit((0, 1), (5, 0.2))])
    assert found is not None
    assert (found.theme, found.source) == ("a", NEAREST)
    assert found.detail == "example «eksempel a»"
    assert found.similarity == pytest.approx(float(unit((0, 1), (5, 0.2))[0]), abs=1e-3)
    assert found.score is not None and found.runner_up is not None
    assert found.score >= 2.0 and found.score - found.runner_up >= 0.3
    assert "nearest example «eksempel a» (cosine" in found.describe()


def test_the_prototype_kind_is_named() -> None:
    [by_cue, by_description] = run([unit((1, 1)), unit((2, 1))])
    assert by_cue is not None and by_cue.detail == "cue word «b-ord»"
    assert by_description is not None and by_description.detail == "description «C: om c»"


def test_an_item_near_nothing_gains_nothing() -> None:
    assert run([unit((7, 1))]) == [None]


def test_an_item_between_two_themes_gains_neither() -> None:
    assert run([unit((0, 1), (1, 1))]) == [None]  # no margin between a and b


def test_a_theme_the_item_has_is_not_gained_again_nor_blocks_the_next() -> None:
    between = unit((0, 1), (1, 1))  # as near a as b: alone it gains neither
    [found] = run([between], known=[{"a"}])  # with a known, b leads the rest
    assert found is not None and found.theme == "b"
    assert run([unit((0, 1))], known=[{"a"}]) == [None]


def test_rows_that_are_not_eligible_are_never_changed() -> None:
    rows = [unit((0, 1)), unit((0, 1))]
    found = run(rows, eligible=[False, True])
    assert found[0] is None and found[1] is not None and found[1].theme == "a"


def test_stricter_settings_gain_less() -> None:
    row = unit((0, 1), (5, 0.6))
    assert run([row])[0] is not None
    assert run([row], min_z=50.0) == [None]
    assert run([row], min_margin=50.0) == [None]


def test_too_small_a_background_gains_nothing() -> None:
    vectors = np.stack([unit((0, 1))])
    assert nearest_themes(vectors, PROTOS, LABELS, THEMES, [set()], [True],
                          BACKGROUND[:3]) == [None]


def test_no_prototypes_or_no_eligible_rows_gain_nothing() -> None:
    vectors = np.stack([unit((0, 1))])
    assert nearest_themes(vectors, PROTOS[:0], [], THEMES, [set()], [True], BACKGROUND) == [None]
    assert run([unit((0, 1))], eligible=[False]) == [None]


def test_lengths_must_agree() -> None:
    with pytest.raises(ValueError):
        nearest_themes(np.stack([unit((0, 1))]), PROTOS, LABELS, THEMES, [], [True], BACKGROUND)
    with pytest.raises(ValueError):
        nearest_themes(np.stack([unit((0, 1))]), PROTOS, LABELS[:2], THEMES, [set()], [True],
                       BACKGROUND)


def test_prototypes_of_a_taxonomy() -> None:
    taxonomy = Taxonomy([
        Theme("tillit", "Tillit", "Om tillit.", ("tillit", "=tid", "*buss*", "tillit*"),
              examples=("Stol på hverandre", "tillit")),
        Theme("nettverk", "Nettverk", "", ("nettverk",)),
    ])
    assert theme_prototypes(taxonomy) == [
        Prototype("tillit", EXAMPLE, "Stol på hverandre"),
        Prototype("tillit", EXAMPLE, "tillit"),  # a cue word repeated is kept once
        Prototype("tillit", CUE_WORD, "tid"),
        Prototype("tillit", CUE_WORD, "buss"),
        Prototype("tillit", DESCRIPTION, "Tillit: Om tillit."),
        Prototype("nettverk", CUE_WORD, "nettverk"),
    ]
