"""Rule tables of the leerroutes (DOMAIN.md §3, §5): one row per case, a comment naming the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from leerroutes import rules

D = dt.date
ASIEL, GEZIN, OVERIG, GEZINSLID = "asielstatushouder", "gezinsmigrant", "overige_migrant", "gezinslid_asielstatushouder"


@pytest.mark.parametrize(
    "doelgroep, cursusuren, participatie, eindgesprek, voltooid",
    [
        (ASIEL, 800, 800, True, True),  # asielstatushouder: 800 course + 800 participation + eindgesprek
        (ASIEL, 800, 799, True, False),  # asielstatushouder: participation hours count and fall short
        (ASIEL, 799, 800, True, False),  # asielstatushouder: course hours fall short
        (ASIEL, 1000, 1000, False, False),  # no eindgesprek, no completion
        (GEZINSLID, 800, 0, True, False),  # art. 13-1-b family member: participation counts as for asiel
        (GEZINSLID, 800, 800, True, True),  # art. 13-1-b family member with both
        (GEZIN, 800, 0, True, True),  # gezinsmigrant: course hours only
        (GEZIN, 799.5, 5000, True, False),  # gezinsmigrant: participation cannot replace course hours
        (OVERIG, Decimal("800.00"), None, True, True),  # overige migrant: course hours only; no participation data
        (GEZIN, 800, 0, False, False),  # gezinsmigrant without eindgesprek
    ],
)
def test_zroute_voltooid(doelgroep, cursusuren, participatie, eindgesprek, voltooid):
    assert rules.zroute_voltooid(doelgroep, cursusuren, participatie, eindgesprek) is voltooid


@pytest.mark.parametrize(
    "kwargs, voltooid",
    [
        ({"min_cursusuren": 600}, True),  # a municipality's lower dated setting for course hours
        ({"min_participatieuren": 900}, False),  # a higher dated setting for participation hours
    ],
)
def test_zroute_voltooid_met_instellingen(kwargs, voltooid):
    assert rules.zroute_voltooid(ASIEL, 700, 850, True, **kwargs) is voltooid


@pytest.mark.parametrize(
    "uren, kwargs, voldaan",
    [
        (40, {}, True),  # MAP: practical element of exactly 40 hours
        (39.99, {}, False),  # MAP: just under 40 hours
        (0, {}, False),  # MAP: no practical element yet
        (None, {}, False),  # MAP: nothing registered
        (Decimal("120"), {}, True),  # MAP: well over 40 hours
        (30, {"min_uren": 30}, True),  # MAP: a lower dated setting
    ],
)
def test_map_praktijk_voldaan(uren, kwargs, voldaan):
    assert rules.map_praktijk_voldaan(uren, **kwargs) is voldaan


@pytest.mark.parametrize(
    "uren, activiteit, kwargs, voldaan",
    [
        (12, True, {}, True),  # PVT: 12 hours with an activity or excursion
        (11.5, True, {}, False),  # PVT: under 12 hours
        (20, False, {}, False),  # PVT: enough hours but no activity or excursion
        (0, False, {}, False),  # PVT: not started
        (8, True, {"min_uren": 8}, True),  # PVT: a lower dated setting
    ],
)
def test_pvt_voldaan(uren, activiteit, kwargs, voldaan):
    assert rules.pvt_voldaan(uren, activiteit, **kwargs) is voldaan


@pytest.mark.parametrize(
    "doelgroep, poging, kwargs, gratis",
    [
        (ASIEL, 1, {}, True),  # asielstatushouder: first attempt free
        (ASIEL, 2, {}, True),  # asielstatushouder: second attempt free
        (ASIEL, 3, {}, False),  # asielstatushouder: third attempt paid
        (GEZINSLID, 1, {}, True),  # art. 13-1-b family member: asiel offer, free attempts
        (GEZIN, 1, {}, False),  # gezinsmigrant: never free
        (OVERIG, 1, {}, False),  # overige migrant: never free
        (ASIEL, 0, {}, False),  # no attempt number 0
        (ASIEL, 3, {"gratis_pogingen": 3}, True),  # a dated setting of three free attempts
        (ASIEL, 1, {"niveau": "A2", "pip_niveau": "B1"}, False),  # below the PIP level: not free
        (ASIEL, 1, {"niveau": "B1", "pip_niveau": "B1"}, True),  # at the PIP level: free
        (ASIEL, 2, {"niveau": "B2", "pip_niveau": "B1"}, True),  # above the PIP level: free
        (ASIEL, 1, {"niveau": "A2", "pip_niveau": "A2"}, True),  # after afschalen A2 is the level: free
    ],
)
def test_gratis_examenpoging(doelgroep, poging, kwargs, gratis):
    assert rules.gratis_examenpoging(doelgroep, poging, **kwargs) is gratis


@pytest.mark.parametrize(
    "uren, kwargs, mag",
    [
        (600, {}, True),  # afschalen: exactly 600 hours NT2
        (599.99, {}, False),  # afschalen: just under 600 hours
        (None, {}, False),  # afschalen: no hours registered
        (1200, {}, True),  # afschalen: double the hours
        (500, {"min_nt2_uren": 500}, True),  # afschalen: a municipality's dated setting
    ],
)
def test_mag_afschalen(uren, kwargs, mag):
    assert rules.mag_afschalen(uren, **kwargs) is mag


@pytest.mark.parametrize(
    "doelgroep, soort",
    [
        (ASIEL, "inkoop"),  # asielstatushouder: the municipality buys the route
        (GEZINSLID, "inkoop"),  # art. 13-1-b family member: bought as for asiel
        (GEZIN, "advies"),  # gezinsmigrant: advice, pays with a DUO loan
        (OVERIG, "advies"),  # overige migrant: advice
    ],
)
def test_aanbod_soort(doelgroep, soort):
    assert rules.aanbod_soort(doelgroep) == soort


AANBOD = {
    "leerroute": "b1",
    "pip_leerroute": "b1",
    "startdatum": D(2023, 3, 15),
    "verwachte_einddatum": D(2025, 3, 1),
    "dagtekening": D(2023, 3, 1),
    "termijn_eind": D(2026, 3, 1),
}


@pytest.mark.parametrize(
    "wijziging, fout",
    [
        ({}, None),  # offer after the dagtekening, inside the termijn
        ({"startdatum": D(2023, 3, 1)}, "na de dagtekening"),  # start on the dagtekening itself
        ({"startdatum": D(2023, 2, 1)}, "na de dagtekening"),  # start before the PIP
        ({"verwachte_einddatum": D(2026, 3, 2)}, "binnen de inburgeringstermijn"),  # end after the termijn
        ({"verwachte_einddatum": D(2026, 3, 1)}, None),  # end on the last day of the termijn
        ({"verwachte_einddatum": D(2023, 3, 10)}, "vóór de startdatum"),  # end before start
        ({"startdatum": D(2026, 4, 1), "verwachte_einddatum": None}, "na het einde"),  # start after the termijn
        ({"leerroute": "z"}, "leerroute uit het huidige PIP"),  # route differs from the PIP
        ({"dagtekening": None, "pip_leerroute": None}, "nog geen vastgesteld PIP"),  # no PIP yet
    ],
)
def test_aanbod_fouten(wijziging, fout):
    fouten = rules.aanbod_fouten(**{**AANBOD, **wijziging})
    if fout is None:
        assert fouten == []
    else:
        assert any(fout in f for f in fouten), fouten


@pytest.mark.parametrize(
    "van, tot, op, geldig",
    [
        (D(2024, 1, 1), D(2024, 12, 31), D(2024, 6, 1), True),  # contract: inside the period
        (D(2024, 1, 1), D(2024, 12, 31), D(2024, 12, 31), True),  # contract: last day included
        (D(2024, 1, 1), D(2024, 12, 31), D(2025, 1, 1), False),  # contract: expired
        (D(2024, 1, 1), None, D(2030, 1, 1), True),  # contract: open-ended
        (D(2024, 1, 1), None, D(2023, 12, 31), False),  # contract: not yet valid
    ],
)
def test_contract_geldig(van, tot, op, geldig):
    assert rules.contract_geldig(van, tot, op) is geldig


@pytest.mark.parametrize(
    "gepland, aanwezig, pct, te_laag",
    [
        (40, 40, Decimal("100.0"), False),  # attendance: everything attended
        (40, 32, Decimal("80.0"), False),  # attendance: exactly the threshold is not low
        (40, 31, Decimal("77.5"), True),  # attendance: under the 80% threshold raises a signal
        (48, 0, Decimal("0.0"), True),  # attendance: absent all month
        (0, 0, None, False),  # attendance: nothing planned (holiday month), no signal
        (3, 2, Decimal("66.7"), True),  # attendance: rounded to one decimal
    ],
)
def test_aanwezigheid(gepland, aanwezig, pct, te_laag):
    berekend = rules.aanwezigheid_pct(gepland, aanwezig)
    assert berekend == pct
    assert rules.aanwezigheid_te_laag(berekend) is te_laag


def test_aanwezigheid_drempel_is_een_instelling():
    assert rules.aanwezigheid_te_laag(Decimal("85"), drempel=90) is True  # a stricter dated setting
    assert rules.aanwezigheid_te_laag(Decimal("75"), drempel=70) is False  # a milder dated setting


@pytest.mark.parametrize(
    "vorige, frequentie, volgend",
    [
        (D(2024, 1, 15), "maandelijks", D(2024, 2, 15)),  # voortgangsgesprek: monthly (Overbetuwe first year)
        (D(2024, 1, 31), "maandelijks", D(2024, 2, 29)),  # voortgangsgesprek: monthly from the 31st, leap year
        (D(2023, 1, 31), "maandelijks", D(2023, 2, 28)),  # voortgangsgesprek: monthly from the 31st, no leap year
        (D(2024, 1, 15), "zes_weken", D(2024, 2, 26)),  # voortgangsgesprek: every six weeks
        (D(2024, 11, 30), "kwartaal", D(2025, 2, 28)),  # voortgangsgesprek: every quarter, across a year
        (D(2024, 8, 31), "halfjaar", D(2025, 2, 28)),  # voortgangsgesprek: every half year, month end
        (D(2024, 1, 15), "onbekend", D(2024, 2, 15)),  # voortgangsgesprek: unknown frequency falls back to monthly
    ],
)
def test_volgend_voortgangsgesprek(vorige, frequentie, volgend):
    assert rules.volgend_voortgangsgesprek(vorige, frequentie) == volgend


@pytest.mark.parametrize(
    "termijn_start, months, laatste",
    [
        (D(2023, 2, 1), 18, D(2024, 7, 31)),  # schakelen: 18 months from the termijn start
        (D(2023, 8, 31), 18, D(2025, 2, 28)),  # schakelen: month end clipped
        (D(2023, 3, 2), 12, D(2024, 3, 1)),  # schakelen: a dated setting of 12 months
    ],
)
def test_laatste_dag_schakelen(termijn_start, months, laatste):
    assert rules.laatste_dag_schakelen(termijn_start, months=months) == laatste


SCHAKEL = {
    "op": D(2024, 7, 31),
    "laatste_dag": D(2024, 7, 31),
    "huidige_route": "b1",
    "nieuwe_route": "z",
    "motivatie": "x",
}


@pytest.mark.parametrize(
    "wijziging, fout",
    [
        ({}, None),  # schakelen: on the last day of the window
        ({"op": D(2024, 8, 1)}, "tot en met 31 juli 2024"),  # schakelen: one day after the window
        ({"nieuwe_route": "b1"}, "andere leerroute"),  # schakelen: the same route
        ({"motivatie": "  "}, "Motiveer"),  # schakelen: without a motivation
        ({"laatste_dag": None}, "nog geen vastgesteld PIP"),  # schakelen: no PIP yet
    ],
)
def test_schakel_fouten(wijziging, fout):
    fouten = rules.schakel_fouten(**{**SCHAKEL, **wijziging})
    assert fouten == [] if fout is None else any(fout in f for f in fouten), fouten


AFSCHAAL = {"leerroute": "b1", "niveau": "B1", "onderdelen": ["SP"], "nt2_uren": 600, "motivatie": "Inzet getoond."}


@pytest.mark.parametrize(
    "wijziging, fout",
    [
        ({}, None),  # afschalen: B1-route, level B1, enough hours, a motivation
        ({"leerroute": "onderwijs"}, "alleen in de B1-route"),  # afschalen: onderwijsroute refused
        ({"leerroute": "z", "niveau": ""}, "alleen in de B1-route"),  # afschalen: Z-route refused
        ({"niveau": "A2"}, "niet op niveau B1"),  # afschalen: already at A2
        ({"nt2_uren": 599}, "ten minste 600 uur"),  # afschalen: too few NT2 hours
        ({"motivatie": ""}, "Motiveer"),  # afschalen: no motivation of the effort
        ({"onderdelen": []}, "Kies de examenonderdelen"),  # afschalen: no exam part chosen
        ({"onderdelen": ["KNM"]}, "KNM heeft geen niveau"),  # afschalen: KNM has no level
        ({"onderdelen": ["LE", "LU", "SC", "SP"]}, None),  # afschalen: all four language parts
    ],
)
def test_afschaal_fouten(wijziging, fout):
    fouten = rules.afschaal_fouten(**{**AFSCHAAL, **wijziging})
    assert fouten == [] if fout is None else any(fout in f for f in fouten), fouten


@pytest.mark.parametrize(
    "doelgroep, route, inkoop, examens, map_, zroute, participatie_telt",
    [
        (ASIEL, "b1", True, True, True, False, False),  # asielstatushouder B1: bought, exams, MAP, PVT
        (ASIEL, "onderwijs", True, True, False, False, False),  # onderwijsroute: no MAP
        (ASIEL, "z", True, False, True, True, True),  # asiel Z-route: eindgesprek, participation counts
        (GEZIN, "z", False, False, True, True, False),  # gezinsmigrant Z-route: advice, participation does not count
        (GEZIN, "b1", False, True, True, False, False),  # gezinsmigrant B1: advice, exams, MAP
        (GEZINSLID, "z", True, False, True, True, True),  # art. 13-1-b family member Z-route: as asiel
    ],
)
def test_traject_onderdelen(doelgroep, route, inkoop, examens, map_, zroute, participatie_telt):
    o = rules.traject_onderdelen(doelgroep, route)
    assert (o.leerroute_inkoop, o.examens, o.map, o.pvt, o.zroute_afronding, o.participatie_uren_tellen) == (
        inkoop,
        examens,
        map_,
        True,
        zroute,
        participatie_telt,
    )


@pytest.mark.parametrize(
    "onderdeel, pip_niveau, afgeschaald, vereist",
    [
        ("SP", "B1", False, "B1"),  # exam level: the PIP level
        ("SP", "B1", True, "A2"),  # exam level: afgeschaald part at A2
        ("KNM", "B1", False, ""),  # exam level: KNM has none
        ("LE", "", False, "B1"),  # exam level: no PIP level means B1
    ],
)
def test_examenniveau(onderdeel, pip_niveau, afgeschaald, vereist):
    assert rules.examenniveau(onderdeel, pip_niveau, afgeschaald) == vereist


@pytest.mark.parametrize(
    "geslaagd, niveau, vereist, behaald",
    [
        (True, "B1", "B1", True),  # exam passed at the required level
        (True, "A2", "B1", False),  # passed below the required level does not count
        (True, "B2", "B1", True),  # passed above the required level counts
        (False, "B1", "B1", False),  # not passed
        (True, "", "", True),  # KNM passed
    ],
)
def test_examen_behaald(geslaagd, niveau, vereist, behaald):
    assert rules.examen_behaald(geslaagd, niveau, vereist) is behaald


@pytest.mark.parametrize(
    "maand, uren, fout",
    [
        (D(2024, 3, 1), 40, None),  # hours: a normal month
        (D(2024, 3, 1), -1, "negatief"),  # hours: negative
        (D(2024, 3, 1), 745, "744"),  # hours: more than a month has
        (D(2024, 6, 1), 10, "toekomst"),  # hours: a future month
        (D(2023, 1, 1), 10, "vóór de start"),  # hours: before the termijn
    ],
)
def test_uren_fouten(maand, uren, fout):
    fouten = rules.uren_fouten(maand=maand, uren=uren, termijn_start=D(2023, 3, 2), vandaag=D(2024, 5, 15))
    assert fouten == [] if fout is None else any(fout in f for f in fouten), fouten
