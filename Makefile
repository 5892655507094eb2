# The two commands of the README: `make demo` (main job end to end) and `make test` (whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install browser demo test clean

$(BIN)/enlace: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/enlace

demo: install
	$(BIN)/enlace demo

# The web interface's browser test drives Debian's headless Chromium through its chromedriver.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null && test -x /usr/bin/chromedriver || \
	  ($(SUDO) apt-get update && \
	   $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver)

test: install browser
	$(BIN)/lint-imports
	$(BIN)/mypy --strict streams/resolve
	$(BIN)/pytest

clean:
	-$(BIN)/enlace stack down
	rm -rf .enlace
