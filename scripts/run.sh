#!/usr/bin/env bash
# `make run`: migrate, seed the demo data, collect static files, then run the web
# server, a Celery worker and Celery beat together until Ctrl-C stops all three.
#
# Embedded default: no DATABASE_URL -> SQLite in var/; no REDIS_URL -> kombu's
# filesystem transport in var/celery (see docs/adr/0001-embedded-broker.md).
# PORT (default 8000) and HOST (default 0.0.0.0) choose where the web server listens.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
PORT="${PORT:-8000}"
HOST="${HOST:-0.0.0.0}"
mkdir -p var

"$PY" manage.py migrate --noinput
if "$PY" manage.py help seed_demo >/dev/null 2>&1; then
  # idempotent; its output holds the demo logins, shown again once everything runs
  "$PY" manage.py seed_demo | tee var/demo-logins.txt
else
  echo "run: manage.py seed_demo is not available yet; no demo data" | tee var/demo-logins.txt
fi
"$PY" manage.py collectstatic --noinput -v 0

# Each child gets its own process group (set -m), so Ctrl-C reaches only this script,
# and the trap below stops every process of each group (runserver's reloader child too).
set -m
pids=()
start() { # name, command...
  local name="$1"; shift
  "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=("$!")
}

stopping=0
stop() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap '' INT TERM
  echo
  echo "run: stopping web, worker and beat ..."
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 1 100); do # up to 10 s for a warm shutdown
    alive=0
    for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  echo "run: stopped"
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

start web "$PY" manage.py runserver "$HOST:$PORT"
start worker "$PY" -m celery -A inburgering worker --loglevel=INFO --concurrency=2
start beat "$PY" -m celery -A inburgering beat --loglevel=INFO -s var/celerybeat-schedule

url="http://127.0.0.1:$PORT/"
for _ in $(seq 1 60); do
  # any HTTP answer (even 503 while the worker starts) means the web server is up
  "$PY" -c "
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except urllib.error.HTTPError:
    pass
" "${url}healthz" 2>/dev/null && break
  sleep 0.5
done
cat <<MSG

================================================================
 inburgering runs at ${url}
 (web on $HOST:$PORT, Celery worker and beat beside it; Ctrl-C stops all three)
 Demo logins:
$(sed 's/^/   /' var/demo-logins.txt)
================================================================

MSG

# when one of the three exits on its own, stop the others too
set +e
wait -n "${pids[@]}"
status=$?
set -e
echo "run: a process exited (status $status); stopping the rest"
stop
exit "$status"
