"""Measure: search quality, speed and reliability, as figures.

``kb eval``: judged queries -> recall@10 and graded nDCG@10 beside SQLite FTS5
and plain Whoosh baselines, and a themes gold file -> theme recall and precision
(cues alone, and with the learnt tagger). ``kb bench``: a generated corpus
shaped like the real one -> build speed, latency percentiles and peak memory
against FTS5 (lexical builds), and the model's embedding speed on a sample.
``kb soak``: ``kb serve`` on loopback under realistic requests while ``kb build``
rebuilds -> requests, errors, latency percentiles, rebuilds.

Public names: :func:`evaluate`, :func:`run_bench`, :func:`run_soak` and their
``format_report`` functions (in :mod:`kb.measure.evaluate`, :mod:`kb.measure.bench`
and :mod:`kb.measure.soak`).
"""
