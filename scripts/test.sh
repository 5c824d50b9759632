#!/usr/bin/env bash
# Run the whole pytest suite (called by `make test`; extra arguments go to pytest).
#
# - DATABASE_URL / REDIS_URL are used when set (CI: PostgreSQL + Redis); otherwise the
#   embedded default: one SQLite file per test process, var/test-<pid>.sqlite3[_gwN]
#   (files left by a killed run, whose process is gone, are removed first).
# - PYTEST_XDIST (default "-n auto") spreads the tests over the CPU cores; set it
#   empty (`make test PYTEST_XDIST=`) to run serially.
# - Exit code 5 (no tests collected) is a failure here.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
mkdir -p var/staticfiles  # whitenoise warns when STATIC_ROOT is missing

for f in var/test-*.sqlite3*; do
  [ -e "$f" ] || continue
  pid="${f#var/test-}"; pid="${pid%%.*}"
  case "$pid" in *[!0-9]*|"") continue ;; esac
  kill -0 "$pid" 2>/dev/null || rm -f -- "$f"
done

xdist="${PYTEST_XDIST--n auto}"
timeout="${PYTEST_TIMEOUT:-300}"   # per test, seconds: a hung test fails instead of eating CI's 90 minutes

# xdist workers must collect the same tests in the same order; a fixed hash seed keeps
# parametrisations over sets/dicts of strings stable across the workers.
export PYTHONHASHSEED="${PYTHONHASHSEED:-0}"

echo "test: database=${DATABASE_URL:-sqlite (embedded)} broker=${REDIS_URL:-filesystem (embedded)}"
# shellcheck disable=SC2086
"$VENV/bin/pytest" $xdist --timeout="$timeout" -ra "$@"
status=$?
case "$status" in
  0) ;;
  5) echo "test: FAILED - pytest collected no tests (exit code 5)" >&2; exit 1 ;;
  *) echo "test: FAILED - pytest exit code $status" >&2 ;;
esac
exit "$status"
