"""Measure: search quality and speed, as figures.

``kb eval``: judged queries -> recall@10 and graded nDCG@10 beside SQLite FTS5
and plain Whoosh baselines, and a themes gold file -> theme recall and precision
(cues alone, and with the nearest examples). ``kb bench``: a generated corpus
shaped like the real one -> build speed, latency percentiles and peak memory
against FTS5 (lexical builds), and the model's embedding speed on a sample.

Public names: :func:`evaluate`, :func:`run_bench` and their ``format_report``
functions (in :mod:`kb.measure.evaluate` and :mod:`kb.measure.bench`).
"""
