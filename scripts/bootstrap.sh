#!/usr/bin/env bash
# Create .venv (python3.11) if it is missing and install requirements.lock into it.
# The install is skipped when .venv/.requirements-<sha256 of the lock> exists, so
# `make run` / `make test` cost nothing extra once the environment is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3.11}"
LOCK="requirements.lock"

if [ ! -x "$VENV/bin/python" ]; then
  command -v "$PYTHON" >/dev/null || { echo "bootstrap: $PYTHON not found (Python 3.11 is required)" >&2; exit 1; }
  echo "bootstrap: creating $VENV with $("$PYTHON" --version)"
  "$PYTHON" -m venv "$VENV"
fi

hash="$(sha256sum "$LOCK" | cut -c1-16)"
stamp="$VENV/.requirements-$hash"
if [ -f "$stamp" ]; then
  exit 0
fi
echo "bootstrap: installing $LOCK into $VENV"
# -P: never let the repository's pip/ app shadow the pip package
# (the grep drops pip's warnings about this machine's configured local wheel folders that do not exist)
"$VENV/bin/python" -P -m pip install --disable-pip-version-check --no-input -q -r "$LOCK" 2>&1 \
  | { grep -v "is ignored: it is neither a file nor a directory" || true; }
rm -f "$VENV"/.requirements-*
touch "$stamp"
