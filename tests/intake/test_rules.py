"""Rule table of the leerbaarheidstoets (pure, no database)."""

import datetime as dt

import pytest

from intake.rules import lbt_haalbaar, lbt_score_fout, lbt_wettelijke_drempel

D = dt.date


@pytest.mark.parametrize(
    ("score", "afgenomen_op", "drempel", "expected"),
    [
        (31, D(2023, 4, 11), None, True),  # before 12 April 2023 the legal threshold is 31: 31 is haalbaar
        (30, D(2023, 4, 11), None, False),  # ... and 30 is not
        (28, D(2023, 4, 11), None, False),  # 28 was not enough the day before the change
        (28, D(2023, 4, 12), None, True),  # from 12 April 2023 the threshold is 28
        (27, D(2023, 4, 12), None, False),  # ... and 27 is not enough
        (40, D(2022, 1, 1), None, True),  # maximum score on the first day of the law
        (0, D(2024, 6, 1), None, False),  # minimum score
        (29, D(2024, 6, 1), 30, False),  # a dated setting passed by the service wins over the legal default
        (30, D(2022, 6, 1), 30, True),  # ... also before the legal change
    ],
)
def test_lbt_haalbaar(score, afgenomen_op, drempel, expected):
    assert lbt_haalbaar(score, afgenomen_op, drempel=drempel) is expected


@pytest.mark.parametrize(
    ("datum", "drempel"),
    [
        (D(2022, 1, 1), 31),  # start of the Wet inburgering 2021
        (D(2023, 4, 11), 31),  # the last day of 31
        (D(2023, 4, 12), 28),  # the first day of 28
    ],
)
def test_lbt_wettelijke_drempel(datum, drempel):
    assert lbt_wettelijke_drempel(datum) == drempel


@pytest.mark.parametrize(
    ("score", "fout"),
    [(0, False), (40, False), (41, True), (-1, True), (None, False)],  # the score is out of 40 (lbt_max_score)
)
def test_lbt_score_fout(score, fout):
    assert (lbt_score_fout(score, 40) is not None) is fout
