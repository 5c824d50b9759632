"""Rule tables of termijnen.rules: Algemene termijnenwet, stages, work-list groups."""

import datetime as dt

import pytest

from termijnen import rules

D = dt.date
V, B, T, G = rules.VOORAANKONDIGING, rules.BINNENKORT, rules.TE_LAAT, rules.GEPLAND


@pytest.mark.parametrize(
    "jaar, pasen",
    [
        (2022, D(2022, 4, 17)),  # Easter Sunday tables
        (2023, D(2023, 4, 9)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),  # latest possible date
    ],
)
def test_pasen(jaar, pasen):
    assert rules.pasen(jaar) == pasen


def test_feestdagen_2025_atw_art_3():
    # Atw art. 3 lid 1 and lid 2 (Goede Vrijdag), 2025
    assert rules.feestdagen(2025) == {
        D(2025, 1, 1),  # Nieuwjaarsdag
        D(2025, 4, 18),  # Goede Vrijdag
        D(2025, 4, 21),  # tweede Paasdag
        D(2025, 4, 26),  # Koningsdag: 27 April is a Sunday
        D(2025, 5, 5),  # Bevrijdingsdag
        D(2025, 5, 29),  # Hemelvaartsdag
        D(2025, 6, 9),  # tweede Pinksterdag
        D(2025, 12, 25),
        D(2025, 12, 26),
    }


@pytest.mark.parametrize(
    "eind, verschoven",
    [
        (D(2025, 4, 15), D(2025, 4, 15)),  # a Tuesday: stays
        (D(2025, 4, 12), D(2025, 4, 14)),  # Saturday → Monday (Atw art. 1)
        (D(2025, 4, 13), D(2025, 4, 14)),  # Sunday → Monday
        (D(2025, 4, 18), D(2025, 4, 22)),  # Goede Vrijdag → past the weekend and tweede Paasdag
        (D(2025, 12, 25), D(2025, 12, 29)),  # Kerstmis on Thursday → Friday is 2e Kerstdag → Monday
        (D(2025, 12, 31), D(2025, 12, 31)),  # oudjaarsdag is no holiday
        (D(2026, 1, 1), D(2026, 1, 2)),  # Nieuwjaarsdag (Thursday) → Friday
        (D(2025, 5, 29), D(2025, 5, 30)),  # Hemelvaartsdag → Friday (a decree's bridge day is not in the rule)
        (D(2025, 4, 26), D(2025, 4, 28)),  # Koningsdag on Saturday 26 April → Monday
    ],
)
def test_atw_verschuiven(eind, verschoven):
    assert rules.atw_verschuiven(eind) == verschoven


@pytest.mark.parametrize(
    "datum, maanden, uitkomst",
    [
        (D(2026, 1, 31), 6, D(2025, 7, 31)),  # six months before the end of a termijn
        (D(2026, 8, 31), 6, D(2026, 2, 28)),  # the day-number is missing: last day of February
        (D(2026, 1, 31), 2, D(2025, 11, 30)),
        (D(2024, 7, 31), 1, D(2024, 6, 30)),  # a month before the last day to switch
        (D(2024, 3, 15), 0, D(2024, 3, 15)),
    ],
)
def test_maanden_eerder(datum, maanden, uitkomst):
    assert rules.maanden_eerder(datum, maanden) == uitkomst


U = D(2023, 4, 11)


@pytest.mark.parametrize(
    "kwargs, verwacht",
    [
        # a plain deadline: 'binnenkort' 14 days before, overdue the day after
        ({"signaal_dagen": 14}, (None, D(2023, 3, 28), D(2023, 4, 12))),
        # 0 days: no 'binnenkort' stage, only overdue
        ({"signaal_dagen": 0}, (None, None, D(2023, 4, 12))),
        # a window that closes: no overdue stage
        ({"signaal_dagen": 0, "signaal_op": D(2023, 3, 11), "te_laat": False}, (None, D(2023, 3, 11), None)),
        # the end of the termijn: 6 and 2 months before
        (
            {"signaal_dagen": 0, "vooraankondiging_op": D(2022, 10, 11), "signaal_op": D(2023, 2, 11)},
            (D(2022, 10, 11), D(2023, 2, 11), D(2023, 4, 12)),
        ),
        # stages never run backwards: a first warning after the second is dropped
        (
            {"signaal_dagen": 0, "vooraankondiging_op": D(2023, 3, 1), "signaal_op": D(2023, 2, 11)},
            (None, D(2023, 2, 11), D(2023, 4, 12)),
        ),
        # a 'binnenkort' after the deadline itself is dropped
        ({"signaal_dagen": None, "signaal_op": D(2023, 5, 1)}, (None, None, D(2023, 4, 12))),
    ],
)
def test_fasedatums(kwargs, verwacht):
    assert rules.fasedatums(U, **kwargs) == verwacht


STAGES = (D(2023, 1, 10), D(2023, 3, 28), D(2023, 4, 12))


@pytest.mark.parametrize(
    "vandaag, fase",
    [
        (D(2023, 1, 9), G),  # nothing yet
        (D(2023, 1, 10), V),  # the first warning's day itself
        (D(2023, 3, 27), V),
        (D(2023, 3, 28), B),
        (D(2023, 4, 11), B),  # the deadline day: still 'binnenkort'
        (D(2023, 4, 12), T),  # the day after: overdue
        (D(2024, 1, 1), T),
    ],
)
def test_fase_op(vandaag, fase):
    assert rules.fase_op(vandaag, *STAGES) == fase


@pytest.mark.parametrize(
    "fase, stages, volgende",
    [
        (G, STAGES, D(2023, 1, 10)),
        (V, STAGES, D(2023, 3, 28)),
        (B, STAGES, D(2023, 4, 12)),
        (T, STAGES, None),  # the last stage: the sweep never looks again
        (G, (None, None, D(2023, 4, 12)), D(2023, 4, 12)),
        (B, (None, D(2023, 3, 28), None), None),  # a window without overdue stage
    ],
)
def test_volgende_fase_datum(fase, stages, volgende):
    assert rules.volgende_fase_datum(fase, *stages) == volgende


@pytest.mark.parametrize(
    "uiterlijk, groep",
    [
        (D(2025, 6, 10), rules.GROEP_TE_LAAT),  # yesterday
        (D(2025, 6, 11), rules.GROEP_DEZE_WEEK),  # today (a Wednesday)
        (D(2025, 6, 15), rules.GROEP_DEZE_WEEK),  # Sunday ends the week
        (D(2025, 6, 16), rules.GROEP_LATER),
    ],
)
def test_groep(uiterlijk, groep):
    assert rules.groep(uiterlijk, D(2025, 6, 11)) == groep


@pytest.mark.parametrize(
    "uiterlijk, tekst",
    [(D(2025, 6, 11), "vandaag"), (D(2025, 6, 12), "nog 1 dag"), (D(2025, 6, 14), "nog 3 dagen"),
     (D(2025, 6, 10), "1 dag te laat"), (D(2025, 6, 1), "10 dagen te laat")],
)  # fmt: skip
def test_dagen_tekst(uiterlijk, tekst):
    assert rules.dagen_tekst(uiterlijk, D(2025, 6, 11)) == tekst


@pytest.mark.parametrize("uur, verschuldigd", [(6, False), (7, True), (23, True)])
def test_digest_vanaf_het_uur(uur, verschuldigd):
    assert rules.digest_verschuldigd(uur, 7) is verschuldigd
