# KH&CN Tasks — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test test-at install migrate messages seed lint worker beat clean backup restore

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

messages: install
	$(PY) -m babel.messages.frontend compile -d locale -D django --use-fuzzy 2>/dev/null || $(PY) manage.py compilemessages -v0

migrate: install
	$(PY) manage.py migrate --noinput -v0

## DEBUG off while seeding, as the server runs: with it on, Django keeps every query's SQL.
seed: migrate
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} DEMO_HOST=$(HOST) DEMO_PORT=$(PORT) $(PY) manage.py seed_demo

## Set up everything on SQLite and run the web app on http://127.0.0.1:8000
## DEBUG is off, as in production: demo users see the product's 404/500 pages, never Django's
## debug pages; WhiteNoise serves the static files from the apps (no collectstatic step).
## DJANGO_DEBUG=1 make run brings the debug pages back for development.
run: messages seed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (SQLite by default; DATABASE_URL / CELERY_BROKER_URL switch services)
test: messages
	$(PY) -m pytest -q -n 2 --dist loadfile $(PYTEST_ARGS)

## The same suite with the clock at another moment, Hanoi time: make test-at AT="2027-01-01 00:05".
## libfaketime (Debian's package faketime) moves this process tree's clock only; a test that
## passes today and fails on 1 January, a Sunday or in the Tết holidays shows here first.
test-at: messages
	@test -n "$(AT)" || { echo 'make test-at needs AT="YYYY-MM-DD HH:MM" (Hanoi time)' >&2; exit 2; }
	@command -v faketime >/dev/null || { echo "make test-at needs faketime (apt-get install faketime)" >&2; exit 2; }
	TZ=Asia/Ho_Chi_Minh faketime "$(AT)" $(PY) -m pytest -q -n 2 --dist loadfile -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

worker: install
	$(VENV)/bin/celery -A config worker -l info

beat: install
	$(VENV)/bin/celery -A config beat -l info

## Back up the database (DATABASE_URL) and the files (DJANGO_MEDIA_ROOT) into BACKUP_DIR
## (default backups/<date-time>/). No `install` prerequisite: a backup never reinstalls.
backup:
	$(PY) manage.py backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)")

## Restore BACKUP_DIR into DATABASE_URL (created if missing) and DJANGO_MEDIA_ROOT; targets
## holding data are refused unless FORCE=1.
restore:
	@test -n "$(BACKUP_DIR)" || { echo "make restore needs BACKUP_DIR=<a folder made by make backup>" >&2; exit 2; }
	$(PY) manage.py restore "$(BACKUP_DIR)" $(if $(filter 1 yes true,$(FORCE)),--force)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles
