"""Meldingen to DUO: built from the register, DUO's registration rules checked before anything is
stored in the outbox, each refusal with its reason for the consultant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Casus, TijdlijnGebeurtenis
from duo import services
from duo.models import Bericht, DuoInstelling, DuoStand, Opleidingsinstelling
from pip.models import PipVersie

pytestmark = pytest.mark.django_db

D = dt.date


def pip_versie(casus, versie=1, **velden) -> PipVersie:
    """A vastgestelde PIP version, created directly (as the PIP app's vaststellen leaves it)."""
    waarden = {
        "leerroute": "b1",
        "niveau": "B1",
        "route_motivatie": "Test.",
        "dagtekening": D(2025, 11, 1),
        "ondertekend_op": D(2025, 11, 1),
        "termijn_start": D(2025, 11, 2),
        "termijn_eind": D(2028, 11, 1),
        "laatste_dag_schakelen": D(2027, 5, 1),
        "geschatte_intensiteit_b1": None,
    }
    waarden.update(velden)
    return PipVersie.objects.create(
        casus=casus,
        versie=versie,
        status="vastgesteld",
        kenmerk=f"INB/{versie}",
        aangemaakt_door=casus.consultant,
        vastgesteld_door=casus.consultant,
        **waarden,
    )


@pytest.fixture
def casus(duo_world):
    DuoInstelling.objects.update(pip_automatisch_melden=False)
    c = duo_world.cases["eigen"]
    Casus.objects.filter(pk=c.pk).update(datum_kennisgeving=D(2025, 9, 15), datum_brp_inschrijving=D(2025, 10, 1))
    c.refresh_from_db()
    return c


def weigering(fn, **kwargs) -> list[str]:
    voor = Bericht.objects.count()
    with pytest.raises(ValidationError) as exc:
        fn(**kwargs)
    assert Bericht.objects.count() == voor  # nothing waits in the outbox
    return exc.value.messages


# --- PIP: every rule of README §PIP / DOMAIN.md §4 -----------------------------------------------


@pytest.mark.parametrize(
    "velden, vorige, doelgroep, reden",
    [
        # dagtekening before the start of the plicht (kennisgeving 15-09-2025)
        ({"dagtekening": D(2025, 9, 1)}, None, "asielstatushouder", "vóór de start van de inburgeringsplicht"),
        # dagtekening before settlement in the gemeente (BRP 1-10-2025)
        ({"dagtekening": D(2025, 9, 20)}, None, "asielstatushouder", "vóór de vestiging in de gemeente"),
        # dagtekening before the current PIP's dagtekening
        (
            {"dagtekening": D(2025, 10, 20)},
            D(2025, 11, 1),
            "asielstatushouder",
            "vóór de dagtekening van het huidige PIP",
        ),
        # A2 with the onderwijsroute
        (
            {"leerroute": "onderwijs", "niveau": "A2"},
            None,
            "asielstatushouder",
            "A2 kan niet samengaan met de onderwijsroute",
        ),
        # B1 with the Z-route
        ({"leerroute": "z", "niveau": "B1"}, None, "asielstatushouder", "B1 kan niet samengaan met de Z-route"),
        # A2 with the B1-route in the first PIP
        ({"niveau": "A2"}, None, "asielstatushouder", "In het eerste PIP kan de B1-route niet op niveau A2"),
        # an estimated B1 intensity for anyone but an asielstatushouder in the B1-route
        ({"geschatte_intensiteit_b1": 600}, None, "gezinsmigrant", "geschatte intensiteit"),
        (
            {"leerroute": "z", "niveau": "", "geschatte_intensiteit_b1": 600},
            None,
            "asielstatushouder",
            "geschatte intensiteit",
        ),
    ],
)
def test_each_pip_rule_refuses_locally_with_the_reason(casus, velden, vorige, doelgroep, reden):
    Casus.objects.filter(pk=casus.pk).update(doelgroep=doelgroep)
    casus.refresh_from_db()
    nummer = 1
    if vorige:
        pip_versie(casus, versie=1, dagtekening=vorige)
        nummer = 2
    versie = pip_versie(casus, versie=nummer, **velden)
    fouten = weigering(services.pip_melden, versie=versie, door=casus.consultant)
    assert any(reden in f for f in fouten), fouten


def test_a_pip_duo_would_accept_waits_in_the_outbox_with_its_message(casus):
    versie = pip_versie(casus, geschatte_intensiteit_b1=650, alfabetisering="AA", mag_opleiding_afmaken=True)
    bericht = services.pip_melden(versie=versie, door=casus.consultant)
    assert (bericht.status, bericht.operatie, bericht.soort) == ("wachtend", "postPipByBsn", "pip")
    assert bericht.bsn == casus.inburgeraar.bsn
    assert bericht.body == {
        "dagtekeningPip": "2025-11-01",
        "leerroute": "B",
        "niveau": "B1",
        "geschatteIntensiteitB1Route": 650,
        "indicatorMagOpleidingAfmaken": True,
        "indicatorAlfabetiseringsonderwijs": "AA",
    }
    assert TijdlijnGebeurtenis.objects.filter(casus=casus, titel="Melding aan DUO klaargezet: PIP").exists()
    # once is enough: a second melding of the same version is refused
    assert "al aan DUO gemeld" in weigering(services.pip_melden, versie=versie, door=casus.consultant)[0]


def test_a_previous_gemeentes_pip_makes_a2_in_the_b1_route_possible_but_not_an_earlier_dagtekening(casus):
    DuoStand.objects.create(casus=casus, pip_gemeentecode="0202", pip_dagtekening=D(2025, 10, 15), pip_leerroute="B")
    a2 = pip_versie(casus, niveau="A2")
    assert services.pip_melden(versie=a2, door=casus.consultant).body["niveau"] == "A2"
    vroeg = pip_versie(casus, versie=2, dagtekening=D(2025, 10, 10))
    assert any("huidige PIP" in f for f in weigering(services.pip_melden, versie=vroeg, door=casus.consultant))


def test_a_colleague_with_read_access_may_not_report(casus, duo_world):
    from django.core.exceptions import PermissionDenied

    versie = pip_versie(casus)
    with pytest.raises(PermissionDenied):
        services.pip_melden(versie=versie, door=duo_world.users["c2"])


def test_without_an_oin_nothing_can_be_reported(casus, duo_world):
    duo_world.gemeente_a.oin = ""
    duo_world.gemeente_a.save()
    versie = pip_versie(casus)
    assert "OIN" in weigering(services.pip_melden, versie=versie, door=casus.consultant)[0]


def test_vaststellen_reports_the_pip_automatically_in_the_same_transaction(casus, django_capture_on_commit_callbacks):
    from pip import services as pip_services

    DuoInstelling.objects.update(pip_automatisch_melden=True)
    concept = PipVersie.objects.create(
        casus=casus,
        versie=1,
        leerroute="b1",
        niveau="B1",
        route_motivatie="Past bij de intake.",
        ondersteuning="Begeleiding.",
        map_inhoud="MAP.",
        pvt_inhoud="PVT.",
        geschatte_intensiteit_b1=600,
        aangemaakt_door=casus.consultant,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        versie = pip_services.pip_vaststellen(
            versie=concept, dagtekening=D(2025, 11, 1), ondertekend_op=D(2025, 11, 1), door=casus.consultant
        )
    bericht = Bericht.objects.get(bron_object=f"pipversie:{versie.pk}")
    assert bericht.status == "wachtend" and bericht.aangemaakt_door == casus.consultant
    assert len(callbacks) >= 2  # the PDF and the DUO melding are queued on commit
    pip_services.pip_pdf_opslaan(versie_id=versie.pk, inhoud=b"%PDF-1.7\n%%EOF\n")  # the PDF save reports nothing new
    assert Bericht.objects.filter(soort="pip").count() == 1


# --- MAP / PVT (README §MAP, §PVT) ----------------------------------------------------------------


@pytest.fixture
def met_termijn(casus):
    pip_versie(casus, dagtekening=D(2023, 1, 31), termijn_start=D(2023, 2, 1), termijn_eind=D(2026, 1, 31))
    return casus


@pytest.mark.parametrize(
    "soort, datum, verwijtbaar, reden",
    [
        ("map", D(2026, 7, 1), None, "in de toekomst"),
        ("map", D(2023, 1, 15), None, "vóór de start van de inburgeringstermijn"),
        ("pvt", D(2025, 6, 1), "Ja", "geef dan geen verwijtbaarheid op"),
        ("pvt", D(2026, 3, 1), None, "is overschreden: geef aan of dat verwijtbaar is"),
        ("map", D(2026, 3, 1), "Nee", "'Verwijtbaar: nee' kan alleen"),
        ("map", None, None, "niets in te trekken"),
    ],
)
def test_map_and_pvt_rules_refuse_locally(met_termijn, soort, datum, verwijtbaar, reden):
    fouten = weigering(
        services.map_pvt_melden,
        casus=met_termijn,
        soort=soort,
        datum=datum,
        verwijtbaar=verwijtbaar,
        door=met_termijn.consultant,
        vandaag=D(2026, 6, 1),
    )
    assert any(reden in f for f in fouten), fouten


def test_map_after_the_termijn_with_verwijtbaar_ja_is_sent(met_termijn):
    bericht = services.map_pvt_melden(
        casus=met_termijn,
        soort="map",
        datum=D(2026, 3, 1),
        verwijtbaar="Ja",
        door=met_termijn.consultant,
        vandaag=D(2026, 6, 1),
    )
    assert bericht.body == {"datumEindgesprekMap": "2026-03-01", "verwijtbaar": "Ja"}
    assert bericht.operatie == "updateMapByBsn"


def test_map_needs_a_pip(casus):
    fouten = weigering(
        services.map_pvt_melden,
        casus=casus,
        soort="map",
        datum=D(2026, 1, 1),
        verwijtbaar=None,
        door=casus.consultant,
        vandaag=D(2026, 6, 1),
    )
    assert any("geen actueel PIP" in f for f in fouten)


def test_duos_termijn_is_leading(met_termijn):
    DuoStand.objects.create(casus=met_termijn, termijn_start=D(2023, 2, 1), termijn_einddatum=D(2026, 8, 1))  # extended
    bericht = services.map_pvt_melden(
        casus=met_termijn,
        soort="pvt",
        datum=D(2026, 3, 1),
        verwijtbaar=None,
        door=met_termijn.consultant,
        vandaag=D(2026, 6, 1),
    )
    assert bericht.body == {"datumOndertekeningPvt": "2026-03-01"}


# --- Z-route, uren, aanbod, contactpersoon, LBT -------------------------------------------------


def test_zroute_needs_the_zroute(casus):
    pip_versie(casus)
    assert any(
        "niet de Z-route" in f
        for f in weigering(services.zroute_melden, casus=casus, datum=D(2026, 1, 1), door=casus.consultant)
    )
    pip_versie(casus, versie=2, leerroute="z", niveau="", dagtekening=D(2025, 12, 1))
    assert services.zroute_melden(casus=casus, datum=D(2026, 1, 1), door=casus.consultant).body == {
        "datumAfrondingZroute": "2026-01-01"
    }


def test_participation_hours_only_for_an_asielstatushouder_in_the_zroute(casus):
    pip_versie(casus)
    assert any(
        "Z-route van een asielstatushouder" in f
        for f in weigering(
            services.uren_melden, casus=casus, soort="participatieactiviteiten", uren=120, door=casus.consultant
        )
    )
    bericht = services.uren_melden(casus=casus, soort="participatietaalles", uren=320, door=casus.consultant)
    assert (bericht.operatie, bericht.body) == ("updateUrenParticipatieAlsTaallesByBsn", {"uren": 320})


@pytest.fixture
def instellingen(db):
    Opleidingsinstelling.objects.create(instellingsnummer="1000000001", naam="De Brug", bow_keurmerk=True)
    Opleidingsinstelling.objects.create(instellingsnummer="1000000003", naam="Zonder", bow_keurmerk=False)


@pytest.mark.parametrize(
    "instelling, start, reden",
    [
        ("1000000003", D(2025, 12, 1), "geen keurmerk van Blik op Werk"),
        ("9999999999", D(2025, 12, 1), "niet bekend bij DUO"),
        ("1000000001", D(2025, 10, 1), "vóór de dagtekening van het PIP"),
        ("1000000001", D(2029, 1, 1), "buiten de inburgeringstermijn"),
    ],
)
def test_aanbod_rules_refuse_locally(casus, instellingen, instelling, start, reden):
    pip_versie(casus)
    fouten = weigering(
        services.aanbod_melden,
        casus=casus,
        instellingsnummer=instelling,
        datum_aanbod=D(2025, 11, 15),
        start=start,
        einde=None,
        alfabetisering="NVT",
        door=casus.consultant,
    )
    assert any(reden in f for f in fouten), fouten


def test_aanbod_only_for_an_asielstatushouder(casus, instellingen):
    Casus.objects.filter(pk=casus.pk).update(doelgroep="gezinsmigrant")
    casus.refresh_from_db()
    pip_versie(casus)
    fouten = weigering(
        services.aanbod_melden,
        casus=casus,
        instellingsnummer="1000000001",
        datum_aanbod=None,
        start=None,
        einde=None,
        alfabetisering="NVT",
        door=casus.consultant,
    )
    assert any("alleen voor een asielstatushouder" in f for f in fouten)


def test_contactpersoon_registration_then_link(casus, duo_world):
    koppeling = services.contactpersoon_melden(
        casus=casus,
        gebruiker=casus.consultant,
        naam="Consultant Een",
        email="c1@gemeente.example",
        telefoon="0488 123456",
        door=casus.consultant,
    )
    registratie = koppeling.hangt_af_van
    assert (registratie.operatie, registratie.bsn) == ("createContactpersoon", "")  # no BSN in that message
    assert koppeling.operatie == "postContactpersoonByBsn" and koppeling.bsn == casus.inburgeraar.bsn
    fouten = weigering(
        services.contactpersoon_melden,
        casus=casus,
        gebruiker=casus.consultant,
        naam="C3P0",
        email="x",
        telefoon="abc",
        door=casus.consultant,
    )
    assert len(fouten) == 3


def test_lbt_skipped_only_for_an_exempted_person(casus):
    from intake.models import Leerbaarheidstoets

    assert "vrijgesteld" in weigering(services.lbt_overgeslagen_melden, casus=casus, door=casus.consultant)[0]
    Leerbaarheidstoets.objects.create(casus=casus, vrijstelling="auditief", vrijstelling_reden="Doof")
    assert services.lbt_overgeslagen_melden(casus=casus, door=casus.consultant).operatie == "deleteExamennummerByBsn"


# --- the screen shows the reason ------------------------------------------------------------------


def test_the_melding_screen_shows_duos_reason_and_sends_nothing(casus, client):
    versie = pip_versie(casus, niveau="A2")
    client.force_login(casus.consultant)
    url = reverse("duo:melden", kwargs={"casus_pk": casus.pk, "soort": "pip"})
    r = client.post(url, {"versie": versie.pk})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Deze melding is niet naar DUO verstuurd" in html and "niet op niveau A2" in html
    assert not Bericht.objects.exists()


def test_the_melding_screen_queues_what_duo_would_accept(casus, client):
    versie = pip_versie(casus)
    client.force_login(casus.consultant)
    r = client.post(reverse("duo:melden", kwargs={"casus_pk": casus.pk, "soort": "pip"}), {"versie": versie.pk})
    assert r.status_code == 302 and r["Location"] == reverse("duo:casus", kwargs={"casus_pk": casus.pk})
    assert Bericht.objects.get().status == "wachtend"


@pytest.mark.parametrize("soort", ["pip", "map", "pvt", "zroute", "uren", "contactpersoon", "aanbod", "lbt"])
def test_every_melding_screen_renders_with_the_registers_values(casus, client, soort):
    pip_versie(casus)
    client.force_login(casus.consultant)
    r = client.get(reverse("duo:melden", kwargs={"casus_pk": casus.pk, "soort": soort}))
    assert r.status_code == 200 and "Melden aan DUO" in r.content.decode()
