"""Pure rules of deadlines and the work list: plain values in, plain values out (no ORM, no request).

- the Algemene termijnenwet (Atw): a term set by law that ends on a Saturday, Sunday or a
  generally recognised holiday runs on to the next day that is none of these (art. 1); the
  holidays are those of art. 3 (lid 1 and lid 2: Goede Vrijdag). Days a royal decree adds under
  art. 3 lid 3 (e.g. some bridge days) are not in this list;
- the stages of a deadline: a deadline row carries up to three dates on which it reaches a
  stage (vooraankondiging, binnenkort, te laat); the sweep marks the stage reached and makes one
  work-list item per stage;
- the groups of the work list (te laat, deze week, later).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

# Stages of a deadline (Termijn.fase / WerkItem.fase)
GEPLAND, VOORAANKONDIGING, BINNENKORT, TE_LAAT = 0, 1, 2, 3
FASE_LABELS = {
    GEPLAND: "gepland",
    VOORAANKONDIGING: "vooraankondiging",
    BINNENKORT: "binnenkort",
    TE_LAAT: "te laat",
}

# Groups of the work list
GROEP_TE_LAAT, GROEP_DEZE_WEEK, GROEP_LATER = "te_laat", "deze_week", "later"


# --------------------------------------------------------------------------------------------
# Algemene termijnenwet
# --------------------------------------------------------------------------------------------


def pasen(jaar: int) -> dt.date:
    """Easter Sunday (Gregorian calendar; the anonymous 'Meeus/Jones/Butcher' algorithm)."""
    a = jaar % 19
    b, c = divmod(jaar, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    maand, dag = divmod(h + ll - 7 * m + 114, 31)
    return dt.date(jaar, maand, dag + 1)


@lru_cache(maxsize=64)
def feestdagen(jaar: int) -> frozenset[dt.date]:
    """The generally recognised holidays of Atw art. 3 lid 1 and 2 in `jaar`.

    Nieuwjaarsdag, Goede Vrijdag (lid 2), tweede Paasdag, Koningsdag (27 April; 26 April when the
    27th is a Sunday), 5 mei, Hemelvaartsdag, tweede Pinksterdag, eerste en tweede Kerstdag.
    """
    p = pasen(jaar)
    koningsdag = dt.date(jaar, 4, 27)
    if koningsdag.weekday() == 6:
        koningsdag = dt.date(jaar, 4, 26)
    return frozenset(
        {
            dt.date(jaar, 1, 1),
            p - dt.timedelta(days=2),  # Goede Vrijdag
            p + dt.timedelta(days=1),  # tweede Paasdag
            koningsdag,
            dt.date(jaar, 5, 5),
            p + dt.timedelta(days=39),  # Hemelvaartsdag
            p + dt.timedelta(days=50),  # tweede Pinksterdag
            dt.date(jaar, 12, 25),
            dt.date(jaar, 12, 26),
        }
    )


def is_atw_werkdag(datum: dt.date) -> bool:
    """Not a Saturday, Sunday or Atw holiday."""
    return datum.weekday() < 5 and datum not in feestdagen(datum.year)


def atw_verschuiven(datum: dt.date) -> dt.date:
    """The last day of a legal term under Atw art. 1: moved to the next working day when needed.

    A term ending on Saturday 12 April 2025 runs to Monday 14 April; one ending on Good Friday
    18 April 2025 runs past Easter Monday to Tuesday 22 April.
    """
    while not is_atw_werkdag(datum):
        datum += dt.timedelta(days=1)
    return datum


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


def maanden_eerder(datum: dt.date, maanden: int) -> dt.date:
    """The same day-number `maanden` months earlier; a missing day-number becomes the month's last day.

    2026-08-31 minus 6 months → 2026-02-28.
    """
    index = datum.month - 1 - maanden
    jaar, maand = datum.year + index // 12, index % 12 + 1
    return dt.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def weken_later(datum: dt.date, weken: int) -> dt.date:
    return datum + dt.timedelta(weeks=weken)


# --------------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------------


def fasedatums(
    uiterlijk: dt.date,
    *,
    signaal_dagen: int | None,
    vooraankondiging_op: dt.date | None = None,
    signaal_op: dt.date | None = None,
    te_laat: bool = True,
) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(vooraankondiging_op, signaal_op, te_laat_op) of a deadline due on `uiterlijk`.

    - `signaal_dagen`: the 'binnenkort' stage starts so many days before `uiterlijk`
      (0 or None: no such stage), unless `signaal_op` is given as a date;
    - `vooraankondiging_op`: an earlier warning (e.g. six months before the end of the termijn);
    - `te_laat`: the deadline becomes overdue the day after `uiterlijk` (False for a window that
      simply closes, such as the last day to switch leerroute).

    The dates never run backwards: a warning later than the next stage is dropped.
    """
    if signaal_op is None and signaal_dagen:
        signaal_op = uiterlijk - dt.timedelta(days=signaal_dagen)
    te_laat_op = uiterlijk + dt.timedelta(days=1) if te_laat else None
    if signaal_op is not None and signaal_op > uiterlijk:
        signaal_op = None
    grens = signaal_op or uiterlijk
    if vooraankondiging_op is not None and vooraankondiging_op >= grens:
        vooraankondiging_op = None
    return vooraankondiging_op, signaal_op, te_laat_op


