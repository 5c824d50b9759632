"""GET /healthz: database, broker and beat heartbeat, without login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from inburgering.models import Hartslag

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable_broker(settings, tmp_path):
    """With REDIS_URL (CI) the real Redis answers; the embedded default gets a fresh,
    writable queue folder so the test does not depend on a worker having run."""
    if not settings.REDIS_URL:
        queue = tmp_path / "queue"
        queue.mkdir()
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
        }


def test_healthy_instance_answers_200_with_json_without_login(client, reachable_broker):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "beat": {"last": None, "age_seconds": None},
    }


def test_healthz_is_served_at_the_root_path(client, reachable_broker):
    assert client.get("/healthz").status_code == 200


def test_beat_heartbeat_is_reported_with_its_age(client, reachable_broker):
    laatst = timezone.now() - dt.timedelta(seconds=90)
    Hartslag.objects.create(naam="beat", laatst=laatst, aantal=3)

    beat = client.get(reverse("healthz")).json()["beat"]

    assert dt.datetime.fromisoformat(beat["last"]) == laatst
    assert 90 <= beat["age_seconds"] < 150


def test_unreachable_redis_answers_503_with_the_reason(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["broker"].startswith("error: ")
    assert "ConnectionError" in body["broker"]


def test_missing_filesystem_queue_answers_503_with_the_reason(client, settings, tmp_path):
    settings.REDIS_URL = ""
    missing = tmp_path / "nowhere"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(missing),
        "data_folder_out": str(missing),
    }

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"] == f"error: queue folder {missing} does not exist"


def test_unreachable_database_answers_503(client, reachable_broker, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise RuntimeError("database is down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "error: RuntimeError: database is down"
    assert body["beat"] == {"last": None, "age_seconds": None}


def test_settings_default_to_the_embedded_broker_without_redis():
    if settings.REDIS_URL:
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    else:
        assert settings.CELERY_BROKER_URL == "filesystem://"
