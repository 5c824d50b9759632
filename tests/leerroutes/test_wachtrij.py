"""The Z-route certificate with the broker down: the afronding succeeds, the beat sweep queues the PDF once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from leerroutes import services
from leerroutes.models import ZrouteAfronding
from leerroutes.tasks import certificaat_sweep, zroute_certificaat_maken
from tests.wachtrij import broker_faalde, broker_onbereikbaar, later, sweep_zet_het_erin

from . import scenario as s

pytestmark = pytest.mark.django_db


def test_zroute_afronden_with_the_broker_down_succeeds_and_the_sweep_makes_the_certificate_once(
    world, client, monkeypatch, django_capture_on_commit_callbacks
):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="z", doelgroep="gezinsmigrant")
    s.aanbod(casus, c1, s.school(naam="Eigen keuze"))
    for i in range(5):
        services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(i), uren=Decimal("170"), door=c1)
    client.force_login(c1)
    url = reverse("leerroutes:zroute", kwargs={"casus_pk": casus.pk})
    with broker_onbereikbaar():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            r = client.post(url, {"eindgesprek_op": s.vandaag().isoformat(), "verslag": "Zelfredzaam."})
        assert broker_faalde()  # the queueing on commit tried the broker and gave up, without an error
    assert r.status_code == 302 and len(callbacks) == 1
    afronding = ZrouteAfronding.objects.get(casus=casus)  # committed; the certificate waits
    assert not afronding.pdf

    gequeued = sweep_zet_het_erin(monkeypatch, certificaat_sweep, zroute_certificaat_maken, afronding.pk)

    renders = []
    monkeypatch.setattr("leerroutes.pdf.html_naar_pdf", lambda html: renders.append(html) or b"%PDF-1.7 test")
    zroute_certificaat_maken(afronding.pk)
    zroute_certificaat_maken(afronding.pk)  # a second delivery (the sweep and a late queueing): nothing new
    services.zroute_pdf_opslaan(afronding_id=afronding.pk, inhoud=b"%PDF-1.7 een andere")  # a render that raced
    afronding.refresh_from_db()
    assert afronding.pdf.open("rb").read() == b"%PDF-1.7 test" and len(renders) == 1
    assert TijdlijnGebeurtenis.objects.filter(casus=casus, titel="Certificaat Z-route (PDF) gemaakt").count() == 1
    assert certificaat_sweep(nu=later()) == 0 and len(gequeued) == 1
