"""The pure rules of the dashboards, from tables (one comment per row naming the rule)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from dashboards import rules

D = dt.date
N = Decimal


@pytest.mark.parametrize(
    "status, fase",
    [
        ("aangemeld", "warme_overdracht"),  # registered: the warme overdracht is the next step
        ("warme_overdracht", "warme_overdracht"),
        ("intake", "intake"),
        ("pip_in_voorbereiding", "pip"),  # PIP pending
        ("uitvoering", "uitvoering"),
        ("afronding", "afronding"),
        ("opgeschort", "opgeschort"),  # suspended: shown apart
        ("afgesloten", None),  # closed cases have no phase
    ],
)
def test_fase_van_status(status, fase):
    assert rules.fase(status) == fase


def test_elke_status_van_de_workflow_heeft_een_fase_of_is_afgesloten():
    from cases.workflow import Status

    assert {s for s in Status.values if rules.fase(s) is None} == {"afgesloten"}
    assert rules.fase_statussen("warme_overdracht") == ["aangemeld", "warme_overdracht"]


@pytest.mark.parametrize(
    "doelgroep, huisvesting, kennisgeving, cohort",
    [
        ("asielstatushouder", D(2024, 3, 1), D(2023, 12, 1), 2024),  # asiel: the housing year
        ("gezinslid_asielstatushouder", D(2025, 1, 5), None, 2025),  # art. 13-1-b counts as asiel
        ("asielstatushouder", None, D(2023, 12, 1), None),  # asiel not yet housed: no cohort
        ("gezinsmigrant", None, D(2023, 12, 1), 2023),  # not housed by the gemeente: the kennisgeving
        ("overige_migrant", D(2024, 2, 2), D(2023, 12, 1), 2024),  # a recorded housing date wins
        ("gezinsmigrant", None, None, None),  # nothing known
    ],
)
def test_cohort(doelgroep, huisvesting, kennisgeving, cohort):
    assert rules.cohort(doelgroep, huisvesting, kennisgeving) == cohort


@pytest.mark.parametrize(
    "gebeurtenis, maanden, eind",
    [
        (D(2024, 1, 10), 3, D(2024, 4, 10)),  # window starts the day after: 3 months ends on the same day-number
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # day after is 1 Feb: the month ends on the 29th (leap year)
        (D(2022, 6, 1), 36, D(2025, 6, 1)),  # 3 years
        (D(2023, 3, 1), 24, D(2025, 3, 1)),  # 2 years
        (None, 3, None),  # no event, no window
    ],
)
def test_venster_eind(gebeurtenis, maanden, eind):
    assert rules.venster_eind(gebeurtenis, maanden) == eind


@pytest.mark.parametrize(
    "eind, behaald_op, peildatum, uitkomst",
    [
        (D(2025, 4, 10), D(2025, 3, 1), D(2026, 1, 1), "behaald"),  # achieved inside the window
        (D(2025, 4, 10), D(2025, 4, 10), D(2026, 1, 1), "behaald"),  # on the last day still counts
        (D(2025, 4, 10), D(2025, 4, 11), D(2026, 1, 1), "niet_behaald"),  # one day late
        (D(2025, 4, 10), None, D(2026, 1, 1), "niet_behaald"),  # window passed without it
        (D(2026, 4, 10), None, D(2026, 1, 1), "lopend"),  # window still open
        (D(2026, 4, 10), D(2025, 12, 1), D(2026, 1, 1), "behaald"),  # achieved early: known already
        (D(2026, 1, 1), None, D(2026, 1, 1), "lopend"),  # the last day is today: still open
        (None, D(2025, 1, 1), D(2026, 1, 1), None),  # no window: not in the KPI
    ],
)
def test_uitkomst(eind, behaald_op, peildatum, uitkomst):
    assert rules.uitkomst(eind, behaald_op, peildatum) == uitkomst


@pytest.mark.parametrize(
    "teller, noemer, pct",
    [
        (1, 3, N("33.3")),  # one decimal
        (2, 3, N("66.7")),  # half up
        (1, 8, N("12.5")),
        (2, 7, N("28.6")),
        (0, 5, N("0.0")),
        (3, 0, None),  # no noemer: no percentage
    ],
)
def test_percentage(teller, noemer, pct):
    assert rules.percentage(teller, noemer) == pct


B1_DAG = D(2025, 10, 1)
ALLE_B1 = [
    ("LE", "B1", D(2025, 10, 1)),
    ("LU", "B1", D(2025, 10, 2)),
    ("SC", "B1", D(2025, 10, 3)),
    ("SP", "B1", D(2025, 10, 4)),
    ("KNM", "", D(2025, 10, 5)),
]
SP_A2 = [e for e in ALLE_B1 if e[0] != "SP"] + [("SP", "A2", D(2025, 10, 6))]


@pytest.mark.parametrize(
    "leerroute, niveau, afgeschaald, examens, zroute, verwacht",
    [
        ("b1", "B1", (), ALLE_B1, None, D(2025, 10, 5)),  # all five parts: the day of the last one
        ("b1", "B1", (), SP_A2, None, None),  # spreken only at A2: not passed
        ("b1", "B1", ("SP",), SP_A2, None, D(2025, 10, 6)),  # spreken afgeschaald: A2 counts
        ("b1", "A2", (), SP_A2, None, D(2025, 10, 6)),  # PIP level A2: A2 counts
        ("onderwijs", "B1", (), ALLE_B1, None, D(2025, 10, 5)),  # onderwijsroute: the same exams
        ("b1", "B1", (), ALLE_B1[:4], None, None),  # KNM missing
        ("b1", "B1", (), ALLE_B1 + [("LE", "B1", D(2025, 1, 1))], None, D(2025, 10, 5)),  # earliest pass per part
        ("z", "", (), [], D(2026, 5, 1), D(2026, 5, 1)),  # Z-route: the completion date
        ("z", "", (), ALLE_B1, None, None),  # Z-route without completion: exams do not count
        ("", "", (), ALLE_B1, None, None),  # no route
    ],
)
def test_geslaagd_op(leerroute, niveau, afgeschaald, examens, zroute, verwacht):
    assert (
        rules.geslaagd_op(
            leerroute=leerroute, pip_niveau=niveau, afgeschaald=afgeschaald, examens=examens, zroute_afgerond_op=zroute
        )
        == verwacht
    )


@pytest.mark.parametrize(
    "activiteit, uitstroom, verwacht",
    [
        (D(2024, 1, 1), None, D(2024, 1, 1)),  # a participation activity
        (None, D(2024, 3, 1), D(2024, 3, 1)),  # out to work or study counts as participating
        (D(2024, 5, 1), D(2024, 3, 1), D(2024, 3, 1)),  # the earliest of both
        (None, None, None),
    ],
)
def test_participerend_op(activiteit, uitstroom, verwacht):
    assert rules.participerend_op(activiteit, uitstroom) == verwacht


@pytest.mark.parametrize(
    "intake, ontzorgd, pip, verwacht",
    [
        (True, False, False, True),  # the brede intake says bijstand
        (False, True, False, True),  # financieel ontzorgen needs bijstand
        (False, False, True, True),  # a PIP version records bijstand
        (False, False, False, False),
    ],
)
def test_op_bijstand(intake, ontzorgd, pip, verwacht):
    assert rules.op_bijstand(intake_bijstand=intake, ontzorgd=ontzorgd, pip_bijstand=pip) is verwacht


@pytest.mark.parametrize(
    "nul, laatste, beweging",
    [(2, 4, "gestegen"), (3, 3, "gelijk"), (4, 2, "gedaald"), (1, None, None), (None, 3, None)],
)
def test_trede_beweging(nul, laatste, beweging):
    assert rules.trede_beweging(nul, laatste) == beweging


@pytest.mark.parametrize(
    "vandaag, zondag",
    [
        (D(2026, 11, 18), D(2026, 11, 22)),  # a Wednesday: this week runs to Sunday
        (D(2026, 11, 22), D(2026, 11, 22)),  # on Sunday only today is left
        (D(2026, 11, 23), D(2026, 11, 29)),  # on Monday a new week starts
    ],
)
def test_week_einde(vandaag, zondag):
    assert rules.week_einde(vandaag) == zondag


RIJEN = [(None, D(2022, 1, 1), N(10)), (None, D(2026, 9, 1), N(8)), (7, D(2024, 1, 1), N(6))]


@pytest.mark.parametrize(
    "op, gemeente, waarde",
    [
        (D(2025, 1, 1), None, N(10)),  # national row
        (D(2026, 9, 1), None, N(8)),  # a newer national row from its ingangsdatum
        (D(2025, 1, 1), 7, N(6)),  # the gemeente's own row wins
        (D(2023, 6, 1), 7, N(10)),  # before the gemeente's row: the national one
        (D(2021, 1, 1), None, None),  # before every row
    ],
)
def test_geldende_waarde(op, gemeente, waarde):
    assert rules.geldende_waarde(RIJEN, op, gemeente) == waarde


def test_routemix_en_afwijking_van_de_prognose():
    mix = rules.routemix({"onderwijs": 1, "b1": 3, "z": 1})
    assert mix == {"onderwijs": N("20.0"), "b1": N("60.0"), "z": N("20.0")}
    assert rules.afwijking(mix["onderwijs"], N(25)) == N("-5.0")
    assert rules.afwijking(mix["z"], N(15)) == N("5.0")
    assert rules.routemix({}) == {"onderwijs": None, "b1": None, "z": None}


@pytest.mark.parametrize(
    "jaar, k, start, eind, lever",
    [
        (2026, 1, D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 28)),  # CBS: within 4 weeks after the quarter
        (2026, 3, D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 28)),
        (2025, 4, D(2025, 10, 1), D(2025, 12, 31), D(2026, 1, 28)),
    ],
)
def test_kwartalen(jaar, k, start, eind, lever):
    assert rules.kwartaal_grenzen(jaar, k) == (start, eind)
    assert rules.cbs_leverdatum(jaar, k) == lever
    assert rules.kwartaal(start) == rules.kwartaal(eind) == (jaar, k)


def test_vorig_kwartaal():
    assert rules.vorig_kwartaal(D(2026, 11, 18)) == (2026, 3)
    assert rules.vorig_kwartaal(D(2026, 2, 1)) == (2025, 4)


@pytest.mark.parametrize(
    "waarde, decimalen, tekst",
    [
        (1234567, 0, "1.234.567"),  # thousands with a dot
        (-1234567, 0, "-1.234.567"),
        (999, 0, "999"),
        (0, 0, "0"),
        (1234, 1, "1.234,0"),  # a count with decimals
        (N("12.345"), 1, "12,3"),  # decimal comma
        (N("0.05"), 1, "0,1"),  # half up
        (N("-1234.5"), 2, "-1.234,50"),
        (None, 0, "–"),
    ],
)
def test_nl_getal(waarde, decimalen, tekst):
    assert rules.nl_getal(waarde, decimalen) == tekst


def test_nl_procent_euro_en_procentpunt():
    assert rules.nl_procent(N("92.5")) == "92,5%"
    assert rules.nl_euro(N("1234.5")) == "€ 1.234,50"
    assert rules.nl_plus_min(N("2.5")) == "+2,5"
    assert rules.nl_plus_min(N("-1")) == "−1,0"


def test_elke_kpi_met_termijn_heeft_een_streefwaarde_en_termijn_als_instelling():
    from inburgering.regels import DEFAULTS

    for k in rules.VENSTER_KPIS:
        assert k.doel_code in DEFAULTS and DEFAULTS[k.doel_code].eenheid == "procent", k.code
        assert k.venster_code in DEFAULTS, k.code
    for code in rules.PROGNOSE_CODE.values():
        assert code in DEFAULTS
    assert DEFAULTS["kpi_gestart_3mnd_pct"].waarden[0][1] == 90
    assert DEFAULTS["kpi_geslaagd_3jr_pct"].waarden[0][1] == 80
    assert DEFAULTS["kpi_participerend_3jr_pct"].waarden[0][1] == 80
    assert DEFAULTS["kpi_uitstroom_2jr_pct"].waarden[0][1] == 40
