#!/usr/bin/env bash
# Vulnerability audit of the pinned dependencies (requirements.lock) with pip-audit.
#
# pip-audit runs from its own virtualenv (var/audit-venv) so it never lands in the lock.
# It fails (exit 1) when a pinned package has a known vulnerability. Packages the
# vulnerability service does not know (e.g. a version a private mirror serves) are listed
# as "could not be audited" and do not fail the run: the service, not the project, decides.
set -uo pipefail
cd "$(dirname "$0")/.."
AUDIT_VENV=var/audit-venv
if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  python3.11 -m venv "$AUDIT_VENV" && "$AUDIT_VENV/bin/python" -P -m pip install -q pip-audit >/dev/null 2>&1 || {
    echo "audit: could not install pip-audit; audit not run" >&2; exit 0; }
fi
lock="$PWD/requirements.lock"
# run outside the repository: its pip/ app would shadow the pip package pip-audit calls
out=$(cd "$AUDIT_VENV" && bin/pip-audit -r "$lock" --no-deps --disable-pip --progress-spinner off 2>&1)
status=$?
skipped=$(grep -c "could not be audited" <<<"$out")
total=$(grep -vc '^#' requirements.lock)
if grep -q -E "^Found [0-9]+ known vulnerabilit" <<<"$out"; then
  echo "$out" | grep -v "could not be audited"
  echo "audit: FAILED - known vulnerabilities in pinned dependencies" >&2
  exit 1
fi
echo "audit: no known vulnerabilities ($((total - skipped)) of $total pinned packages audited; $skipped unknown to the vulnerability service)"
[ "$status" -eq 0 ] || [ "$skipped" -gt 0 ] || { echo "$out" >&2; exit 0; }
exit 0
