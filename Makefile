# Two commands for a fresh machine with Python 3.11+:  make run   and   make test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench clean

$(VENV)/.run-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.run-installed

## Install, create the database, load the real catalog if it is empty, serve http://127.0.0.1:8000
run: $(VENV)/.run-installed
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py import_catalog fixtures/catalog.json --if-empty
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# The npm test tools (vnu.jar, axe-core) exactly as package-lock.json pins them. --ignore-scripts:
# vnu-jar's install script would download a JDK; the checks use the machine's Java.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	elif [ "$$REQUIRE_BROWSER" = 1 ]; then \
	  echo "REQUIRE_BROWSER=1 but npm is not installed (Debian: apt-get install npm)" >&2; exit 1; \
	else \
	  echo "npm not found: the HTML validity and axe checks will be skipped (Debian: apt-get install npm)"; \
	fi

## Install the test dependencies and run the whole suite (browser tests need Debian's chromium)
test: $(VENV)/.dev-installed node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

## Load-test 10,000 synthetic programs under gunicorn with wrk: SQLite, or PostgreSQL when
## DATABASE_URL is set (in a scratch database beside it). BENCH_ARGS="--cache off --profile"...
bench: $(VENV)/.run-installed
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache .ruff_cache .hypothesis
