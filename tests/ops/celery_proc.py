"""Building blocks of the fault tests with a real broker: a redis-server of the test's own, the
test process's Celery app pointed at it, Celery workers and beat as subprocesses, the DUO
simulator answering meldingen slowly.

Each test starts its own redis-server (free port, no persistence, a temporary directory), so it
can pause, kill and restart the broker without touching the machine's Redis or another test, and
it runs on the SQLite default as well as on PostgreSQL (the worker uses the test's database).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.inburgering.test_celery_beat import database_url

REDIS_SERVER = shutil.which("redis-server")

needs_redis_server = pytest.mark.skipif(
    REDIS_SERVER is None, reason="redis-server is not installed (CI and the developer machines have it)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def wait_for(check, *, timeout: float, what: str, log: Path | None = None, procs=(), interval: float = 0.2):
    """Poll `check()` until it is truthy; fail with `what` (and the log) after `timeout` seconds or
    when one of `procs` exits."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        connection.close()  # no transaction or connection held while the subprocesses work
        if value:
            return value
        for proc in procs:
            if proc is not None and proc.poll() is not None:
                pytest.fail(f"{proc.args[3:5]} exited with {proc.returncode} while waiting for {what}:\n{tail(log)}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:.0f} s\n{tail(log) if log else ''}")
        time.sleep(interval)


class RedisServer:
    """A redis-server of this test only: no persistence (as the machine's), so a restart is empty."""

    def __init__(self, base: Path):
        self.base = base
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = base / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.base), "--logfile", str(self.log)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1)
        wait_for(lambda: self._ping(client), timeout=15, what="redis-server answers PING", log=self.log)
        client.close()
        return self

    @staticmethod
    def _ping(client) -> bool:
        try:
            return bool(client.ping())
        except Exception:
            return False

    def pause(self) -> None:
        """SIGSTOP: the port still accepts connections (the kernel completes the handshake) but nothing answers."""
        os.kill(self.proc.pid, signal.SIGSTOP)

    def kill(self) -> None:
        """SIGKILL (after SIGCONT, so a paused server goes too): every queued message is gone with it."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGCONT)
            self.proc.wait(15)

    def keys(self) -> int:
        import redis

        with redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2) as client:
            return client.dbsize()


@contextlib.contextmanager
def broker(url: str):
    """Point the test process's Celery app at `url` with the project's Redis transport options
    (not eager), as a web process with REDIS_URL set has it; restore the app afterwards."""
    from kombu import pools as kombu_pools

    from inburgering import celery as celery_module
    from inburgering.celery import app

    conf = app.conf
    keys = ("broker_url", "broker_transport_options", "task_always_eager")
    # the app's own overrides only: what is not overridden keeps following django.conf.settings (a
    # later test's `settings.CELERY_TASK_ALWAYS_EAGER = True` still counts)
    before = {key: conf.changes[key] for key in keys if key in conf.changes}

    def reset_pools():
        # kombu keeps its pools in a global registry per broker URL: a closed pool left there would be
        # handed out again (RuntimeError: Acquire on closed pool) to a later test on the same URL
        kombu_pools.reset()
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None
        celery_module._storing["tot"] = 0.0  # no pause after a failure carried into or out of the test

    reset_pools()
    conf.broker_url = url
    conf.broker_transport_options = dict(settings.REDIS_BROKER_TRANSPORT_OPTIONS)
    conf.task_always_eager = False
    try:
        yield app
    finally:
        reset_pools()
        for key in keys:
            conf.changes.pop(key, None)
        conf.changes.update(before)


def celery_env(redis_url: str, duo_url: str, tmp_path: Path, **extra: str) -> dict:
    """The environment of a worker or beat: the test's database and Redis, DUO at `duo_url`, the
    DUO outbox swept every second, a beat schedule file of the test's own."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.ops.worker_settings",
            "DATABASE_URL": database_url(connection.settings_dict),
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PYTHONUNBUFFERED": "1",
            "DUO_API_URL": duo_url,
            "DUO_SWEEP_SECONDS": "1",
            "TEST_BEAT_SCHEDULE": str(tmp_path / "beat-schedule"),
            **extra,
        }
    )
    return env


def start_celery(kind: str, env: dict, log: Path, concurrency: int = 1) -> subprocess.Popen:
    """`celery worker` (prefork children, each prefetching no more than its own task) or `celery
    beat`, in its own process group so that SIGKILL reaches the main process and its pool children."""
    if kind == "worker":
        args = ["worker", "--loglevel=INFO", "--pool=prefork", f"--concurrency={concurrency}", "--without-gossip",
                "--without-mingle", "--without-heartbeat", "--hostname", f"ops-{secrets.token_hex(3)}@%h"]  # fmt: skip
    else:
        args = ["beat", "--loglevel=INFO"]
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "inburgering", *args],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(*procs: subprocess.Popen | None) -> None:
    for proc in procs:
        if proc is None or proc.poll() is not None:
            continue
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(15)


class SlowDuo:
    """The DUO simulator as a WSGI app (served with duo.simulator.draaien) that answers meldingen
    (PUT/POST/DELETE) after `seconds`: DUO has registered the melding, the answer is still on its
    way (the window in which a killed worker leaves the outcome unknown to the product)."""

    def __init__(self, sim, seconds: float = 0.0):
        self.sim = sim
        self.seconds = seconds
        self.busy = 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        body = self.sim(environ, start_response)  # wsgiref sends nothing before the body is returned
        if self.seconds and environ["REQUEST_METHOD"] in ("PUT", "POST", "DELETE"):
            with self._lock:
                self.busy += 1
            try:
                time.sleep(self.seconds)
            finally:
                with self._lock:
                    self.busy -= 1
        return body


def duo_setup(world, sim, extra_cases: int = 0):
    """OINs for the world's gemeenten (as tests/duo/conftest.py's duo_world), a PIP not reported
    automatically, and `extra_cases` more cases of consultant c1; the simulator knows every BSN."""
    from duo.models import DuoInstelling
    from tests.conftest import _valid_bsn, make_case
    from tests.duo.conftest import OIN_A, OIN_B, persoon

    world.gemeente_a.oin = OIN_A
    world.gemeente_a.save()
    world.gemeente_b.oin = OIN_B
    world.gemeente_b.save()
    DuoInstelling.objects.update(pip_automatisch_melden=False)
    sim.gemeenten.update({OIN_A: "0001", OIN_B: "0002"})
    cases = [world.cases["eigen"]]
    for n in range(4, 4 + extra_cases):
        cases.append(
            make_case(
                consultant=world.users["c1"], team=world.team1, gemeente=world.gemeente_a, door=world.users["c1"], n=n
            )
        )
    for n in range(1, 4 + extra_cases):
        sim.persoon_toevoegen(persoon(_valid_bsn(n)))
    return cases


@pytest.fixture
def roles(transactional_db):
    """The role groups and dated settings for a transactional test (a flush before may have removed them)."""
    from django.apps import apps

    from tests.conftest import herstel_migratiedata

    saved = {config.label: config.models_module for config in apps.get_app_configs()}
    try:
        herstel_migratiedata()
    finally:
        for config in apps.get_app_configs():
            config.models_module = saved[config.label]
