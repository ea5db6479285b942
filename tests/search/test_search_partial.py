"""All words first, then the rest: partial matches, themes the query is about, the ranking."""

from __future__ import annotations

import numpy as np

from kb.search import SearchIndex, search
from kb.search.ranking import DENSE_CANDIDATES, Signals, rank


def test_all_word_matches_come_first_then_the_rest_marked_partial(index: SearchIndex) -> None:
    results = search(index, "tillit kommunene", per_page=100)
    flags = [hit.partial for hit in results.hits]
    assert results.matched_all == flags.count(False) == 1
    assert flags == sorted(flags)  # every all-word match before every partial one
    assert results.total == len(results.hits) > results.matched_all
    assert not results.partial  # one item holds both words


def test_more_of_the_words_rank_above_fewer(index: SearchIndex) -> None:
    results = search(index, "tillit kunnskapsdeling kommunene", per_page=100)
    texts = [hit.item.text for hit in results.hits]
    # two of three words (tillit, kommunene) above one (tillit)
    assert texts.index("Mer tillit mellom kommunene") < texts.index("Tillitsbygging tar tid")


def test_a_theme_the_query_names_finds_items_tagged_with_it(index: SearchIndex) -> None:
    results = search(index, "kunnskap", per_page=100)
    tagged = [hit for hit in results.hits if "kunnskap" in hit.item.themes]
    assert {"Samarbeid med høgskulen i regionen", "Et godt miljø for forskning og utdanning"} <= {
        hit.item.text for hit in tagged}
    below = [hit for hit in results.hits if hit.item.text == "Samarbeid med høgskulen i regionen"]
    assert below and below[0].partial  # found through its theme, below the literal matches
    assert [(t.value, t.count) for t in results.query_themes] == [
        ("kunnskap", int(index.theme_mask(("kunnskap",)).sum()))]


def test_a_compound_is_held_only_where_all_its_parts_are(index: SearchIndex) -> None:
    results = search(index, "kunnskapsregionen", per_page=100)
    texts = {hit.item.text for hit in results.hits}
    # each part is found ("del kunnskap", "i regionen"), but no item holds both
    assert {"Vær raus og del kunnskap med andre", "Samarbeid med høgskulen i regionen"} <= texts
    assert results.matched_all == 0 and results.partial
    assert all(hit.partial and hit.why and hit.why.missing == ("kunnskapsregionen",)
               for hit in results.hits)
    both = search(index, "forskningsmiljø", per_page=100)
    held = {hit.item.text for hit in both.hits if not hit.partial}
    assert {"Et godt miljø for forskning og utdanning",  # every part, apart
            "Eit godt forsknings- og utdanningsmiljø i regionen"} <= held


def test_a_compound_with_a_part_found_nowhere_is_held_nowhere(index: SearchIndex) -> None:
    from kb.search.scoring import Leaf, Max, Parts, Sum, has_parts

    scorer = index.scorer()
    found = Leaf("stem", "tillit")
    assert scorer.holds(Parts((found,))).sum() == (scorer.evaluate(found) > 0).sum() > 0
    assert not scorer.holds(Parts((found,), unfound=1)).any()
    assert (scorer.evaluate(Parts((found,), unfound=1)) > 0).any()  # still scored
    assert has_parts(Sum((found, Max((Parts((found,)),))))) and not has_parts(Sum((found,)))


def test_a_word_found_nowhere_lists_nothing(index: SearchIndex) -> None:
    results = search(index, "sjokoladefabrikk")
    assert results.total == 0 and not results.hits and not results.partial


def test_exclusions_also_leave_out_partial_matches(index: SearchIndex) -> None:
    results = search(index, "tillit -kommunene", per_page=100)
    assert all("kommunene" not in hit.item.text for hit in results.hits)


def test_filters_count_the_listed_items(index: SearchIndex) -> None:
    results = search(index, "tillit", {"region": ["Gammaregionen"]}, per_page=100)
    assert {hit.item.region for hit in results.hits} == {"Gammaregionen"}
    assert results.total == len(results.hits)


def signals(coverage: list[float], dense: list[float] | None = None,
            theme: list[float] | None = None) -> Signals:
    n = len(coverage)
    return Signals(coverage=np.array(coverage, dtype=np.float32),
                   lexical=np.ones(n, dtype=np.float32),
                   theme=None if theme is None else np.array(theme, dtype=np.float32),
                   dense=None if dense is None else np.array(dense, dtype=np.float32))


def test_rank_keeps_every_all_word_match_above_meaning() -> None:
    ranking = rank(signals([1.0, 0.5, 0.0], dense=[0.1, 0.2, 0.99]))
    order = np.argsort(-ranking.score)
    assert order[0] == 0 and ranking.full.tolist() == [True, False, False]
    assert ranking.listed.tolist() == [True, True, True]  # the nearest in meaning fills in


