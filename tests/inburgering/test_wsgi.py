"""The WSGI module loads the views and freezes what it loaded (as gunicorn imports it)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wsgi_imports_the_views_and_freezes_the_loaded_objects():
    code = (
        "import gc, sys; import inburgering.wsgi as w; "
        "print(gc.get_freeze_count(), 'cases.views' in sys.modules, 'dashboards.views' in sys.modules, "
        "callable(w.application))"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    assert int(uit[0]) > 50_000  # Django and the apps: a few hundred thousand objects
    assert uit[1:] == ["True", "True", "True"]
