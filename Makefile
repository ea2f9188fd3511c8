# The README's two commands. Each creates .venv with python3 and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export REMPART_TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: demo test lint install install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make demo: generate the demo scenario, play it through the pipeline, serve http://127.0.0.1:8000
demo: $(VENV)/.installed
	$(BIN)/rempart demo run

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

## make test: lint, type-check and run the whole suite
test: $(VENV)/.installed-test lint
	$(BIN)/pytest
