"""Rule tables of ontzorgen, maatschappelijke begeleiding and participation (pure functions, no database)."""

import datetime as dt
from decimal import Decimal

import pytest

from cases.models import Doelgroep
from ontzorgen import rules
from ontzorgen.rules import (
    bedrag_per_maand,
    begeleidingsuren_tellen_mee,
    euro,
    evaluatie_fouten,
    evaluatie_uiterlijk,
    maatschappelijke_begeleiding_van_toepassing,
    ontzorgen_minimaal_tot,
    ontzorgen_van_toepassing,
    parse_bedrag,
)

D = dt.date
ASIEL = "asielstatushouder"
GEZINSLID = "gezinslid_asielstatushouder"
GEZIN = "gezinsmigrant"
OVERIG = "overige_migrant"


def test_the_doelgroep_strings_are_the_register_s():
    assert {ASIEL, GEZINSLID, GEZIN, OVERIG} == set(Doelgroep.values)


@pytest.mark.parametrize(
    ("doelgroep", "vergunning_asiel", "bijstand", "expected"),
    [
        (ASIEL, True, True, True),  # art. 13-1-a with asiel permit and bijstand: ontzorgen applies
        (ASIEL, True, False, False),  # asiel permit but no bijstand: nothing to pay the costs from
        (ASIEL, False, True, False),  # bijstand but no asiel permit recorded: no ontzorgen
        (ASIEL, False, False, False),  # neither permit nor bijstand
        (GEZINSLID, True, True, False),  # art. 13-1-b family member: asiel offer, but no mandatory ontzorgen
        (GEZINSLID, True, False, False),  # art. 13-1-b without bijstand
        (GEZINSLID, False, True, False),  # art. 13-1-b with its regulier permit and bijstand: still not
        (GEZINSLID, False, False, False),  # art. 13-1-b, regulier permit, no bijstand
        (GEZIN, True, True, False),  # gezinsmigrant: never, whatever is recorded
        (GEZIN, True, False, False),  # gezinsmigrant without bijstand
        (GEZIN, False, True, False),  # gezinsmigrant on bijstand: no ontzorgen (only participation agreements)
        (GEZIN, False, False, False),  # gezinsmigrant, nothing
        (OVERIG, True, True, False),  # overige migrant: never
        (OVERIG, True, False, False),  # overige migrant without bijstand
        (OVERIG, False, True, False),  # overige migrant on bijstand: no ontzorgen
        (OVERIG, False, False, False),  # overige migrant, nothing
    ],
)
def test_ontzorgen_van_toepassing(doelgroep, vergunning_asiel, bijstand, expected):
    assert ontzorgen_van_toepassing(doelgroep, vergunning_asiel, bijstand) is expected
    # the sentence for the consultant says the same
    assert rules.ontzorgen_reden(doelgroep, vergunning_asiel, bijstand).startswith("Van toepassing") is expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2023, 1, 31), 6, D(2023, 7, 30)),  # the example: start + 6 months - 1 day
        (D(2023, 1, 1), 6, D(2023, 6, 30)),  # first of the month: ends on a month end
        (D(2023, 3, 1), 6, D(2023, 8, 31)),  # first of March: ends on the 31st of August
        (D(2023, 7, 15), 6, D(2024, 1, 14)),  # crosses the year end
        (D(2023, 8, 29), 6, D(2024, 2, 28)),  # leap year: 29 February exists, so the day before it
        (D(2023, 8, 30), 6, D(2024, 2, 29)),  # leap year: no 30 February, ends on the month's last day
        (D(2023, 8, 31), 6, D(2024, 2, 29)),  # leap year: no 31 February, ends on 29 February
        (D(2023, 9, 1), 6, D(2024, 2, 29)),  # leap year: the day before 1 March is 29 February
        (D(2022, 8, 31), 6, D(2023, 2, 28)),  # no leap year: no 31 February, ends on 28 February
        (D(2022, 9, 1), 6, D(2023, 2, 28)),  # no leap year: the day before 1 March is 28 February
        (D(2024, 2, 29), 6, D(2024, 8, 28)),  # starts on a leap day
        (D(2023, 12, 31), 6, D(2024, 6, 30)),  # 31 December: June has no 31st, ends on 30 June
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # a longer municipal minimum of 12 months from a leap day
        (D(2023, 5, 31), 9, D(2024, 2, 29)),  # a minimum of 9 months ending in a leap February
        (D(2023, 1, 31), 1, D(2023, 2, 28)),  # one month from 31 January: the end of February
    ],
)
def test_ontzorgen_minimaal_tot(start, months, expected):
    assert ontzorgen_minimaal_tot(start, months=months) == expected


