"""Rule tables of handhaving (pure functions, no database)."""

import datetime as dt
from decimal import Decimal

import pytest

from cases.models import Doelgroep
from handhaving import rules
from handhaving.models import Soort, Verwijtbaarheid
from handhaving.rules import berekening, boetebedrag
from inburgering.regels import DEFAULTS, default_waarde

D = dt.date
E = Decimal


# --------------------------------------------------------------------------------------------
# The amount: every ladder step x every culpability, the cap, the fixed brede intake fine
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("soort", "volgnummer", "verwijtbaarheid", "expected"),
    [
        ("pip", 1, "verminderd", E("12.50")),  # step 1 (€ 50) x 25%: decimals are kept, not rounded to euros
        ("pip", 1, "normaal", E("25.00")),  # step 1 (€ 50) x 50%
        ("pip", 1, "grove_schuld", E("37.50")),  # step 1 (€ 50) x 75%
        ("pip", 1, "opzet", E("50.00")),  # step 1 (€ 50) x 100%
        ("pip", 2, "verminderd", E("25.00")),  # step 2 (€ 100) x 25%
        ("pip", 2, "normaal", E("50.00")),  # step 2 (€ 100) x 50%: the issue's example
        ("pip", 2, "grove_schuld", E("75.00")),  # step 2 (€ 100) x 75%
        ("pip", 2, "opzet", E("100.00")),  # step 2 (€ 100) x 100%
        ("pip", 3, "verminderd", E("50.00")),  # step 3 (€ 200) x 25%
        ("pip", 3, "normaal", E("100.00")),  # step 3 (€ 200) x 50%: DOMAIN.md's example
        ("pip", 3, "grove_schuld", E("150.00")),  # step 3 (€ 200) x 75%
        ("pip", 3, "opzet", E("200.00")),  # step 3 (€ 200) x 100%
        ("pip", 4, "verminderd", E("100.00")),  # step 4 (€ 400) x 25%
        ("pip", 4, "normaal", E("200.00")),  # step 4 (€ 400) x 50%
        ("pip", 4, "grove_schuld", E("300.00")),  # step 4 (€ 400) x 75%
        ("pip", 4, "opzet", E("400.00")),  # step 4 (€ 400) x 100%: above the hearing threshold
        ("pip", 5, "verminderd", E("200.00")),  # step 5 (€ 800, the maximum) x 25%
        ("pip", 5, "normaal", E("400.00")),  # step 5 (€ 800) x 50%
        ("pip", 5, "grove_schuld", E("600.00")),  # step 5 (€ 800) x 75%
        ("pip", 5, "opzet", E("800.00")),  # step 5 (€ 800) x 100%: the highest fine there is
        ("pip", 6, "opzet", E("800.00")),  # cap: a 6th fine stays on the last step
        ("pip", 6, "normaal", E("400.00")),  # cap: a 6th fine at normal culpability, as the 5th
        ("pip", 12, "grove_schuld", E("600.00")),  # cap: however many fines, never above step 5
        ("pip", 1, "geen", E("0.00")),  # no culpability, no fine (first PIP fine)
        ("pip", 5, "geen", E("0.00")),  # no culpability, no fine (even at the top of the ladder)
        ("brede_intake", 1, "verminderd", E("250.00")),  # brede intake: a fixed amount, not a percentage
        ("brede_intake", 1, "normaal", E("250.00")),  # brede intake: fixed at normal culpability
        ("brede_intake", 1, "opzet", E("250.00")),  # brede intake: fixed at intent
        ("brede_intake", 3, "grove_schuld", E("250.00")),  # brede intake: no ladder, a repeat costs the same
        ("brede_intake", 1, "geen", E("0.00")),  # brede intake: no culpability, no fine
    ],
)
def test_boetebedrag(soort, volgnummer, verwijtbaarheid, expected):
    bedrag = boetebedrag(soort, volgnummer, verwijtbaarheid)
    assert bedrag == expected
    assert bedrag.as_tuple().exponent == -2  # always in cents: Decimal("50.00")


def test_boetebedrag_issue_example():
    assert boetebedrag("pip", 2, "normaal") == Decimal("50.00")


