#!/usr/bin/env bash
# Regenerate the seed documents of corpus/ from the captured pages in ../shared/seeds
# (or $SEEDS_DIR), with the source URLs, regions and counties of SOURCES.md.
# Overwrites the five corpus files (--replace); review the diff before committing.
# The golden tests in tests/corpus/ expect exactly what this writes.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS_DIR="${SEEDS_DIR:-../shared/seeds}"
KB="${KB:-.venv/bin/kb}"

"$KB" import --replace "$SEEDS_DIR/000_c23aa7f238a0f9c8.txt" \
    --source-url https://distriktssenteret.no/artikkel/alesund/
"$KB" import --replace "$SEEDS_DIR/001_0aa67e1460c53890.txt" \
    --source-url http://alesund.kommune.no/aktuelt/nyhetsarkiv/8855-byregionsamling-i-alesund \
    --doc-type news --region Ålesundregionen --county "Møre og Romsdal"
"$KB" import --replace "$SEEDS_DIR/002_567d91dc4f52dd87.txt" \
    --source-url https://distriktssenteret.no/artikkel/alstahaug/
"$KB" import --replace "$SEEDS_DIR/003_172fd5cb87382db0.txt" \
    --source-url https://distriktssenteret.no/artikkel/dette-er-byregionprogrammet/ \
    --doc-type programme --region "" --county ""
"$KB" import --replace "$SEEDS_DIR/004_8f61290f90e95610.txt" \
    --source-url https://distriktssenteret.no/artikkel/bjugn/
