"""Settings of the Celery worker that tests/termijnen/test_sweep_worker.py starts and kills.

The project's settings, plus: small sweep batches with a pause between them (so that the test can
kill the worker in the middle of a sweep), and Redis transport options for a fast takeover: a
visibility timeout of a few seconds, scanned every second, under a key prefix of this test run
only (so that no other worker on the same Redis database is touched, and this one touches no other).
"""

import os

from inburgering.settings import *  # noqa: F403

TERMIJNEN_SWEEP_BATCH = int(os.environ.get("TEST_SWEEP_BATCH", "20"))
TERMIJNEN_SWEEP_PAUZE = float(os.environ.get("TEST_SWEEP_PAUZE", "0.3"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("TEST_VISIBILITY_TIMEOUT", "4")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "global_keyprefix": os.environ.get("TEST_KEYPREFIX", "termijnen-test:"),
}