def test_rank_weighs_how_far_apart_the_scores_are_not_only_their_order() -> None:
    # Three partial matches: the first holds a little more of the query, the second is
    # far the nearest in meaning, the third barely ahead of the first in meaning.
    ranking = rank(signals([0.6, 0.55, 0.5, 0.0], dense=[0.30, 0.90, 0.31, 0.0]))
    order = np.argsort(-ranking.score).tolist()
    assert order[:3] == [1, 0, 2]
    # the same order of meaning, but close together: the words decide
    ranking = rank(signals([0.6, 0.2, 0.5, 0.0], dense=[0.30, 0.33, 0.31, 0.0]))
    assert np.argsort(-ranking.score).tolist()[:3] == [0, 2, 1]


def test_rank_scores_stay_finite_when_every_score_is_the_same() -> None:
    ranking = rank(signals([0.5, 0.5], dense=[0.4, 0.4], theme=[True, True]))
    assert np.isfinite(ranking.score).all() and ranking.score[0] == ranking.score[1] > 0


def test_rank_lets_meaning_in_only_when_some_word_was_found() -> None:
    ranking = rank(signals([0.0] * 3, dense=[0.5, 0.9, 0.1]))
    assert not ranking.listed.any()


def test_rank_admits_a_bounded_number_on_meaning_alone() -> None:
    n = DENSE_CANDIDATES + 5
    ranking = rank(signals([1.0] + [0.0] * (n - 1), dense=list(np.linspace(0, 1, n))))
    assert int(ranking.listed.sum()) <= DENSE_CANDIDATES + 1


def test_rank_lists_items_of_the_query_theme() -> None:
    ranking = rank(signals([1.0, 0.0, 0.0], theme=[0.0, 1.0, 0.0]))
    assert ranking.listed.tolist() == [True, True, False]
    assert ranking.score[0] > ranking.score[1] > 0


def test_rank_puts_items_about_more_of_the_query_themes_first() -> None:
    # no item holds a word but the first: tagged with both themes of the query, one, none
    ranking = rank(signals([0.5, 0.0, 0.0, 0.0], theme=[0.0, 1.0, 0.5, 0.0]))
    assert ranking.listed.tolist() == [True, True, True, False]
    assert ranking.score[1] > ranking.score[2] > 0


def test_theme_share_counts_the_query_themes_an_item_carries(
        corpus_index: SearchIndex) -> None:
    from kb.search.engine import _theme_share

    share = _theme_share(corpus_index, ("tillit", "kunnskap"))
    both = corpus_index.theme_mask(("tillit",)) & corpus_index.theme_mask(("kunnskap",))
    either = corpus_index.theme_mask(("tillit", "kunnskap"))
    assert both.any() and (either & ~both).any()
    assert (share[both] == 1.0).all() and (share[either & ~both] == 0.5).all()
    assert (share[~either] == 0.0).all()


def test_signals_can_be_left_out_one_by_one(index: SearchIndex) -> None:
    with_themes = search(index, "kunnskap", per_page=100)
    words_only = search(index, "kunnskap", per_page=100, signals=frozenset())
    theme_only = {h.item.text for h in with_themes.hits} - {h.item.text for h in words_only.hits}
    assert "Samarbeid med høgskulen i regionen" in theme_only
    assert words_only.query_themes == [] and not words_only.semantic
    assert [h.item.id for h in words_only.hits if not h.partial] == [
        h.item.id for h in with_themes.hits if not h.partial]  # the all-word matches stay


def test_meaning_reads_the_query_as_typed_without_exclusions() -> None:
    from kb.search.querysyntax import as_typed

    assert as_typed("hvordan unngå nye strukturer") == "hvordan unngå nye strukturer"
    assert as_typed('tillit -kommunene -"fra ord" OR raus*') == "tillit raus"


def test_the_model_reads_the_query_without_its_stop_words() -> None:
    from kb.search.querysyntax import for_meaning

    assert for_meaning("hvordan unngå nye strukturer?") == "unngå nye strukturer?"
    assert for_meaning("Korleis kan vi dele kunnskap -tillit") == "dele kunnskap"
    assert for_meaning("hva er det") == "hva er det"  # nothing else left: as typed
    assert for_meaning("") == ""


def test_without_partial_matches_only_the_best_covered_items_are_listed() -> None:
    # coverage: all words, all words, half, none
    ranking = rank(signals([1.0, 1.0, 0.5, 0.0], theme=[False, False, True, True]),
                   partial=False)
    assert ranking.listed.tolist() == [True, True, False, False]
    # nothing holds every word: the items holding the most are listed, nothing else
    ranking = rank(signals([0.5, 0.25, 0.5, 0.0]), partial=False)
    assert ranking.listed.tolist() == [True, False, True, False]


