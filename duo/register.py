"""Adapter: what a melding to DUO needs from the register, in one place.

- The PIP comes from `pip.models.PipVersie` (the vastgestelde versions of the case).
- The inburgeringstermijn: DUO's (after SS102/SS103/SS104; DUO decides extensions) when
  known, else the termijn the first vastgestelde PIP fixed.
- MAP, PVT, Z-route, gevolgde uren and the inburgeringsaanbod come from the `leerroutes` app
  (`MapTraject.eindgesprek_op`, `PvtTraject.ondertekend_op`, `ZrouteAfronding.afgerond_op`,
  `Urenregistratie`, the running `Inburgeringsaanbod`). They prefill the melding forms; the
  consultant checks them before anything goes to DUO. Hours of the brede intake are not kept
  apart in leerroutes, so that total is entered on the form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from cases.models import Casus
from pip.models import PipVersie

from . import rules


def vastgestelde_pips(casus: Casus) -> list[PipVersie]:
    return list(
        PipVersie.objects.filter(casus=casus, status=PipVersie.Status.VASTGESTELD)
        .order_by("versie")
        .defer("beschikking_html")
    )


def huidige_pip(casus: Casus) -> PipVersie | None:
    versies = vastgestelde_pips(casus)
    return versies[-1] if versies else None


def stand(casus: Casus):
    from .models import DuoStand

    return DuoStand.objects.filter(casus=casus).first()


@dataclass(frozen=True)
class Termijn:
    start: dt.date | None
    eind: dt.date | None  # last day, inclusive
    bron: str  # "DUO" or "PIP"


def termijn(casus: Casus, duo_stand=None, pip: PipVersie | None = None) -> Termijn:
    """The inburgeringstermijn: DUO's when DUO gave one, else the first vastgestelde PIP's."""
    duo_stand = duo_stand if duo_stand is not None else stand(casus)
    if duo_stand is not None and duo_stand.termijn_start and duo_stand.termijn_einddatum:
        return Termijn(duo_stand.termijn_start, rules.laatste_dag(duo_stand.termijn_einddatum), "DUO")
    eerste = PipVersie.objects.filter(casus=casus, status=PipVersie.Status.VASTGESTELD).order_by("versie").first()
    if eerste is not None:
        return Termijn(eerste.termijn_start, eerste.termijn_eind, "PIP")
    return Termijn(None, None, "")


def gemeentecode(gemeente) -> str:
    """DUO's 4-digit gemeentecode from the CBS code ('GM0148' -> '0148')."""
    digits = "".join(c for c in (gemeente.cbs_code or "") if c.isdigit())
    return digits[-4:].zfill(4) if digits else ""


@dataclass
class LeerrouteGegevens:
    """Values of the leerroutes app a melding starts from (None: not registered there)."""

    map_datum: dt.date | None = None
    pvt_datum: dt.date | None = None
    zroute_datum: dt.date | None = None
    uren: dict[str, int] = field(default_factory=dict)  # rules.UREN_* -> total
    aanbod: dict | None = None  # instellingsnummer, datum_aanbod, start, einde


def leerroute_gegevens(casus: Casus) -> LeerrouteGegevens:
    """MAP/PVT/Z-route dates, hour totals (whole hours, as DUO counts them) and the running aanbod."""
    from django.db.models import Sum

    from leerroutes.models import Inburgeringsaanbod, MapTraject, PvtTraject, Urenregistratie, ZrouteAfronding

    gegevens = LeerrouteGegevens()
    gegevens.map_datum = MapTraject.objects.filter(casus=casus).values_list("eindgesprek_op", flat=True).first()
    gegevens.pvt_datum = PvtTraject.objects.filter(casus=casus).values_list("ondertekend_op", flat=True).first()
    gegevens.zroute_datum = ZrouteAfronding.objects.filter(casus=casus).values_list("afgerond_op", flat=True).first()
    sommen = dict(
        Urenregistratie.objects.filter(casus=casus)
        .values("soort")
        .annotate(totaal=Sum("uren"))
        .values_list("soort", "totaal")
    )
    taal = sum(v for k, v in sommen.items() if k in (Urenregistratie.Soort.NT2, Urenregistratie.Soort.KNM) and v)
    if taal:
        gegevens.uren[rules.UREN_TAALLES] = int(taal)
    if sommen.get(Urenregistratie.Soort.PARTICIPATIE):
        gegevens.uren[rules.UREN_PARTICIPATIE] = int(sommen[Urenregistratie.Soort.PARTICIPATIE])
    aanbod = (
        Inburgeringsaanbod.objects.filter(casus=casus, einddatum__isnull=True).select_related("taalaanbieder").first()
    )
    if aanbod is not None:
        gegevens.aanbod = {
            "instellingsnummer": aanbod.taalaanbieder.instellingsnummer,
            "datum_aanbod": timezone.localdate(aanbod.aangemaakt_op),
            "start": aanbod.startdatum,
            "einde": aanbod.verwachte_einddatum,
        }
    return gegevens
