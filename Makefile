# Shortcuts for development; CI runs .ci/run.
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: dev test lint golden bench

dev:
	python3 -m venv $(VENV) && $(BIN)/pip install -e '.[dev]'

test:
	$(BIN)/pytest

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

golden:
	$(BIN)/klynge check scenarios --expected scenarios/expected --update && git diff --stat scenarios/expected

bench:
	$(BIN)/python benchmarks/run.py
