"""Optimistic locking in handhaving: every step of the fine procedure and of bezwaar is a state change of a
locked row with a version. A stale form, the same step submitted twice, or two consultants submitting it at
once: one takes effect, the other gets the Dutch conflict message and nothing of it is written."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import close_old_connections
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from handhaving import services
from handhaving.models import Handhavingsprocedure, ProcedureStap
from inburgering.concurrency import CONFLICT_MESSAGE, Conflict
from tests.handhaving.scenario import BEOORDEELD, OPGELEGD, met_pip, procedure_tot, stap_url
from tests.leerroutes.scenario import verborgen_veld

D = dt.date


def _stappen(procedure, naar) -> int:
    return ProcedureStap.objects.filter(procedure=procedure, naar=naar).count()


# --------------------------------------------------------------------------------------------
# (a) a stale step form through the screen
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_verouderd_stapformulier_geeft_conflict_en_houdt_de_stap_van_de_collega(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "beoordeeld")
    client.force_login(world.users["c1"])
    gezien = verborgen_veld(client.get(stap_url(procedure, "waarschuwing")).content.decode())
    assert gezien == procedure.versie
    services.waarschuwing_vastleggen(
        procedure=procedure, datum=D(2025, 3, 6), inhoud="Van de collega.", versie=gezien, door=world.users["tl"]
    )
    r = client.post(
        stap_url(procedure, "waarschuwing"), {"datum": "2025-03-07", "inhoud": "Mijn waarschuwing.", "versie": gezien}
    )
    html = r.content.decode()
    assert r.status_code == 200 and CONFLICT_MESSAGE in html and "Mijn waarschuwing." in html
    procedure.refresh_from_db()
    assert (procedure.waarschuwing_inhoud, procedure.waarschuwing_op) == ("Van de collega.", D(2025, 3, 6))
    assert _stappen(procedure, "gewaarschuwd") == 1


@pytest.mark.django_db
def test_verouderd_bezwaarformulier_geeft_conflict(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "opgelegd")
    bezwaar = services.bezwaar_registreren(
        casus=gezin,
        boetebeschikking=procedure.beschikking,
        ontvangen_op=D(2025, 5, 1),
        gronden="Te hoog.",
        door=world.users["c1"],
    )
    url = reverse("handhaving:bezwaar_horen", kwargs={"casus_pk": gezin.pk, "bezwaar_pk": bezwaar.pk})
    client.force_login(world.users["c1"])
    gezien = verborgen_veld(client.get(url).content.decode())
    services.bezwaar_horen(
        bezwaar=bezwaar, datum=D(2025, 5, 10), verslag="Verslag collega.", versie=gezien, door=world.users["tl"]
    )
    r = client.post(url, {"datum": "2025-05-12", "verslag": "Mijn verslag.", "versie": gezien})
    html = r.content.decode()
    assert r.status_code == 200 and CONFLICT_MESSAGE in html and "Mijn verslag." in html
    bezwaar.refresh_from_db()
    assert (bezwaar.hoorzitting_op, bezwaar.hoorzitting_verslag) == (D(2025, 5, 10), "Verslag collega.")


# --------------------------------------------------------------------------------------------
# (b) the service refuses a stale version and writes nothing
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_service_verouderde_stap_schrijft_niets(world, gezin):
    c1 = world.users["c1"]
    procedure = procedure_tot(gezin, c1, "signaal")
    gezien = procedure.versie
    services.verwijtbaarheid_beoordelen(
        procedure=procedure,
        verwijtbaarheid="normaal",
        motivering="Geen reden.",
        datum=BEOORDEELD,
        versie=gezien,
        door=c1,
    )
    historie = procedure.history.count()
    stappen = ProcedureStap.objects.filter(procedure=procedure).count()
    tijdlijn = TijdlijnGebeurtenis.objects.filter(casus=gezin).count()
    for aanroep in (
        lambda: services.verwijtbaarheid_beoordelen(
            procedure=procedure, verwijtbaarheid="geen", motivering="Ziek.", datum=BEOORDEELD, versie=gezien, door=c1
        ),
        lambda: services.boete_afzien(
            procedure=procedure, datum=BEOORDEELD, motivering="Toch niet.", versie=gezien, door=c1
        ),
    ):
        with pytest.raises(Conflict):
            aanroep()
    procedure.refresh_from_db()
    assert (procedure.status, procedure.verwijtbaarheid, procedure.versie) == ("beoordeeld", "normaal", gezien + 1)
    assert procedure.history.count() == historie
    assert ProcedureStap.objects.filter(procedure=procedure).count() == stappen
    assert TijdlijnGebeurtenis.objects.filter(casus=gezin).count() == tijdlijn


@pytest.mark.django_db
def test_service_verouderde_beslissing_op_bezwaar_schrijft_niets(world, gezin):
    c1 = world.users["c1"]
    procedure = procedure_tot(gezin, c1, "opgelegd")
    bezwaar = services.bezwaar_registreren(
        casus=gezin, boetebeschikking=procedure.beschikking, ontvangen_op=D(2025, 5, 1), gronden="Te hoog.", door=c1
    )
    services.bezwaar_horen(bezwaar=bezwaar, datum=D(2025, 5, 10), verslag="Gehoord.", versie=1, door=c1)
    historie = bezwaar.history.count()
    with pytest.raises(Conflict):
        services.bezwaar_beslissen(
            bezwaar=bezwaar,
            uitkomst="gegrond",
            beslist_op=D(2025, 5, 20),
            motivering="Terecht.",
            gevolg="boete_ingetrokken",
            versie=1,
            door=c1,
        )
    bezwaar.refresh_from_db()
    procedure.refresh_from_db()
    assert (bezwaar.uitkomst, bezwaar.versie, bezwaar.history.count()) == ("", 2, historie)
    assert procedure.status == "in_bezwaar"


# --------------------------------------------------------------------------------------------
# (c) the same step submitted twice, or by two consultants at once, takes effect once
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dezelfde_stap_twee_keer_ingediend_werkt_een_keer(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "opgelegd")
    client.force_login(world.users["c1"])
    gezien = verborgen_veld(client.get(stap_url(procedure, "betaald")).content.decode())
    eerste = client.post(stap_url(procedure, "betaald"), {"datum": "2025-05-01", "versie": gezien})
    tweede = client.post(stap_url(procedure, "betaald"), {"datum": "2025-05-02", "versie": gezien})
    assert eerste.status_code == 302
    assert tweede.status_code == 200 and CONFLICT_MESSAGE in tweede.content.decode()
    procedure.refresh_from_db()
    assert (procedure.status, procedure.afgesloten_op, procedure.versie) == ("betaald", D(2025, 5, 1), gezien + 1)
    assert _stappen(procedure, "betaald") == 1
    assert TijdlijnGebeurtenis.objects.filter(casus=gezin, titel__contains="betaald").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.timeout(120)
def test_twee_consultants_tegelijk_dezelfde_stap_een_wint(world):
    """Two threads (two database connections) submit 'betaald' on the same version at the same moment:
    exactly one is written; the other gets Conflict (PostgreSQL: the row locks; SQLite: one writer)."""
    gezin = met_pip(world.cases["eigen"], doelgroep="gezinsmigrant")
    procedure = procedure_tot(gezin, world.users["c1"], "opgelegd")
    gezien = procedure.versie
    start = threading.Barrier(2)
    uitkomst, fouten = [], []

    def consultant(user, dag):
        try:
            p = Handhavingsprocedure.objects.get(pk=procedure.pk)
            start.wait(timeout=30)
            try:
                services.boete_betaald(procedure=p, datum=OPGELEGD + dt.timedelta(days=dag), versie=gezien, door=user)
            except Conflict:
                uitkomst.append("conflict")
            else:
                uitkomst.append("betaald")
        except Exception as exc:  # noqa: BLE001 - reported below
            fouten.append(repr(exc))
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=consultant, args=(world.users["c1"], 1)),
        threading.Thread(target=consultant, args=(world.users["tl"], 2)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not fouten, fouten
    assert sorted(uitkomst) == ["betaald", "conflict"]
    procedure.refresh_from_db()
    assert (procedure.status, procedure.versie) == ("betaald", gezien + 1)
    assert _stappen(procedure, "betaald") == 1
    assert procedure.history.filter(status="betaald").count() == 1
