"""Print the runtime requirements ([project].dependencies of pyproject.toml), one a line.

The Docker image installs them constrained by requirements.lock, so it gets the exact
versions CI tested without the test-only packages (pytest, Playwright, ruff ...):

    python scripts/runtime-requirements.py > /tmp/requirements.txt
    pip install -r /tmp/requirements.txt -c requirements.lock
"""

import sys
import tomllib
from pathlib import Path

path = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "pyproject.toml")
with path.open("rb") as fh:
    print("\n".join(tomllib.load(fh)["project"]["dependencies"]))
