# The one entry point for humans and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
export VENV

# extra pytest arguments: make test PYTEST_ARGS="-k healthz -x"
PYTEST_ARGS ?=

.PHONY: help venv system-deps run test lint migrations-check lock mfa-code audit backup restore bench load

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

venv: ## create .venv (python3.11) and install requirements.lock when it changed
	@scripts/bootstrap.sh

system-deps: ## install Chromium and WeasyPrint's libraries with apt-get when missing (as root)
	@scripts/system-deps.sh

run: venv ## migrate, seed demo data, collectstatic; run web + Celery worker + beat (Ctrl-C stops)
	@scripts/run.sh

test: venv system-deps migrations-check ## the whole pytest suite (DATABASE_URL / REDIS_URL when set)
	@scripts/test.sh $(PYTEST_ARGS)

lint: venv ## ruff check
	$(VENV)/bin/ruff check .

migrations-check: venv ## fail when a model change has no migration
	@mkdir -p var
	$(MANAGE) makemigrations --check --dry-run

lock: ## regenerate requirements.lock from the packages installed in .venv
	@scripts/lock.sh

mfa-code: venv ## print the current MFA code of the demo accounts (demo key only)
	@$(MANAGE) demo_mfa_code

audit: ## vulnerability audit of requirements.lock (pip-audit; fails on a known vulnerability)
	@scripts/audit.sh

duo-sim: venv ## start the DUO simulator (DUO's APIs from fixtures) on DUO_SIM_PORT (default 8090)
	@$(MANAGE) duo_sim --port $${DUO_SIM_PORT:-8090}

backup: ## pg_dump of DATABASE_URL (+ private media) into backups/
	@scripts/backup.sh

restore: ## restore a backup: make restore FILE=backups/....dump (into DATABASE_URL)
	@scripts/restore.sh "$(FILE)"

# extra arguments of the national benchmark: make bench BENCH_ARGS="--keep --runs 60"
BENCH_ARGS ?=

bench: venv ## national-scale benchmark on PostgreSQL (100,000 active cases) -> bench/results.md + .json
	$(PY) bench/nationaal.py $(BENCH_ARGS)

load: venv ## locust load run on loopback (50 users, 2 min, gunicorn on PostgreSQL) -> bench/load_results.json
	@scripts/load.sh
