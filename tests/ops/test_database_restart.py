"""PostgreSQL restarted under a running app: a friendly 503 during the outage, service again after it.

The test starts its own PostgreSQL cluster on a spare port (so the suite's database is not
disturbed), a gunicorn with the production-like settings against it, stops and starts the
cluster, and checks the answers. It needs the machine's PostgreSQL binaries and root (to run
them as the postgres user): CI (.ci/run) has both.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PGBINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not PGBINS or os.geteuid() != 0 or not shutil.which("runuser"),
        reason="needs PostgreSQL binaries and root; runs in CI (.ci/run) on PostgreSQL",
    ),
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, cookie=None):
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def _wait(fn, expect, timeout=60):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = fn()
            if last[0] == expect:
                return last
        except (urllib.error.URLError, ConnectionError, OSError) as e:
            last = (None, str(e))
        time.sleep(0.5)
    raise AssertionError(f"expected {expect}, last answer {last}")


@pytest.mark.timeout(900)
def test_postgres_restart_gives_503_then_serves_again():
    pgbin = Path(PGBINS[-1])
    base = Path(tempfile.mkdtemp(prefix="pgrestart-"))
    os.chmod(base, 0o777)
    data, sock = base / "data", base / "sock"
    data.mkdir()
    sock.mkdir()
    shutil.chown(data, "postgres")
    shutil.chown(sock, "postgres")
    pg_port, web_port = _free_port(), _free_port()

    def pg(*args):
        return subprocess.run(["runuser", "-u", "postgres", "--", str(pgbin / "pg_ctl"), "-D", str(data), *args],
                              check=True, capture_output=True, timeout=120)

    def pg_start():
        pg("-o", f"-p {pg_port} -k {sock} -c listen_addresses=127.0.0.1", "-l", str(base / "pg.log"), "-w", "start")

    subprocess.run(["runuser", "-u", "postgres", "--", str(pgbin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True, timeout=120)
    web = None
    try:
        pg_start()
        subprocess.run([str(pgbin / "createdb"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "app"],
                       check=True, capture_output=True, timeout=60)
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
        env.update({
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/app",
            "DEBUG": "false",
            "CONN_MAX_AGE": "60",
            "CELERY_FS_DIR": str(base / "celery"),
            "DJANGO_SETTINGS_MODULE": "inburgering.settings",
        })
        (base / "celery" / "queue").mkdir(parents=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       capture_output=True, timeout=600)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        web = subprocess.Popen([str(gunicorn), "inburgering.wsgi", "-b", f"127.0.0.1:{web_port}", "-w", "1", "--timeout", "30"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{web_port}"
        cookie = "sessionid=onbekende-sessie"  # makes every request read the session table
        _wait(lambda: _get(f"{url}/healthz"), 200)
        assert _get(f"{url}/caseload/", cookie)[0] == 302  # to the login page

        pg("-m", "fast", "-w", "stop")
        status, body = _get(f"{url}/caseload/", cookie)
        assert status == 503, body[:500]
        assert "Tijdelijk niet beschikbaar" in body
        assert _get(f"{url}/healthz")[0] == 503

        pg_start()
        # the same gunicorn process serves again: CONN_HEALTH_CHECKS replaces the dead connection
        _wait(lambda: _get(f"{url}/caseload/", cookie), 302)
        assert _get(f"{url}/healthz")[0] == 200
        assert web.poll() is None
    finally:
        if web is not None:
            web.terminate()
            web.wait(timeout=20)
        subprocess.run(["runuser", "-u", "postgres", "--", str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