def test_the_signal_ladder_adds_one_signal_at_a_time(index: SearchIndex) -> None:
    from kb.search.ranking import PARTIAL, RELATED, SIGNAL_LADDER, THEMES

    assert SIGNAL_LADDER[:3] == (PARTIAL, THEMES, RELATED)
    lexical = search(index, "tillit kommunene", per_page=100, signals=frozenset())
    partial = search(index, "tillit kommunene", per_page=100, signals=frozenset({PARTIAL}))
    assert lexical.total == lexical.matched_all == 1  # the all-word match alone
    assert partial.total > 1 and partial.matched_all == 1


def test_tillit_finds_generous_advice_that_never_says_the_word(
        corpus_index: SearchIndex) -> None:
    # Fosen's advice is about trust (its cue: raus) without the word: its theme finds it,
    # below the items that say tillit, on the first page (words and themes alone here:
    # the suite runs without the model)
    results = search(corpus_index, "tillit")
    texts = [hit.item.text for hit in results.hits]
    advice = "Vær raus med samarbeidspartnere og del kunnskap!"
    assert advice in texts
    assert texts.index(advice) >= results.matched_all


def test_a_theme_cue_holding_stop_words_is_read_in_the_query_as_typed(
        corpus_index: SearchIndex) -> None:
    # "stole på" cues Tillit og relasjoner; the parser drops "på" as a stop word, so the
    # cues must be read in the query as typed, not in the words left for searching
    results = search(corpus_index, "hvordan få kommunene til å stole på hverandre")
    assert "tillit" in [t.value for t in results.query_themes]
    assert "Bruk tid på å skape tillit" in [hit.item.text for hit in results.hits]
    excluded = search(corpus_index, 'kommunene -"stole på"')
    assert "tillit" not in [t.value for t in excluded.query_themes]


def test_explain_names_the_query_theme_and_the_words_that_cue_it(
        corpus_index: SearchIndex) -> None:
    from kb.search import explain

    results = search(corpus_index, "hvordan få kommunene til å stole på hverandre")
    why = explain(corpus_index, results)
    texts = [hit.item.text for hit in results.hits]
    trust = why[texts.index("Bruk tid på å skape tillit")]
    assert 'theme "Tillit og relasjoner", cued by "stole på"' in trust.lines()
    assert trust.to_dict()["themes"] == [
        {"theme": "tillit", "label": "Tillit og relasjoner", "cued_by": "stole på"}]
    assert trust.meaning is None and trust.to_dict()["meaning"] is None  # no model here
    untagged = [e for e, hit in zip(why, results.hits, strict=True)
                if "tillit" not in hit.item.themes]
    assert all(e.themes == () for e in untagged)


def test_each_hit_says_which_words_and_themes_it_holds(index: SearchIndex) -> None:
    results = search(index, "tillit kommunene", per_page=100)
    for hit in results.hits:
        assert hit.why is not None
        assert set(hit.why.held) | set(hit.why.missing) == {"tillit", "kommunene"}
        assert (hit.why.missing == ()) == (not hit.partial)  # all held: an all-word match
        assert hit.why.meaning_place is None  # no model here
    full = next(hit for hit in results.hits if not hit.partial)
    assert full.why is not None and full.why.held == ("tillit", "kommunene")
    themed = search(index, "kunnskap", per_page=100)
    college = next(hit for hit in themed.hits
                   if hit.item.text == "Samarbeid med høgskulen i regionen")
    assert college.why is not None
    assert (college.why.held, college.why.missing) == ((), ("kunnskap",))
    assert college.why.themes == (index.taxonomy.label("kunnskap"),)
    either = [hit for hit in search(index, "tillit OR kunnskap").hits if not hit.partial]
    assert either and all(hit.why is not None and hit.why.held == ("tillit OR kunnskap",)
                          for hit in either)
    assert all(hit.why is None for hit in search(index, "").hits)  # browsing: no words


def test_a_compound_word_weighs_as_rare_as_the_items_holding_it() -> None:
    from kb.search.engine import _coverage

    # group 0, a compound: held by item 0 only, matched through a part by items 1-5;
    # group 1: held by items 1-5
    vectors = [np.array([3.0, 1, 1, 1, 1, 1], dtype=np.float32),
               np.array([0.0, 1, 1, 1, 1, 1], dtype=np.float32)]
    holding = [np.array([True, False, False, False, False, False]),
               np.array([False, True, True, True, True, True])]
    coverage = _coverage([vector > 0 for vector in vectors], holding)
    assert coverage[0] > coverage[1]  # the rare compound outweighs the common word and a part
    assert not (coverage >= 1.0).any()  # nobody holds both
