#!/usr/bin/env bash
# `make load`: a bounded load test on loopback only. PostgreSQL with seeded demo data, gunicorn as
# in production (DEBUG off, WhiteNoise static files) but over plain http on 127.0.0.1, and locust
# with a consultant's day (bench/locustfile.py). Writes bench/load_results.json; exits 1 when a
# request failed or the overall p95 is above LOAD_P95_MAX_MS.
#
# Settings (environment):
#   DATABASE_URL      used when it is postgres://...; otherwise the database `inburgering_load` on
#                     postgres://postgres@127.0.0.1:5432 is dropped and created anew (LOAD_FRESH_DB=0 keeps it)
#   REDIS_URL         used when set (cache and Celery broker), like production; else local memory
#   LOAD_USERS=50  LOAD_TIME=2m  LOAD_SPAWN_RATE=10  LOAD_TEAMLEIDERS=5  LOAD_CASES=10000
#   LOAD_ARRIVAL_S=60 (each user logs in at a random moment in this first stretch of the run)
#   LOAD_WORKERS=3  LOAD_THREADS=4 (gunicorn gthread)  LOAD_P95_MAX_MS=500
# Only 127.0.0.1 is ever contacted; locust stops by itself after LOAD_TIME.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"

USERS="${LOAD_USERS:-50}"
TIME="${LOAD_TIME:-2m}"
SPAWN_RATE="${LOAD_SPAWN_RATE:-10}"
TEAMLEIDERS="${LOAD_TEAMLEIDERS:-5}"
CASES="${LOAD_CASES:-10000}"
WORKERS="${LOAD_WORKERS:-3}"
THREADS="${LOAD_THREADS:-4}"
P95_MAX="${LOAD_P95_MAX_MS:-500}"
OUT=var/load
mkdir -p "$OUT"

if [[ "${DATABASE_URL:-}" == postgres://* || "${DATABASE_URL:-}" == postgresql://* ]]; then
  echo "load: database from DATABASE_URL"
else
  [ -n "${DATABASE_URL:-}" ] && echo "load: DATABASE_URL is not PostgreSQL; using inburgering_load instead"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/inburgering_load"
  if [ "${LOAD_FRESH_DB:-1}" = 1 ]; then
    echo "load: creating the database inburgering_load anew"
    dropdb -h 127.0.0.1 -U postgres --if-exists inburgering_load
    createdb -h 127.0.0.1 -U postgres inburgering_load
  fi
fi

# production-like, but plain http on loopback: the base settings with DEBUG off (settings_production
# redirects to https and sets Secure cookies, which a plain-http client never sends back)
export DJANGO_SETTINGS_MODULE=inburgering.settings
export DEBUG=False ALLOWED_HOSTS=127.0.0.1 ALLOW_HTTP=true
export SECRET_KEY="${SECRET_KEY:-load-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(40))')}"
export STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage
export STATIC_ROOT="$PWD/$OUT/staticfiles"
export PRIVATE_MEDIA_ROOT="$PWD/$OUT/private-media"
export CELERY_FS_DIR="$PWD/$OUT/celery"   # only without REDIS_URL: tasks queued here stay here
export LOG_LEVEL="${LOG_LEVEL:-WARNING}"

echo "load: migrate, seed_demo --cases $CASES, accounts"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo --cases "$CASES" | sed -n 1p
"$PY" bench/load_setup.py --consultants "$((USERS + 5))" --teamleiders "$((TEAMLEIDERS + 2))" --uit "$OUT/accounts.json"
"$PY" manage.py collectstatic --noinput -v 0

PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
GUNICORN=(
  "$VENV/bin/gunicorn" inburgering.wsgi --bind "127.0.0.1:$PORT"
  --workers "$WORKERS" --worker-class gthread --threads "$THREADS" --timeout 60
  --keep-alive 15   # > the think time: no idle connection is closed just as a user reuses it
  --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log"
)
: > "$OUT/access.log"
: > "$OUT/gunicorn.log"
echo "load: ${GUNICORN[*]}"
"${GUNICORN[@]}" >> "$OUT/gunicorn.log" 2>&1 &   # the application's own log lines too
GUNICORN_PID=$!
stop() {
  if kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for _ in $(seq 1 60); do
  "$PY" -c "
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except urllib.error.HTTPError:
    pass  # any HTTP answer means gunicorn is up
" "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "load: gunicorn did not start, see $OUT/gunicorn.log" >&2; exit 1; }
  sleep 0.5
done

# warm-up, not measured: a few spare accounts walk the pages once, so that every gunicorn worker has
# imported its views and compiled its templates (a server that has been up a while has)
echo "load: warm-up (4 users, 20 s, not measured)"
LOAD_ACCOUNTS="$OUT/accounts.json" LOAD_WARMUP=1 LOAD_ARRIVAL_S=0 LOAD_TEAMLEIDERS=1 "$VENV/bin/locust" \
  -f bench/locustfile.py --headless -u 4 -r 4 -t 20s --stop-timeout 5 --host "http://127.0.0.1:$PORT" \
  --only-summary --loglevel WARNING > "$OUT/warmup.log" 2>&1 || true

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "load: locust, $USERS users ($TEAMLEIDERS teamleiders), spawn rate $SPAWN_RATE/s, $TIME"
rm -f "$OUT"/locust_*.csv "$OUT/samples.json"
set +e
LOAD_ACCOUNTS="$OUT/accounts.json" LOAD_SAMPLES="$OUT/samples.json" LOAD_TEAMLEIDERS="$TEAMLEIDERS" "$VENV/bin/locust" \
  -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN_RATE" -t "$TIME" --stop-timeout 10 \
  --host "http://127.0.0.1:$PORT" --only-summary --csv "$OUT/locust" --loglevel WARNING \
  > "$OUT/locust.log" 2>&1
locust_status=$?
set -e
stop
[ "$locust_status" -le 1 ] || { echo "load: locust exited with $locust_status" >&2; tail -20 "$OUT/locust.log" >&2; }

config=$(cat <<JSON
{"server": "gunicorn gthread, $WORKERS workers x $THREADS threads, keep-alive 15 s, 127.0.0.1, DEBUG off, WhiteNoise",
 "database": "PostgreSQL $(psql "$DATABASE_URL" -Atc 'show server_version' 2>/dev/null || echo '?')",
 "cache": "$([ -n "${REDIS_URL:-}" ] && echo Redis || echo 'local memory')",
 "cases": $(psql "$DATABASE_URL" -Atc 'select count(*) from cases_casus' 2>/dev/null || echo null),
 "teamleiders": $TEAMLEIDERS, "spawn_rate": $SPAWN_RATE, "think_time_s": "2-8", "arrival_s": ${LOAD_ARRIVAL_S:-60}, "load_average_before": "$LOAD_BEFORE",
 "command": "locust -f bench/locustfile.py --headless -u $USERS -r $SPAWN_RATE -t $TIME"}
JSON
)
"$PY" bench/load_report.py --csv "$OUT/locust" --uit bench/load_results.json \
  --users "$USERS" --duur "$TIME" --config "$config" --p95-max "$P95_MAX" --samples "$OUT/samples.json"
