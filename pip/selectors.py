"""Reads of the PIP: the versions of a case and its deadlines, for the case page and the screens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cases.models import Casus
from cases.selectors import onthouden
from inburgering.regels import regel_int
from inburgering.vastesql import rijen

from . import rules
from .models import PipVersie


@dataclass
class Termijn:
    label: str
    datum: dt.date
    dagen: int | None = None  # days left (negative: overdue); None once met

    @property
    def tekst(self) -> str:
        return rules.dagen_tekst(self.dagen) if self.dagen is not None else ""

    @property
    def variant(self) -> str:
        if self.dagen is None:
            return "ok"
        return "error" if self.dagen < 0 else ("warning" if self.dagen <= 7 else "info")


@dataclass
class PipStand:
    versies: list[PipVersie]
    concept: PipVersie | None
    eerste: PipVersie | None
    huidige: PipVersie | None
    termijnen: list[Termijn] = field(default_factory=list)


def _versies(casus_id: int):
    return (
        PipVersie.objects.filter(casus_id=casus_id)
        .order_by("-versie")
        .defer("beschikking_html")
        .select_related("vastgesteld_door")
    )


def versies(casus: Casus) -> list[PipVersie]:
    """Every version of the case, newest first (without the beschikking HTML); once per case page."""
    return onthouden(casus, "pip_versies", lambda: rijen(_versies, casus_id=casus.pk))


def vastgestelde_versies(casus: Casus) -> list[PipVersie]:
    """The vastgestelde versions, newest first."""
    return [v for v in versies(casus) if v.is_vastgesteld]


def pip_stand(casus: Casus, *, vandaag: dt.date) -> PipStand:
    """Versions (newest first), the PIP deadlines with days left, and the termijn of the first PIP."""
    versies_ = versies(casus)
    vastgesteld = [v for v in versies_ if v.is_vastgesteld]
    eerste = vastgesteld[-1] if vastgesteld else None
    huidige = vastgesteld[0] if vastgesteld else None
    concept = next((v for v in versies_ if not v.is_vastgesteld), None)

    termijnen = []
    start = max((d for d in (casus.datum_kennisgeving, casus.datum_brp_inschrijving) if d), default=None)
    if start is not None:
        for code, label in (
            ("pip_termijn_weken", "Wettelijke termijn PIP"),
            ("pip_lokale_norm_weken", "Eigen streeftermijn PIP"),
        ):
            weken = regel_int(code, op=start, gemeente=casus.gemeente_id)
            deadline = rules.pip_deadline(casus.datum_kennisgeving, casus.datum_brp_inschrijving, weeks=weken)
            dagen = None if eerste else rules.dagen_resterend(deadline, vandaag)
            termijnen.append(Termijn(f"{label} ({weken} weken)", deadline, dagen))
    return PipStand(versies_, concept, eerste, huidige, termijnen)
