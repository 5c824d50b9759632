#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database of DATABASE_URL.
#   make restore FILE=backups/inburgering-....dump
# Objects that exist are dropped first (--clean): restore into an empty or a to-be-replaced database.
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:?usage: scripts/restore.sh FILE.dump}"
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL (postgres://...)}"
[ -f "$file" ] || { echo "restore: no such file: $file" >&2; exit 2; }
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$file"
media_tar="${file%.dump}.media.tar.gz"
if [ -f "$media_tar" ]; then
  media="${PRIVATE_MEDIA_ROOT:-var/private-media}"
  mkdir -p "$media" && tar -xzf "$media_tar" -C "$media"
fi
echo "restore: $file restored"
