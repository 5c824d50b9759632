"""Rule tables of the PIP (pure functions, no database)."""

import datetime as dt

import pytest

from cases.models import ASIEL_DOELGROEPEN, Doelgroep
from leerroutes.rules import laatste_dag_schakelen
from pip import rules
from pip.rules import (
    ASIELSTATUSHOUDER,
    GEZINSLID_ASIELSTATUSHOUDER,
    GEZINSMIGRANT,
    OVERIGE_MIGRANT,
    aanbod,
    duo_registratie_fouten,
    inburgeringstermijn,
    pip_deadline,
)

D = dt.date


@pytest.mark.parametrize(
    ("kennisgeving", "brp", "weeks", "expected"),
    [
        (
            D(2023, 1, 2),
            D(2023, 1, 31),
            10,
            D(2023, 4, 11),
        ),  # the later of the two (BRP) + 10 weeks: the example
        (D(2023, 3, 1), D(2023, 1, 31), 10, D(2023, 5, 10)),  # kennisgeving later than BRP: the kennisgeving counts
        (D(2023, 1, 31), D(2023, 1, 31), 10, D(2023, 4, 11)),  # same day: either
        (D(2023, 1, 2), None, 10, D(2023, 3, 13)),  # only the kennisgeving known
        (None, D(2023, 1, 31), 10, D(2023, 4, 11)),  # only the BRP inschrijving known
        (None, None, 10, None),  # neither known: no term yet
        (D(2023, 1, 31), None, 6, D(2023, 3, 14)),  # stricter local target of 6 weeks
        (D(2024, 1, 1), D(2023, 12, 21), 10, D(2024, 3, 11)),  # leap year: February 2024 has 29 days
        (D(2023, 1, 1), D(2022, 12, 21), 10, D(2023, 3, 12)),  # no leap year: February 2023 has 28 days
        (D(2023, 10, 27), None, 10, D(2024, 1, 5)),  # crosses the year end
    ],
)
def test_pip_deadline(kennisgeving, brp, weeks, expected):
    assert pip_deadline(kennisgeving, brp, weeks=weeks) == expected


def test_pip_deadline_default_is_ten_weeks():
    assert pip_deadline(D(2023, 1, 2), D(2023, 1, 31)) == D(2023, 4, 11)  # default weeks=10 (70 days)


@pytest.mark.parametrize(
    ("dagtekening", "years", "expected"),
    [
        (
            D(2023, 1, 31),
            3,
            (D(2023, 2, 1), D(2026, 1, 31)),
        ),  # the example: day after dagtekening, + 3 years - 1 day
        (D(2022, 12, 31), 3, (D(2023, 1, 1), D(2025, 12, 31))),  # year end: starts on new year's day
        (
            D(2024, 2, 28),
            3,
            (D(2024, 2, 29), D(2027, 2, 28)),
        ),  # starts on leap day; 2027 has no 29 February: ends on 28th
        (
            D(2024, 2, 29),
            3,
            (D(2024, 3, 1), D(2027, 2, 28)),
        ),  # dagtekening on leap day: starts 1 March, ends the last day of February
        (D(2023, 2, 28), 1, (D(2023, 3, 1), D(2024, 2, 29))),  # one year from 1 March 2023 ends on leap day 2024
        (D(2023, 4, 30), 3, (D(2023, 5, 1), D(2026, 4, 30))),  # month end: starts on the first of the month
        (D(2023, 1, 31), 4, (D(2023, 2, 1), D(2027, 1, 31))),  # a municipality/law changes the years (dated setting)
    ],
)
def test_inburgeringstermijn(dagtekening, years, expected):
    assert inburgeringstermijn(dagtekening, years=years) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2023, 2, 1), 18, D(2024, 7, 31)),  # the example: termijn start + 18 months - 1 day
        (D(2023, 3, 1), 18, D(2024, 8, 31)),  # start on the 1st: ends on the last day of a month
        (D(2023, 8, 31), 18, D(2025, 2, 28)),  # day 31 does not exist in February 2025: the month's last day
        (D(2022, 8, 31), 18, D(2024, 2, 29)),  # ... and in a leap year February has 29 days
        (D(2023, 8, 30), 18, D(2025, 2, 28)),  # day 30 does not exist in February either
        (D(2023, 7, 15), 18, D(2025, 1, 14)),  # an ordinary mid-month start, crossing two year ends
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # starts on leap day
        (D(2023, 2, 1), 12, D(2024, 1, 31)),  # a different dated setting (12 months)
    ],
)
def test_laatste_dag_schakelen(start, months, expected):
    assert laatste_dag_schakelen(start, months=months) == expected


def test_laatste_dag_schakelen_default_is_18_months():
    assert laatste_dag_schakelen(D(2023, 2, 1)) == D(2024, 7, 31)


@pytest.mark.parametrize(
    ("deadline", "vandaag", "dagen", "tekst"),
    [
        (D(2023, 4, 11), D(2023, 4, 1), 10, "nog 10 dagen"),  # days left
        (D(2023, 4, 11), D(2023, 4, 10), 1, "nog 1 dag"),  # singular
        (D(2023, 4, 11), D(2023, 4, 11), 0, "vandaag"),  # due today
        (D(2023, 4, 11), D(2023, 4, 14), -3, "3 dagen te laat"),  # overdue
    ],
)
def test_dagen_resterend(deadline, vandaag, dagen, tekst):
    assert rules.dagen_resterend(deadline, vandaag) == dagen
    assert rules.dagen_tekst(dagen) == tekst


def test_doelgroep_strings_match_the_register():
    assert {ASIELSTATUSHOUDER, GEZINSLID_ASIELSTATUSHOUDER, GEZINSMIGRANT, OVERIGE_MIGRANT} == set(Doelgroep.values)
    assert rules.ASIEL == {str(d) for d in ASIEL_DOELGROEPEN}


# --- the offer per doelgroep (DOMAIN.md §1) -------------------------------------------------


@pytest.mark.parametrize(
    ("doelgroep", "bijstand", "inkoop", "mb", "ontzorgen", "participatie"),
    [
        (ASIELSTATUSHOUDER, True, True, True, True, True),  # 13-1-a with bijstand: the whole offer incl. ontzorgen
        (ASIELSTATUSHOUDER, False, True, True, False, True),  # 13-1-a without bijstand: no ontzorgen
        (GEZINSLID_ASIELSTATUSHOUDER, True, True, True, False, True),  # 13-1-b: asiel offer but no mandatory ontzorgen
        (
            GEZINSMIGRANT,
            False,
            False,
            False,
            False,
            False,
        ),  # gezinsmigrant: advice only, no MB, no ontzorgen, no extra participation
        (
            GEZINSMIGRANT,
            True,
            False,
            False,
            False,
            True,
        ),  # gezinsmigrant on bijstand: extra participation agreements allowed
        (OVERIGE_MIGRANT, False, False, False, False, False),  # overige migrant: as gezinsmigrant
    ],
)
def test_aanbod_per_doelgroep(doelgroep, bijstand, inkoop, mb, ontzorgen, participatie):
    offer = aanbod(doelgroep, bijstand=bijstand)
    assert (
        offer.leerroute_inkoop,
        offer.maatschappelijke_begeleiding,
        offer.ontzorgen,
        offer.participatie_afspraken,
    ) == (
        inkoop,
        mb,
        ontzorgen,
        participatie,
    )
    assert offer.map and offer.pvt  # MAP and PVT are for everyone


def test_aanbod_differs_between_asiel_and_gezinsmigrant():
    assert aanbod(ASIELSTATUSHOUDER, bijstand=True) != aanbod(GEZINSMIGRANT, bijstand=True)


@pytest.mark.parametrize(
    ("doelgroep", "bijstand", "ontzorgen", "mb", "participatie", "n_fouten", "woord"),
    [
        (ASIELSTATUSHOUDER, True, True, True, True, 0, None),  # all within the asiel offer
        (GEZINSMIGRANT, False, True, False, False, 1, "ontzorgen"),  # ontzorgen refused for a gezinsmigrant
        (GEZINSMIGRANT, False, False, True, False, 1, "Maatschappelijke begeleiding"),  # MB refused for a gezinsmigrant
        (GEZINSMIGRANT, False, False, False, True, 1, "bijstand"),  # extra participation without bijstand refused
        (GEZINSMIGRANT, True, False, False, True, 0, None),  # extra participation with bijstand accepted
        (
            GEZINSLID_ASIELSTATUSHOUDER,
            True,
            True,
            False,
            False,
            1,
            "13-1-a",
        ),  # 13-1-b: no ontzorgen, even with bijstand
    ],
)
def test_aanbod_fouten(doelgroep, bijstand, ontzorgen, mb, participatie, n_fouten, woord):
    fouten = rules.aanbod_fouten(
        aanbod(doelgroep, bijstand=bijstand),
        ontzorgen=ontzorgen,
        maatschappelijke_begeleiding=mb,
        participatie_afspraken=participatie,
    )
    assert len(fouten) == n_fouten
    if woord:
        assert woord in fouten[0]


# --- mandatory content ----------------------------------------------------------------------

GOED = dict(
    doelgroep=ASIELSTATUSHOUDER,
    leerroute="b1",
    route_motivatie="Score 30 en mbo-opleiding.",
    geschatte_intensiteit_b1=1200,
    ondersteuning="Taalmaatje.",
    map_inhoud="Beroepsoriëntatie.",
    pvt_inhoud="12 uur.",
)


@pytest.mark.parametrize(
    ("wijziging", "woord"),
    [
        ({}, None),  # complete B1-route PIP for an asielstatushouder
        ({"route_motivatie": "  "}, "Motiveer"),  # the route choice needs a written motivation
        ({"geschatte_intensiteit_b1": None}, "intensiteit"),  # asiel in B1-route: intensity is mandatory content
        ({"doelgroep": GEZINSMIGRANT, "geschatte_intensiteit_b1": None}, None),  # not for a gezinsmigrant
        ({"ondersteuning": ""}, "ondersteuning"),  # the support needed is mandatory
        ({"map_inhoud": ""}, "MAP"),  # MAP content and intensity are mandatory in the B1-route
        ({"leerroute": "onderwijs", "geschatte_intensiteit_b1": None}, "geen MAP"),  # onderwijsroute has no MAP
        ({"leerroute": "onderwijs", "geschatte_intensiteit_b1": None, "map_inhoud": ""}, None),  # ... so leave it empty
        ({"pvt_inhoud": ""}, "PVT"),  # PVT content is mandatory for everyone
        ({"leerroute": ""}, "leerroute"),  # a PIP without a route
    ],
)
def test_inhoud_fouten(wijziging, woord):
    fouten = rules.inhoud_fouten(**{**GOED, **wijziging})
    if woord is None:
        assert fouten == []
    else:
        assert fouten and woord in " ".join(fouten)


# --- the reason of a later version ----------------------------------------------------------

VERSIE = dict(
    reden="schakelen",
    toelichting="Te zwaar.",
    vorige_route="b1",
    vorige_niveau="B1",
    leerroute="z",
    niveau="",
    dagtekening=D(2024, 7, 31),
    laatste_dag_schakelen=D(2024, 7, 31),
    nt2_uren=None,
    min_nt2_uren=600,
)


@pytest.mark.parametrize(
    ("wijziging", "woord"),
    [
        ({}, None),  # schakelen to another route on the last allowed day
        ({"dagtekening": D(2024, 8, 1)}, "tot en met 31 juli 2024"),  # schakelen after the 18 months: refused
        ({"leerroute": "b1", "niveau": "B1"}, "andere route"),  # schakelen without changing the route
        ({"toelichting": ""}, "Licht toe"),  # every later version needs a reason text
        ({"reden": "verhuizing"}, "schakelen"),  # a route change under another reason
        (
            {"reden": "afschalen", "leerroute": "b1", "niveau": "A2", "nt2_uren": 600},
            None,
        ),  # afschalen B1 -> A2 with 600 hours
        ({"reden": "afschalen", "leerroute": "b1", "niveau": "A2", "nt2_uren": 599}, "600 uur"),  # too few NT2 hours
        (
            {"reden": "afschalen", "leerroute": "z", "niveau": "", "nt2_uren": 700},
            "binnen de B1-route",
        ),  # afschalen is not a switch
        ({"reden": "overig", "leerroute": "b1", "niveau": "A2"}, "afschalen"),  # B1 -> A2 only as afschalen
        ({"reden": "verhuizing", "leerroute": "b1", "niveau": "B1"}, None),  # moving: same content is fine
    ],
)
def test_versie_fouten(wijziging, woord):
    fouten = rules.versie_fouten(**{**VERSIE, **wijziging})
    if woord is None:
        assert fouten == []
    else:
        assert fouten and woord in " ".join(fouten), fouten


