"""The pure SPUK rules (DOMAIN.md §8), from tables: one comment per row names the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from spuk import rules
from spuk.rules import (
    AsielPost,
    MigrantPost,
    asiel_tranches,
    gezinsmigranten_uitkering,
    inburgeringsplichtigen_prognose,
    uitkering_per_cohort,
    uitkering_per_jaar,
)

D = Decimal


# ---------------------------------------------------------------------------------------------
# The worked example of DOMAIN.md §8 (Dalfsen, Divosa rekentool), reproduced exactly
# ---------------------------------------------------------------------------------------------

DALFSEN_TAAKSTELLING = {2022: 25, 2023: 22, 2024: 22, 2025: 22}
DALFSEN_GEZINSMIGRANTEN = 3


def test_dalfsen_worked_example():
    """Taakstelling 25/22/22/22 → 17.5/15.4/15.4/15.4 obliged; 3 gezinsmigranten → € 1,767 a year;
    the 2022 cohort brings € 134,960 in 2022, € 70,000 in 2023 and € 17,500 in 2024.

    Checked by hand: 25 × 0.7 = 17.5 and 22 × 0.7 = 15.4; 3 × 589 = 1,767; 17.5 × 7,712 = 134,960,
    17.5 × 4,000 = 70,000, 17.5 × 1,000 = 17,500. For these numbers the documented amounts and the
    rule agree to the cent: every product is a whole number of euros, so rounding plays no part.

    Where the published rekentool table and this rule part ways (DOMAIN.md §8: it "rounds a few euros
    differently and shifts its year headers by one"), the cause is presentation, not the rule:
    - the 15.4-person cohorts give fractional euros (15.4 × 7,712 = 118,764.80). The rule keeps the
      cents (a grant is paid in cents, issue 10 asks for cents); a table printed in whole euros rounds
      such cells and its column totals, so a few of its euros differ from the sum of the cents. The
      2022 figures quoted above are whole euros and therefore agree exactly.
    - the published table's year headers are one year off from the year of housing. The rule keys
      every tranche by the calendar year it is paid, t = the housing year, as issue 10 fixes with
      (10, 2024) → {2024: 77,120, ...}: the 2022 cohort's € 134,960 is 2022 money, and this test pins
      the calendar year, not the published header.
    """
    plichtigen = {j: inburgeringsplichtigen_prognose(t) for j, t in DALFSEN_TAAKSTELLING.items()}
    assert plichtigen == {2022: D("17.5"), 2023: D("15.4"), 2024: D("15.4"), 2025: D("15.4")}

    assert gezinsmigranten_uitkering(DALFSEN_GEZINSMIGRANTEN) == D("1767.00")

    assert asiel_tranches(plichtigen[2022], 2022) == {2022: D("134960.00"), 2023: D("70000.00"), 2024: D("17500.00")}


def test_dalfsen_provisional_grant_per_year_and_cohort():
    """The whole forecast grant of the worked example, per year of payment and housing cohort."""
    plichtigen = {j: inburgeringsplichtigen_prognose(t) for j, t in DALFSEN_TAAKSTELLING.items()}
    asiel = [AsielPost(j, n) for j, n in plichtigen.items()]
    migranten = [MigrantPost(j, D(DALFSEN_GEZINSMIGRANTEN)) for j in DALFSEN_TAAKSTELLING]
    per_jaar = uitkering_per_jaar(asiel, migranten, range(2022, 2028))

    assert per_jaar[2022].per_cohort == {2022: D("134960.00")}
    assert per_jaar[2023].per_cohort == {2022: D("70000.00"), 2023: D("118764.80")}  # 15.4 × 7,712
    assert per_jaar[2024].per_cohort == {2022: D("17500.00"), 2023: D("61600.00"), 2024: D("118764.80")}
    assert per_jaar[2025].per_cohort == {2023: D("15400.00"), 2024: D("61600.00"), 2025: D("118764.80")}
    assert per_jaar[2026].per_cohort == {2024: D("15400.00"), 2025: D("61600.00")}
    assert per_jaar[2027].per_cohort == {2025: D("15400.00")}
    assert [per_jaar[j].migranten for j in range(2022, 2028)] == [D("1767.00")] * 4 + [D("0")] * 2
    assert [per_jaar[j].totaal for j in range(2022, 2028)] == [
        D("136727.00"),  # 134,960 + 1,767
        D("190531.80"),  # 70,000 + 118,764.80 + 1,767
        D("199631.80"),  # 17,500 + 61,600 + 118,764.80 + 1,767
        D("197531.80"),  # 15,400 + 61,600 + 118,764.80 + 1,767
        D("77000.00"),  # 15,400 + 61,600
        D("15400.00"),
    ]
    # a cohort's budget is all of its three tranches (+ its migrants): 17.5 × 12,712 + 1,767
    assert uitkering_per_cohort(asiel, migranten)[2022] == D("222460.00") + D("1767.00")


# ---------------------------------------------------------------------------------------------
# The three named rules
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "taakstelling, factor, verwacht",
    [
        (25, D("0.7"), D("17.5")),  # default factor 70%: not everyone housed is obliged
        (22, D("0.7"), D("15.4")),  # a fraction of a person is kept (the rekentool counts so)
        (0, D("0.7"), D("0")),  # no taakstelling, nobody expected
        (D("22"), D("0.65"), D("14.30")),  # a gemeente's own factor from the dated setting
        ("10", D("1"), D("10")),  # a numeric string is exact too
    ],
)
def test_inburgeringsplichtigen_prognose(taakstelling, factor, verwacht):
    assert inburgeringsplichtigen_prognose(taakstelling, factor) == verwacht


def test_inburgeringsplichtigen_prognose_default_factor_is_seventy_percent():
    assert inburgeringsplichtigen_prognose(25) == D("17.5")  # factor defaults to 0.7


@pytest.mark.parametrize(
    "aantal, jaar, tranches, verwacht",
    [
        # the example: 10 people housed in 2024 → t, t+1, t+2
        (D("10"), 2024, rules.TRANCHES_2022, {2024: D("77120"), 2025: D("40000"), 2026: D("10000")}),
        # a fractional forecast count is paid to the cent: 15.4 × 7,712 = 118,764.80
        (D("15.4"), 2023, rules.TRANCHES_2022, {2023: D("118764.80"), 2024: D("61600"), 2025: D("15400")}),
        # half a cent rounds up (ROUND_HALF_UP): 0.005 × 1 = 0.005 → 0.01
        (D("0.005"), 2022, (D("1"), D("1"), D("1")), {2022: D("0.01"), 2023: D("0.01"), 2024: D("0.01")}),
        # an indexed later tariff (a new dated row) is simply other tranches
        (D("2"), 2025, (D("8100"), D("4200"), D("1050")), {2025: D("16200"), 2026: D("8400"), 2027: D("2100")}),
        # nobody housed, nothing paid, still three years
        (D("0"), 2022, rules.TRANCHES_2022, {2022: D("0"), 2023: D("0"), 2024: D("0")}),
    ],
)
def test_asiel_tranches(aantal, jaar, tranches, verwacht):
    uit = asiel_tranches(aantal, jaar, tranches)
    assert uit == verwacht
    assert all(v == v.quantize(D("0.01")) and v.as_tuple().exponent == -2 for v in uit.values())  # cents


def test_asiel_tranches_default_is_the_2022_tariff():
    assert asiel_tranches(D("1"), 2022) == {2022: D("7712"), 2023: D("4000"), 2024: D("1000")}  # = 12,712


@pytest.mark.parametrize(
    "aantal, tarief, verwacht",
    [
        (3, D("589"), D("1767.00")),  # Dalfsen: 3 gezinsmigranten a year
        (0, D("589"), D("0.00")),  # none expected
        (D("2.5"), D("589"), D("1472.50")),  # a fractional forecast, to the cent
        (4, D("612.33"), D("2449.32")),  # an indexed tariff with cents
    ],
)
def test_gezinsmigranten_uitkering(aantal, tarief, verwacht):
    assert gezinsmigranten_uitkering(aantal, tarief) == verwacht


def test_gezinsmigranten_uitkering_default_tariff():
    assert gezinsmigranten_uitkering(1) == D("589")  # the 2022 amount


@pytest.mark.parametrize(
    "aanroep",
    [
        lambda: inburgeringsplichtigen_prognose(25.0),  # a float taakstelling is refused
        lambda: inburgeringsplichtigen_prognose(25, 0.7),  # a float factor is refused
        lambda: asiel_tranches(17.5, 2022),  # a float count is refused
        lambda: gezinsmigranten_uitkering(3, 589.0),  # a float tariff is refused
    ],
)
def test_no_floats(aanroep):
    with pytest.raises(TypeError):
        aanroep()


# ---------------------------------------------------------------------------------------------
# Settlement, cohorts, tariffs, spend
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "voorlopig, definitief, verwacht",
    [
        (D("136727.00"), D("136727.00"), D("0.00")),  # forecast came true: nothing to settle
        (D("136727.00"), D("101423.00"), D("-35304.00")),  # fewer obliged than forecast: pay back
        (D("100000.00"), D("112712.50"), D("12712.50")),  # more obliged: the Rijk pays extra
    ],
)
def test_verrekening(voorlopig, definitief, verwacht):
    assert rules.verrekening(voorlopig, definitief) == verwacht


@pytest.mark.parametrize(
    "doelgroep, huisvesting, kennisgeving, verwacht",
    [
        # asiel: the housing date decides the cohort
        ("asielstatushouder", dt.date(2023, 12, 30), dt.date(2023, 11, 1), dt.date(2023, 12, 30)),
        # art. 13-1-b family member is treated as asiel: housing date
        ("gezinslid_asielstatushouder", dt.date(2024, 2, 1), dt.date(2024, 1, 5), dt.date(2024, 2, 1)),
        # asiel without a housing date is not (yet) countable, even with a kennisgeving
        ("asielstatushouder", None, dt.date(2024, 1, 5), None),
        # gezinsmigrant: not housed by the municipality, the kennisgeving starts year t
        ("gezinsmigrant", None, dt.date(2024, 3, 3), dt.date(2024, 3, 3)),
        # overige migrant with a recorded housing date: that date
        ("overige_migrant", dt.date(2025, 1, 2), dt.date(2024, 12, 1), dt.date(2025, 1, 2)),
        # nothing known: no cohort
        ("gezinsmigrant", None, None, None),
    ],
)
def test_cohortdatum(doelgroep, huisvesting, kennisgeving, verwacht):
    assert rules.cohortdatum(doelgroep, huisvesting, kennisgeving) == verwacht


@pytest.mark.parametrize(
    "casussen, verwacht",
    [
        # one case with a kennisgeving and a housing date: counted in its cohort
        (
            [("asielstatushouder", dt.date(2024, 3, 1), dt.date(2024, 2, 1))],
            (rules.GETELD, "asielstatushouder", dt.date(2024, 3, 1)),
        ),
        # a closed case and a new one in the same gemeente: once, in the earliest cohort
        (
            [
                ("asielstatushouder", dt.date(2024, 3, 1), dt.date(2024, 2, 1)),
                ("asielstatushouder", dt.date(2023, 5, 1), dt.date(2023, 4, 1)),
            ],
            (rules.GETELD, "asielstatushouder", dt.date(2023, 5, 1)),
        ),
        # an earlier case without a kennisgeving does not decide the cohort
        (
            [
                ("asielstatushouder", dt.date(2022, 1, 1), None),
                ("asielstatushouder", dt.date(2024, 3, 1), dt.date(2024, 2, 1)),
            ],
            (rules.GETELD, "asielstatushouder", dt.date(2024, 3, 1)),
        ),
        # obliged (kennisgeving) but asiel without a housing date: reported, not counted
        ([("asielstatushouder", None, dt.date(2024, 2, 1))], (rules.ZONDER_COHORTDATUM, "asielstatushouder", None)),
        # no kennisgeving on any case: not (yet) obliged
        ([("gezinsmigrant", None, None)], (rules.ZONDER_KENNISGEVING, None, None)),
    ],
)
def test_telling_persoon(casussen, verwacht):
    assert rules.telling_persoon(casussen) == verwacht


A, B = 1, 2
RIJEN = [
    (None, dt.date(2022, 1, 1), D("7712")),
    (None, dt.date(2024, 1, 1), D("8019")),
    (A, dt.date(2024, 7, 1), D("9000")),
]


@pytest.mark.parametrize(
    "op, gemeente, verwacht",
    [
        (dt.date(2022, 6, 1), None, D("7712")),  # national row of 2022
        (dt.date(2023, 12, 31), None, D("7712")),  # the day before the indexed row
        (dt.date(2024, 1, 1), None, D("8019")),  # on the indexed row's effective date
        (dt.date(2024, 6, 30), A, D("8019")),  # gemeente A before its own row: national
        (dt.date(2024, 7, 1), A, D("9000")),  # gemeente A's own row wins from its date
        (dt.date(2024, 7, 1), B, D("8019")),  # another gemeente keeps the national value
        (dt.date(2021, 12, 31), None, None),  # before any row: None (caller uses the legal default)
    ],
)
def test_geldende_waarde(op, gemeente, verwacht):
    assert rules.geldende_waarde(RIJEN, op, gemeente) == verwacht


def test_uitkering_uses_each_cohorts_own_tariff():
    """Tariffs of a later year apply to the people housed in that year (a post carries its tariff)."""
    asiel = [AsielPost(2023, D("1"), rules.TRANCHES_2022), AsielPost(2024, D("1"), (D("8019"), D("4159"), D("1040")))]
    per_jaar = uitkering_per_jaar(asiel, [], [2024])
    assert per_jaar[2024].per_cohort == {2023: D("4000"), 2024: D("8019")}  # 2023 cohort: old t+1


@pytest.mark.parametrize(
    "prijs, eenheid, uren, verwacht",
    [
        (D("10000"), rules.PER_TRAJECT, D("0"), D("10000.00")),  # a price per traject, hours do not matter
        (D("10000"), rules.PER_TRAJECT, D("123"), D("10000.00")),  # idem with hours registered
        (D("12.50"), rules.PER_UUR, D("40.5"), D("506.25")),  # price per hour × NT2/KNM hours
        (D("11.111"), rules.PER_UUR, D("3"), D("33.33")),  # rounded to the cent
    ],
)
def test_leerroute_kosten(prijs, eenheid, uren, verwacht):
    assert rules.leerroute_kosten(prijs, eenheid, uren) == verwacht


@pytest.mark.parametrize(
    "budget, besteding, saldo, overschreden",
    [
        (D("1000"), D("999.99"), D("0.01"), False),  # just within the budget
        (D("1000"), D("1000"), D("0"), False),  # exactly the budget is not an overspend
        (D("1000"), D("1000.01"), D("-0.01"), True),  # one cent over: warning
        (D("0"), D("50"), D("-50"), True),  # spend without any grant: warning
    ],
)
def test_saldo_and_overspend(budget, besteding, saldo, overschreden):
    s = rules.Saldo(budget, besteding)
    assert (s.saldo, s.overschreden) == (saldo, overschreden)


@pytest.mark.parametrize(
    "totaal, tranches, klopt",
    [
        (D("12712"), rules.TRANCHES_2022, True),  # 7,712 + 4,000 + 1,000
        (D("13000"), rules.TRANCHES_2022, False),  # the admin changed the total but not the tranches
    ],
)
def test_tranches_kloppen(totaal, tranches, klopt):
    assert rules.tranches_kloppen(totaal, tranches) is klopt


@pytest.mark.parametrize(
    "datums, verwacht",
    [
        ((None, dt.date(2024, 3, 1), dt.date(2024, 2, 1)), dt.date(2024, 2, 1)),  # earliest known date
        ((None, None, None), None),  # no date: not started
    ],
)
def test_vroegste(datums, verwacht):
    assert rules.vroegste(*datums) == verwacht


# ---------------------------------------------------------------------------------------------
# Dutch presentation and input
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bedrag, tekst",
    [
        (D("134960"), "€\u00a0134.960,00"),  # thousands dot, decimal comma
        (D("1767"), "€\u00a01.767,00"),  # four digits
        (D("118764.8"), "€\u00a0118.764,80"),  # cents kept
        (D("-35304"), "€\u00a0-35.304,00"),  # a settlement to pay back
        (D("0"), "€\u00a00,00"),  # zero
        (D("1234567.891"), "€\u00a01.234.567,89"),  # millions, rounded to the cent
    ],
)
def test_euro(bedrag, tekst):
    assert rules.euro(bedrag) == tekst


@pytest.mark.parametrize(
    "aantal, tekst",
    [
        (D("17.5"), "17,5"),  # forecast count with a decimal comma
        (D("15.40"), "15,4"),  # no trailing zero
        (D("3"), "3"),  # whole number
        (D("1250"), "1.250"),  # thousands dot
        (D("14.30"), "14,3"),  # normalised
    ],
)
def test_aantal_nl(aantal, tekst):
    assert rules.aantal_nl(aantal) == tekst


@pytest.mark.parametrize(
    "tekst, bedrag",
    [
        ("1.250,00", D("1250.00")),  # Dutch notation
        ("1250", D("1250.00")),  # plain number
        ("€ 12,50", D("12.50")),  # with the sign
        ("-250,00", D("-250.00")),  # a credit
        ("1.250", D("1250.00")),  # a dot before three digits is a thousands dot
        ("12.5", D("12.50")),  # a single dot before one or two digits is a decimal point
    ],
)
def test_parse_bedrag(tekst, bedrag):
    assert rules.parse_bedrag(tekst) == bedrag


@pytest.mark.parametrize("tekst", ["", "abc", "1,2,3", "12,345"])  # empty, text, two commas, three decimals
def test_parse_bedrag_refuses(tekst):
    with pytest.raises(ValueError):
        rules.parse_bedrag(tekst)
