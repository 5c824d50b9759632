"""Each deadline type: created from the right data, moved when the data changes, closed when the
condition is met. Time travel: `vandaag` is passed into the services."""

import datetime as dt
from decimal import Decimal

import pytest

from cases import services as case_services
from cases.models import TijdlijnGebeurtenis
from inburgering.models import RegelInstelling
from termijnen.models import HerberekenVerzoek, Termijn
from termijnen.services import verzoeken_verwerken
from tests.pip.scenario import INHOUD, intake_afronden, met_datums, vastgesteld

from .scenario import D, de_termijn, herbereken, om, open_termijnen

pytestmark = pytest.mark.django_db


def verwerk(vandaag):
    """What happens after a request or in the beat task: recompute the changed cases."""
    return verzoeken_verwerken(vandaag=vandaag, nu=om(vandaag))


def titels(casus):
    return list(TijdlijnGebeurtenis.objects.filter(casus=casus).values_list("titel", flat=True))


WET_START = D(2022, 1, 1)


def instelling(code, waarde, gemeente=None, ingang=WET_START):
    RegelInstelling.objects.update_or_create(
        code=code, gemeente=gemeente, ingangsdatum=ingang, defaults={"waarde": Decimal(waarde)}
    )


@pytest.fixture
def c1(world):
    return world.users["c1"]


@pytest.fixture
def casus(world):
    # DUO kennisgeving 2 January 2023, BRP inschrijving 31 January 2023 (the later one starts the PIP term)
    return met_datums(world.cases["eigen"])


@pytest.fixture
def met_pip(casus, c1):
    """The first PIP vastgesteld on 1 March 2023: termijn 2 March 2023 - 1 March 2026, switch until 1 September 2024."""
    intake_afronden(casus, c1)
    vastgesteld(casus, c1, dagtekening=D(2023, 3, 1))
    verwerk(D(2023, 3, 1))
    return casus


# --------------------------------------------------------------------------------------------
# PIP
# --------------------------------------------------------------------------------------------


def test_pip_deadline_created_moved_and_closed_by_the_first_pip(casus, c1):
    herbereken(casus, D(2023, 2, 1))
    t = de_termijn(casus, "pip_wettelijk")
    assert (t.uiterlijk, t.signaal_op, t.te_laat_op) == (D(2023, 4, 11), D(2023, 3, 28), D(2023, 4, 12))
    assert t.verantwoordelijke == c1
    assert t.url == f"/casussen/{casus.pk}/pip/nieuw/"
    assert "10 weken na de BRP-inschrijving (31-01-2023)" in t.omschrijving
    assert not open_termijnen(casus, "pip_lokaal")  # the local target equals the legal term: not repeated
    assert "Termijn: Wettelijke termijn PIP uiterlijk 11-04-2023" in titels(casus)

    # the BRP date is corrected through the service: the post_save hook asks for a recompute
    case_services.casus_bijwerken(casus=casus, data={"datum_brp_inschrijving": D(2023, 2, 14)}, door=c1)
    assert HerberekenVerzoek.objects.filter(casus_id=casus.pk).exists()
    verwerk(D(2023, 2, 20))
    assert not HerberekenVerzoek.objects.exists()
    t2 = de_termijn(casus, "pip_wettelijk")
    assert t2.pk == t.pk and t2.uiterlijk == D(2023, 4, 25)
    assert "Termijn verschoven: Wettelijke termijn PIP uiterlijk 25-04-2023 (was 11-04-2023)" in titels(casus)

    # a concept: the link goes to the concept
    from pip import services as pip_services

    concept = pip_services.pip_concept_aanmaken(casus=casus, door=c1)
    verwerk(D(2023, 2, 21))
    assert de_termijn(casus, "pip_wettelijk").url == f"/casussen/{casus.pk}/pip/{concept.pk}/bewerken/"

    intake_afronden(casus, c1)
    pip_services.pip_concept_bijwerken(versie=concept, data=INHOUD, door=c1)
    pip_services.pip_vaststellen(versie=concept, dagtekening=D(2023, 3, 1), ondertekend_op=D(2023, 3, 1), door=c1)
    verwerk(D(2023, 3, 1))
    assert not open_termijnen(casus, "pip_wettelijk")
    gesloten = Termijn.objects.get(pk=t.pk)
    assert gesloten.gesloten_op is not None and gesloten.sluitreden == "Voldaan of niet meer van toepassing"
    assert "Termijn afgerond: Wettelijke termijn PIP" in titels(casus)


def test_local_target_beside_the_legal_term_per_gemeente(casus, world):
    instelling("pip_lokale_norm_weken", 6, gemeente=world.gemeente_a)
    herbereken(casus, D(2023, 2, 1))
    assert de_termijn(casus, "pip_lokaal").uiterlijk == D(2023, 3, 14)  # 31 January + 6 weeks
    assert de_termijn(casus, "pip_wettelijk").uiterlijk == D(2023, 4, 11)
    # another gemeente keeps the national value: no separate target there
    other = met_datums(world.cases["ander"])
    herbereken(other, D(2023, 2, 1))
    assert not open_termijnen(other, "pip_lokaal")


def test_algemene_termijnenwet_shifts_the_legal_term_not_the_local_target(world):
    instelling("pip_lokale_norm_weken", 6, gemeente=world.gemeente_a)
    # BRP Saturday 4 February 2023: + 10 weeks = Saturday 15 April, + 6 weeks = Saturday 18 March
    casus = met_datums(world.cases["eigen"], kennisgeving=D(2023, 1, 2), brp=D(2023, 2, 4))
    herbereken(casus, D(2023, 2, 5))
    wettelijk = de_termijn(casus, "pip_wettelijk")
    assert (wettelijk.berekend, wettelijk.uiterlijk) == (D(2023, 4, 15), D(2023, 4, 17))
    assert "Algemene termijnenwet" in wettelijk.omschrijving
    lokaal = de_termijn(casus, "pip_lokaal")
    assert lokaal.berekend == lokaal.uiterlijk == D(2023, 3, 18)
    # the setting is per deadline type (and per gemeente): switched off, the legal term is not shifted
    instelling("termijnenwet_pip_wettelijk", 0, gemeente=world.gemeente_a)
    herbereken(casus, D(2023, 2, 6))
    assert de_termijn(casus, "pip_wettelijk").uiterlijk == D(2023, 4, 15)


def test_no_pip_deadline_without_start_dates(world):
    herbereken(world.cases["eigen"], D(2023, 2, 1))  # neither kennisgeving nor BRP inschrijving known
    assert not open_termijnen(world.cases["eigen"])


# --------------------------------------------------------------------------------------------
# Leerbaarheidstoets
# --------------------------------------------------------------------------------------------


def test_leerbaarheidstoets_not_planned_some_weeks_after_brp(casus, c1, world):
    from intake import services as intake_services

    herbereken(casus, D(2023, 2, 1))
    t = de_termijn(casus, "lbt_plannen")
    assert t.uiterlijk == D(2023, 2, 28)  # 31 January + 4 weeks (dated setting lbt_plannen_weken)
    assert t.url == f"/casussen/{casus.pk}/leerbaarheidstoets/"
    # the setting changes for the gemeente: the deadline moves
    instelling("lbt_plannen_weken", 6, gemeente=world.gemeente_a)
    herbereken(casus, D(2023, 2, 2))
    assert de_termijn(casus, "lbt_plannen").uiterlijk == D(2023, 3, 14)
    # planned: closed
    intake_services.leerbaarheidstoets_opslaan(casus=casus, data={"gepland_op": D(2023, 2, 20)}, door=c1)
    verwerk(D(2023, 2, 3))
    assert not open_termijnen(casus, "lbt_plannen")


# --------------------------------------------------------------------------------------------
# Leerroutes: voortgangsgesprek, schakelen, end of the termijn
# --------------------------------------------------------------------------------------------


def test_voortgangsgesprek_due_moves_when_one_is_held(met_pip, c1):
    from leerroutes import services as lr_services

    casus = met_pip
    t = de_termijn(casus, "voortgangsgesprek")
    assert t.uiterlijk == D(2023, 4, 2)  # monthly from the start of the termijn (2 March 2023)
    assert t.url == f"/casussen/{casus.pk}/uitvoering/voortgangsgesprekken/nieuw/"
    lr_services.voortgangsgesprek_vastleggen(
        casus=casus, data={"datum": D(2023, 3, 30), "afspraken": "Volgende maand examen lezen."}, door=c1
    )
    verwerk(D(2023, 3, 30))
    t2 = de_termijn(casus, "voortgangsgesprek")
    assert t2.pk == t.pk and t2.uiterlijk == D(2023, 4, 30)
    assert "het vorige was op 30-03-2023" in t2.omschrijving


def test_schakelen_window_warns_a_month_before_and_closes_after_the_last_day(met_pip):
    casus = met_pip
    t = de_termijn(casus, "schakelen")
    assert (t.uiterlijk, t.signaal_op, t.te_laat_op) == (D(2024, 9, 1), D(2024, 8, 1), None)
    assert t.url == f"/casussen/{casus.pk}/uitvoering/schakelen/"
    herbereken(casus, D(2024, 9, 1))
    assert open_termijnen(casus, "schakelen")  # the last day itself
    herbereken(casus, D(2024, 9, 2))
    assert not open_termijnen(casus, "schakelen")


def test_end_of_termijn_warnings_while_route_map_or_pvt_open(met_pip, c1):
    from leerroutes.models import Examen, MapTraject, Participatieaanbieder, PvtTraject

    casus = met_pip
    t = de_termijn(casus, "termijn_eind")
    assert (t.vooraankondiging_op, t.signaal_op, t.uiterlijk, t.te_laat_op) == (
        D(2025, 9, 1),  # 6 months before
        D(2026, 1, 1),  # 2 months before
        D(2026, 3, 2),  # termijn_eind Sunday 1 March 2026: the Atw runs it to Monday
        D(2026, 3, 3),
    )
    assert t.omschrijving.startswith("Nog niet afgerond: leerroute (0 van 5 examenonderdelen behaald), MAP, PVT.")
    werkpunt = Participatieaanbieder.objects.create(naam="Werkpunt", biedt_map=True, biedt_pvt=True)
    MapTraject.objects.create(casus=casus, aanbieder=werkpunt, startdatum=D(2023, 5, 1), eindgesprek_op=D(2024, 5, 1))
    PvtTraject.objects.create(casus=casus, aanbieder=werkpunt, ondertekend_op=D(2023, 9, 1))
    for onderdeel in ("LE", "LU", "SC", "SP"):
        Examen.objects.create(
            casus=casus,
            onderdeel=onderdeel,
            niveau="B1",
            datum=D(2024, 6, 1),
            resultaat="geslaagd",
            poging=1,
            gratis=True,
            vastgelegd_door=c1,
        )
    verwerk(D(2025, 10, 1))
    t2 = de_termijn(casus, "termijn_eind")
    assert t2.pk == t.pk and t2.omschrijving.startswith(
        "Nog niet afgerond: leerroute (4 van 5 examenonderdelen behaald)."
    )
    # a pass below the PIP level does not count
    Examen.objects.create(
        casus=casus,
        onderdeel="KNM",
        niveau="",
        datum=D(2024, 6, 2),
        resultaat="geslaagd",
        poging=1,
        gratis=True,
        vastgelegd_door=c1,
    )
    verwerk(D(2025, 10, 2))
    assert not open_termijnen(casus, "termijn_eind")


def test_a_closed_case_closes_every_deadline(met_pip, c1):
    casus = met_pip
    assert {t.soort for t in open_termijnen(casus)} == {"voortgangsgesprek", "schakelen", "termijn_eind"}
    case_services.casus_status_wijzigen(
        casus=casus, naar="afgesloten", toelichting="Verhuisd naar het buitenland", door=c1
    )
    verwerk(D(2023, 6, 1))
    assert not open_termijnen(casus)
    assert set(Termijn.objects.filter(casus=casus).values_list("sluitreden", flat=True)) == {"Casus afgesloten"}


# --------------------------------------------------------------------------------------------
# Ontzorgen
# --------------------------------------------------------------------------------------------


def test_ontzorgen_evaluation_due_moves_and_closes(met_pip):
    from ontzorgen.models import Ontzorgen

    casus = met_pip
    o = Ontzorgen.objects.create(
        casus=casus, bijstand_vanaf=D(2023, 1, 31), minimale_maanden=6, minimaal_tot=D(2023, 7, 30),
        evaluatie_uiterlijk=D(2023, 7, 2), gestart_door=casus.consultant,
    )  # fmt: skip
    verwerk(D(2023, 3, 2))
    t = de_termijn(casus, "ontzorgen_evaluatie")
    assert (t.uiterlijk, t.signaal_op) == (D(2023, 7, 2), D(2023, 6, 18))
    assert t.url.startswith(f"/casussen/{casus.pk}/")
    o.verlengd_tot, o.evaluatie_uiterlijk = D(2024, 1, 30), D(2024, 1, 2)  # extended: evaluate before the new end
    o.save()
    verwerk(D(2023, 7, 1))
    assert de_termijn(casus, "ontzorgen_evaluatie").uiterlijk == D(2024, 1, 2)
    o.einddatum, o.evaluatie_uiterlijk = D(2024, 1, 30), None  # decided to stop: nothing more to evaluate
    o.save()
    verwerk(D(2024, 1, 2))
    assert not open_termijnen(casus, "ontzorgen_evaluatie")


# --------------------------------------------------------------------------------------------
# Handhaving
# --------------------------------------------------------------------------------------------


@pytest.fixture
def gezin(world):
    from tests.handhaving.scenario import met_pip as hh_met_pip

    return hh_met_pip(world.cases["eigen"], doelgroep="gezinsmigrant")


def test_warning_follow_up_then_fine_payment_then_bezwaar_decision(gezin, c1):
    from handhaving import services as hh
    from tests.handhaving.scenario import GEWAARSCHUWD, OPGELEGD, VOORNEMEN, ZIENSWIJZE, procedure_tot

    procedure = procedure_tot(gezin, c1, "gewaarschuwd")
    verwerk(D(2025, 3, 7))
    w = de_termijn(gezin, "waarschuwing_opvolgen")
    assert w.uiterlijk == GEWAARSCHUWD + dt.timedelta(weeks=4)  # dated setting waarschuwing_opvolgen_weken
    assert w.sleutel == f"waarschuwing-{procedure.pk}"
    assert w.url.startswith(f"/casussen/{gezin.pk}/")

    procedure = hh.voornemen_vastleggen(procedure=procedure, datum=VOORNEMEN, door=c1)
    verwerk(VOORNEMEN)
    assert not open_termijnen(gezin, "waarschuwing_opvolgen")  # followed up by the voornemen

    procedure = hh.zienswijze_vastleggen(
        procedure=procedure, soort="schriftelijk", datum=ZIENSWIJZE, samenvatting="Geen oppas.", door=c1
    )
    beschikking = hh.boete_opleggen(procedure=procedure, dagtekening=OPGELEGD, door=c1)
    verwerk(OPGELEGD)
    b = de_termijn(gezin, "boete_betalen")
    assert b.berekend == beschikking.betalen_voor == D(2025, 5, 27)
    assert (b.uiterlijk, b.signaal_op, b.te_laat_op) == (D(2025, 5, 27), None, D(2025, 5, 28))  # only 'te laat'

    bezwaar = hh.bezwaar_registreren(
        casus=gezin, ontvangen_op=D(2025, 5, 1), gronden="Te hoog.", boetebeschikking=beschikking, door=c1
    )
    verwerk(D(2025, 5, 1))
    assert not open_termijnen(gezin, "boete_betalen")  # in bezwaar: no payment reminder
    bz = de_termijn(gezin, "bezwaar_beslissen")
    assert bz.berekend == bezwaar.beslissen_voor and bz.sleutel == f"bezwaar-{bezwaar.pk}"
    hh.bezwaar_horen(bezwaar=bezwaar, datum=D(2025, 5, 20), verslag="Indiener gehoord.", door=c1)
    hh.bezwaar_beslissen(
        bezwaar=bezwaar,
        uitkomst="ongegrond",
        beslist_op=D(2025, 6, 1),
        motivering="Bedrag klopt.",
        gevolg="geen",
        door=c1,
    )
    verwerk(D(2025, 6, 1))
    assert not open_termijnen(gezin, "bezwaar_beslissen")
    assert de_termijn(gezin, "boete_betalen").uiterlijk == D(2025, 5, 27)  # the fine stands again


def test_recompute_twice_changes_nothing(met_pip):
    casus = met_pip
    voor = list(Termijn.objects.filter(casus=casus).order_by("pk").values())
    n_tijdlijn = TijdlijnGebeurtenis.objects.filter(casus=casus).count()
    r = herbereken(casus, D(2023, 3, 1))
    assert (r.aangemaakt, r.verschoven, r.bijgewerkt, r.gesloten) == (0, 0, 0, 0)
    assert list(Termijn.objects.filter(casus=casus).order_by("pk").values()) == voor
    assert TijdlijnGebeurtenis.objects.filter(casus=casus).count() == n_tijdlijn


# --------------------------------------------------------------------------------------------
# Moved when the data (or a dated setting) changes: the types not moved above
# --------------------------------------------------------------------------------------------


def test_local_target_moves_with_its_setting_and_closes_with_the_pip(casus, c1, world):
    instelling("pip_lokale_norm_weken", 6, gemeente=world.gemeente_a)
    herbereken(casus, D(2023, 2, 1))
    t = de_termijn(casus, "pip_lokaal")
    instelling("pip_lokale_norm_weken", 8, gemeente=world.gemeente_a)
    herbereken(casus, D(2023, 2, 2))
    assert de_termijn(casus, "pip_lokaal").pk == t.pk
    assert de_termijn(casus, "pip_lokaal").uiterlijk == D(2023, 3, 28)  # 31 January + 8 weeks
    intake_afronden(casus, c1)
    vastgesteld(casus, c1, dagtekening=D(2023, 3, 1))
    verwerk(D(2023, 3, 1))
    assert not open_termijnen(casus, "pip_lokaal")


def test_switch_window_and_end_of_termijn_move_with_the_pip(met_pip):
    from pip.models import PipVersie

    casus = met_pip
    schakelen, eind = de_termijn(casus, "schakelen"), de_termijn(casus, "termijn_eind")
    # e.g. a corrected first PIP (its termijn and last day to switch are stored on the version)
    PipVersie.objects.filter(casus=casus).update(termijn_eind=D(2026, 9, 1), laatste_dag_schakelen=D(2024, 10, 1))
    herbereken(casus, D(2023, 4, 1))
    assert de_termijn(casus, "schakelen").pk == schakelen.pk
    assert de_termijn(casus, "schakelen").uiterlijk == D(2024, 10, 1)
    assert de_termijn(casus, "termijn_eind").pk == eind.pk
    assert de_termijn(casus, "termijn_eind").uiterlijk == D(2026, 9, 1)  # a Tuesday: no Atw shift
    assert de_termijn(casus, "termijn_eind").vooraankondiging_op == D(2026, 3, 1)


def test_handhaving_deadlines_move_with_their_data_and_settings(gezin, c1, world):
    from handhaving import services as hh
    from handhaving.models import Bezwaar, Boetebeschikking
    from tests.handhaving.scenario import GEWAARSCHUWD, procedure_tot

    procedure_tot(gezin, c1, "gewaarschuwd")
    verwerk(GEWAARSCHUWD)
    instelling("waarschuwing_opvolgen_weken", 6, gemeente=world.gemeente_a)
    herbereken(gezin, GEWAARSCHUWD)
    assert de_termijn(gezin, "waarschuwing_opvolgen").uiterlijk == GEWAARSCHUWD + dt.timedelta(weeks=6)

    from handhaving.models import Handhavingsprocedure

    p = Handhavingsprocedure.objects.get(casus=gezin)
    p = hh.voornemen_vastleggen(procedure=p, datum=D(2025, 4, 1), door=c1)
    p = hh.zienswijze_vastleggen(procedure=p, soort="schriftelijk", datum=D(2025, 4, 10), samenvatting="-", door=c1)
    beschikking = hh.boete_opleggen(procedure=p, dagtekening=D(2025, 4, 15), door=c1)
    verwerk(D(2025, 4, 15))
    Boetebeschikking.objects.filter(pk=beschikking.pk).update(betalen_voor=D(2025, 6, 3))  # a corrected date
    herbereken(gezin, D(2025, 4, 16))
    assert de_termijn(gezin, "boete_betalen").uiterlijk == D(2025, 6, 3)

    bezwaar = hh.bezwaar_registreren(
        casus=gezin, ontvangen_op=D(2025, 5, 1), gronden="-", boetebeschikking=beschikking, door=c1
    )
    verwerk(D(2025, 5, 1))
    Bezwaar.objects.filter(pk=bezwaar.pk).update(beslissen_voor=D(2025, 8, 16))  # 12 weeks: advisory committee
    herbereken(gezin, D(2025, 5, 2))
    t = de_termijn(gezin, "bezwaar_beslissen")
    assert (t.berekend, t.uiterlijk) == (D(2025, 8, 16), D(2025, 8, 18))  # a Saturday: Awb term, Atw shift
