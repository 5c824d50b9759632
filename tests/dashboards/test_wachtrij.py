"""Exports and the refresh button with the broker down: the request succeeds, nothing is lost, nothing runs twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from dashboards import services
from dashboards.models import Export
from dashboards.tasks import export_maken, export_sweep
from tests.wachtrij import broker_faalde, broker_onbereikbaar, later, opnemen, sweep_zet_het_erin

pytestmark = pytest.mark.django_db


def test_export_aanvragen_with_the_broker_down_succeeds_and_the_sweep_makes_it_once(
    world, client, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(world.users["fb"])
    with broker_onbereikbaar():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            r = client.post(reverse("dashboards:exports"), {"soort": "monitoring", "mon-gemeente": ""})
        assert broker_faalde()  # the queueing on commit tried the broker and gave up, without an error
    export = Export.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("dashboards:export_detail", args=[export.uuid])
    assert len(callbacks) == 1 and export.status == Export.Status.WACHTRIJ  # committed, waiting

    gequeued = sweep_zet_het_erin(monkeypatch, export_sweep, export_maken, export.pk)

    export_maken(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.KLAAR and export.bestand
    naam, klaar_op = export.bestand.name, export.klaar_op
    export_maken(export.pk)  # a second delivery (the sweep and a late queueing): nothing new
    export.refresh_from_db()
    assert (export.bestand.name, export.klaar_op) == (naam, klaar_op)
    assert export_sweep(nu=later()) == 0 and len(gequeued) == 1


def test_a_running_export_is_not_started_twice_but_a_dead_run_is_taken_again(world, settings, monkeypatch):
    from dashboards import exports

    export = Export.objects.create(
        soort="monitoring", omschrijving="Test", aangevraagd_door=world.users["fb"], parameters={"gemeente": None}
    )
    runs = []
    echt = exports.maak
    monkeypatch.setattr(exports, "maak", lambda e, voortgang: runs.append(e.pk) or echt(e, voortgang))

    Export.objects.filter(pk=export.pk).update(status=Export.Status.BEZIG, gestart_op=timezone.now())
    services.export_uitvoeren(export.pk)  # a second delivery while the first runs
    assert runs == [] and Export.objects.get(pk=export.pk).status == Export.Status.BEZIG

    lang_geleden = timezone.now() - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    Export.objects.filter(pk=export.pk).update(gestart_op=lang_geleden)  # that worker died mid-run
    services.export_uitvoeren(export.pk)
    assert runs == [export.pk] and Export.objects.get(pk=export.pk).status == Export.Status.KLAAR


def _meldingen(response) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def test_verversen_with_the_broker_down_tells_the_user_in_dutch(world, client):
    client.force_login(world.users["tl"])
    with broker_onbereikbaar():
        r = client.post(reverse("dashboards:verversen"))
        assert broker_faalde()
    assert r.status_code == 302 and r["Location"] == reverse("dashboards:kpi")
    [(niveau, tekst)] = _meldingen(r)
    assert niveau == "warning"
    assert "kunnen nu niet opnieuw worden berekend" in tekst and "automatische verversing (elk uur)" in tekst


def test_verversen_queues_the_refresh(world, client, monkeypatch):
    gequeued = opnemen(monkeypatch)
    client.force_login(world.users["tl"])
    r = client.post(reverse("dashboards:verversen"))
    assert r.status_code == 302 and gequeued == [("dashboards.tasks.samenvatting_verversen", ())]
    assert _meldingen(r) == [("ok", "De cijfers worden opnieuw berekend. Vernieuw de pagina over een paar minuten.")]
