"""Pure rules of the DUO exchange, from tables (one comment per row names the rule)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from duo import rules, spec

D = dt.date


# --- gebeurtenissen ----------------------------------------------------------------------------


def test_every_gebeurtenis_of_duos_list_is_known(settings):
    """Gebeurtenissen.md lists what DUO may notify; every listed gebeurtenisId has an effect here."""
    if not spec.beschikbaar():
        pytest.skip(spec.reden_afwezig())
    tekst = (spec.specs_dir() / "Gebeurtenissen" / "Gebeurtenissen.md").read_text("utf-8")
    genoemd = set(re.findall(r"^\|\s*(SS\d{3})\s*\|", tekst, flags=re.M))
    assert genoemd and genoemd <= set(rules.GEBEURTENISSEN), sorted(genoemd - set(rules.GEBEURTENISSEN))


@pytest.mark.parametrize(
    "code, effect",
    [
        ("SS101", rules.NIEUWE_PLICHT),  # new plicht
        ("SS128", rules.NIEUWE_PLICHT),  # new plicht, AOW within 6 months
        ("SS139", rules.NIEUWE_PLICHT),  # new plicht, 10-week term started
        ("SS120", rules.VESTIGING_ZONDER_PIP),  # settled without PIP
        ("SS121", rules.VESTIGING_MET_PIP),  # settled with the previous gemeente's PIP
        ("SS102", rules.TERMIJN),  # termijn started
        ("SS137", rules.LBT_AANGEMELD),  # leerbaarheidstoets planned
        ("SS131", rules.LBT_RESULTAAT),  # leerbaarheidstoets result
        ("SS124", rules.DOELGROEP),  # doelgroep changed
        ("SS109", rules.PLICHT_GEPAUZEERD),  # tijdelijke vrijstelling
        ("SS111", rules.OVERLEDEN),  # died
    ],
)
def test_gebeurtenis_effect(code, effect):
    assert rules.gebeurtenis(code).effect == effect


def test_an_unknown_code_is_no_gebeurtenis():
    assert rules.gebeurtenis("SS999") is None and rules.gebeurtenis("SS126") is None  # attentiesignaal: other API


@pytest.mark.parametrize(
    "effect, huidige, verwacht",
    [
        (rules.PLICHT_VOLDAAN, "uitvoering", "afronding"),  # voldaan during the leerroute: afronding
        (rules.PLICHT_VOLDAAN, "intake", "afgesloten"),  # voldaan before a PIP: nothing to complete
        (rules.PLICHT_VOLDAAN, "opgeschort", None),  # the workflow has no direct way: status stays
        (rules.PLICHT_VOLDAAN, "afronding", None),  # already there
        (rules.PLICHT_INGETROKKEN, "uitvoering", "afronding"),  # ended: complete the administration
        (rules.PLICHT_GEPAUZEERD, "uitvoering", "opgeschort"),  # paused
        (rules.PLICHT_GEPAUZEERD, "aangemeld", None),  # no suspension from aangemeld in the workflow
        (rules.OVERLEDEN, "uitvoering", "afgesloten"),  # died: closed
        (rules.OVERLEDEN, "afgesloten", None),  # already closed
        (rules.TERMIJN, "uitvoering", None),  # no status effect
    ],
)
def test_status_after_gebeurtenis(effect, huidige, verwacht):
    assert rules.status_na_gebeurtenis(effect, huidige) == verwacht


@pytest.mark.parametrize(
    "indeling, gedetailleerd, verwacht",
    [
        ("Asielstatushouder", "Asielstatushouder", "asielstatushouder"),  # art. 13-1-a
        ("Asielstatushouder", "Gezinsvormer met Asielstatushouder", "gezinslid_asielstatushouder"),  # 13-1-b
        ("Gezinsmigrant en overige migrant", "Gezinshereniger", "gezinsmigrant"),
        ("Gezinsmigrant en overige migrant", "Geestelijk bedienaar", "overige_migrant"),
        ("Gezinsmigrant en overige migrant", None, "overige_migrant"),
        (None, None, None),  # DUO gave nothing
    ],
)
def test_doelgroep_from_duo(indeling, gedetailleerd, verwacht):
    assert rules.doelgroep_uit_duo(indeling, gedetailleerd) == verwacht


# --- the Notificatie request ---------------------------------------------------------------------

UUID = "5f1f5a8e-3c1d-4c8e-9a57-0a4a1c9e2b10"


@pytest.mark.parametrize(
    "bron, doel, bericht_id, fouten",
    [
        ("0" * 20, "1" * 20, UUID, 0),  # all fine
        ("0" * 19, "1" * 20, UUID, 1),  # bron: OIN of 20
        ("0" * 20, None, UUID, 1),  # doel required
        ("0" * 20, "1" * 20, "123", 1),  # berichtId: uuid
        (None, None, None, 3),  # all required
    ],
)
def test_header_checks(bron, doel, bericht_id, fouten):
    assert len(rules.header_fouten(bron=bron, doel=doel, bericht_id=bericht_id)) == fouten


@pytest.mark.parametrize(
    "body, geldig",
    [
        ({"registratieDatumTijd": "2026-05-04T09:30:00+02:00", "gebeurtenisId": "SS101"}, True),  # minimal
        (
            {
                "registratieDatumTijd": "2026-05-04T07:30:00.123Z",
                "gebeurtenisId": "A",
                "bsn": "123456782",
                "vNummer": 9999999999,
            },
            True,
        ),  # all fields
        ({"registratieDatumTijd": "2026-05-04", "gebeurtenisId": "SS101"}, False),  # date, not date-time
        ({"registratieDatumTijd": "2026-13-04T09:30:00Z", "gebeurtenisId": "SS101"}, False),  # no 13th month
        ({"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": ""}, False),  # 1-6 characters
        ({"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101", "vNummer": True}, False),
        ({"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101", "vNummer": 10**10}, False),
        ({"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101", "bsn": "12345678a"}, False),
    ],
)
def test_notificatie_body(body, geldig):
    inhoud, fouten = rules.notificatie_parsen(body)
    assert (inhoud is not None, not fouten) == (geldig, geldig)


# --- values DUO returns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "waarde, verwacht",
    [("28,00", Decimal("28.00")), ("7,50", Decimal("7.50")), ("", None), (None, None), ("x", None)],
)
def test_score(waarde, verwacht):
    assert rules.score(waarde) == verwacht


def test_termijn_einddatum_is_exclusive():
    assert rules.laatste_dag(D(2027, 3, 2)) == D(2027, 3, 1)
    assert rules.laatste_dag(None) is None


def test_latest_lbt_result():
    r = [{"datumAfname": "2025-01-01", "x": 1}, {"datumAfname": "2025-06-01", "x": 2}, {"datumAfname": None}]
    assert rules.laatste_resultaat(r)["x"] == 2 and rules.laatste_resultaat([]) is None


# --- MAP / PVT (README §MAP, §PVT) ---------------------------------------------------------------

BASIS = dict(
    onderdeel="MAP",
    vandaag=D(2026, 6, 1),
    termijn_start=D(2023, 2, 1),
    termijn_eind=D(2026, 1, 31),
    zroute_afgerond_op=None,
    actuele_pip_eigen_gemeente=True,
    eerder_door_gemeente=False,
)


@pytest.mark.parametrize(
    "wijziging, reden",
    [
        ({"actuele_pip_eigen_gemeente": False}, "geen actueel PIP"),  # own current PIP required
        ({"bij_duo_van_ander": True}, "van een andere gemeente"),  # change only what you delivered
        ({"datum": None}, "niets in te trekken"),  # withdraw only what you delivered
        ({"plicht_voldaan_via_zroute": True}, "al voldaan via de Z-route"),  # not after the plicht is met
        ({"datum": D(2024, 1, 1), "zroute_afgerond_op": D(2023, 12, 1)}, "na de afronding van de Z-route"),
        (
            {"datum": None, "eerder_door_gemeente": True, "zroute_afgerond_op": D(2025, 1, 1), "verwijtbaar": "Ja"},
            "kan niet worden ingetrokken",
        ),  # no withdrawal after the Z-route
        ({"datum": D(2026, 6, 2)}, "in de toekomst"),  # never a future date
        ({"datum": D(2023, 1, 31)}, "vóór de start van de inburgeringstermijn"),
        ({"datum": D(2026, 3, 1)}, "overschreden: geef aan of dat verwijtbaar is"),  # exceeded: verwijtbaar required
        ({"datum": D(2025, 12, 1), "verwijtbaar": "Nee"}, "geef dan geen verwijtbaarheid op"),  # within: none
        ({"datum": D(2026, 3, 1), "verwijtbaar": "Nee"}, "'Verwijtbaar: nee' kan alleen"),  # Nee: ends within 2 mo
        (
            {"datum": None, "eerder_door_gemeente": True, "verwijtbaar": "Ja", "vandaag": D(2025, 12, 1)},
            "'Verwijtbaar: ja' kan alleen",
        ),  # Ja: only when exceeded
        ({"termijn_start": None, "termijn_eind": None}, "nog niet bekend"),
    ],
)
def test_map_pvt_rule_refuses(wijziging, reden):
    args = {**BASIS, "datum": D(2025, 12, 1), "verwijtbaar": None, **wijziging}
    assert any(reden in f for f in rules.map_pvt_fouten(**args)), rules.map_pvt_fouten(**args)


@pytest.mark.parametrize(
    "wijziging",
    [
        {"datum": D(2025, 12, 1)},  # within the termijn, no verwijtbaar
        {"datum": D(2026, 3, 1), "verwijtbaar": "Ja"},  # after the termijn, culpable
        {"datum": None, "eerder_door_gemeente": True, "verwijtbaar": "Nee", "vandaag": D(2025, 12, 15)},  # withdraw,
        # termijn ends within two months
        {"datum": D(2025, 12, 1), "zroute_afgerond_op": D(2025, 12, 20)},  # before the Z-route's completion
    ],
)
def test_map_pvt_accepted(wijziging):
    args = {**BASIS, "datum": D(2025, 12, 1), "verwijtbaar": None, **wijziging}
    assert rules.map_pvt_fouten(**args) == []


@pytest.mark.parametrize(
    "wijziging, reden",
    [
        ({"doelgroep": "gezinsmigrant"}, "alleen voor een asielstatushouder"),
        ({"pip_dagtekening": None}, "nog geen PIP"),
        ({"instelling_bekend": False}, "niet bekend bij DUO"),
        ({"bow_keurmerk": False}, "Blik op Werk"),
        ({"leerroute": "onderwijs"}, "taalschakelinstelling"),  # onderwijsroute: TST
        ({"datum_aanbod": D(2025, 1, 1)}, "vóór de dagtekening van het PIP"),
        ({"start": D(2025, 3, 1), "datum_aanbod": D(2025, 4, 1)}, "vóór de datum van het aanbod"),
        ({"einde": D(2025, 2, 10)}, "vóór de verwachte startdatum"),
        ({"einde": D(2029, 1, 1)}, "buiten de inburgeringstermijn"),
    ],
)
def test_aanbod_rule_refuses(wijziging, reden):
    args = dict(
        doelgroep="asielstatushouder",
        pip_dagtekening=D(2025, 2, 1),
        leerroute="b1",
        instelling_bekend=True,
        bow_keurmerk=True,
        tst_keurmerk=False,
        datum_aanbod=D(2025, 2, 10),
        start=D(2025, 3, 1),
        einde=D(2026, 3, 1),
        termijn_start=D(2025, 2, 2),
        termijn_eind=D(2028, 2, 1),
    )
    fouten = rules.aanbod_fouten(**{**args, **wijziging})
    assert any(reden in f for f in fouten), fouten


@pytest.mark.parametrize(
    "soort, uren, doelgroep, leerroute, ok",
    [
        (rules.UREN_TAALLES, 320, "gezinsmigrant", "b1", True),
        (rules.UREN_TAALLES, -1, "gezinsmigrant", "b1", False),  # 0-9999
        (rules.UREN_TAALLES, 10000, "gezinsmigrant", "b1", False),
        (rules.UREN_PARTICIPATIE, 200, "asielstatushouder", "z", True),  # participation: asiel in the Z-route
        (rules.UREN_PARTICIPATIE, 200, "asielstatushouder", "b1", False),
        (rules.UREN_PARTICIPATIE, 200, "gezinsmigrant", "z", False),
    ],
)
def test_uren(soort, uren, doelgroep, leerroute, ok):
    assert (rules.uren_fouten(soort=soort, uren=uren, doelgroep=doelgroep, leerroute=leerroute) == []) == ok


@pytest.mark.parametrize(
    "naam, email, telefoon, aantal",
    [
        ("Fatima el-Amrani", "f.elamrani@gemeente.nl", "0488 123456", 0),
        ("J. d'Ancona", "jd@x.nl", "+31 (0)488 123456", 0),
        ("R2D2", "r@x.nl", "0488123456", 1),  # no digits in a name
        ("Jan", "geen-mail", "0488123456", 1),
        ("Jan", "j@x.nl", "bel mij", 1),
    ],
)
def test_contactpersoon(naam, email, telefoon, aantal):
    assert len(rules.contactpersoon_fouten(naam=naam, email=email, telefoon=telefoon)) == aantal


# --- message builders -------------------------------------------------------------------------


def test_pip_message_leaves_out_what_is_unknown():
    assert rules.pip_bericht(dagtekening=D(2025, 11, 1), leerroute="z") == {
        "dagtekeningPip": "2025-11-01",
        "leerroute": "Z",
    }


def test_put_messages_leave_out_what_is_withdrawn():
    assert rules.map_bericht(datum=None, verwijtbaar=None) == {}
    assert rules.pvt_bericht(datum=D(2026, 1, 2), verwijtbaar="Ja") == {
        "datumOndertekeningPvt": "2026-01-02",
        "verwijtbaar": "Ja",
    }


def test_aanbod_message():
    assert rules.aanbod_bericht(datum_aanbod=D(2025, 2, 1), start=None, einde=None, alfabetisering="") == {
        "indicatorAlfabetiseringsonderwijs": "NVT",
        "datumInburgeringsaanbod": "2025-02-01",
    }


# --- the outbox -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "poging, seconden",
    [(0, 0), (1, 30), (2, 60), (3, 120), (5, 480), (6, 900), (60, 900)],  # doubled, capped at 15 minutes
)
def test_backoff(poging, seconden):
    assert rules.wachttijd(poging, basis=30, maximum=900) == seconden


@pytest.mark.parametrize(
    "status, afhandeling",
    [
        (200, rules.VERZONDEN),
        (201, rules.VERZONDEN),
        (204, rules.VERZONDEN),
        (400, rules.GEWEIGERD),  # malformed: sending again does not help
        (403, rules.GEWEIGERD),  # DUO's registration rules
        (404, rules.GEWEIGERD),  # unknown person
        (401, rules.OPNIEUW),  # certificate trouble: technical
        (429, rules.OPNIEUW),
        (500, rules.OPNIEUW),
        (503, rules.OPNIEUW),
    ],
)
def test_what_an_answer_means(status, afhandeling):
    assert rules.afhandeling(status) == afhandeling


def test_fout_teksten():
    assert rules.fout_teksten([{"fouttekst": "a"}, {"x": 1}]) == ["a"]
    assert rules.fout_teksten({"fouttekst": "b" * 300}) == ["b" * 200]
    assert rules.fout_teksten(None) == []
