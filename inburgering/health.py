"""GET /healthz: is this instance able to do its work?

Answers JSON, without login (for load balancers, Docker and monitoring):

    {"status": "ok" | "degraded",
     "database": "ok" | "error: ...",
     "broker": "ok" | "error: ...",
     "beat": {"last": "<iso time>" | null, "age_seconds": <float> | null}}

HTTP 200 when the database and the Celery broker are reachable, 503 otherwise. The
age of the beat heartbeat is reported, not judged: how stale is too stale is the
monitoring's call (compare it with HEARTBEAT_SECONDS).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2.0


def _error(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"error: {type(exc).__name__}: {message[:200]}" if message else f"error: {type(exc).__name__}"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not reachable"
        logger.warning("healthz: database unreachable", exc_info=True)
        return _error(exc)
    return "ok"


def check_broker() -> str:
    """Redis (REDIS_URL set): PING with a short timeout. Filesystem transport: the
    queue folders exist and are writable."""
    try:
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(
                settings.REDIS_URL,
                socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
                socket_timeout=BROKER_TIMEOUT_SECONDS,
            )
            try:
                client.ping()
            finally:
                client.close()
        else:
            options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
            for key in ("data_folder_in", "data_folder_out"):
                folder = Path(options[key])
                if not folder.is_dir():
                    return f"error: queue folder {folder} does not exist"
                if not os.access(folder, os.W_OK | os.X_OK):
                    return f"error: queue folder {folder} is not writable"
    except Exception as exc:
        logger.warning("healthz: broker unreachable", exc_info=True)
        return _error(exc)
    return "ok"


def beat_heartbeat() -> dict:
    from inburgering.models import Hartslag

    try:
        last = Hartslag.objects.filter(naam="beat").values_list("laatst", flat=True).first()
    except Exception:  # the database check reports the cause
        last = None
    if last is None:
        return {"last": None, "age_seconds": None}
    return {"last": last.isoformat(), "age_seconds": round((timezone.now() - last).total_seconds(), 1)}


@login_not_required
@require_safe
@never_cache
def healthz(request):
    database = check_database()
    broker = check_broker()
    healthy = database == "ok" and broker == "ok"
    body = {
        "status": "ok" if healthy else "degraded",
        "database": database,
        "broker": broker,
        "beat": beat_heartbeat() if database == "ok" else {"last": None, "age_seconds": None},
    }
    return JsonResponse(body, status=200 if healthy else 503)
