"""End to end: a real Celery beat schedules the heartbeat, a real worker runs it.

Runs on the embedded default (SQLite file + kombu filesystem transport) and, when
REDIS_URL / DATABASE_URL are set (CI), on Redis + PostgreSQL. The worker and beat are
subprocesses that talk to the test database pytest-django created, so the test uses
`transactional_db` (committed data) and stops both processes before the flush.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from inburgering.models import Hartslag

WAIT_SECONDS = 60
STOP_SECONDS = 15


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database this test process is connected to (the test DB)."""
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"  # absolute: sqlite:////abs/path
    if engine == "django.db.backends.postgresql":
        user = quote(settings_dict.get("USER") or "", safe="")
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "localhost"
        port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
        return f"postgres://{auth}{host}{port}/{settings_dict['NAME']}"
    raise NotImplementedError(f"no DATABASE_URL for {engine}")


def test_database_url_round_trips_for_postgres():
    url = database_url(
        {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "test_inburgering_ci_gw1",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": 5432,
        }
    )
    assert url == "postgres://postgres@127.0.0.1:5432/test_inburgering_ci_gw1"


def test_database_url_for_sqlite_is_absolute(tmp_path):
    url = database_url({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "t.sqlite3")})
    assert url == f"sqlite:///{tmp_path}/t.sqlite3"
    assert url.startswith("sqlite:////")


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "inburgering", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: a Ctrl-C on pytest does not reach it twice
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # warm shutdown
    try:
        proc.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(STOP_SECONDS)


@pytest.fixture
def celery_processes(tmp_path):
    connection.close()  # SQLite: no open handle of ours while the worker writes
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "inburgering.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,  # empty: filesystem transport
        "CELERY_FS_DIR": str(tmp_path / "celery"),  # never share the queue with a dev run
        "HEARTBEAT_SECONDS": "1",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
    }
    logs = {"worker": tmp_path / "worker.log", "beat": tmp_path / "beat.log"}
    procs = {
        "worker": _start(
            [
                "worker",
                "--loglevel=INFO",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                f"e2e-{os.getpid()}@%h",
            ],
            env,
            logs["worker"],
        ),
        "beat": _start(
            ["beat", "--loglevel=INFO", "-s", str(tmp_path / "celerybeat-schedule"), "--pidfile="],
            env,
            logs["beat"],
        ),
    }
    try:
        yield procs, logs
    finally:
        for proc in procs.values():
            _stop(proc)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


@pytest.mark.slow
# serialized_rollback: the flush after this test then skips post_migrate, and the data
# the migrations created (roles, dated settings) comes back for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beat_schedules_heartbeat_and_worker_records_it(celery_processes):
    procs, logs = celery_processes
    deadline = time.monotonic() + WAIT_SECONDS
    hartslag = None
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            if proc.poll() is not None:
                pytest.fail(f"celery {name} exited with {proc.returncode}:\n{_tail(logs[name])}")
        hartslag = Hartslag.objects.filter(naam="beat", aantal__gte=1).first()
        connection.close()
        if hartslag:
            break
        time.sleep(0.5)

    assert hartslag is not None, (
        f"no heartbeat within {WAIT_SECONDS}s\n--- worker ---\n{_tail(logs['worker'])}\n--- beat ---\n{_tail(logs['beat'])}"
    )
    assert hartslag.laatst is not None

    for name in ("worker", "beat"):
        _stop(procs[name])
        assert procs[name].returncode == 0, f"celery {name} did not stop cleanly:\n{_tail(logs[name])}"
