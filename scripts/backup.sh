#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and the private media (uploads, PDFs).
#   make backup                     -> backups/inburgering-YYYYmmdd-HHMMSS.dump (+ .media.tar.gz)
#   scripts/backup.sh FILE.dump     -> that file
# Needs DATABASE_URL=postgres://... (the embedded SQLite default: copy var/ instead).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL (postgres://...)}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "backup: only PostgreSQL is supported (DATABASE_URL=$DATABASE_URL)" >&2; exit 2 ;; esac
out="${1:-backups/inburgering-$(date +%Y%m%d-%H%M%S).dump}"
mkdir -p "$(dirname "$out")"
pg_dump --format=custom --no-owner --no-privileges --file="$out" "$DATABASE_URL"
media="${PRIVATE_MEDIA_ROOT:-var/private-media}"
if [ -d "$media" ]; then
  tar -czf "${out%.dump}.media.tar.gz" -C "$media" .
fi
echo "backup: $out ($(du -h "$out" | cut -f1))"
