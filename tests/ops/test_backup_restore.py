"""make backup / make restore: a restore into a fresh database has the same rows."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump/pg_restore back up PostgreSQL; CI (.ci/run) runs this on PostgreSQL",
)


def _url(name):
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _counts(cur):
    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [r[0] for r in cur.fetchall()]
    out = {}
    for t in tables:
        cur.execute(f'SELECT count(*) FROM "{t}"')
        out[t] = cur.fetchone()[0]
    return out


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_fresh_database_keeps_every_row(world, tmp_path):
    import psycopg

    source = connection.settings_dict["NAME"]
    target = f"restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "backup.dump"
    env = {**os.environ, "DATABASE_URL": _url(source), "PRIVATE_MEDIA_ROOT": str(tmp_path / "media-src")}
    subprocess.run(["bash", "scripts/backup.sh", str(dump)], cwd=ROOT, env=env, check=True, capture_output=True)
    assert dump.stat().st_size > 0
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        env_restore = {**env, "DATABASE_URL": _url(target), "PRIVATE_MEDIA_ROOT": str(tmp_path / "media-dst")}
        subprocess.run(["bash", "scripts/restore.sh", str(dump)], cwd=ROOT, env=env_restore, check=True, capture_output=True)
        with connection.cursor() as cur:
            before = _counts(cur)
        with psycopg.connect(_url(target)) as conn, conn.cursor() as cur:
            after = _counts(cur)
        assert before["cases_casus"] == 3 and before["cases_inburgeraar"] == 3
        assert after == before
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
