# `make run`, `make test` and `make bench`. Everything else is a helper for those.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-fast bench install install-dev clean locale

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Serve the app with the demo content on SQLite at http://127.0.0.1:$(PORT)/
run: $(VENV)/.installed locale
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py load_demo --if-empty
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

## Run every test (SQLite by default; PostgreSQL when DATABASE_URL points there), on one worker
## per core, at most 4 (TEST_WORKERS=0 runs them in this process)
TEST_WORKERS ?= auto --maxprocesses=4
test: $(VENV)/.installed-dev locale staticfiles/staticfiles.json
	SECRET_KEY=test-only-not-secret $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## The fast lane for every change (about 3 minutes on 2 cores): everything but the browser tests and
## the tests marked slow (growth, restore, scale data). On SQLite it builds the test schema from the
## models instead of running the migrations (tests/test_layout.py checks that they match).
## CI runs the whole suite, migrations included (`make test`).
FAST_SCHEMA := $(if $(findstring postgres,$(DATABASE_URL)),,--no-migrations)
test-fast: $(VENV)/.installed-dev locale staticfiles/staticfiles.json
	SECRET_KEY=test-only-not-secret $(PY) -m pytest -n $(TEST_WORKERS) -m "not slow and not browser" $(FAST_SCHEMA) $(PYTEST_ARGS)

## The collected static files (hashed names, compressed) that the tests serve: collected again only
## when a file under static/ or the installed packages changed.
staticfiles/staticfiles.json: $(VENV)/.installed $(shell find static -type f)
	SECRET_KEY=test-only-not-secret $(PY) manage.py collectstatic --noinput -v0
	touch $@

## Compile the catalogues: nl (third-party admin screens) and the contactfiche's languages.
## `--check` fails the build on a broken catalogue. The .mo files are committed too, so that a
## plain `pytest` works; this target keeps them in step with the .po files.
locale:
	command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done
## Load 60 fake regions + Leuven into PostgreSQL, serve with gunicorn, check the budgets with wrk
## (DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/wegwijzer_bench; see bench/run.py)
bench: $(VENV)/.installed
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