def test_ontzorgen_minimaal_tot_default_is_six_months():
    assert ontzorgen_minimaal_tot(D(2023, 1, 31)) == D(2023, 7, 30)  # default months=6


def test_ontzorgen_minimaal_tot_needs_at_least_a_month():
    with pytest.raises(ValueError):
        ontzorgen_minimaal_tot(D(2023, 1, 31), months=0)


@pytest.mark.parametrize(
    ("eind", "weeks", "expected"),
    [
        (D(2023, 7, 30), 4, D(2023, 7, 2)),  # default lead time: 4 weeks before the minimum end
        (D(2023, 7, 30), 0, D(2023, 7, 30)),  # no lead time: on the last day of the period
        (D(2024, 3, 20), 4, D(2024, 2, 21)),  # leap year: back across 29 February
        (D(2024, 1, 14), 6, D(2023, 12, 3)),  # a longer lead time crosses the year end
    ],
)
def test_evaluatie_uiterlijk(eind, weeks, expected):
    assert evaluatie_uiterlijk(eind, weeks=weeks) == expected


MIN = D(2023, 7, 30)


@pytest.mark.parametrize(
    ("besluit", "datum", "tot", "huidig_eind", "fout_veld"),
    [
        ("stoppen", D(2023, 7, 1), D(2023, 7, 30), MIN, None),  # stop on the last day of the minimum: allowed
        ("stoppen", D(2023, 7, 1), D(2023, 6, 30), MIN, "tot"),  # stop before the minimum end: not allowed
        ("afbouwen", D(2023, 7, 1), D(2023, 9, 30), MIN, None),  # taper off until after the minimum
        ("afbouwen", D(2023, 7, 1), None, MIN, "tot"),  # taper without an end date
        ("verlengen", D(2023, 7, 1), D(2024, 1, 31), MIN, None),  # extend beyond the minimum
        ("verlengen", D(2023, 7, 1), D(2023, 7, 30), MIN, "tot"),  # an extension that does not extend
        ("verlengen", D(2024, 1, 2), D(2024, 3, 31), D(2024, 1, 31), None),  # a second extension
        ("verlengen", D(2024, 1, 2), D(2024, 1, 15), D(2024, 1, 31), "tot"),  # shorter than the first extension
        ("stoppen", D(2023, 9, 1), D(2023, 8, 1), MIN, "tot"),  # a late evaluation cannot stop in the past
        ("pauzeren", D(2023, 7, 1), D(2023, 9, 1), MIN, "besluit"),  # not one of the three decisions
    ],
)
def test_evaluatie_fouten(besluit, datum, tot, huidig_eind, fout_veld):
    fouten = evaluatie_fouten(besluit=besluit, datum=datum, tot=tot, minimaal_tot=MIN, huidig_eind=huidig_eind)
    assert (next(iter(fouten)) if fouten else None) == fout_veld


@pytest.mark.parametrize(
    ("bedrag", "frequentie", "expected"),
    [
        (Decimal("650.00"), "maand", Decimal("650.00")),  # monthly rent: as is
        (Decimal("100.00"), "vier_weken", Decimal("108.33")),  # every four weeks: 13 payments a year
        (Decimal("300.00"), "kwartaal", Decimal("100.00")),  # quarterly: a third
        (Decimal("1234.56"), "jaar", Decimal("102.88")),  # yearly: a twelfth, rounded half up
    ],
)
def test_bedrag_per_maand(bedrag, frequentie, expected):
    assert bedrag_per_maand(bedrag, frequentie) == expected


