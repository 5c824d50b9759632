"""Settings of the Celery worker and beat that tests/ops/test_worker_kill.py and test_redis_outage.py start.

The project's settings (REDIS_URL points at the test's own redis-server), plus: a fast takeover of a
killed worker's unacknowledged message (a visibility timeout of a few seconds, scanned every
second), beat intervals of the DUO and termijnen sweeps from the environment, a beat schedule file
of the test's own, and e-mail kept in memory.
"""

import os

from inburgering.settings import *  # noqa: F403
from inburgering.settings import CELERY_BROKER_TRANSPORT_OPTIONS

CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": int(os.environ.get("TEST_VISIBILITY_TIMEOUT", "4")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("TEST_BEAT_SCHEDULE", CELERY_BEAT_SCHEDULE_FILENAME)  # noqa: F405
TERMIJNEN_SWEEP_SECONDS = float(os.environ.get("TERMIJNEN_SWEEP_SECONDS", "300"))
TERMIJNEN_VERZOEKEN_SECONDS = float(os.environ.get("TERMIJNEN_VERZOEKEN_SECONDS", "60"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
