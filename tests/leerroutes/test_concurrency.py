"""Optimistic locking in the leerroutes: a stale save gets the Dutch conflict message and writes nothing;
a state change submitted twice with the same version takes effect once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from inburgering.concurrency import CONFLICT_MESSAGE, Conflict
from leerroutes import services
from leerroutes.models import MAP_THEMAS, Inburgeringsaanbod, MapTraject, PvtTraject, Schakeling
from pip.models import PipVersie

from . import scenario as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def collega(world):
    return world.users["tl"]


def u(name, casus, **kw):
    return reverse(f"leerroutes:{name}", kwargs={"casus_pk": casus.pk, **kw})


def map_data(provider, *, toelichting="", versie=None, **extra):
    data = {
        "aanbieder": provider.pk,
        "startdatum": (s.vandaag() - dt.timedelta(days=30)).isoformat(),
        **{f"thema_{c}": "te_volgen" for c, _ in MAP_THEMAS},
        "toelichting": toelichting,
        "praktijk-TOTAL_FORMS": "0",
        "praktijk-INITIAL_FORMS": "0",
        "praktijk-MIN_NUM_FORMS": "0",
        "praktijk-MAX_NUM_FORMS": "10",
        **extra,
    }
    if versie is not None:
        data["versie"] = str(versie)
    return data


def _geschiedenis(obj) -> int:
    return obj.history.count()


# --------------------------------------------------------------------------------------------
# (a) a stale save through the screen
# --------------------------------------------------------------------------------------------


def test_verouderd_aanbod_wijzigen_geeft_conflict_en_houdt_de_waarde_van_de_collega(ingelogd, collega):
    client, casus, c1 = ingelogd
    aanbod = s.aanbod(casus, c1, s.school(gemeente=casus.gemeente))
    url = u("aanbod_bewerken", casus, aanbod_pk=aanbod.pk)
    gezien = s.verborgen_veld(client.get(url).content.decode())
    assert gezien == 1
    services.aanbod_bijwerken(aanbod=aanbod, data={"leerlingnummer": "S-COLLEGA"}, versie=gezien, door=collega)
    data = {"leerlingnummer": "S-MIJN", "uren_per_week": "14", "versie": gezien}
    r = client.post(url, data)
    html = r.content.decode()
    assert r.status_code == 200 and CONFLICT_MESSAGE in html
    assert 'value="S-MIJN"' in html  # the user's input is kept on the form
    aanbod.refresh_from_db()
    assert (aanbod.leerlingnummer, aanbod.uren_per_week, aanbod.versie) == ("S-COLLEGA", 12, 2)
    # with the version of the page opened again, the same input saves
    r = client.post(url, {**data, "versie": s.verborgen_veld(client.get(url).content.decode())})
    assert r.status_code == 302
    aanbod.refresh_from_db()
    assert (aanbod.leerlingnummer, aanbod.versie) == ("S-MIJN", 3)


def test_verouderd_voortgangsgesprek_wijzigen_geeft_conflict_en_houdt_de_invoer(ingelogd, collega):
    client, casus, c1 = ingelogd
    gesprek = s.gesprek(casus, c1, afspraken="Oefenen.")
    url = u("gesprek_wijzigen", casus, gesprek_pk=gesprek.pk)
    gezien = s.verborgen_veld(client.get(url).content.decode())
    assert gezien == 1
    services.voortgangsgesprek_wijzigen(
        gesprek=gesprek, data={"afspraken": "Van de collega."}, versie=gezien, door=collega
    )
    data = s.gesprek_formulier(gesprek, afspraken="De mijne.", mentor_school="Mevrouw Jansen", versie=gezien)
    r = client.post(url, data)
    html = r.content.decode()
    assert r.status_code == 200 and CONFLICT_MESSAGE in html
    assert ">\nDe mijne.</textarea>" in html and 'value="Mevrouw Jansen"' in html  # the user's input is kept
    gesprek.refresh_from_db()
    assert (gesprek.afspraken, gesprek.mentor_school, gesprek.versie) == ("Van de collega.", "", 2)
    # with the version of the page opened again, the same input saves
    r = client.post(url, {**data, "versie": s.verborgen_veld(client.get(url).content.decode())})
    assert r.status_code == 302
    gesprek.refresh_from_db()
    assert (gesprek.afspraken, gesprek.versie) == ("De mijne.", 3)


def test_verouderde_map_geeft_conflict_en_houdt_de_waarde_van_de_collega(ingelogd, collega):
    client, casus, c1 = ingelogd
    provider = s.provider()
    r = client.post(u("map", casus), map_data(provider, toelichting="start", versie=0))
    assert r.status_code == 302
    traject = MapTraject.objects.get(casus=casus)
    gezien = s.verborgen_veld(client.get(u("map", casus)).content.decode())
    assert gezien == traject.versie == 1
    services.map_opslaan(casus=casus, data={"toelichting": "van de collega"}, praktijk=[], versie=gezien, door=collega)
    r = client.post(u("map", casus), map_data(provider, toelichting="de mijne", versie=gezien))
    html = r.content.decode()
    assert r.status_code == 200 and CONFLICT_MESSAGE in html and "de mijne" in html
    traject.refresh_from_db()
    assert (traject.toelichting, traject.versie) == ("van de collega", 2)


def test_map_starten_terwijl_een_collega_hem_al_startte_geeft_conflict(ingelogd, collega):
    client, casus, c1 = ingelogd
    provider = s.provider()
    gezien = s.verborgen_veld(client.get(u("map", casus)).content.decode())
    assert gezien == 0  # no MAP yet when the form was opened
    services.map_opslaan(
        casus=casus,
        data={"aanbieder": provider, "startdatum": s.vandaag(), "toelichting": "van de collega"},
        praktijk=[],
        versie=0,
        door=collega,
    )
    r = client.post(u("map", casus), map_data(provider, toelichting="de mijne", versie=gezien))
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    assert MapTraject.objects.get(casus=casus).toelichting == "van de collega"


def test_verouderd_pvt_geeft_conflict(ingelogd, collega):
    client, casus, c1 = ingelogd
    provider = s.provider()
    traject = services.pvt_opslaan(casus=casus, data={"aanbieder": provider}, sessies=[], door=c1)
    url = u("pvt", casus)
    gezien = s.verborgen_veld(client.get(url).content.decode())
    services.pvt_opslaan(casus=casus, data={"toelichting": "van de collega"}, sessies=[], versie=gezien, door=collega)
    data = {
        "aanbieder": provider.pk,
        "toelichting": "de mijne",
        "versie": gezien,
        "sessie-TOTAL_FORMS": "1",
        "sessie-INITIAL_FORMS": "0",
        "sessie-MIN_NUM_FORMS": "0",
        "sessie-MAX_NUM_FORMS": "40",
        "sessie-0-soort": "excursie",
        "sessie-0-datum": s.vandaag().isoformat(),
        "sessie-0-uren": "3",
    }
    r = client.post(url, data)
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    traject.refresh_from_db()
    assert traject.toelichting == "van de collega" and not traject.sessies.exists()


# --------------------------------------------------------------------------------------------
# (b) the service refuses a stale version and writes nothing
# --------------------------------------------------------------------------------------------


def test_service_verouderd_aanbod_schrijft_niets(ingelogd):
    _, casus, c1 = ingelogd
    aanbod = s.aanbod(casus, c1, s.school(gemeente=casus.gemeente))
    services.aanbod_bijwerken(aanbod=aanbod, data={"leerlingnummer": "S-2"}, versie=1, door=c1)
    historie, tijdlijn = _geschiedenis(aanbod), TijdlijnGebeurtenis.objects.filter(casus=casus).count()
    for aanroep in (
        lambda: services.aanbod_bijwerken(aanbod=aanbod, data={"leerlingnummer": "S-3"}, versie=1, door=c1),
        lambda: services.aanbod_beeindigen(aanbod=aanbod, einddatum=s.vandaag(), reden="Verhuisd", versie=1, door=c1),
    ):
        with pytest.raises(Conflict):
            aanroep()
    aanbod.refresh_from_db()
    assert (aanbod.leerlingnummer, aanbod.einddatum, aanbod.versie) == ("S-2", None, 2)
    assert _geschiedenis(aanbod) == historie
    assert TijdlijnGebeurtenis.objects.filter(casus=casus).count() == tijdlijn


def test_service_verouderd_voortgangsgesprek_schrijft_niets(ingelogd, collega):
    _, casus, c1 = ingelogd
    gesprek = s.gesprek(casus, c1, afspraken="Eerste.")
    services.voortgangsgesprek_wijzigen(gesprek=gesprek, data={"afspraken": "Tweede."}, versie=1, door=collega)
    historie, tijdlijn = _geschiedenis(gesprek), TijdlijnGebeurtenis.objects.filter(casus=casus).count()
    eerder = s.vandaag() - dt.timedelta(days=5)
    with pytest.raises(Conflict) as exc:
        services.voortgangsgesprek_wijzigen(
            gesprek=gesprek, data={"datum": eerder, "afspraken": "Verouderd."}, versie=1, door=c1
        )
    assert exc.value.messages == [CONFLICT_MESSAGE]
    gesprek.refresh_from_db()
    assert (gesprek.datum, gesprek.afspraken, gesprek.versie) == (s.vandaag() - dt.timedelta(days=3), "Tweede.", 2)
    assert _geschiedenis(gesprek) == historie
    assert TijdlijnGebeurtenis.objects.filter(casus=casus).count() == tijdlijn


@pytest.mark.parametrize("soort", ["map", "pvt"])
def test_service_verouderd_traject_schrijft_niets(ingelogd, soort):
    _, casus, c1 = ingelogd
    provider = s.provider()
    if soort == "map":
        opslaan, model, kind = services.map_opslaan, MapTraject, "praktijk"
        rij = {"omschrijving": "Werkervaringsplaats", "uren": 8}
        data = {"aanbieder": provider, "startdatum": s.vandaag()}
    else:
        opslaan, model, kind = services.pvt_opslaan, PvtTraject, "sessies"
        rij = {"soort": "excursie", "datum": s.vandaag(), "uren": 2}
        data = {"aanbieder": provider}
    opslaan(casus=casus, data=data, door=c1, versie=0, **{kind: []})
    opslaan(casus=casus, data={"toelichting": "eerste"}, door=c1, versie=1, **{kind: []})
    traject = model.objects.get(casus=casus)
    historie, tijdlijn = _geschiedenis(traject), TijdlijnGebeurtenis.objects.filter(casus=casus).count()
    for verouderd in (1, 0):  # the version before the last save; a 'new' form while the row exists
        with pytest.raises(Conflict):
            opslaan(casus=casus, data={"toelichting": "verouderd"}, door=c1, versie=verouderd, **{kind: [rij]})
    traject.refresh_from_db()
    assert (traject.toelichting, traject.versie) == ("eerste", 2)
    assert _geschiedenis(traject) == historie
    assert TijdlijnGebeurtenis.objects.filter(casus=casus).count() == tijdlijn
    assert not getattr(traject, "praktijk" if soort == "map" else "sessies").exists()


# --------------------------------------------------------------------------------------------
# (c) a state change submitted twice with the same version takes effect once
# --------------------------------------------------------------------------------------------


def test_aanbod_beeindigen_twee_keer_met_dezelfde_versie_werkt_een_keer(ingelogd):
    client, casus, c1 = ingelogd
    aanbod = s.aanbod(casus, c1, s.school(gemeente=casus.gemeente))
    url = u("aanbod_beeindigen", casus, aanbod_pk=aanbod.pk)
    gezien = s.verborgen_veld(client.get(url).content.decode())
    einde = aanbod.startdatum + dt.timedelta(days=30)
    eerste = client.post(url, {"einddatum": einde.isoformat(), "reden": "Verhuisd", "versie": gezien})
    tweede = client.post(
        url, {"einddatum": (einde + dt.timedelta(days=1)).isoformat(), "reden": "Nog eens", "versie": gezien}
    )
    assert eerste.status_code == 302
    assert tweede.status_code == 200 and CONFLICT_MESSAGE in tweede.content.decode()
    aanbod.refresh_from_db()
    assert aanbod.einddatum == einde and aanbod.toelichting.count("Beëindigd:") == 1
    assert TijdlijnGebeurtenis.objects.filter(casus=casus, titel__contains="beëindigd").count() == 1
    assert Inburgeringsaanbod.objects.get(pk=aanbod.pk).versie == gezien + 1


def test_schakelen_twee_keer_met_dezelfde_pip_stand_werkt_een_keer(ingelogd):
    client, casus, _ = ingelogd
    gezien = s.verborgen_veld(client.get(u("schakelen", casus)).content.decode(), "pip_stand")
    assert gezien == PipVersie.objects.get(casus=casus).versie
    data = {"nieuwe_route": "z", "motivatie": "Te zwaar gebleken.", "pip_stand": gezien}
    assert client.post(u("schakelen", casus), data).status_code == 302
    r = client.post(u("schakelen", casus), {**data, "nieuwe_route": "onderwijs"})
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    assert PipVersie.objects.filter(casus=casus, status="concept").count() == 1
    assert list(Schakeling.objects.filter(casus=casus).values_list("naar_route", flat=True)) == ["z"]


def test_afschalen_met_een_verouderde_pip_stand_geeft_conflict(ingelogd):
    client, casus, c1 = ingelogd
    gezien = s.verborgen_veld(client.get(u("afschalen", casus)).content.decode(), "pip_stand")
    services.schakeling_aanvragen(casus=casus, nieuwe_route="z", motivatie="Te zwaar.", pip_stand=gezien, door=c1)
    r = client.post(u("afschalen", casus), {"onderdelen": ["SP"], "motivatie": "Inzet.", "pip_stand": gezien})
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    assert PipVersie.objects.filter(casus=casus, status="concept").get().reden == "schakelen"