@pytest.mark.parametrize(
    ("start", "eind", "op", "expected"),
    [
        (D(2023, 2, 1), None, D(2023, 2, 1), True),  # the first payment day
        (D(2023, 2, 1), None, D(2023, 1, 31), False),  # before the first payment
        (D(2023, 2, 1), D(2023, 7, 31), D(2023, 7, 31), True),  # the stop day itself still counts
        (D(2023, 2, 1), D(2023, 7, 31), D(2023, 8, 1), False),  # after the stop
    ],
)
def test_vaste_last_loopt(start, eind, op, expected):
    assert rules.vaste_last_loopt(start, eind, op) is expected


@pytest.mark.parametrize(
    ("bedrag", "expected"),
    [
        (Decimal("1234.56"), "€\u00a01.234,56"),  # thousands with a dot, cents with a comma
        (Decimal("650"), "€\u00a0650,00"),  # always two decimals
        (Decimal("0.5"), "€\u00a00,50"),  # below one euro
        (Decimal("1234567.891"), "€\u00a01.234.567,89"),  # millions, rounded to the cent
        (Decimal("-12.5"), "€\u00a0-12,50"),  # negative
        (None, ""),  # nothing
    ],
)
def test_euro(bedrag, expected):
    assert euro(bedrag) == expected


@pytest.mark.parametrize(
    ("tekst", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),  # Dutch: dot groups thousands, comma decimals
        ("950", Decimal("950")),  # whole euros
        ("950,5", Decimal("950.5")),  # one decimal
        ("€ 12,50", Decimal("12.50")),  # with the euro sign and a space
        ("12.50", Decimal("12.50")),  # a decimal point (not three digits after it)
        ("1.234", Decimal("1234")),  # a thousands dot (three digits after it)
        ("1.234.567", Decimal("1234567")),  # several thousands dots
    ],
)
def test_parse_bedrag(tekst, expected):
    assert parse_bedrag(tekst) == expected


@pytest.mark.parametrize("tekst", ["", "twaalf", "1,2,3", "12.5.0", "12,50 euro"])
def test_parse_bedrag_refuses_what_is_no_amount(tekst):
    with pytest.raises(ValueError):
        parse_bedrag(tekst)


@pytest.mark.parametrize(
    ("doelgroep", "expected"),
    [
        (ASIEL, True),  # asielstatushouder (art. 13-1-a): maatschappelijke begeleiding
        (GEZINSLID, True),  # art. 13-1-b family member: the asiel offer includes it
        (GEZIN, False),  # gezinsmigrant: not in the offer
        (OVERIG, False),  # overige migrant: not in the offer
    ],
)
def test_maatschappelijke_begeleiding_van_toepassing(doelgroep, expected):
    assert maatschappelijke_begeleiding_van_toepassing(doelgroep) is expected


@pytest.mark.parametrize(
    ("leerroute", "expected"),
    [
        ("z", True),  # Z-route: guidance hours count as participation hours
        ("b1", False),  # B1-route: they do not
        ("onderwijs", False),  # onderwijsroute: they do not
        (None, False),  # no route yet (no vastgestelde PIP): they do not
    ],
)
def test_begeleidingsuren_tellen_mee(leerroute, expected):
    assert begeleidingsuren_tellen_mee(leerroute) is expected


@pytest.mark.parametrize(
    ("start", "eind", "vandaag", "variant"),
    [
        (D(2023, 2, 1), None, D(2023, 1, 31), "info"),  # not yet started
        (D(2023, 2, 1), None, D(2023, 2, 1), "ok"),  # running from the first day
        (D(2023, 2, 1), D(2023, 7, 31), D(2023, 7, 31), "ok"),  # running on its last day
        (D(2023, 2, 1), D(2023, 7, 31), D(2023, 8, 1), "neutral"),  # ended
    ],
)
def test_ontzorgen_fase(start, eind, vandaag, variant):
    assert rules.ontzorgen_fase(start=start, eind=eind, vandaag=vandaag)[1] == variant
