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
	rm -rf $(VENV) index/_* index/current .pytest_cache .ruff_cache .mypy_cache