@pytest.mark.parametrize(
    ("kwargs", "args", "expected"),
    [
        ({"ladder": (E(60), E(120), E(240))}, ("pip", 2, "normaal"), E("60.00")),  # a municipal ladder of 3 steps
        ({"ladder": (E(60), E(120), E(240))}, ("pip", 7, "opzet"), E("240.00")),  # its last step is its cap
        ({"percentages": {**rules.PERCENTAGES, "normaal": E(40)}}, ("pip", 2, "normaal"), E("40.00")),  # other %
        (
            {"percentages": {**rules.PERCENTAGES, "verminderd": E("33.33")}},
            ("pip", 1, "verminderd"),
            E("16.67"),
        ),  # rounded half up to cents
        ({"brede_intake": E(300)}, ("brede_intake", 1, "normaal"), E("300.00")),  # another fixed amount
    ],
)
def test_boetebedrag_takes_the_dated_values_as_arguments(kwargs, args, expected):
    assert boetebedrag(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ontzorgen_machtiging", 1, "normaal"), "Participatiewet"),  # refused machtiging: never an inburgering fine
        (("participatiewet", 1, "opzet"), "Participatiewet"),  # Participatiewet duty: a bijstand measure instead
        (("pip", 0, "normaal"), "begint bij 1"),  # the first fine has number 1
        (("pip", 1, "heel_erg"), "Onbekende verwijtbaarheid"),  # only the five degrees exist
    ],
)
def test_boetebedrag_refuses(args, message):
    with pytest.raises(ValueError, match=message):
        boetebedrag(*args)


def test_defaults_of_the_rule_equal_the_dated_settings():
    """The legal defaults in the rule and in the settings registry are the same numbers."""
    op = D(2025, 1, 1)
    assert rules.LADDER == tuple(default_waarde(f"boete_pip_trede_{i}", op) for i in range(1, 6))
    assert rules.PERCENTAGES == {v: default_waarde(f"verwijtbaarheid_{v}_pct", op) for v in rules.PERCENTAGES}
    assert rules.BREDE_INTAKE_BEDRAG == default_waarde("boete_brede_intake", op)
    assert rules.HOORPLICHT_DREMPEL == default_waarde("boete_hoorplicht_drempel", op)
    for code in ("zienswijze_termijn_weken", "boete_betaaltermijn_weken", "bezwaar_beslistermijn_weken"):
        assert code in DEFAULTS


def test_choices_use_the_rule_constants():
    assert set(Soort.values) == rules.BOETE_SOORTEN | rules.SIGNAAL_SOORTEN
    assert tuple(Verwijtbaarheid.values) == rules.VERWIJTBAARHEDEN
    assert rules.JURIDISCHE_TOETS_DOELGROEPEN == {Doelgroep.ASIELSTATUSHOUDER, Doelgroep.GEZINSLID_ASIELSTATUSHOUDER}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("pip", 2, "normaal"),
            "2e boete voor het niet nakomen van het PIP in deze casus: trede 2 van de boeteladder, € 100,00. Bij normale verwijtbaarheid is de boete 50% daarvan: € 50,00.",
        ),  # how the amount follows
        (("pip", 7, "opzet"), "trede 5 van de boeteladder (het maximum: de ladder stopt daar)"),  # the cap is explained
        (
            ("brede_intake", 1, "normaal"),
            "Vast bedrag voor het verwijtbaar niet (voldoende) meewerken aan de brede intake: € 250,00.",
        ),  # fixed
        (("pip", 1, "geen"), "Geen verwijtbaarheid: er wordt geen boete opgelegd."),  # no culpability
    ],
)
def test_berekening_uitleg(args, expected):
    assert expected in berekening(*args).uitleg


# --------------------------------------------------------------------------------------------
# Lower amounts, money notation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("berekend", "bedrag", "motivering", "fout"),
    [
        (E("50.00"), E("50.00"), "", None),  # the amount of the rules: no motivation needed
        (E("50.00"), E("30.00"), "Schulden; betaalt in termijnen.", None),  # lower with a motivation: allowed
        (E("50.00"), E("30.00"), "  ", "Motiveer"),  # lower without a motivation: refused
        (E("50.00"), E("60.00"), "Want.", "niet hoger"),  # never higher than the ladder
        (E("50.00"), E("0.00"), "Geen geld.", "geen boete"),  # € 0 is no fine: end the procedure instead
    ],
)
def test_bedrag_fouten(berekend, bedrag, motivering, fout):
    fouten = rules.bedrag_fouten(berekend=berekend, bedrag=bedrag, motivering=motivering)
    assert (fouten == []) if fout is None else (fout in " ".join(fouten))


@pytest.mark.parametrize(
    ("bedrag", "expected"),
    [
        (E("50"), "€ 50,00"),  # whole euros get cents
        (E("12.5"), "€ 12,50"),  # a comma for the decimals
        (E("1234.56"), "€ 1.234,56"),  # a dot between thousands
        (E("1234567"), "€ 1.234.567,00"),  # and millions
        (E("0"), "€ 0,00"),  # nothing
        (None, ""),  # no amount yet
    ],
)
def test_euro(bedrag, expected):
    assert rules.euro(bedrag) == expected


# --------------------------------------------------------------------------------------------
# Preconditions: warning, hearing, legal review
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("beleid", "eerdere", "expected"),
    [
        (True, 0, True),  # policy on, first fine: warn first
        (True, 1, False),  # policy on, a repeat: no new warning needed
        (False, 0, False),  # policy off: no warning required
        (False, 3, False),  # policy off, a repeat
    ],
)
def test_waarschuwing_verplicht(beleid, eerdere, expected):
    assert rules.waarschuwing_verplicht(beleid=beleid, eerdere_boetes=eerdere) is expected


@pytest.mark.parametrize(
    ("bedrag", "drempel", "expected"),
    [
        (E("340.00"), E("340"), False),  # at the threshold: not above it, no hearing required
        (E("340.01"), E("340"), True),  # one cent above: heard first
        (E("400.00"), E("340"), True),  # step 4 at intent
        (E("250.00"), E("340"), False),  # the brede intake fine
        (E("250.00"), E("200"), True),  # a municipality with a lower threshold
    ],
)
def test_hoorplicht(bedrag, drempel, expected):
    assert rules.hoorplicht(bedrag, drempel=drempel) is expected


@pytest.mark.parametrize(
    ("doelgroep", "expected"),
    [
        ("asielstatushouder", True),  # art. 13-1-a: every fine gets a legal review (case law 2025-2026)
        ("gezinslid_asielstatushouder", True),  # art. 13-1-b: treated as asielstatushouder
        ("gezinsmigrant", False),  # no review required
        ("overige_migrant", False),  # no review required
    ],
)
def test_juridische_toets_verplicht(doelgroep, expected):
    assert rules.juridische_toets_verplicht(doelgroep) is expected


@pytest.mark.parametrize(
    ("kwargs", "fout"),
    [
        ({"verwijtbaarheid": "normaal", "waarschuwing_nodig": True, "gewaarschuwd": True}, None),  # warned: go
        (
            {"verwijtbaarheid": "normaal", "waarschuwing_nodig": True, "gewaarschuwd": False},
            "schriftelijke waarschuwing",
        ),  # policy: warn first
        (
            {"verwijtbaarheid": "normaal", "waarschuwing_nodig": False, "gewaarschuwd": False},
            None,
        ),  # a repeat: no warning needed
        (
            {"verwijtbaarheid": "", "waarschuwing_nodig": False, "gewaarschuwd": False},
            "Zonder verwijtbaarheid",
        ),  # not assessed yet
        (
            {"verwijtbaarheid": "geen", "waarschuwing_nodig": False, "gewaarschuwd": True},
            "Zonder verwijtbaarheid",
        ),  # no culpability, no fine
    ],
)
def test_voornemen_fouten(kwargs, fout):
    fouten = rules.voornemen_fouten(**kwargs)
    assert (fouten == []) if fout is None else (fout in " ".join(fouten))


@pytest.mark.parametrize(
    ("bedrag", "zienswijze", "verplicht", "akkoord", "fout"),
    [
        (E("50.00"), "schriftelijk", False, None, None),  # below the threshold, written reaction: go
        (E("50.00"), "geen_reactie", False, None, None),  # below the threshold, no reaction after the term: go
        (E("400.00"), "schriftelijk", False, None, "gehoord"),  # above the threshold: a written reaction is not enough
        (E("400.00"), "geen_reactie", False, None, "gehoord"),  # above the threshold: must be invited to be heard
        (E("400.00"), "gehoord", False, None, None),  # above the threshold and heard: go
        (E("400.00"), "niet_verschenen", False, None, None),  # invited to the hearing, did not come: go
        (E("50.00"), "", False, None, "zienswijze"),  # the zienswijze step is missing
        (E("50.00"), "schriftelijk", True, None, "juridisch getoetst"),  # asiel: no legal review yet
        (E("50.00"), "schriftelijk", True, False, "juridisch getoetst"),  # asiel: the review did not agree
        (E("50.00"), "schriftelijk", True, True, None),  # asiel: reviewed and agreed
    ],
)
def test_opleggen_fouten(bedrag, zienswijze, verplicht, akkoord, fout):
    fouten = rules.opleggen_fouten(
        bedrag=bedrag,
        hoorplicht_drempel=E("340"),
        zienswijze_soort=zienswijze,
        toets_verplicht=verplicht,
        toets_akkoord=akkoord,
    )
    assert (fouten == []) if fout is None else (fout in " ".join(fouten))


