# The two commands of the README: `make demo` (main job end to end) and `make test` (whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install demo test clean

$(BIN)/enlace: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/enlace

demo: install
	$(BIN)/enlace demo

test: install
	$(BIN)/lint-imports
	$(BIN)/mypy --strict streams/resolve
	$(BIN)/pytest

clean:
	-$(BIN)/enlace stack down
	rm -rf .enlace
