"""Forecast, definitive grant, settlement, tariffs by housing date and spend from the register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from inburgering.models import RegelInstelling
from inburgering.regels import regel
from spuk import selectors, services
from spuk.models import Prognose

from . import data
from .data import casus, d
from .data import regel as regel_rij

D = Decimal
VANDAAG = dt.date(2026, 6, 1)

pytestmark = pytest.mark.django_db


def cijfers_van(gemeente, gemeenten=None):
    r = selectors.spuk_rapport(gemeenten or [gemeente], VANDAAG)
    return next(c for c in r.per_gemeente if c.gemeente == gemeente), r


def test_dalfsen_worked_example_through_the_dated_settings(world):
    """The worked example of DOMAIN.md §8, entered as a forecast and computed with the seeded tariffs."""
    services.prognose_opslaan(
        gemeente=world.gemeente_a,
        jaren={2022: (25, 3), 2023: (22, 3), 2024: (22, 3), 2025: (22, 3)},
        door=world.users["tl"],
    )
    c, _ = cijfers_van(world.gemeente_a)
    assert [p.plichtigen for p in c.prognose] == [D("17.5"), D("15.4"), D("15.4"), D("15.4")]
    assert {p.factor for p in c.prognose} == {D("0.7")}  # spuk_prognose_factor_pct = 70
    assert c.jaar(2022).voorlopig.migranten == D("1767.00")  # 3 × 589
    cohort_2022 = {j: c.jaar(j).voorlopig.per_cohort.get(2022) for j in (2022, 2023, 2024, 2025)}
    assert cohort_2022 == {2022: D("134960.00"), 2023: D("70000.00"), 2024: D("17500.00"), 2025: None}


def test_settlement_with_actual_counts_that_differ_from_the_forecast(world):
    """Forecast 2024: taakstelling 10 (→ 7 obliged) and 2 migrants; the register holds 4 obliged
    asielstatushouders housed in 2024 and 1 gezinsmigrant: the difference is settled per year."""
    a, t, c1 = world.gemeente_a, world.team1, world.users["c1"]
    services.prognose_opslaan(gemeente=a, jaren={2024: (10, 2)}, door=world.users["tl"])
    for dag in (10, 11, 12):
        casus(a, t, c1, huisvesting=d(2024, 3, dag), kennisgeving=d(2024, 2, 1))
    casus(a, t, c1, doelgroep="gezinslid_asielstatushouder", huisvesting=d(2024, 9, 1), kennisgeving=d(2024, 8, 1))
    casus(a, t, c1, huisvesting=d(2024, 4, 1), kennisgeving=None)  # not (yet) obliged: no DUO kennisgeving
    casus(a, t, c1, doelgroep="gezinsmigrant", kennisgeving=d(2024, 5, 5))
    casus(a, t, c1, doelgroep="gezinsmigrant", kennisgeving=d(2023, 12, 31))  # cohort 2023, not 2024
    casus(a, t, c1, huisvesting=None, kennisgeving=d(2024, 1, 1))  # asiel without a housing date

    c, _ = cijfers_van(a)
    j = {jaar: c.jaar(jaar) for jaar in (2023, 2024, 2025, 2026)}
    # provisional: 7 × 7,712 + 2 × 589; definitive: 4 × 7,712 + 1 × 589
    assert (j[2024].voorlopig.totaal, j[2024].definitief.totaal) == (D("55162.00"), D("31437.00"))
    assert j[2024].verrekening == D("-23725.00")  # pay back
    assert (j[2025].voorlopig.totaal, j[2025].definitief.totaal, j[2025].verrekening) == (
        D("28000.00"),  # 7 × 4,000
        D("16000.00"),  # 4 × 4,000
        D("-12000.00"),
    )
    assert (j[2026].voorlopig.totaal, j[2026].definitief.totaal, j[2026].verrekening) == (
        D("7000.00"),
        D("4000.00"),
        D("-3000.00"),
    )
    # 2023 had no forecast: the migrant with a 2023 kennisgeving is money the Rijk pays extra
    assert (j[2023].voorlopig.totaal, j[2023].definitief.totaal, j[2023].verrekening) == (
        D("0"),
        D("589.00"),
        D("589.00"),
    )
    cohort = {r.cohort: r for r in c.cohorten}
    assert cohort[2024].aantallen == {"asielstatushouder": 3, "gezinslid_asielstatushouder": 1, "gezinsmigrant": 1}
    assert (cohort[2024].asiel, cohort[2024].migranten, cohort[2024].prognose_plichtigen) == (4, 1, D("7.0"))
    assert c.zonder_kennisgeving == 1 + 2  # plus the two cases of the world in gemeente A, without dates
    assert c.zonder_cohortdatum == 1
    # the world's three cases have no dates at all (gemeente A holds two of them)
    assert world.cases["eigen"].datum_kennisgeving is None


def test_a_person_counts_once_per_gemeente_even_with_a_closed_and_a_new_case(world):
    a, t, c1 = world.gemeente_a, world.team1, world.users["c1"]
    eerste = casus(a, t, c1, huisvesting=d(2023, 3, 1), kennisgeving=d(2023, 2, 1), afgesloten=True)
    casus(a, t, c1, huisvesting=d(2024, 3, 1), kennisgeving=d(2024, 2, 1), inburgeraar=eerste.inburgeraar)
    # the same person in another gemeente counts there too (the grant follows the housing gemeente)
    casus(
        world.gemeente_b,
        world.team2,
        world.users["c3"],
        huisvesting=d(2024, 6, 1),
        kennisgeving=d(2024, 2, 1),
        inburgeraar=eerste.inburgeraar,
        afgesloten=True,
    )
    c, r = cijfers_van(a, [world.gemeente_a, world.gemeente_b])
    assert c.jaar(2023).definitief.per_cohort == {2023: D("7712.00")}  # once, in the earliest cohort
    assert c.jaar(2024).definitief.per_cohort == {2023: D("4000.00")}
    b = next(x for x in r.per_gemeente if x.gemeente == world.gemeente_b)
    assert b.jaar(2024).definitief.per_cohort == {2024: D("7712.00")}


def test_tariffs_of_a_later_year_apply_to_cases_housed_in_that_year(world):
    """An indexed tariff is a new dated row; it applies to the people housed from its date."""
    a, t, c1 = world.gemeente_a, world.team1, world.users["c1"]
    regel_rij("spuk_asiel_tranche_t", "8000", d(2025, 1, 1))
    regel_rij("spuk_asiel_tranche_t1", "4150", d(2025, 1, 1))
    regel_rij("spuk_asiel_tranche_t2", "1040", d(2025, 1, 1))
    regel_rij("spuk_gezinsmigrant", "611", d(2025, 1, 1))
    casus(a, t, c1, huisvesting=d(2024, 12, 31), kennisgeving=d(2024, 12, 1))  # 2024 tariff
    casus(a, t, c1, huisvesting=d(2025, 1, 1), kennisgeving=d(2024, 12, 1))  # 2025 tariff
    casus(a, t, c1, doelgroep="gezinsmigrant", kennisgeving=d(2024, 7, 1))  # 589
    casus(a, t, c1, doelgroep="gezinsmigrant", kennisgeving=d(2025, 3, 1))  # 611

    c, _ = cijfers_van(a)
    assert c.jaar(2024).definitief.per_cohort == {2024: D("7712.00")}
    assert c.jaar(2025).definitief.per_cohort == {2024: D("4000.00"), 2025: D("8000.00")}
    assert c.jaar(2026).definitief.per_cohort == {2024: D("1000.00"), 2025: D("4150.00")}
    assert c.jaar(2027).definitief.per_cohort == {2025: D("1040.00")}
    assert (c.jaar(2024).definitief.migranten, c.jaar(2025).definitief.migranten) == (D("589.00"), D("611.00"))

    # the forecast reads the tariff of its year (1 January) too
    services.prognose_opslaan(gemeente=a, jaren={2024: (10, 0), 2025: (10, 1)}, door=world.users["tl"])
    c, _ = cijfers_van(a)
    assert c.jaar(2025).voorlopig.per_cohort == {2024: D("28000.00"), 2025: D("56000.00")}  # 7 × 4,000; 7 × 8,000
    assert c.jaar(2025).voorlopig.migranten == D("611.00")


def test_a_gemeente_factor_row_changes_only_that_gemeentes_forecast(world):
    regel_rij("spuk_prognose_factor_pct", "60", d(2024, 1, 1), gemeente=world.gemeente_a)
    services.prognose_opslaan(gemeente=world.gemeente_a, jaren={2024: (10, 0)}, door=world.users["tl"])
    services.prognose_opslaan(gemeente=world.gemeente_b, jaren={2024: (10, 0)}, door=world.users["tl"])
    c, r = cijfers_van(world.gemeente_a, [world.gemeente_a, world.gemeente_b])
    b = next(x for x in r.per_gemeente if x.gemeente == world.gemeente_b)
    assert c.prognose[0].plichtigen == D("6.0")
    assert b.prognose[0].plichtigen == D("7.0")
    assert r.totaal.jaar(2024).voorlopig.totaal == D("100256.00")  # 13 × 7,712


@pytest.mark.parametrize(
    "code, op",
    [
        ("spuk_asiel_tranche_t", d(2022, 1, 1)),  # first day of the law
        ("spuk_asiel_tranche_t", d(2025, 6, 30)),  # a later date without a new row
        ("spuk_gezinsmigrant", d(2025, 1, 1)),  # after the indexed row below
        ("spuk_kostprijs_tolk", d(2024, 2, 2)),  # a gemeente row applies to gemeente A only
    ],
)
def test_tariefboek_agrees_with_the_rules_api(world, code, op):
    """The report resolves the dated settings in memory; it must give what `regels.regel` gives."""
    regel_rij("spuk_gezinsmigrant", "611", d(2025, 1, 1))
    regel_rij("spuk_kostprijs_tolk", "80", d(2024, 1, 1), gemeente=world.gemeente_a)
    boek = selectors.TariefBoek.laden()
    for gemeente in (None, world.gemeente_a, world.gemeente_b):
        gid = gemeente.pk if gemeente else None
        assert boek.waarde(code, op, gid) == regel(code, op, gemeente)


def test_tariefboek_falls_back_to_the_legal_default_without_rows(world):
    RegelInstelling.objects.filter(code="spuk_gezinsmigrant").delete()
    assert selectors.TariefBoek.laden().migrant(d(2024, 1, 1)) == D("589")


def test_besteding_from_the_register_matches_hand_computed_totals(world):
    """The constructed dataset of tests/spuk/data.py, added up by hand:

    2023: leerroute 10,000 (traject) + PVT 216 + begeleiding 1,500 + tolken 2 × 75 = 11,866
    2024: leerroute 50 h × 12.50 = 625 + MAP 136 + 195 + tolken 75 + 75 + manual overig 1,000 = 2,106
    2025: leerroute 30 h × 12.50 = 375 − credit note 250 = 125
    cohort 2023: 10,000 + MAP 136 + PVT 216 + 1,500 + tolken 150 (2023) + 75 (2024) + manual 1,000 = 13,077;
    cohort 2024: 625 + 375 + 75 + 195 = 1,270;
    not attributable: −250. Gemeente B: MAP 136 in 2024 (only in the total).
    """
    data.besteding_dataset(world)
    c, r = cijfers_van(world.gemeente_a, [world.gemeente_a, world.gemeente_b])
    j = {jaar: c.jaar(jaar) for jaar in (2023, 2024, 2025)}
    assert j[2023].besteding == {
        "leerroute": D("10000.00"),
        "pvt": D("216.00"),
        "maatschappelijke_begeleiding": D("1500.00"),
        "tolk": D("150.00"),
    }
    assert j[2024].besteding == {
        "leerroute": D("625.00"),
        "map": D("331.00"),
        "tolk": D("150.00"),
        "overig": D("1000.00"),
    }
    assert j[2025].besteding == {"leerroute": D("125.00")}
    assert [j[x].besteding_totaal for x in (2023, 2024, 2025)] == [D("11866.00"), D("2106.00"), D("125.00")]

    cohort = {x.cohort: x for x in c.cohorten}
    assert cohort[2023].saldo.besteding == D("13077.00")
    assert cohort[2024].saldo.besteding == D("1270.00")
    assert cohort[None].saldo.besteding == D("-250.00")

    # budget: the definitive grant; cohort 2023 = one asielstatushouder = 12,712: overspent
    assert cohort[2023].saldo.budget == D("12712.00")
    assert cohort[2023].saldo.overschreden and c.overschreden_cohorten == [2023]
    assert cohort[2024].saldo.budget == D("13301.00")  # 12,712 + 589
    assert (j[2023].saldo.budget, j[2023].saldo.overschreden) == (D("7712.00"), True)  # 11,866 > 7,712
    assert (j[2024].saldo.budget, j[2024].saldo.overschreden) == (D("12301.00"), False)  # 4,000 + 7,712 + 589
    assert c.overschreden_jaren == [2023]

    b = next(x for x in r.per_gemeente if x.gemeente == world.gemeente_b)
    assert b.jaar(2024).besteding == {"map": D("136.00")}
    assert r.totaal.jaar(2024).besteding_totaal == D("2242.00")  # 2,106 + 136
    assert c.zonder_kostprijs == {}


def test_items_without_a_kostprijs_are_counted_and_reported(world):
    a, t, c1 = world.gemeente_a, world.team1, world.users["c1"]
    x = casus(a, t, c1, huisvesting=d(2024, 3, 1), kennisgeving=d(2024, 2, 1))
    data.begeleiding(x, d(2024, 3, 10))  # kostprijs begeleiding: default 0 = not set
    data.intakegesprek_met_tolk(x, d(2024, 3, 12))
    data.intakegesprek_met_tolk(x, d(2024, 3, 19))
    c, _ = cijfers_van(a)
    assert c.jaar(2024).besteding_totaal == D("0")
    assert c.zonder_kostprijs == {"maatschappelijke_begeleiding": 1, "tolk": 2}


def test_every_cost_source_is_listed_and_returns_posts(world):
    """A new source is one more function in KOSTENBRONNEN; each reads the register in its own query."""
    data.besteding_dataset(world)
    boek = selectors.TariefBoek.laden()
    gevonden = {}
    for naam, bron in selectors.KOSTENBRONNEN:
        gevonden[naam] = sum((p.bedrag for p in bron([world.gemeente_a.pk], boek).posten), D("0"))
    assert gevonden == {
        "leerroute": D("11000.00"),  # 10,000 + 625 + 375
        "map": D("331.00"),
        "pvt": D("216.00"),
        "maatschappelijke_begeleiding": D("1500.00"),
        "tolk": D("300.00"),
        "handmatig": D("750.00"),  # 1,000 − 250
    }


def test_prognose_opslaan_updates_and_clears_years(world):
    tl = world.users["tl"]
    services.prognose_opslaan(gemeente=world.gemeente_a, jaren={2024: (10, 2), 2025: (12, 2)}, door=tl)
    services.prognose_opslaan(gemeente=world.gemeente_a, jaren={2024: (11, 2), 2025: None}, door=tl)
    rijen = list(Prognose.objects.filter(gemeente=world.gemeente_a).values_list("jaar", "huisvestingstaakstelling"))
    assert rijen == [(2024, 11)]
    p = Prognose.objects.get(gemeente=world.gemeente_a, jaar=2024)
    assert p.history.first().history_user == tl  # the acting user on the history row


def test_prognose_opslaan_refuses_a_year_before_the_law(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.prognose_opslaan(gemeente=world.gemeente_a, jaren={2021: (10, 0)}, door=world.users["tl"])
    assert not Prognose.objects.exists()


def test_uitgave_services(world):
    from django.core.exceptions import ValidationError

    from spuk.models import Uitgave

    tl = world.users["tl"]
    u = services.uitgave_vastleggen(
        gemeente=world.gemeente_a,
        voorziening="tolk",
        jaar=2024,
        cohort=2023,
        bedrag=D("99.95"),
        omschrijving=" F-1 ",
        door=tl,
    )
    assert (u.omschrijving, u.vastgelegd_door, u.history.first().history_user) == ("F-1", tl, tl)
    with pytest.raises(ValidationError):  # a cohort after the year of spending
        services.uitgave_vastleggen(
            gemeente=world.gemeente_a,
            voorziening="tolk",
            jaar=2024,
            cohort=2025,
            bedrag=D("1"),
            omschrijving="x",
            door=tl,
        )
    services.uitgave_verwijderen(uitgave=u, door=tl)
    assert not Uitgave.objects.exists()
    assert Uitgave.history.filter(history_type="-").get().history_user == tl