@pytest.mark.parametrize(
    ("soort", "datum", "tot", "samenvatting", "fout"),
    [
        ("schriftelijk", D(2025, 4, 10), D(2025, 4, 15), "Had geen oppas.", None),  # written, within the term
        ("schriftelijk", D(2025, 4, 10), D(2025, 4, 15), "", "Vat"),  # a zienswijze needs a summary
        ("geen_reactie", D(2025, 4, 16), D(2025, 4, 15), "", None),  # no reaction, the term is over
        ("geen_reactie", D(2025, 4, 15), D(2025, 4, 15), "", "termijn"),  # the last day of the term: wait
        ("gehoord", D(2025, 4, 10), D(2025, 4, 15), "Verteld over ziekte.", None),  # heard
    ],
)
def test_zienswijze_fouten(soort, datum, tot, samenvatting, fout):
    fouten = rules.zienswijze_fouten(soort=soort, datum=datum, zienswijze_tot=tot, samenvatting=samenvatting)
    assert (fouten == []) if fout is None else (fout in " ".join(fouten))


# --------------------------------------------------------------------------------------------
# Bezwaar dates and decisions (Awb)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dagtekening", "weken", "expected"),
    [
        (D(2025, 4, 15), 6, D(2025, 5, 27)),  # starts the day after the dagtekening, 6 weeks
        (D(2025, 12, 1), 6, D(2026, 1, 12)),  # across the year end
        (D(2024, 1, 31), 6, D(2024, 3, 13)),  # through a leap-year February
    ],
)
def test_einde_bezwaartermijn(dagtekening, weken, expected):
    assert rules.einde_bezwaartermijn(dagtekening, weken) == expected


@pytest.mark.parametrize(
    ("einde", "ontvangen", "weken", "expected"),
    [
        (D(2025, 5, 27), D(2025, 5, 1), 6, D(2025, 7, 8)),  # in time: 6 weeks after the end of the term (Awb 7:10)
        (D(2025, 5, 27), D(2025, 5, 27), 6, D(2025, 7, 8)),  # received on the last day
        (D(2025, 5, 27), D(2025, 5, 1), 12, D(2025, 8, 19)),  # with an advisory committee: 12 weeks (a setting)
        (D(2025, 5, 27), D(2025, 6, 10), 6, D(2025, 7, 22)),  # received late: counted from receipt
    ],
)
def test_beslistermijn_bezwaar(einde, ontvangen, weken, expected):
    assert rules.beslistermijn_bezwaar(einde_bezwaartermijn=einde, ontvangen_op=ontvangen, weken=weken) == expected


@pytest.mark.parametrize(
    ("ontvangen", "expected"),
    [
        (D(2025, 5, 27), False),  # the last day of the term is in time
        (D(2025, 5, 28), True),  # a day later is late
    ],
)
def test_bezwaar_te_laat(ontvangen, expected):
    assert rules.bezwaar_te_laat(ontvangen, D(2025, 5, 27)) is expected


BASIS = {"motivering": "Gemotiveerd.", "gehoord": True, "horen_afgezien_reden": ""}


