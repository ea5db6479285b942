"""Search quality: the judged queries through kb's search, beside two baselines.

A judged query is a query string with judgments: pieces of item text with a
grade (2: squarely about the query, 1: related). A hit is relevant to a
judgment when the hit's item text contains the judgment's text, white space
folded (runs of white space count as one space; case and everything else as
written). Each judgment is credited once, to the best-ranked hit that contains it
(a hit containing several takes the highest grade still unclaimed).

Metrics at k = 10, per query and as the mean over queries:

- recall@10: judgments credited in the top 10 / all judgments of the query.
- nDCG@10 (graded): DCG = sum over ranks r of gain / log2(r + 1), gain = 2^grade - 1
  (3 for grade 2, 1 for grade 1); the ideal DCG puts the query's judged grades in
  descending order. A judgment whose text no item contains still counts in both
  denominators; such judgments are listed as warnings.

Engines: ``kb`` (:func:`kb.search.engine.search`, per_page=10, every signal),
``kb:lexical`` (the query's words alone: the items holding all of them, or the most),
then one signal added at a time (:data:`kb.search.ranking.SIGNAL_LADDER`):
``kb:+partial`` (the items holding some of the words, below), ``kb:+themes``,
``kb:+related`` (``kb`` adds meaning); ``hybrid`` (:mod:`kb.measure.hybrid`: the
standard reciprocal-rank fusion of ``kb:+partial`` and the model's ranking, the plain
hybrid kb's fusion has to beat); ``fts5`` and ``whoosh`` (:mod:`kb.measure.baselines`,
on the same items). The packaged sets: single words
and phrases (``eval_queries.json``), practitioners' questions (``eval_practice.json``),
a second writer's questions to tune on (``eval_dev.json``) and practitioners' questions
written blind to the system, only to check what was tuned (``eval_blind.json``).

Theme tagging is scored too, on the themes gold files (:mod:`kb.measure.themes_eval`),
and the report says whether the model of meaning was available.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.config import DATA_DIR
from kb.errors import InputError
from kb.measure.baselines import Fts5Index, WhooshBaseline
from kb.measure.hybrid import hybrid_ranking
from kb.measure.themes_eval import DEFAULT_THEME_SETS, ThemeReport, evaluate_themes

K = 10
# kb with every signal, then kb on the words alone and adding one signal at a time
# (kb.search.ranking.SIGNAL_LADDER: the last rung is kb itself), then the baselines.
LADDER = ("kb:lexical", "kb:+partial", "kb:+themes", "kb:+related")
BASELINES = ("hybrid", "fts5", "whoosh")
ENGINES = ("kb", *LADDER, *BASELINES)
DEFAULT_QUERIES = DATA_DIR / "eval_queries.json"
PRACTICE_QUERIES = DATA_DIR / "eval_practice.json"
DEV_QUERIES = DATA_DIR / "eval_dev.json"  # a second writer's questions, to tune on
BLIND_QUERIES = DATA_DIR / "eval_blind.json"  # written blind to the system, never tuned on
DEFAULT_SETS = (DEFAULT_QUERIES, PRACTICE_QUERIES, DEV_QUERIES, BLIND_QUERIES)

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Judgment:
    """A piece of relevant item text and its grade (1 or 2)."""

    text: str
    grade: int


@dataclass(frozen=True)
class JudgedQuery:
    """A query as a practitioner types it, with its judgments."""

    id: str
    q: str
    judgments: tuple[Judgment, ...]


def load_queries(path: Path = DEFAULT_QUERIES) -> list[JudgedQuery]:
    """Read judged queries from a JSON file ``{"queries": [{"id", "q", "relevant": [...]}]}``.

    Raises :class:`~kb.errors.InputError` naming the file (and the query) when the
    file is missing, is not JSON, or does not have that shape.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(str(path), f"cannot read the judged queries: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise InputError(str(path), f"not a JSON file: {error}", line) from None
    raw = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise InputError(str(path), 'expected an object with a non-empty "queries" list')
    queries: list[JudgedQuery] = []
    seen: set[str] = set()
    for number, entry in enumerate(raw, 1):
        queries.append(_judged_query(path, number, entry, seen))
    return queries


def _judged_query(path: Path, number: int, entry: Any, seen: set[str]) -> JudgedQuery:
    where = f"query {number}"
    if not isinstance(entry, dict):
        raise InputError(str(path), f"{where}: expected an object")
    qid, q, relevant = entry.get("id"), entry.get("q"), entry.get("relevant")
    if not isinstance(qid, str) or not qid:
        raise InputError(str(path), f'{where}: "id" must be a non-empty string')
    where = f"query {qid!r}"
    if qid in seen:
        raise InputError(str(path), f"{where}: the id is used twice")
    seen.add(qid)
    if not isinstance(q, str) or not q.strip():
        raise InputError(str(path), f'{where}: "q" must be a non-empty string')
    if not isinstance(relevant, list) or not relevant:
        raise InputError(str(path), f'{where}: "relevant" must be a non-empty list')
    judgments = []
    for judgment in relevant:
        text = judgment.get("text") if isinstance(judgment, dict) else None
        grade = judgment.get("grade") if isinstance(judgment, dict) else None
        if not isinstance(text, str) or not text.strip() or grade not in (1, 2):
            raise InputError(str(path), f'{where}: each judgment needs a "text" and a "grade" '
                                        "of 1 or 2")
        judgments.append(Judgment(fold_space(text), grade))
    return JudgedQuery(qid, q, tuple(judgments))


def fold_space(text: str) -> str:
    """Return ``text`` with each run of white space made one space, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def credited_grades(hit_texts: Sequence[str], judgments: Sequence[Judgment],
                    k: int = K) -> list[int]:
    """Return, for each of the top ``k`` hits, the grade credited to it (0: not relevant)."""
    unclaimed = list(judgments)
    grades = []
    for text in hit_texts[:k]:
        folded = fold_space(text)
        matches = [j for j in unclaimed if j.text in folded]
        if matches:
            best = max(matches, key=lambda j: j.grade)
            unclaimed.remove(best)
            grades.append(best.grade)
        else:
            grades.append(0)
    return grades


def recall_at_k(hit_texts: Sequence[str], judgments: Sequence[Judgment], k: int = K) -> float:
    """Return the share of ``judgments`` found in the top ``k`` hits (0.0 when none are judged)."""
    if not judgments:
        return 0.0
    return sum(1 for g in credited_grades(hit_texts, judgments, k) if g) / len(judgments)


def _dcg(grades: Sequence[int]) -> float:
    return sum((2.0**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, 1))


def ndcg_at_k(hit_texts: Sequence[str], judgments: Sequence[Judgment], k: int = K) -> float:
    """Return graded nDCG@k (gain 2^grade - 1, ideal from the judged grades)."""
    ideal = _dcg(sorted((j.grade for j in judgments), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg(credited_grades(hit_texts, judgments, k)) / ideal


@dataclass
class QueryScores:
    """One judged query's recall@10 and nDCG@10 per engine."""

    query: JudgedQuery
    recall: dict[str, float]
    ndcg: dict[str, float]


@dataclass
class EvalReport:
    """Per-query scores, their means, and the judgments that no item contains."""

    rows: list[QueryScores]
    unmatched: list[tuple[str, str]] = field(default_factory=list)
    themes: list[ThemeReport] = field(default_factory=list)

    def mean(self, metric: str, engine: str) -> float:
        """Return the mean of ``metric`` ("recall" or "ndcg") for ``engine`` over all queries."""
        values = [getattr(row, metric)[engine] for row in self.rows]
        return sum(values) / len(values) if values else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The report as the JSON of ``kb eval --json`` (every engine scored)."""
        engines = list(self.rows[0].recall) if self.rows else list(ENGINES)
        return {
            "k": K,
            "gain": "2^grade - 1",
            "queries": [
                {"id": row.query.id, "q": row.query.q,
                 **{engine: {"recall": round(row.recall[engine], 4),
                             "ndcg": round(row.ndcg[engine], 4)} for engine in engines}}
                for row in self.rows
            ],
            "mean": {engine: {"recall": round(self.mean("recall", engine), 4),
                              "ndcg": round(self.mean("ndcg", engine), 4)}
                     for engine in engines},
            "unmatched_judgments": [{"id": qid, "text": text} for qid, text in self.unmatched],
            "themes": [report.to_dict() for report in self.themes],
        }


SearchFn = Callable[[str], list[str]]


def score_queries(queries: Sequence[JudgedQuery], engines: dict[str, SearchFn],
                  all_texts: Sequence[str] = ()) -> EvalReport:
    """Run every query through every engine (query -> ranked hit texts) and score it.

    ``all_texts`` (every item's text) is used only to list judgments no item contains.
    """
    folded = [fold_space(text) for text in all_texts]
    rows: list[QueryScores] = []
    unmatched: list[tuple[str, str]] = []
    for query in queries:
        recall, ndcg = {}, {}
        for name, run in engines.items():
            texts = run(query.q)[:K]
            recall[name] = recall_at_k(texts, query.judgments)
            ndcg[name] = ndcg_at_k(texts, query.judgments)
        rows.append(QueryScores(query, recall, ndcg))
        if folded:
            unmatched.extend((query.id, j.text) for j in query.judgments
                             if not any(j.text in text for text in folded))
    return EvalReport(rows, unmatched)


def evaluate(corpus_dir: Path, index_dir: Path, queries_path: Path = DEFAULT_QUERIES,
             themes_paths: Sequence[Path] = DEFAULT_THEME_SETS) -> EvalReport:
    """Score kb's search and both baselines on the judged queries over the corpus, and
    the theme tagging on ``themes_path`` (None: not).

    Builds the index first when it is missing or stale. Raises
    :class:`~kb.errors.InputError` for a bad queries or themes file, and whatever
    :func:`kb.corpus.folder.load_corpus` / :func:`kb.index.build.ensure_index` raise.
    """
    from kb.corpus import load_corpus
    from kb.search import ensure_index, search
    from kb.search.ranking import ALL_SIGNALS, SIGNAL_LADDER

    queries = load_queries(queries_path)
    items = load_corpus(corpus_dir).items
    index = ensure_index(corpus_dir, index_dir)
    texts = {item.id: item.text for item in items}
    fts5 = Fts5Index(items)
    whoosh = WhooshBaseline(items)
    try:
        def kb(signals: frozenset[str]) -> SearchFn:
            return lambda q: [hit.item.text
                              for hit in search(index, q, per_page=K, signals=signals).hits]

        engines: dict[str, SearchFn] = {"kb": kb(ALL_SIGNALS)}
        for rung, name in enumerate(LADDER):
            engines[name] = kb(frozenset(SIGNAL_LADDER[:rung]))
        engines |= {
            "hybrid": lambda q: [texts[i] for i in hybrid_ranking(index, q, K)],
            "fts5": lambda q: [texts[i] for i in fts5.ranked_ids(q, K)],
            "whoosh": lambda q: [texts[i] for i in whoosh.ranked_ids(q, K)],
        }
        report = score_queries(queries, engines, list(texts.values()))
        report.themes = [evaluate_themes(index.built, Path(index_dir), path)
                         for path in themes_paths]
        return report
    finally:
        fts5.close()
        whoosh.close()
        index.close()


def format_report(report: EvalReport) -> str:
    """Render the report as a plain-text table: one line per query, then the means.

    A ``<`` in the last column marks a query where kb is not ahead of a baseline
    that scored below 1.0.
    """
    width = max([len(row.query.q) for row in report.rows] + [8]) + 2
    qid_width = max([len(row.query.id) for row in report.rows] + [5]) + 2
    ladder = "".join(f"{name.removeprefix('kb:'):>9}" for name in LADDER)
    header = (f"{'query':<{qid_width}}{'q':<{width}}{'kb R@10':>8}{'kb nDCG':>9}"
              f"{ladder}{'hybrid':>8}{'fts5':>7}{'whoosh':>8}")
    lines = [header, "-" * len(header)]
    for row in report.rows:
        behind = any(row.ndcg[b] < 1.0 and row.ndcg["kb"] <= row.ndcg[b]
                     for b in BASELINES)
        lines.append(f"{row.query.id:<{qid_width}}{row.query.q:<{width}}"
                     f"{row.recall['kb']:>8.2f}{row.ndcg['kb']:>9.3f}"
                     + "".join(f"{row.ndcg[name]:>9.3f}" for name in LADDER)
                     + f"{row.ndcg['hybrid']:>8.3f}{row.ndcg['fts5']:>7.3f}"
                     + f"{row.ndcg['whoosh']:>8.3f}"
                     + ("  <" if behind else ""))
    lines.append("-" * len(header))
    lines.append(f"{'mean':<{qid_width}}{f'({len(report.rows)} queries)':<{width}}"
                 f"{report.mean('recall', 'kb'):>8.3f}{report.mean('ndcg', 'kb'):>9.3f}"
                 + "".join(f"{report.mean('ndcg', name):>9.3f}" for name in LADDER)
                 + f"{report.mean('ndcg', 'hybrid'):>8.3f}{report.mean('ndcg', 'fts5'):>7.3f}"
                 + f"{report.mean('ndcg', 'whoosh'):>8.3f}")
    lines.append("recall@10: " + ", ".join(f"{engine} {report.mean('recall', engine):.3f}"
                                          for engine in ENGINES)
                 + "; nDCG gain 2^grade - 1; lexical = kb on the query's words alone (all"
                   " of them, or the most held), then adding one signal at a time: partial"
                   " matches below, themes, related words (kb adds meaning); hybrid = +partial"
                   " and meaning fused by reciprocal rank, 2:1; '<' = kb not ahead of a"
                   " baseline below 1.0")
    for qid, text in report.unmatched:
        lines.append(f"warning: query {qid!r}: no item contains the judged text {text!r}")
    for themes in report.themes:
        lines += themes.lines()
    if report.themes:
        lines.append(f"semantic: {report.themes[-1].semantic}")
    return "\n".join(lines)
