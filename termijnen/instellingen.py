"""Dated settings for many cases at once: the same answers as `inburgering.regels.regel`, in one query.

A recompute of thousands of cases asks for the same few codes per case (with the case's
gemeente and a date of its own). Reading every row of those codes once and answering from
memory keeps the recompute set-based; `tests/termijnen/test_instellingen.py` checks the answers
against `regel()`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from inburgering.regels import DEFAULTS, default_waarde

# Setting codes of this app (inburgering.regels.DEFAULTS)
LBT_PLANNEN_WEKEN = "lbt_plannen_weken"
WAARSCHUWING_OPVOLGEN_WEKEN = "waarschuwing_opvolgen_weken"
SCHAKELEN_SIGNAAL_MAANDEN = "schakelen_signaal_maanden"
TERMIJN_SIGNAAL_1_MAANDEN = "termijn_signaal_1_maanden"
TERMIJN_SIGNAAL_2_MAANDEN = "termijn_signaal_2_maanden"
DIGEST_UUR = "digest_uur"


def signaal_code(soort: str) -> str:
    """'Show so many days before the deadline' of a kind of deadline."""
    return f"signaal_{soort}_dagen"


def termijnenwet_code(soort: str) -> str:
    """'Apply the Algemene termijnenwet' (1/0) of a kind of deadline."""
    return f"termijnenwet_{soort}"


class Regels:
    """Every row of the asked codes, loaded once; `waarde()` answers like `inburgering.regels.regel`."""

    def __init__(self, codes=None):
        from inburgering.models import RegelInstelling

        codes = list(codes) if codes is not None else list(DEFAULTS)
        self._rijen: dict[tuple[str, int | None], tuple[list[dt.date], list[Decimal]]] = {}
        tmp: dict[tuple[str, int | None], list[tuple[dt.date, Decimal]]] = defaultdict(list)
        for code, gemeente_id, ingang, waarde in (
            RegelInstelling.objects.filter(code__in=codes)
            .order_by("ingangsdatum", "pk")
            .values_list("code", "gemeente_id", "ingangsdatum", "waarde")
        ):
            tmp[(code, gemeente_id)].append((ingang, waarde))
        for key, rows in tmp.items():
            self._rijen[key] = ([r[0] for r in rows], [r[1] for r in rows])
        self._codes = set(codes)

    def _zoek(self, key, op):
        rows = self._rijen.get(key)
        if rows is None:
            return None
        i = bisect.bisect_right(rows[0], op)
        return rows[1][i - 1] if i else None

    def waarde(self, code: str, op: dt.date, gemeente=None) -> Decimal:
        if code not in DEFAULTS:
            raise KeyError(f"Onbekende regelinstelling: {code}")
        if code not in self._codes:
            raise KeyError(f"Regelinstelling {code} is niet geladen")
        gemeente_id = getattr(gemeente, "pk", gemeente)
        if gemeente_id:
            w = self._zoek((code, gemeente_id), op)
            if w is not None:
                return w
        w = self._zoek((code, None), op)
        if w is not None:
            return w
        return default_waarde(code, op)

    def int(self, code: str, op: dt.date, gemeente=None) -> int:
        return int(self.waarde(code, op, gemeente))

    def ja(self, code: str, op: dt.date, gemeente=None) -> bool:
        return self.waarde(code, op, gemeente) != 0