# --- DUO's registration checks: one accepted and one refused case per rule -------------------

DUO = dict(
    dagtekening=D(2023, 3, 1),
    leerroute="b1",
    niveau="B1",
    doelgroep=ASIELSTATUSHOUDER,
    geschatte_intensiteit_b1=1200,
    eerste_pip=True,
    start_plicht=D(2023, 1, 2),
    vestigingsdatum=D(2023, 1, 31),
    vorige_dagtekening=None,
)


@pytest.mark.parametrize(
    ("wijziging", "geweigerd"),
    [
        ({}, None),  # a complete, valid first PIP
        # dagtekening before the start of the plicht
        (
            {"dagtekening": D(2023, 1, 2), "vestigingsdatum": D(2023, 1, 1)},
            None,
        ),  # on the first day of the plicht: accepted
        (
            {"dagtekening": D(2023, 1, 1), "vestigingsdatum": D(2022, 12, 1)},
            "vóór de start van de inburgeringsplicht",
        ),  # refused
        ({"start_plicht": None}, "DUO-kennisgeving"),  # unknown plicht: DUO cannot register
        # dagtekening before settlement in the municipality
        ({"dagtekening": D(2023, 1, 31)}, None),  # on the day of BRP inschrijving: accepted
        ({"dagtekening": D(2023, 1, 30)}, "vóór de vestiging in de gemeente"),  # the day before: refused
        ({"vestigingsdatum": None}, "BRP"),  # unknown settlement date
        # dagtekening before the dagtekening of the initial/current PIP
        ({"eerste_pip": False, "vorige_dagtekening": D(2023, 3, 1)}, None),  # same day as the current PIP: accepted
        ({"eerste_pip": False, "vorige_dagtekening": D(2023, 3, 2)}, "huidige PIP"),  # before the current PIP: refused
        # A2 with the onderwijsroute
        (
            {"leerroute": "onderwijs", "niveau": "B1", "geschatte_intensiteit_b1": None},
            None,
        ),  # onderwijsroute at B1: accepted
        ({"leerroute": "onderwijs", "niveau": "A2", "geschatte_intensiteit_b1": None}, "onderwijsroute"),  # A2: refused
        # B1 with the Z-route
        ({"leerroute": "z", "niveau": "", "geschatte_intensiteit_b1": None}, None),  # Z-route without level: accepted
        ({"leerroute": "z", "niveau": "B1", "geschatte_intensiteit_b1": None}, "Z-route"),  # Z-route at B1: refused
        # A2 with the B1-route on the first PIP
        (
            {"niveau": "A2", "eerste_pip": False, "vorige_dagtekening": D(2023, 2, 1)},
            None,
        ),  # later version (afschalen): accepted
        ({"niveau": "A2"}, "eerste PIP"),  # first PIP: refused
        # estimated B1 intensity only for an asielstatushouder in the B1-route
        ({"doelgroep": GEZINSLID_ASIELSTATUSHOUDER}, None),  # 13-1-b counts as asielstatushouder: accepted
        ({"doelgroep": GEZINSMIGRANT}, "intensiteit"),  # gezinsmigrant with intensity: refused
        ({"leerroute": "z", "niveau": ""}, "intensiteit"),  # asiel in the Z-route with intensity: refused
        (
            {"doelgroep": GEZINSMIGRANT, "geschatte_intensiteit_b1": None},
            None,
        ),  # gezinsmigrant without intensity: accepted
    ],
)
def test_duo_registratie(wijziging, geweigerd):
    fouten = duo_registratie_fouten(**{**DUO, **wijziging})
    if geweigerd is None:
        assert fouten == []
    else:
        assert len(fouten) == 1 and geweigerd in fouten[0], fouten
        assert "DUO" in fouten[0]


def test_datum_nl():
    assert rules.datum_nl(D(2023, 2, 1)) == "1 februari 2023"
