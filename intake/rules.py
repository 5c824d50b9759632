"""Pure rules of the intake: plain values in, plain values out (no ORM, no request)."""

from __future__ import annotations

import datetime as dt

from inburgering.regels import default_waarde

LBT_DREMPEL_CODE = "lbt_drempel_b1"
LBT_MAX_SCORE_CODE = "lbt_max_score"


def lbt_wettelijke_drempel(afgenomen_op: dt.date) -> int:
    """The legal threshold on `afgenomen_op` from the registry's default table (31, from 2023-04-12: 28).

    A pure lookup in `inburgering.regels.DEFAULTS` (constants, no database); services pass the
    dated setting a functional administrator may have changed as `drempel` instead.
    """
    return int(default_waarde(LBT_DREMPEL_CODE, afgenomen_op))


def lbt_haalbaar(score: int, afgenomen_op: dt.date, *, drempel: int | None = None) -> bool:
    """True when the leerbaarheidstoets score makes the B1-route feasible ("haalbaar").

    Haalbaar when `score` >= the threshold valid on the day the test was taken: `drempel`
    when given (the dated setting), else the legal default of that day.
    """
    if drempel is None:
        drempel = lbt_wettelijke_drempel(afgenomen_op)
    return score >= drempel


def lbt_score_fout(score: int | None, max_score: int = 40) -> str | None:
    """A Dutch message when `score` is outside 0..max_score, else None."""
    if score is None:
        return None
    if score < 0 or score > max_score:
        return f"De score van de leerbaarheidstoets ligt tussen 0 en {max_score}."
    return None
