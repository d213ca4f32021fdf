# Practica — `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PRACTICA_HOME ?= $(CURDIR)/var

.PHONY: install run test lint format bench bench-small clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/practica init
	$(BIN)/practica demo --if-empty
	PRACTICA_DEBUG=$${PRACTICA_DEBUG:-1} $(BIN)/practica serve --bind 127.0.0.1:$(PORT)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-small: install
	$(BIN)/python -m bench --scale small

clean:
	rm -rf $(VENV) var .pytest_cache bench/results
