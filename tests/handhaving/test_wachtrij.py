"""The boetebeschikking PDF with the broker down: opleggen succeeds, the beat sweep queues the PDF once."""

import pytest

from cases.models import TijdlijnGebeurtenis
from handhaving.models import Boetebeschikking
from handhaving.tasks import boetebeschikking_pdf_maken, boetebeschikking_pdf_sweep
from tests.handhaving.scenario import OPGELEGD, procedure_tot, stap_url
from tests.wachtrij import broker_faalde, broker_onbereikbaar, later, sweep_zet_het_erin

pytestmark = pytest.mark.django_db


def test_opleggen_with_the_broker_down_succeeds_and_the_sweep_makes_the_pdf_once(
    world, gezin, client, monkeypatch, django_capture_on_commit_callbacks
):
    procedure = procedure_tot(gezin, world.users["c1"], "gehoord")
    client.force_login(world.users["c1"])
    with broker_onbereikbaar():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            r = client.post(
                stap_url(procedure, "opleggen"), {"dagtekening": OPGELEGD.isoformat(), "versie": procedure.versie}
            )
        assert broker_faalde()  # the queueing on commit tried the broker and gave up, without an error
    assert r.status_code == 302 and len(callbacks) == 1
    beschikking = Boetebeschikking.objects.get(procedure=procedure)  # committed; the PDF waits
    assert not beschikking.pdf

    gequeued = sweep_zet_het_erin(monkeypatch, boetebeschikking_pdf_sweep, boetebeschikking_pdf_maken, beschikking.pk)

    renders = []
    monkeypatch.setattr("handhaving.pdf.html_naar_pdf", lambda html: renders.append(html) or b"%PDF-1.7 test")
    boetebeschikking_pdf_maken(beschikking.pk)
    boetebeschikking_pdf_maken(beschikking.pk)  # a second delivery (the sweep and a late queueing): nothing new
    beschikking.refresh_from_db()
    assert beschikking.pdf and len(renders) == 1
    assert TijdlijnGebeurtenis.objects.filter(casus=gezin, titel="Boetebeschikking (PDF) gemaakt").count() == 1
    assert boetebeschikking_pdf_sweep(nu=later()) == 0 and len(gequeued) == 1
