# paxpipe — the two commands a new machine needs: `make demo` and `make test`.
# Both do the whole set-up first (virtualenv, Python packages, Delta's jars, Chromium for browser
# tests); every step is idempotent and skipped when already done.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
JARS   := build/jars
export PYSPARK_PYTHON := $(abspath $(PY))
export SPARK_LOCAL_IP := 127.0.0.1

.PHONY: setup demo test test-fast lint bench jars browser postgres clean help

help:
	@echo "make demo       set up, then run the whole pipeline end to end on generated data"
	@echo "make test       set up, then run every test (pure, Spark, Airflow, browser)"
	@echo "make test-fast  pure-Python tests only (no JVM, no Airflow, no browser)"
	@echo "make lint       ruff + mypy"
	@echo "make bench      run the benchmarks (long)"

setup: $(VENV)/.installed $(JARS)/.fetched browser postgres

$(VENV)/.installed: pyproject.toml
	@echo "==> Python environment ($(VENV))"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip wheel setuptools
	$(PY) -m pip install -q -e ".[all]"
	touch $@

$(JARS)/.fetched: build/delta-pom.xml
	@echo "==> Delta Lake jars (Maven) into $(JARS)"
	mvn -q -f build/delta-pom.xml dependency:copy-dependencies -DoutputDirectory=jars -DincludeScope=runtime
	touch $@

jars: $(JARS)/.fetched

# Debian's Chromium drives the browser tests through Playwright (no browser download needed).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "==> Chromium (Debian package) for browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server: tests/web/test_postgres.py starts a throw-away cluster with its initdb/pg_ctl.
postgres:
	@ls /usr/lib/postgresql/*/bin/pg_ctl /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "==> PostgreSQL server (Debian package) for the review app's PostgreSQL tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql >/dev/null; }

demo: setup
	$(BIN)/paxpipe demo $(ARGS)

test: setup
	$(BIN)/pytest -p no:cacheprovider

test-fast: $(VENV)/.installed
	$(BIN)/pytest -p no:cacheprovider -m "not spark and not airflow and not browser and not cluster and not postgres and not slow"

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy parsers watchlists

bench: setup
	$(PY) -m benchmarks

clean:
	rm -rf var .demo artifacts spark-warehouse
