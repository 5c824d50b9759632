"""The WSGI application (gunicorn: `gunicorn inburgering.wsgi`).

After loading, the URL patterns (and so every view module) are imported and everything loaded so far is
moved out of the garbage collector's reach (gc.freeze): a full collection during a request then walks only
what requests allocate, not the few hundred thousand objects of Django and the apps (0.5-0.9 ms of a page).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")
application = get_wsgi_application()


def vries_geladen_code() -> int:
    """Import the views and freeze what is loaded; returns the number of frozen objects."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


vries_geladen_code()
