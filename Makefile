# Two commands on a fresh machine:
#   make run    set up .venv and build the seeds into out/graph.ttl and out/graph.html
#   make test   set up .venv (with test extras) and run the whole test suite
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup setup-test system-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install -q -e '.[fool]'
	$(BIN)/pip install -q --no-deps foolnltk  # the model kg build --ner auto uses; its TensorFlow is not needed

setup-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[all]'
	$(BIN)/pip install -q --no-deps foolnltk  # the model kg build --ner auto uses; its TensorFlow is not needed

run: setup
	$(BIN)/kg build seeds --out out

system-deps:
	./scripts/system-deps.sh

test: setup-test system-deps
	$(BIN)/python -m pytest -q
