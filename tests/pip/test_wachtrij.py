"""The beschikking PDF with the broker down: the vaststelling succeeds, the beat sweep queues the PDF once."""

import pytest
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from pip import services
from pip.models import PipVersie
from pip.tasks import beschikking_pdf_maken, beschikking_pdf_sweep
from tests.pip.scenario import concept, intake_afronden, met_datums
from tests.wachtrij import broker_faalde, broker_onbereikbaar, later, opnemen, sweep_zet_het_erin

pytestmark = pytest.mark.django_db


def test_vaststellen_with_the_broker_down_succeeds_and_the_sweep_makes_the_pdf_once(
    world, client, monkeypatch, django_capture_on_commit_callbacks
):
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    intake_afronden(casus, c1)
    versie = concept(casus, c1)
    client.force_login(c1)
    url = reverse("pip:vaststellen", kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk})

    with broker_onbereikbaar():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            r = client.post(
                url, {"dagtekening": "2023-03-01", "ondertekend_op": "2023-03-01", "revisie": versie.revisie}
            )
        assert broker_faalde()  # the queueing on commit tried the broker and gave up, without an error
    assert r.status_code == 302 and len(callbacks) == 1
    versie.refresh_from_db()
    assert versie.is_vastgesteld and not versie.pdf  # committed; the PDF waits

    gequeued = sweep_zet_het_erin(monkeypatch, beschikking_pdf_sweep, beschikking_pdf_maken, versie.pk)

    beschikking_pdf_maken(versie.pk)
    versie.refresh_from_db()
    sha = versie.pdf_sha256
    assert versie.pdf and versie.pdf.open("rb").read().startswith(b"%PDF-") and sha
    beschikking_pdf_maken(versie.pk)  # a second delivery (sweep and a late queueing): nothing new
    services.pip_pdf_opslaan(versie_id=versie.pk, inhoud=b"%PDF-1.7 een andere")  # a render that raced
    versie.refresh_from_db()
    assert versie.pdf_sha256 == sha
    assert TijdlijnGebeurtenis.objects.filter(casus=casus, titel__contains="(PDF) gemaakt").count() == 1
    assert beschikking_pdf_sweep(nu=later()) == 0 and len(gequeued) == 1


def test_the_sweep_leaves_concepts_alone(world, monkeypatch):
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    intake_afronden(casus, c1)
    concept(casus, c1)
    gequeued = opnemen(monkeypatch)
    assert beschikking_pdf_sweep(nu=later()) == 0 and gequeued == []
    assert PipVersie.objects.filter(casus=casus, status=PipVersie.Status.CONCEPT).count() == 1


def test_the_beat_runs_the_pdf_sweep():
    from inburgering.celery import app

    namen = {e["task"] for e in app.conf.beat_schedule.values()}
    assert {
        "pip.tasks.beschikking_pdf_sweep",
        "leerroutes.tasks.certificaat_sweep",
        "handhaving.tasks.boetebeschikking_pdf_sweep",
        "dashboards.tasks.export_sweep",
    } <= namen
