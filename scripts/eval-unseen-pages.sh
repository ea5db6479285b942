#!/usr/bin/env bash
# kb eval on pages nobody tuned kb on: a scratch corpus of corpus/ plus the ten synthetic
# page layouts of tests/corpus/data/pages (test data, never the product's corpus), with
# the questions and theme labels of tests/eval_unseen/ (written blind to the system).
# Prints kb eval's tables; builds in a temporary folder (removed afterwards) and reuses
# the model's vector cache of $KB_INDEX_DIR (default index/) when there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
KB="${KB:-.venv/bin/kb}"
INDEX_DIR="${KB_INDEX_DIR:-index}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r corpus "$work/corpus"
mkdir -p "$work/index"
cp "$INDEX_DIR"/vectors-*.npz "$work/index/" 2>/dev/null || true
for page in tests/corpus/data/pages/*.txt; do
    "$KB" --corpus "$work/corpus" import "$page" >/dev/null
done
"$KB" --corpus "$work/corpus" --index "$work/index" build >/dev/null
"$KB" --corpus "$work/corpus" --index "$work/index" eval \
    --queries tests/eval_unseen/questions.json --themes tests/eval_unseen/themes.json "$@"
