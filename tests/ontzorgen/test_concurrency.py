"""Optimistic locking in ontzorgen and participation: a stale save gets the Dutch conflict message and
writes nothing; an evaluation or a trede submitted twice with the same version takes effect once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from inburgering.concurrency import CONFLICT_MESSAGE, Conflict
from ontzorgen import services
from ontzorgen.models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    OntzorgenEvaluatie,
    ParticipatiewetSignaal,
    TrainingFinancieleZelfredzaamheid,
    TredeMeting,
    Uitstroom,
)
from tests.leerroutes.scenario import verborgen_veld
from tests.ontzorgen.scenario import nulmeting, ontzorgen_starten

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def collega(world):
    return world.users["tl"]


def url(name, casus, **kw):
    return reverse(f"ontzorgen:{name}", kwargs={"casus_pk": casus.pk, **kw})


def _tijdlijn(casus) -> int:
    return TijdlijnGebeurtenis.objects.filter(casus=casus).count()


# --------------------------------------------------------------------------------------------
# (a) a stale save through the screen: the conflict message, the input kept, the colleague's value kept
# --------------------------------------------------------------------------------------------


def test_verouderde_machtiging_geeft_conflict_en_geen_signaal(client, casus, c1, collega):
    o = ontzorgen_starten(casus, c1)
    gezien = verborgen_veld(client.get(url("machtiging", casus)).content.decode())
    services.ontzorgen_bijwerken(ontzorgen=o, data={"beschikking_datum": D(2023, 2, 10)}, versie=gezien, door=collega)
    r = client.post(
        url("machtiging", casus),
        {
            "machtiging": "geweigerd",
            "machtiging_datum": "2023-02-08",
            "machtiging_toelichting": "Wil het zelf doen.",
            "versie": gezien,
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and CONFLICT_MESSAGE in html and "Wil het zelf doen." in html
    o.refresh_from_db()
    assert (o.beschikking_datum, o.machtiging != "geweigerd", o.versie) == (D(2023, 2, 10), True, 2)
    assert not ParticipatiewetSignaal.objects.filter(casus=casus).exists()


def test_verouderde_vaste_last_geeft_conflict(client, casus, c1, collega):
    o = ontzorgen_starten(casus, c1)
    last = o.vaste_lasten.get(soort__naam="Huur")
    pagina = url("vaste_last", casus, last_pk=last.pk)
    gezien = verborgen_veld(client.get(pagina).content.decode())
    services.vaste_last_wijzigen(last=last, data={"bedrag": Decimal("700.00")}, versie=gezien, door=collega)
    r = client.post(
        pagina,
        {
            "soort": last.soort_id,
            "begunstigde": last.begunstigde,
            "bedrag": "675,00",
            "frequentie": "maand",
            "startdatum": "2023-02-01",
            "versie": gezien,
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and CONFLICT_MESSAGE in html and 'value="675,00"' in html
    last.refresh_from_db()
    assert (last.bedrag, last.versie) == (Decimal("700.00"), 2)


def test_verouderde_activiteit_geeft_conflict(client, casus, c1, collega):
    a = services.activiteit_opslaan(
        casus=casus,
        data={"soort": "taalstage", "aanbieder": "Bibliotheek", "startdatum": D(2023, 4, 1), "uren": Decimal("10")},
        door=c1,
    )
    pagina = url("activiteit", casus, activiteit_pk=a.pk)
    gezien = verborgen_veld(client.get(pagina).content.decode())
    services.activiteit_opslaan(casus=casus, activiteit=a, data={"uren": Decimal("20")}, versie=gezien, door=collega)
    data = {
        "soort": "taalstage",
        "aanbieder": "Bibliotheek",
        "startdatum": "2023-04-01",
        "uren": "15",
        "versie": gezien,
    }
    r = client.post(pagina, data)
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    a.refresh_from_db()
    assert (a.uren, a.versie) == (Decimal("20"), 2)


@pytest.mark.parametrize(
    "opslaan, scherm, model, data_collega, post",
    [
        (
            services.training_opslaan,
            "training",
            TrainingFinancieleZelfredzaamheid,
            {"aanbieder": "Budgetcoach", "startdatum": D(2023, 3, 1)},
            {"aanbieder": "Mijn keuze", "startdatum": "2023-03-02"},
        ),
        (
            services.begeleiding_opslaan,
            "begeleiding",
            MaatschappelijkeBegeleiding,
            {"aanbieder": "Budgetcoach", "startdatum": D(2023, 3, 1), "praktische_hulp": True},
            {"aanbieder": "Mijn keuze", "startdatum": "2023-03-02", "praktische_hulp": "on", "uren": "0"},
        ),
        (
            services.uitstroom_vastleggen,
            "uitstroom",
            Uitstroom,
            {"datum": D(2024, 9, 1), "soort": "studie"},
            {"datum": "2024-09-02", "soort": "werk"},
        ),
    ],
)
def test_eerste_vastlegging_terwijl_een_collega_al_vastlegde_geeft_conflict(
    client, casus, c1, collega, opslaan, scherm, model, data_collega, post
):
    """Both opened the empty form (versie 0); the colleague saved first; the second save would overwrite."""
    gezien = verborgen_veld(client.get(url(scherm, casus)).content.decode())
    assert gezien == 0
    opslaan(casus=casus, data=data_collega, versie=gezien, door=collega)
    r = client.post(url(scherm, casus), {**post, "versie": gezien})
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    rij = model.objects.get(casus=casus)
    assert rij.versie == 1
    assert {k: getattr(rij, k) for k in data_collega} == data_collega


# --------------------------------------------------------------------------------------------
# (b) the service refuses a stale version and writes nothing (no history row, no timeline entry)
# --------------------------------------------------------------------------------------------


def test_service_verouderd_ontzorgen_schrijft_niets(casus, c1):
    o = ontzorgen_starten(casus, c1)
    services.ontzorgen_bijwerken(ontzorgen=o, data={"beschikking_datum": D(2023, 2, 10)}, versie=1, door=c1)
    historie, tijdlijn = o.history.count(), _tijdlijn(casus)
    for aanroep in (
        lambda: services.ontzorgen_bijwerken(
            ontzorgen=o, data={"beschikking_datum": D(2023, 2, 11)}, versie=1, door=c1
        ),
        lambda: services.machtiging_wijzigen(
            ontzorgen=o,
            data={"machtiging": "geweigerd", "machtiging_datum": D(2023, 2, 8), "machtiging_toelichting": "Nee."},
            versie=1,
            door=c1,
        ),
        lambda: services.ontzorgen_evalueren(
            ontzorgen=o,
            datum=D(2023, 7, 1),
            besluit="verlengen",
            tot=D(2023, 12, 31),
            motivering="X",
            versie=1,
            door=c1,
        ),
    ):
        with pytest.raises(Conflict):
            aanroep()
    o.refresh_from_db()
    assert (o.beschikking_datum, o.versie, o.verlengd_tot) == (D(2023, 2, 10), 2, None)
    assert o.history.count() == historie and _tijdlijn(casus) == tijdlijn
    assert not OntzorgenEvaluatie.objects.exists() and not ParticipatiewetSignaal.objects.exists()


def test_service_verouderde_activiteit_schrijft_niets(casus, c1):
    a = services.activiteit_opslaan(
        casus=casus,
        data={"soort": "taalstage", "aanbieder": "Bibliotheek", "startdatum": D(2023, 4, 1), "uren": Decimal("10")},
        door=c1,
    )
    services.activiteit_opslaan(casus=casus, activiteit=a, data={"uren": Decimal("20")}, versie=1, door=c1)
    historie, tijdlijn = a.history.count(), _tijdlijn(casus)
    with pytest.raises(Conflict):
        services.activiteit_opslaan(casus=casus, activiteit=a, data={"uren": Decimal("30")}, versie=1, door=c1)
    a.refresh_from_db()
    assert a.uren == Decimal("20") and a.history.count() == historie and _tijdlijn(casus) == tijdlijn


def test_evaluatie_stopt_lasten_en_maakt_een_open_formulier_van_een_last_verouderd(client, casus, c1):
    o = ontzorgen_starten(casus, c1)
    last = o.vaste_lasten.get(soort__naam="Huur")
    services.ontzorgen_evalueren(
        ontzorgen=o, datum=D(2023, 7, 1), besluit="stoppen", tot=D(2023, 7, 31), motivering="Zelfredzaam.", door=c1
    )
    with pytest.raises(Conflict):
        services.vaste_last_wijzigen(last=last, data={"einddatum": None}, versie=1, door=c1)
    last.refresh_from_db()
    assert last.einddatum == D(2023, 7, 31)


# --------------------------------------------------------------------------------------------
# (c) a state change submitted twice with the same version takes effect once
# --------------------------------------------------------------------------------------------


def test_evaluatie_twee_keer_met_dezelfde_versie_werkt_een_keer(client, casus, c1):
    ontzorgen_starten(casus, c1)
    gezien = verborgen_veld(client.get(url("evaluatie", casus)).content.decode())
    data = {
        "datum": "2023-06-28",
        "besluit": "verlengen",
        "tot": "2023-12-31",
        "motivering": "Schulden.",
        "versie": gezien,
    }
    assert client.post(url("evaluatie", casus), data).status_code == 302
    r = client.post(url("evaluatie", casus), {**data, "tot": "2024-03-31"})
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    assert OntzorgenEvaluatie.objects.count() == 1
    o = Ontzorgen.objects.get(casus=casus)
    assert (o.verlengd_tot, o.versie) == (D(2023, 12, 31), gezien + 1)


def test_trede_twee_keer_met_dezelfde_stand_werkt_een_keer(client, casus, c1):
    nulmeting(casus, c1, trede=2)
    gezien = verborgen_veld(client.get(url("trede", casus)).content.decode(), "vorige_meting")
    assert gezien == 0
    data = {"trede": "3", "datum": "2023-05-01", "toelichting": "Taalstage.", "vorige_meting": gezien}
    assert client.post(url("trede", casus), data).status_code == 302
    r = client.post(url("trede", casus), {**data, "trede": "4"})
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    assert list(TredeMeting.objects.filter(casus=casus).values_list("trede", flat=True)) == [3]
    # the page opened again shows the new stand, and the next measurement saves
    gezien = verborgen_veld(client.get(url("trede", casus)).content.decode(), "vorige_meting")
    assert client.post(url("trede", casus), {**data, "trede": "4", "vorige_meting": gezien}).status_code == 302
    assert TredeMeting.objects.filter(casus=casus).count() == 2
