#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests (never
# `playwright install`), and what WeasyPrint loads (Pango; libharfbuzz-subset0,
# without which font subsetting falls back to a path about 4x slower).
# Installs what is missing when we are root; otherwise says what to install.
set -euo pipefail

wanted=(chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
missing=()
for pkg in "${wanted[@]}"; do
  if [ "$pkg" = chromium ] && [ -x /usr/bin/chromium ]; then continue; fi
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: missing Debian packages: ${missing[*]}" >&2
  echo "system-deps: install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
