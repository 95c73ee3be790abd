# Everyday tasks. `make test` is the command the README shows and CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: help install test lint format bench screenshots demo clean

help:
	@echo "make install      editable install with the test tools, in $(VENV)"
	@echo "make test         install the test dependencies and run the whole test suite"
	@echo "make lint         ruff format --check, ruff check, mypy"
	@echo "make format       ruff format and ruff check --fix"
	@echo "make bench        benchmarks -> bench/RESULTS.md"
	@echo "make screenshots  regenerate screenshots/ from the demo data"
	@echo "make demo         open the app on the embedded database with demo data"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

test: $(BIN)/python
	$(BIN)/pip install -q '.[test]' && $(BIN)/pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

format:
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

bench:
	PYTHONPATH=src $(BIN)/python bench/run.py

screenshots:
	$(BIN)/python scripts/screenshots.py

demo: $(BIN)/python
	$(BIN)/pip install -q . && $(BIN)/crewtui --demo

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache
