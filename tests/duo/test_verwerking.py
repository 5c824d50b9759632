"""Replay of a notification per gebeurtenisId, through the Notificatie API and the processing task's
service, against the simulator: the expected effect on the register, once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from cases import services as case_services
from cases.models import Casus, Inburgeraar, StatusOvergang, TijdlijnGebeurtenis
from duo import services
from duo.client import DuoOnbereikbaar
from duo.models import DuoInstelling, DuoStand, Notificatie
from intake.models import Leerbaarheidstoets
from tests.conftest import _valid_bsn
from tests.duo.conftest import OIN_B, notificatie_posten

pytestmark = pytest.mark.django_db

NIEUW = "990007819"  # in the simulator's fixtures, not in the register
GEZIN = "990010053"
MET_PIP = "990043563"


def replay(client, gebeurtenis, bsn, **kwargs) -> Notificatie:
    bericht_id = kwargs.pop("bericht_id", None) or str(uuid.uuid4())
    r = notificatie_posten(client, gebeurtenis=gebeurtenis, bsn=bsn, bericht_id=bericht_id, **kwargs)
    assert r.status_code == 201
    n = Notificatie.objects.get(bericht_id=bericht_id)
    return services.notificatie_verwerken(notificatie_id=n.pk)


def duo_tijdlijn(casus):
    return list(TijdlijnGebeurtenis.objects.filter(casus=casus, soort="duo", titel__startswith="DUO:"))


def naar_status(casus, *statussen):
    for status in statussen:
        casus = case_services.casus_status_wijzigen(casus=casus, naar=status, door=casus.consultant, toelichting="test")
    return casus


# --- new or updated case --------------------------------------------------------------------


@pytest.mark.parametrize("gebeurtenis", ["SS101", "SS128", "SS139", "SS129"])
def test_a_new_plicht_for_an_unknown_bsn_opens_a_case_in_the_standaardteam(duo_world, duo_url, client, gebeurtenis):
    n = replay(client, gebeurtenis, NIEUW)
    assert n.status == Notificatie.Status.VERWERKT, n.resultaat
    persoon = Inburgeraar.objects.get(bsn_hmac=n.bsn_hmac)
    assert services.persoon_onvolledig(persoon)  # name and birth date come from the BRP
    casus = Casus.objects.get(inburgeraar=persoon)
    assert (casus.gemeente, casus.team, casus.consultant) == (
        duo_world.gemeente_a,
        duo_world.team1,
        duo_world.users["c2"],
    )
    assert casus.doelgroep == "asielstatushouder" and casus.status == "aangemeld"
    assert casus.datum_kennisgeving == dt.date(2025, 9, 15)  # DUO's datumKennisgevingInburgeringsplicht
    assert StatusOvergang.objects.get(casus=casus).toelichting == f"Casus aangemaakt op DUO-notificatie {gebeurtenis}"
    assert n.casus == casus
    assert DuoStand.objects.get(casus=casus).plicht is True
    if gebeurtenis == "SS139":  # the 10-week term starts at COA-uitstroom: the settlement in the gemeente
        assert casus.datum_brp_inschrijving == dt.date(2026, 5, 4)
        assert "PIP uiterlijk vaststellen op 13 juli 2026" in n.resultaat
    else:
        assert casus.datum_brp_inschrijving is None
        assert "PIP uiterlijk vaststellen op 24 november 2025" in n.resultaat  # kennisgeving + 10 weeks
    [regel] = duo_tijdlijn(casus)
    assert gebeurtenis in regel.titel and regel.door is None


def test_a_new_plicht_for_a_known_person_updates_the_case(duo_world, duo_url, client):
    casus = duo_world.cases["eigen"]
    n = replay(client, "SS101", _valid_bsn(1))
    casus.refresh_from_db()
    assert casus.datum_kennisgeving == dt.date(2025, 9, 15)
    assert Casus.objects.filter(inburgeraar=casus.inburgeraar).count() == 1
    assert "datum kennisgeving" in n.resultaat and n.casus == casus


def test_the_doelgroep_of_a_new_case_follows_duo(duo_world, duo_url, client):
    n = replay(client, "SS101", GEZIN)
    assert n.casus.doelgroep == "gezinsmigrant"


def test_settled_without_pip_records_the_settlement(duo_world, duo_url, client):
    casus = duo_world.cases["eigen"]
    n = replay(client, "SS120", _valid_bsn(1))
    casus.refresh_from_db()
    assert casus.datum_brp_inschrijving == dt.date(2026, 5, 4)
    assert "Gevestigd zonder PIP" in n.resultaat


def test_settled_with_a_previous_gemeentes_pip_brings_that_pip_and_termijn(duo_world, duo_url, client):
    n = replay(client, "SS121", MET_PIP)
    assert n.status == Notificatie.Status.VERWERKT, n.resultaat
    stand = DuoStand.objects.get(casus=n.casus)
    assert (stand.pip_gemeentecode, stand.pip_leerroute, stand.pip_niveau) == ("0202", "B", "B1")
    assert stand.pip_dagtekening == dt.date(2024, 3, 1)
    assert (stand.termijn_start, stand.termijn_einddatum) == (dt.date(2024, 3, 2), dt.date(2027, 3, 2))
    assert "gemeentecode 0202" in n.resultaat and "de termijn loopt door" in n.resultaat
    assert "PIP uiterlijk vaststellen" not in n.resultaat  # the person already has a PIP


def test_resumed_plicht_with_a_known_pip(duo_world, duo_url, client, sim):
    sim.personen[_valid_bsn(1)].update(
        pip={"gemeentecode": "0001", "pip": {"dagtekeningPip": "2025-11-01", "leerroute": "Z"}},
        termijn={"startdatum": "2025-11-02", "einddatum": "2028-11-02"},
    )
    n = replay(client, "SS130", _valid_bsn(1))
    stand = DuoStand.objects.get(casus=duo_world.cases["eigen"])
    assert stand.pip_leerroute == "Z" and stand.termijn_einddatum == dt.date(2028, 11, 2)
    assert n.status == Notificatie.Status.VERWERKT


def test_a_new_plicht_without_a_standaardteam_waits_for_the_beheerder(duo_world, duo_url, client):
    DuoInstelling.objects.filter(gemeente=duo_world.gemeente_a).update(standaard_team=None, standaard_consultant=None)
    n = replay(client, "SS101", NIEUW)
    assert n.status == Notificatie.Status.AANDACHT and "standaardteam" in n.resultaat
    assert not Inburgeraar.objects.filter(bsn_hmac=n.bsn_hmac).exists()
    DuoInstelling.objects.filter(gemeente=duo_world.gemeente_a).update(standaard_team=duo_world.team1)
    services.notificatie_opnieuw_verwerken(notificatie=n, door=duo_world.users["fb"])
    n = services.notificatie_verwerken(notificatie_id=n.pk)
    assert n.status == Notificatie.Status.VERWERKT and n.casus.team == duo_world.team1


def test_a_person_with_an_active_case_elsewhere_is_not_given_a_second_case(duo_world, duo_url, client):
    ander = duo_world.cases["ander"]  # gemeente B
    n = replay(client, "SS120", _valid_bsn(3))
    assert n.status == Notificatie.Status.AANDACHT and "Gemeente B" in n.resultaat
    assert Casus.objects.filter(inburgeraar=ander.inburgeraar).count() == 1
    assert TijdlijnGebeurtenis.objects.filter(casus=ander, soort="duo").exists()


# --- termijn, leerbaarheidstoets, doelgroep ---------------------------------------------------


@pytest.mark.parametrize("gebeurtenis", ["SS102", "SS103", "SS104"])
def test_termijn_dates_come_from_duo(duo_world, duo_url, client, sim, gebeurtenis):
    sim.personen[_valid_bsn(1)]["termijn"] = {
        "startdatum": "2025-12-02",
        "einddatum": "2029-06-02",
        "verlengingsgrondcode": "2",
        "verlengingsgrondomschrijving": "Ziekte langer dan 3 maanden",
    }
    n = replay(client, gebeurtenis, _valid_bsn(1))
    stand = DuoStand.objects.get(casus=duo_world.cases["eigen"])
    assert (stand.termijn_start, stand.termijn_einddatum) == (dt.date(2025, 12, 2), dt.date(2029, 6, 2))
    assert stand.verlengingsgrond == "Ziekte langer dan 3 maanden"
    assert "tot en met 1 juni 2029" in n.resultaat  # DUO's einddatum is exclusive


def test_a_termijn_duo_does_not_know_yet_asks_for_attention(duo_world, duo_url, client):
    n = replay(client, "SS102", _valid_bsn(1))
    assert n.status == Notificatie.Status.AANDACHT


def test_lbt_aangemeld_plans_the_test(duo_world, duo_url, client):
    replay(client, "SS137", _valid_bsn(1))
    toets = Leerbaarheidstoets.objects.get(casus=duo_world.cases["eigen"])
    assert toets.gepland_op == dt.date(2026, 5, 4) and toets.score is None
    assert DuoStand.objects.get(casus=duo_world.cases["eigen"]).lbt_examennummer == "LBT000000042"


def test_lbt_result_is_fetched_and_recorded(duo_world, duo_url, client, sim):
    sim.personen[_valid_bsn(1)]["lbt"]["resultaten"] = [
        {
            "resultaat": "B1-route niet haalbaar",
            "behaaldeScore": "22,00",
            "benodigdeScore": "28,00",
            "datumAfname": "2025-10-01",
        },
        {
            "resultaat": "B1-route haalbaar",
            "behaaldeScore": "30,00",
            "benodigdeScore": "28,00",
            "datumAfname": "2026-04-20",
        },
    ]
    n = replay(client, "SS131", _valid_bsn(1))
    toets = Leerbaarheidstoets.objects.get(casus=duo_world.cases["eigen"])
    assert (toets.afgenomen_op, toets.score, toets.drempel, toets.haalbaar) == (dt.date(2026, 4, 20), 30, 28, True)
    assert "B1-route haalbaar" in n.resultaat


def test_lbt_result_does_not_overwrite_an_exemption(duo_world, duo_url, client, sim):
    Leerbaarheidstoets.objects.create(
        casus=duo_world.cases["eigen"], vrijstelling="visueel", vrijstelling_reden="Blind"
    )
    sim.personen[_valid_bsn(1)]["lbt"]["resultaten"] = [
        {
            "resultaat": "B1-route haalbaar",
            "behaaldeScore": "30,00",
            "benodigdeScore": "28,00",
            "datumAfname": "2026-04-20",
        }
    ]
    n = replay(client, "SS131", _valid_bsn(1))
    assert n.status == Notificatie.Status.AANDACHT
    assert Leerbaarheidstoets.objects.get(casus=duo_world.cases["eigen"]).score is None


@pytest.mark.parametrize(
    "gebeurtenis, indeling, gedetailleerd, verwacht",
    [
        ("SS124", "Gezinsmigrant en overige migrant", "Overig", "overige_migrant"),
        ("SS124", "Gezinsmigrant en overige migrant", "Gezinsvormer", "gezinsmigrant"),
        ("SS125", "Asielstatushouder", "Gezinshereniger met Asielstatushouder", "gezinslid_asielstatushouder"),
    ],
)
def test_doelgroep_change(duo_world, duo_url, client, sim, gebeurtenis, indeling, gedetailleerd, verwacht):
    sim.personen[_valid_bsn(1)]["doelgroep"] = {"indeling": indeling, "gedetailleerdeDoelgroep": gedetailleerd}
    n = replay(client, gebeurtenis, _valid_bsn(1))
    casus = Casus.objects.get(pk=duo_world.cases["eigen"].pk)
    assert casus.doelgroep == verwacht
    assert "Doelgroep gewijzigd" in n.resultaat


# --- plicht ended or paused ------------------------------------------------------------------

UITVOERING = ("intake", "pip_in_voorbereiding", "uitvoering")


@pytest.mark.parametrize(
    "gebeurtenis, pad, status, actief, reden",
    [
        ("SS106", UITVOERING, "afronding", True, "diploma behaald"),  # voldaan: complete, then close
        ("SS107", UITVOERING, "afronding", True, "gehele vrijstelling"),
        ("SS108", UITVOERING, "afronding", True, "gehele ontheffing"),
        ("SS106", (), "afgesloten", False, "diploma behaald"),  # voldaan before any PIP: closed
        ("SS109", ("intake",), "opgeschort", True, "Tijdelijke vrijstelling"),  # paused
        ("SS110", UITVOERING, "afronding", True, "ingetrokken"),  # ended: complete the administration
        ("SS111", UITVOERING, "afgesloten", False, "overleden"),
    ],
)
def test_plicht_ended_or_paused_with_reason(duo_world, duo_url, client, sim, gebeurtenis, pad, status, actief, reden):
    sim.personen[_valid_bsn(1)]["inburgeringsplicht"] = {
        "indicatorInburgeringsplicht": gebeurtenis == "SS109",
        "begindatum": "2025-09-01",
        "einddatum": "2026-05-01",
        "redenGeenInburgeringsplicht": "Inburgeringsplicht voldaan",
    }
    casus = naar_status(duo_world.cases["eigen"], *pad)
    n = replay(client, gebeurtenis, _valid_bsn(1))
    casus.refresh_from_db()
    assert (casus.status, casus.actief) == (status, actief)
    overgang = StatusOvergang.objects.filter(casus=casus).latest("pk")
    assert overgang.naar == status and reden.lower() in overgang.toelichting.lower() and overgang.door is None
    assert gebeurtenis in overgang.toelichting
    assert n.status == Notificatie.Status.VERWERKT


def test_a_status_the_workflow_does_not_allow_stays_and_asks_for_attention(duo_world, duo_url, client):
    casus = naar_status(duo_world.cases["eigen"], "intake", "opgeschort")
    n = replay(client, "SS106", _valid_bsn(1))
    casus.refresh_from_db()
    assert casus.status == "opgeschort" and n.status == Notificatie.Status.AANDACHT


def test_exam_result_is_summarised(duo_world, duo_url, client, sim):
    sim.personen[_valid_bsn(1)]["examens"] = [
        {"examendatum": "2026-03-10", "resultaat": "Geslaagd", "onderdeel": "KNM"},
        {"examendatum": "2026-03-10", "resultaat": "Gezakt", "onderdeel": "LE", "niveau": "B1"},
        {"examendatum": "2025-12-01", "resultaat": "Gezakt", "onderdeel": "KNM"},
    ]
    n = replay(client, "SS199", _valid_bsn(1))
    assert "Examen van 10 maart 2026: KNM geslaagd, LE B1 gezakt." in n.resultaat
    assert len(DuoStand.objects.get(casus=duo_world.cases["eigen"]).examens) == 3


@pytest.mark.parametrize("gebeurtenis", ["SS113", "SS114", "SS115", "SS116", "SS117", "SS118", "SS119"])
def test_decisions_on_requests_go_on_the_timeline(duo_world, duo_url, client, gebeurtenis):
    n = replay(client, gebeurtenis, _valid_bsn(1))
    assert n.status == Notificatie.Status.VERWERKT
    assert duo_tijdlijn(duo_world.cases["eigen"])[0].titel.endswith(f"({gebeurtenis})")


def test_a_notification_for_a_person_without_a_case_asks_for_attention(duo_world, duo_url, client):
    n = replay(client, "SS102", NIEUW)
    assert n.status == Notificatie.Status.AANDACHT and "niet bekend" in n.resultaat


# --- exactly one effect -----------------------------------------------------------------------


def test_the_same_berichtid_twice_has_one_effect(duo_world, duo_url, client):
    bericht_id = str(uuid.uuid4())
    for _ in range(2):
        assert notificatie_posten(client, gebeurtenis="SS101", bsn=NIEUW, bericht_id=bericht_id).status_code == 201
    n = Notificatie.objects.get(bericht_id=bericht_id)
    for _ in range(2):  # a task delivered twice
        services.notificatie_verwerken(notificatie_id=n.pk)
    persoon = Inburgeraar.objects.get(bsn_hmac=n.bsn_hmac)
    casus = Casus.objects.get(inburgeraar=persoon)
    assert len(duo_tijdlijn(casus)) == 1 and StatusOvergang.objects.filter(casus=casus).count() == 1


def test_the_same_gebeurtenis_again_with_a_new_berichtid_does_not_open_a_second_case(duo_world, duo_url, client):
    eerste = replay(client, "SS101", NIEUW)
    tweede = replay(client, "SS101", NIEUW)
    assert eerste.casus == tweede.casus
    assert "al bijgewerkt" in tweede.resultaat


def test_when_duo_cannot_answer_the_notification_waits_and_is_processed_later(
    duo_world, duo_plat, client, sim, settings
):
    from duo import tasks
    from duo.simulator import draaien

    r = notificatie_posten(client, gebeurtenis="SS101", bsn=NIEUW)
    assert r.status_code == 201
    n = Notificatie.objects.get()
    with pytest.raises(DuoOnbereikbaar):
        services.notificatie_verwerken(notificatie_id=n.pk)
    wacht = services.notificatie_uitstellen(notificatie_id=n.pk, fout="DUO is niet bereikbaar.")
    n.refresh_from_db()
    assert (n.status, n.pogingen, wacht) == (Notificatie.Status.ONTVANGEN, 1, 30)
    assert not Inburgeraar.objects.filter(bsn_hmac=n.bsn_hmac).exists()
    later = n.volgende_poging_op + dt.timedelta(seconds=1)
    assert services.sweep(nu=later)["notificaties"] == [n.pk]
    with draaien(sim) as url:
        settings.DUO_API_URL = url
        assert tasks.notificatie_verwerken.run(n.pk) == Notificatie.Status.VERWERKT
    assert Inburgeraar.objects.filter(bsn_hmac=n.bsn_hmac).count() == 1


def test_the_task_retries_with_backoff_when_duo_is_down(duo_world, duo_plat, client, monkeypatch):
    from celery.exceptions import Retry

    from duo import tasks

    notificatie_posten(client, gebeurtenis="SS101", bsn=NIEUW)
    n = Notificatie.objects.get()
    gevraagd = {}

    def retry(**kwargs):
        gevraagd.update(kwargs)
        return Retry()

    monkeypatch.setattr(tasks.notificatie_verwerken, "retry", retry)
    with pytest.raises(Retry):
        tasks.notificatie_verwerken.run(n.pk)
    assert gevraagd["countdown"] == 30
    with pytest.raises(Retry):
        tasks.notificatie_verwerken.run(n.pk)
    assert gevraagd["countdown"] == 60  # doubled


def test_gemeente_b_gets_its_own_case_only_with_its_own_standaardteam(duo_world, duo_url, client):
    n = replay(client, "SS101", NIEUW, doel=OIN_B)
    assert n.status == Notificatie.Status.AANDACHT and "Gemeente B" in n.resultaat
