"""A real worker is killed with SIGKILL in the middle of a sweep; a new worker takes over. No item is
lost and none is duplicated (acks_late + reject_on_worker_lost, a batch per transaction with
SELECT ... FOR UPDATE SKIP LOCKED, a unique constraint per deadline and stage).

Needs Redis (CI: `bash .ci/run`): with kombu's filesystem transport a message is removed from the
queue when a worker takes it, so a killed worker's task is not delivered again; Redis keeps it as
unacknowledged and hands it to the next worker after the visibility timeout.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from termijnen.models import Termijn, WerkItem
from tests.inburgering.test_celery_beat import database_url

from .scenario import D, termijn_maken

AANTAL = 300
BATCH = 20
WAIT_SECONDS = 120

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not settings.REDIS_URL,
        reason="REDIS_URL is not set: the takeover of a killed worker's task needs Redis (the filesystem "
        "transport does not deliver an unacknowledged message again); CI runs this on Redis",
    ),
]


def _worker(env: dict, log: Path, queue: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "inburgering", "worker", "--loglevel=INFO", "--pool=prefork",
            "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", queue,
            "--hostname", f"termijnen-{secrets.token_hex(3)}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL reaches the main process and its child
    )  # fmt: skip


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def _items() -> int:
    n = WerkItem.objects.count()
    connection.close()
    return n


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sigkill_mid_sweep_loses_and_duplicates_nothing(rollen, world, tmp_path):
    from kombu import Connection

    from termijnen.tasks import sweep

    casus = world.cases["eigen"]
    for i in range(AANTAL):
        termijn_maken(casus, uiterlijk=D(2023, 1, 1), sleutel=f"t{i}", signaal_dagen=0)  # all overdue
    connection.close()

    prefix = f"termijnen-test-{secrets.token_hex(4)}:"
    queue = f"termijnen-sigkill-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.termijnen.worker_settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "TEST_KEYPREFIX": prefix,
        "TEST_SWEEP_BATCH": str(BATCH),
        "TEST_SWEEP_PAUZE": "0.3",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "worker.log"
    eerste = _worker(env, log, queue)
    tweede = None
    try:
        opties = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": prefix}
        with Connection(settings.CELERY_BROKER_URL, transport_options=opties) as conn:
            sweep.apply_async(queue=queue, connection=conn)

        deadline = time.monotonic() + WAIT_SECONDS
        while _items() < 2 * BATCH:
            if eerste.poll() is not None:
                pytest.fail(f"worker exited with {eerste.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"the sweep did not start within {WAIT_SECONDS}s:\n{_tail(log)}")
            time.sleep(0.05)
        os.killpg(eerste.pid, signal.SIGKILL)  # the main process and its pool child, mid-sweep
        eerste.wait(15)
        na_kill = _items()
        assert 2 * BATCH <= na_kill < AANTAL, "killed in the middle of the sweep"

        tweede = _worker(env, log, queue)
        deadline = time.monotonic() + WAIT_SECONDS
        while _items() < AANTAL:
            if tweede.poll() is not None:
                pytest.fail(f"second worker exited with {tweede.returncode}:\n{_tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"only {_items()} of {AANTAL} items after the takeover:\n{_tail(log)}")
            time.sleep(0.2)
        time.sleep(1.0)  # let the redelivered sweep finish; it must not add anything

        assert WerkItem.objects.count() == AANTAL
        per = WerkItem.objects.values("termijn_id", "fase").annotate(n=Count("pk")).filter(n__gt=1)
        assert not per.exists(), "an item was created twice"
        assert not Termijn.objects.filter(volgende_fase_op__isnull=False).exists()
        assert set(Termijn.objects.values_list("fase", flat=True)) == {3}
        assert "termijnen.tasks.sweep" in log.read_text(errors="replace")
    finally:
        for proc in (eerste, tweede):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(15)
        connection.close()
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