def fase_op(
    vandaag: dt.date, vooraankondiging_op: dt.date | None, signaal_op: dt.date | None, te_laat_op: dt.date | None
) -> int:
    """The highest stage whose date has come on `vandaag` (GEPLAND when none has)."""
    if te_laat_op is not None and te_laat_op <= vandaag:
        return TE_LAAT
    if signaal_op is not None and signaal_op <= vandaag:
        return BINNENKORT
    if vooraankondiging_op is not None and vooraankondiging_op <= vandaag:
        return VOORAANKONDIGING
    return GEPLAND


def volgende_fase_datum(
    fase: int, vooraankondiging_op: dt.date | None, signaal_op: dt.date | None, te_laat_op: dt.date | None
) -> dt.date | None:
    """The date of the first stage after `fase`: when the sweep must look at the row again (None: never)."""
    for stage, datum in ((VOORAANKONDIGING, vooraankondiging_op), (BINNENKORT, signaal_op), (TE_LAAT, te_laat_op)):
        if stage > fase and datum is not None:
            return datum
    return None


# --------------------------------------------------------------------------------------------
# The work list
# --------------------------------------------------------------------------------------------


def einde_week(vandaag: dt.date) -> dt.date:
    """The Sunday that ends the (ISO) week of `vandaag`."""
    return vandaag + dt.timedelta(days=6 - vandaag.weekday())


def groep(uiterlijk: dt.date, vandaag: dt.date) -> str:
    """Work-list group of an item: overdue, due this week (up to and including Sunday), or later."""
    if uiterlijk < vandaag:
        return GROEP_TE_LAAT
    if uiterlijk <= einde_week(vandaag):
        return GROEP_DEZE_WEEK
    return GROEP_LATER


def dagen_tekst(uiterlijk: dt.date, vandaag: dt.date) -> str:
    """'vandaag', 'nog 3 dagen', '2 dagen te laat'."""
    dagen = (uiterlijk - vandaag).days
    if dagen == 0:
        return "vandaag"
    if dagen > 0:
        return f"nog {dagen} {'dag' if dagen == 1 else 'dagen'}"
    return f"{-dagen} {'dag' if dagen == -1 else 'dagen'} te laat"


def digest_verschuldigd(nu_uur: int, digest_uur: int) -> bool:
    """The daily digest goes out on the first sweep at or after `digest_uur` o'clock."""
    return nu_uur >= digest_uur
