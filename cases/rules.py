"""Pure rules of the register: no ORM, no request."""

from __future__ import annotations


def elfproef(bsn: str) -> bool:
    """True when `bsn` is 9 digits and passes the BSN eleven test.

    sum(d_i * w_i) for weights 9..2 and -1 for the last digit must be divisible by 11
    and, for a BSN, not zero.
    """
    if not isinstance(bsn, str) or len(bsn) != 9 or not bsn.isascii() or not bsn.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(bsn, weights, strict=True))
    return total != 0 and total % 11 == 0


def normaliseer_bsn(value: str) -> str:
    """Strip spaces, dots and dashes that people type into a BSN; pad 8 digits with a leading 0."""
    digits = "".join(ch for ch in (value or "") if ch not in " .-")
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits
    return digits


def volledige_naam(voornamen: str, tussenvoegsel: str, achternaam: str) -> str:
    """A person's name as lists and letters show it: the given parts, in order, with one space between."""
    return " ".join(p for p in (voornamen, tussenvoegsel, achternaam) if p)


def maskeer_bsn(laatste: str) -> str:
    """The masked form shown in lists: only the last digits are visible."""
    return "*****" + (laatste or "????")[-4:]
