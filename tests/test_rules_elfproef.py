import pytest

from cases.rules import elfproef, maskeer_bsn, normaliseer_bsn


@pytest.mark.parametrize(
    "bsn, valid",
    [
        ("111222333", True),  # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3-3 = 66, divisible by 11
        ("123456782", True),  # the classic example BSN
        ("999999990", True),  # 9*44 = 396 = 36*11
        ("123456781", False),  # last digit one lower than the valid example
        ("123456789", False),  # one digit off the valid example
        ("111222334", False),  # last digit changed
        ("000000000", False),  # sum is 0: not a BSN
        ("12345678", False),  # wrong length: 8 digits
        ("1234567820", False),  # wrong length: 10 digits
        ("", False),  # empty
        ("12345678a", False),  # non-digit
        ("１２３４５６７８２", False),  # full-width digits are not ASCII digits
        ("123 456 782", False),  # spaces are not digits (normalise first)
    ],
)
def test_elfproef(bsn, valid):
    assert elfproef(bsn) is valid


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("123 456 782", "123456782"),  # spaces removed
        ("123.456.782", "123456782"),  # dots removed
        ("12345678", "012345678"),  # 8 digits: leading zero was dropped by a spreadsheet
        ("abc", "abc"),  # non-digits left for the validator to refuse
    ],
)
def test_normaliseer_bsn(raw, expected):
    assert normaliseer_bsn(raw) == expected


def test_maskeer_bsn_shows_only_last_four():
    assert maskeer_bsn("6782") == "*****6782"