@pytest.mark.parametrize(
    ("kwargs", "fout"),
    [
        ({"tegen": "boete", "uitkomst": "ongegrond", "gevolg": "geen"}, None),  # the fine stays
        ({"tegen": "boete", "uitkomst": "gegrond", "gevolg": "boete_ingetrokken"}, None),  # the fine is withdrawn
        (
            {"tegen": "boete", "uitkomst": "gegrond", "gevolg": "geen"},
            "intrekken of verlagen",
        ),  # granted, yet nothing follows
        (
            {
                "tegen": "boete",
                "uitkomst": "deels_gegrond",
                "gevolg": "boete_verlaagd",
                "nieuw_bedrag": E(20),
                "huidig_bedrag": E(50),
            },
            None,
        ),  # lowered
        (
            {
                "tegen": "boete",
                "uitkomst": "deels_gegrond",
                "gevolg": "boete_verlaagd",
                "nieuw_bedrag": E(50),
                "huidig_bedrag": E(50),
            },
            "lager dan",
        ),  # not lower
        (
            {"tegen": "boete", "uitkomst": "deels_gegrond", "gevolg": "boete_verlaagd"},
            "nieuwe, lagere bedrag",
        ),  # no new amount
        (
            {"tegen": "boete", "uitkomst": "ongegrond", "gevolg": "boete_ingetrokken"},
            "blijft de boete staan",
        ),  # unfounded but withdrawn
        ({"tegen": "pip", "uitkomst": "gegrond", "gevolg": "nieuwe_pip_versie"}, None),  # a new PIP version follows
        (
            {"tegen": "pip", "uitkomst": "ongegrond", "gevolg": "nieuwe_pip_versie"},
            "blijft het PIP staan",
        ),  # unfounded: PIP stays
        (
            {"tegen": "pip", "uitkomst": "gegrond", "gevolg": "boete_ingetrokken"},
            "past niet",
        ),  # a fine's consequence on a PIP
        ({"tegen": "boete", "uitkomst": "", "gevolg": "geen"}, "Kies de uitkomst"),  # no outcome
        (
            {"tegen": "boete", "uitkomst": "ongegrond", "gevolg": "geen", "gehoord": False},
            "Hoor de indiener",
        ),  # Awb 7:2: hear first
        (
            {
                "tegen": "boete",
                "uitkomst": "ongegrond",
                "gevolg": "geen",
                "gehoord": False,
                "horen_afgezien_reden": "Kennelijk ongegrond.",
            },
            None,
        ),  # Awb 7:3
        (
            {"tegen": "boete", "uitkomst": "gegrond", "gevolg": "boete_ingetrokken", "gehoord": False},
            None,
        ),  # fully granted: hearing not needed
        (
            {"tegen": "boete", "uitkomst": "niet_ontvankelijk", "gevolg": "geen", "gehoord": False},
            None,
        ),  # inadmissible: no hearing needed
        ({"tegen": "boete", "uitkomst": "ongegrond", "gevolg": "geen", "motivering": ""}, "Motiveer"),  # no motivation
    ],
)
def test_bezwaar_beslissing_fouten(kwargs, fout):
    fouten = rules.bezwaar_beslissing_fouten(**{**BASIS, **kwargs})
    assert (fouten == []) if fout is None else (fout in " ".join(fouten)), fouten


# --------------------------------------------------------------------------------------------
# Who is next
# --------------------------------------------------------------------------------------------

NU = D(2025, 4, 10)


@pytest.mark.parametrize(
    ("status", "kwargs", "wie", "uiterlijk"),
    [
        ("signaal", {}, "Consultant", None),  # assess culpability
        ("beoordeeld", {}, "Consultant", None),  # warn or send the voornemen
        ("gewaarschuwd", {}, "Inburgeraar", None),  # the person can still comply
        ("voornemen", {"zienswijze_tot": D(2025, 4, 15)}, "Inburgeraar", D(2025, 4, 15)),  # the zienswijze term runs
        ("voornemen", {"zienswijze_tot": D(2025, 4, 1)}, "Consultant", D(2025, 4, 1)),  # the term is over: process it
        (
            "voornemen",
            {"zienswijze_tot": D(2025, 4, 15), "hoorplicht": True},
            "Consultant",
            D(2025, 4, 15),
        ),  # plan the hearing
        ("gehoord", {"toets_verplicht": True}, "Jurist", None),  # asiel: legal review
        ("gehoord", {}, "Consultant", None),  # impose the fine
        ("juridisch_getoetst", {}, "Consultant", None),  # impose the fine
        ("opgelegd", {"betalen_voor": D(2025, 5, 1)}, "Inburgeraar", D(2025, 5, 1)),  # pay
        ("opgelegd", {"betalen_voor": D(2025, 4, 1)}, "Consultant", D(2025, 4, 1)),  # unpaid: collect or remit
        ("in_bezwaar", {"beslissen_voor": D(2025, 6, 1)}, "Bezwaarbehandelaar", D(2025, 6, 1)),  # decide on bezwaar
        ("invordering", {}, "Invordering", None),  # collection
    ],
)
def test_wacht_op(status, kwargs, wie, uiterlijk):
    wachten = rules.wacht_op(status, vandaag=NU, **kwargs)
    assert (wachten.wie, wachten.uiterlijk) == (wie, uiterlijk)


@pytest.mark.parametrize("status", ["betaald", "kwijtgescholden", "ingetrokken", "afgezien", "participatiewet"])
def test_wacht_op_nobody_when_closed(status):
    assert rules.wacht_op(status, vandaag=NU) is None  # closed procedures wait for nobody
