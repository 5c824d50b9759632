"""Retention scrubs what the DUO exchange holds of a person; the beat schedule has the DUO sweep."""

from __future__ import annotations

import pytest

from duo import services
from duo.models import Bericht, DuoStand, Notificatie
from tests.duo.conftest import notificatie_posten

pytestmark = pytest.mark.django_db


def test_anonymising_a_case_removes_bsns_and_message_contents(duo_world, client):
    from cases.retentie import casus_anonimiseren_uitvoeren

    casus = duo_world.cases["eigen"]
    notificatie_posten(client, gebeurtenis="SS102", bsn=casus.inburgeraar.bsn)
    n = Notificatie.objects.get()
    Notificatie.objects.filter(pk=n.pk).update(casus=casus)
    b = Bericht(
        gemeente=casus.gemeente,
        casus=casus,
        soort="map",
        operatie="updateMapByBsn",
        body={"datumEindgesprekMap": "2026-01-01"},
        volgende_poging_op="2026-01-01T00:00:00Z",
    )
    b.zet_bsn(casus.inburgeraar.bsn)
    b.save()
    DuoStand.objects.create(casus=casus, plicht=True)
    casus_anonimiseren_uitvoeren(casus=casus)
    n.refresh_from_db()
    b.refresh_from_db()
    assert (n.bsn_versleuteld, n.bsn_hmac, n.bsn) == ("", "", "")
    assert (b.bsn_versleuteld, b.body) == ("", None)
    assert not DuoStand.objects.filter(casus=casus).exists()
    assert n.gebeurtenis_id == "SS102" and b.soort == "map"  # the facts stay


def test_the_beat_schedule_sweeps_the_outbox_and_refreshes_institutions():
    from inburgering.celery import app

    schedule = app.conf.beat_schedule
    assert schedule["duo-sweep"]["task"] == "duo.tasks.sweep"
    assert schedule["duo-instellingen"]["task"] == "duo.tasks.instellingen_verversen"


def test_tasks_are_late_acknowledged():
    from duo import tasks

    for task in (tasks.bericht_versturen, tasks.notificatie_verwerken, tasks.sweep):
        assert task.acks_late and task.reject_on_worker_lost


def test_the_sweep_leaves_rows_of_other_states_alone(duo_world):
    casus = duo_world.cases["eigen"]
    for status in ("verzonden", "geweigerd", "mislukt", "vervangen"):
        Bericht.objects.create(
            gemeente=casus.gemeente,
            casus=casus,
            soort="pip",
            operatie="postPipByBsn",
            status=status,
            volgende_poging_op="2020-01-01T00:00:00Z",
        )
    assert services.sweep() == {"berichten": [], "notificaties": [], "vrijgegeven": 0}
