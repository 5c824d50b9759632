"""Pure rules of the leerroutes: plain values in, plain values out (no ORM, no request)."""

from __future__ import annotations

import datetime as dt

from pip.rules import laatste_dag_periode


def laatste_dag_schakelen(termijn_start: dt.date, months: int = 18) -> dt.date:
    """The last day on which the person may still switch leerroute (DOMAIN.md §3).

    Switching is allowed within `months` months from the start of the inburgeringstermijn:
    termijn start + `months` − 1 day (2023-02-01 → 2024-07-31). A start on a day-number the
    last month lacks ends on that month's last day (2023-08-31 → 2025-02-28).
    """
    return laatste_dag_periode(termijn_start, months)
