# The README's two commands are `make serve` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve test install install-test lint eval bench corpus clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .
	./scripts/system-deps.sh

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	./scripts/system-deps.sh --browser
	@$(MAKE) -s --no-print-directory node_modules/.package-lock.json

# axe-core, the accessibility checker the browser tests run in the page, exactly as
# package-lock.json pins it (again only when the lock changes). Without npm the axe
# checks are skipped, and fail under CI=true.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "install-test: no npm, so no axe-core: its checks are skipped (they fail under CI=true)" >&2; fi

## Install and serve the product on the built-in corpus (index built on first run).
serve: install
	$(BIN)/kb serve --host $(HOST) --port $(PORT)

## Install and run every test (lint, types, unit, integration, CLI, browser).
test: install-test
	$(BIN)/ruff check kb tests
	$(BIN)/mypy
	$(BIN)/pytest -n 2 -p no:cacheprovider

lint: install-test
	$(BIN)/ruff check kb tests

## Measuring commands: search quality and speed.
eval: install
	$(BIN)/kb eval

bench: install
	$(BIN)/kb bench --items 10000

## Re-import the five seed pages of ../shared/seeds (or SEEDS_DIR=...) into corpus/.
corpus: install
	./scripts/import-seeds.sh

clean:
	rm -rf $(VENV) index/_* index/current .pytest_cache .ruff_cache .mypy_cache node_modules test-artifacts
