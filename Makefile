# Two commands for a fresh machine with Python 3.11+:  make run   and   make test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test lint bench bench-cold clean

RUN_PORT ?= 8000
# Quiet installs: the pip that comes with Python 3.11 installs this project as it is (no upgrade
# needed); its version notice, progress and warnings (-qq) are noise on a first run. Errors show.
PIP_INSTALL := $(PY) -m pip install -qq --disable-pip-version-check --no-input

$(VENV)/.run-installed: pyproject.toml
	@echo "Installing into $(VENV) (first run only, about a minute)..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml
	@echo "Installing the test tools into $(VENV)..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP_INSTALL) -e ".[dev]"
	@touch $@ $(VENV)/.run-installed

## Install, create the database, load the real catalog if it is empty, serve http://127.0.0.1:8000
## (make run RUN_PORT=8001 for another port). Prints the address, then one line per request.
run: $(VENV)/.run-installed
	@DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput --verbosity 0
	@DEBUG=$${DEBUG:-1} $(PY) manage.py import_catalog fixtures/catalog.json --if-empty --verbosity 0
	@# migrate has just run the system checks; runserver's banner warning is the README's to give
	@DEBUG=$${DEBUG:-1} DJANGO_RUNSERVER_HIDE_WARNING=true $(PY) manage.py runserver --skip-checks 127.0.0.1:$(RUN_PORT)

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

bench-cold: $(VENV)/.run-installed
	$(PY) bench/cold.py $(BENCH_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache .ruff_cache .hypothesis
