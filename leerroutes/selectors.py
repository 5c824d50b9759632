"""Reads of the leerroutes: totals, the next voortgangsgesprek and the journey at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import formats

from cases.models import Casus
from cases.selectors import aantal_in, een_op_een, pagina_waarde
from inburgering.vastesql import eerste as eerste_rij  # `eerste` is the first PIP version here
from inburgering.vastesql import rijen
from pip import selectors as pip_selectors
from pip.models import PipVersie

from . import rules
from .models import (
    Aanwezigheid,
    Afschaling,
    Examen,
    Inburgeringsaanbod,
    Keurmerk,
    MapTraject,
    PvtTraject,
    Signaal,
    Urenregistratie,
    Voortgangsgesprek,
    ZrouteAfronding,
)

CENT = Decimal("0.01")  # SQLite sums decimals as floats: back to cents
_NIET_MEE = object()


def casus_pagina(qs: QuerySet[Casus]) -> QuerySet[Casus]:
    """What the journey section of the case page reads, brought along with the case in its one query:
    MAP, PVT and Z-route, the hour totals per kind and the voortgangsgesprekken (count, last date)."""
    gesprekken = Voortgangsgesprek.objects.filter(casus=OuterRef("pk")).order_by().values("casus")
    uren = {
        f"pagina_uren_{soort}": Subquery(
            Urenregistratie.objects.filter(casus=OuterRef("pk"), soort=soort)
            .order_by()
            .values("casus")
            .annotate(t=Sum("uren"))
            .values("t")[:1]
        )
        for soort in Urenregistratie.Soort.values
    }
    return (
        qs.select_related("map_traject__aanbieder", "pvt_traject__aanbieder", "zroute_afronding")
        .defer("zroute_afronding__certificaat_html")
        .annotate(
            pagina_gesprekken=aantal_in(Voortgangsgesprek.objects.filter(casus=OuterRef("pk"))),
            pagina_laatste_gesprek=Subquery(gesprekken.annotate(d=Max("datum")).values("d")[:1]),
            **uren,
        )
    )


def pip_eerste_en_huidige(casus: Casus) -> tuple[PipVersie | None, PipVersie | None]:
    versies = pip_selectors.vastgestelde_versies(casus)  # newest first
    return (versies[-1], versies[0]) if versies else (None, None)


def laatste_pip_nummer(casus: Casus) -> int:
    """The number of the latest PIP version of the case, concept or not (0 without one): the PIP's 'version'."""
    return PipVersie.objects.filter(casus=casus).aggregate(n=Max("versie"))["n"] or 0


def _lopend_aanbod(casus_id: int):
    aanbod = Inburgeringsaanbod.objects.select_related("taalaanbieder")
    return aanbod.filter(casus_id=casus_id, einddatum__isnull=True)[:1]


def _eerste_aanbod(casus_id: int):
    return Inburgeringsaanbod.objects.filter(casus_id=casus_id).select_related("taalaanbieder")[:1]


def lopend_aanbod(casus: Casus) -> Inburgeringsaanbod | None:
    return eerste_rij(_lopend_aanbod, casus_id=casus.pk)


def uren_totalen(casus: Casus) -> dict[str, Decimal]:
    pagina = {s: pagina_waarde(casus, f"pagina_uren_{s}", lambda: _NIET_MEE) for s in Urenregistratie.Soort.values}
    if _NIET_MEE not in pagina.values():  # the case page's query brought them along
        return {s: Decimal(t or 0).quantize(CENT) for s, t in pagina.items()}
    rows = Urenregistratie.objects.filter(casus=casus).values("soort").annotate(totaal=Sum("uren"))
    totalen = {s: Decimal(0) for s in Urenregistratie.Soort.values}
    for row in rows:
        totalen[row["soort"]] = Decimal(row["totaal"] or 0).quantize(CENT)
    return totalen


def nt2_uren_keurmerk(casus: Casus) -> Decimal:
    """NT2 hours at schools with a keurmerk (what afschalen counts)."""
    totaal = (
        Urenregistratie.objects.filter(casus=casus, soort=Urenregistratie.Soort.NT2)
        .exclude(aanbod__taalaanbieder__keurmerk=Keurmerk.GEEN)
        .aggregate(t=Sum("uren"))["t"]
    )
    return Decimal(totaal or 0).quantize(CENT)


def _afschalingen(casus_id: int):
    return Afschaling.objects.filter(casus_id=casus_id, pip_versie__status=PipVersie.Status.VASTGESTELD)


def afgeschaalde_onderdelen(casus: Casus) -> set[str]:
    """Exam parts lowered to A2 by an afschaling whose PIP version was vastgesteld."""
    onderdelen: set[str] = set()
    for a in rijen(_afschalingen, casus_id=casus.pk):
        onderdelen.update(a.onderdelen)
    return onderdelen


def volgend_gesprek(
    casus: Casus, huidige: PipVersie | None, eerste: PipVersie | None
) -> tuple[dt.date | None, Voortgangsgesprek | None]:
    """(due date, last gesprek): from the last held gesprek, or from the start of the termijn, at the PIP frequency."""
    if huidige is None:
        return None, None
    laatste = Voortgangsgesprek.objects.filter(casus=casus).order_by("-datum", "-pk").first()
    vanaf = laatste.datum if laatste else eerste.termijn_start
    return rules.volgend_voortgangsgesprek(vanaf, huidige.voortgangsgesprekken), laatste


@dataclass
class ExamenStand:
    onderdeel: str
    label: str
    vereist_niveau: str
    pogingen: list[Examen]
    behaald: bool


def _examens(casus_id: int):
    return Examen.objects.filter(casus_id=casus_id).order_by("onderdeel", "poging")


def examen_stand(casus: Casus, huidige: PipVersie | None) -> list[ExamenStand]:
    examens = rijen(_examens, casus_id=casus.pk)
    afgeschaald = afgeschaalde_onderdelen(casus)
    pip_niveau = huidige.niveau if huidige else ""
    stand = []
    for code, label in Examen.Onderdeel.choices:
        vereist = rules.examenniveau(code, pip_niveau, code in afgeschaald)
        pogingen = [e for e in examens if e.onderdeel == code]
        behaald = any(
            rules.examen_behaald(e.resultaat == Examen.Resultaat.GESLAAGD, e.niveau, vereist) for e in pogingen
        )
        stand.append(ExamenStand(code, label, vereist, pogingen, behaald))
    return stand


def uren_per_maand(casus: Casus) -> list[dict]:
    """One row per month: NT2, KNM, participation hours and attendance (newest first)."""
    maanden: dict[dt.date, dict] = {}

    def rij(maand):
        return maanden.setdefault(
            maand, {"maand": maand, "nt2": None, "knm": None, "participatie": None, "aanwezigheid": None}
        )

    for u in Urenregistratie.objects.filter(casus=casus).only("maand", "soort", "uren"):
        r = rij(u.maand)
        r[u.soort] = (r[u.soort] or Decimal(0)) + u.uren
    for a in Aanwezigheid.objects.filter(aanbod__casus=casus).only(
        "maand", "percentage", "geplande_uren", "aanwezige_uren"
    ):
        rij(a.maand)["aanwezigheid"] = a
    return [maanden[m] for m in sorted(maanden, reverse=True)]


# --------------------------------------------------------------------------------------------
# The journey at a glance (task list on the case page)
# --------------------------------------------------------------------------------------------

KLAAR, BEZIG, TE_LAAT, NIET_GESTART, NVT = "ok", "info", "error", "neutral", "neutral"


@dataclass
class Taak:
    naam: str
    url: str
    status: str
    variant: str

    def as_tuple(self):
        return (self.naam, self.url, self.status, self.variant)


@dataclass
class TrajectStand:
    eerste: PipVersie | None
    huidige: PipVersie | None
    aanbod: Inburgeringsaanbod | None
    taken: list[Taak] = field(default_factory=list)
    open_signalen: list[Signaal] = field(default_factory=list)
    totalen: dict = field(default_factory=dict)
    volgende_gesprek: dt.date | None = None

    @property
    def taken_tuples(self):
        return [t.as_tuple() for t in self.taken]


def _datum(d: dt.date) -> str:
    return formats.date_format(d, "j F Y")


def _uur(waarde) -> str:
    return formats.number_format(Decimal(waarde).normalize(), use_l10n=True, force_grouping=True)


def _te_doen(label_bezig: str, eind: dt.date | None, vandaag: dt.date, gestart: bool) -> tuple[str, str]:
    """A part that is not done: overdue after the termijn end, else in progress / not started, with its date."""
    if eind is not None and vandaag > eind:
        return f"Te laat: moest klaar zijn op {_datum(eind)}", TE_LAAT
    suffix = f", uiterlijk {_datum(eind)}" if eind else ""
    if gestart:
        return f"{label_bezig}{suffix}", BEZIG
    return f"Nog niet gestart{suffix}", NIET_GESTART


def _open_signalen(casus_id: int):
    signalen = Signaal.objects.filter(casus_id=casus_id, afgehandeld_op__isnull=True)
    return signalen.select_related("aanbod__taalaanbieder")


def traject_stand(casus: Casus, *, vandaag: dt.date, mag_bewerken: bool) -> TrajectStand:
    """Every part of the trajectory: done, due (with date), not started, or not applicable for doelgroep and route."""
    eerste, huidige = pip_eerste_en_huidige(casus)
    aanbod = lopend_aanbod(casus) or eerste_rij(_eerste_aanbod, casus_id=casus.pk)
    stand = TrajectStand(eerste=eerste, huidige=huidige, aanbod=aanbod)
    stand.open_signalen = rijen(_open_signalen, casus_id=casus.pk)
    if huidige is None:
        stand.taken = [Taak("Uitvoering (leerroute, MAP, PVT)", "", "Start na het vastgestelde PIP", NIET_GESTART)]
        return stand

    kw = {"casus_pk": casus.pk}

    def url(name, bewerken=True):
        return reverse(f"leerroutes:{name}", kwargs=kw) if (mag_bewerken or not bewerken) else ""

    onderdelen = rules.traject_onderdelen(casus.doelgroep, huidige.leerroute)
    eind = eerste.termijn_eind
    stand.totalen = uren_totalen(casus)
    taken: list[Taak] = []

    # 1. the offer at a school
    naam = (
        "Inburgeringsaanbod (inkoop leerroute)"
        if onderdelen.leerroute_inkoop
        else "Advies leerroute (persoon betaalt zelf)"
    )
    if aanbod is None:
        taken.append(Taak(naam, url("aanbod_nieuw"), *_te_doen("", None, vandaag, False)))
    elif aanbod.leerroute != huidige.leerroute:
        taken.append(
            Taak(naam, url("overzicht", False), f"Past niet bij het PIP ({aanbod.get_leerroute_display()})", TE_LAAT)
        )
    elif aanbod.lopend:
        taken.append(
            Taak(naam, url("overzicht", False), f"{aanbod.taalaanbieder}, sinds {_datum(aanbod.startdatum)}", KLAAR)
        )
    else:
        taken.append(Taak(naam, url("aanbod_nieuw"), f"Beëindigd op {_datum(aanbod.einddatum)}", BEZIG))

    # 2. hours and attendance
    nt2, knm = stand.totalen["nt2"], stand.totalen["knm"]
    if stand.open_signalen:
        uren_status, uren_variant = f"{len(stand.open_signalen)} signaal lage aanwezigheid", "warning"
    elif nt2 or knm:
        uren_status, uren_variant = f"NT2 {_uur(nt2)} uur, KNM {_uur(knm)} uur", BEZIG
    else:
        uren_status, uren_variant = "Nog geen uren", NIET_GESTART
    taken.append(Taak("Uren en aanwezigheid", url("overzicht", False), uren_status, uren_variant))

    # 3. voortgangsgesprekken
    aantal = pagina_waarde(casus, "pagina_gesprekken", lambda: None)
    if aantal is None:
        due, _ = volgend_gesprek(casus, huidige, eerste)
        aantal = Voortgangsgesprek.objects.filter(casus=casus).count()
    else:  # the case page's query brought the count and the date of the last gesprek along
        vanaf = casus.pagina_laatste_gesprek or eerste.termijn_start
        due = rules.volgend_voortgangsgesprek(vanaf, huidige.voortgangsgesprekken)
    stand.volgende_gesprek = due
    if due < vandaag:
        g_status, g_variant = f"Te laat: volgend gesprek uiterlijk {_datum(due)}", TE_LAAT
    else:
        g_status = (
            f"{aantal} gehouden; volgend uiterlijk {_datum(due)}" if aantal else f"Eerste uiterlijk {_datum(due)}"
        )
        g_variant = BEZIG if aantal else NIET_GESTART
    taken.append(Taak("Voortgangsgesprekken", url("gesprek_nieuw"), g_status, g_variant))

    # 4. exams, or the Z-route eindgesprek
    if onderdelen.examens:
        stand_ex = examen_stand(casus, huidige)
        behaald = sum(1 for e in stand_ex if e.behaald)
        if behaald == len(stand_ex):
            ex = ("Alle onderdelen behaald", KLAAR)
        else:
            ex = _te_doen(
                f"{behaald} van {len(stand_ex)} onderdelen behaald", eind, vandaag, any(e.pogingen for e in stand_ex)
            )
        taken.append(Taak("Examens", url("examen_nieuw"), *ex))
    else:
        taken.append(Taak("Examens", "", "Niet van toepassing (Z-route)", NVT))
    if onderdelen.zroute_afronding:
        afronding = een_op_een(casus, "zroute_afronding", lambda: ZrouteAfronding.objects.filter(casus=casus).first())
        if afronding:
            z = (f"Afgerond op {_datum(afronding.afgerond_op)}", KLAAR)
        else:
            z = _te_doen("Uren worden opgebouwd", eind, vandaag, bool(nt2 or knm))
        taken.append(Taak("Z-route: eindgesprek en certificaat", url("zroute"), *z))
    else:
        taken.append(Taak("Z-route: eindgesprek en certificaat", "", "Niet van toepassing", NVT))

    # 5. MAP (not in the onderwijsroute)
    if onderdelen.map:
        traject = een_op_een(
            casus, "map_traject", lambda: MapTraject.objects.filter(casus=casus).select_related("aanbieder").first()
        )
        if traject and traject.eindgesprek_op:
            m = (f"Eindgesprek op {_datum(traject.eindgesprek_op)}", KLAAR)
        else:
            m = _te_doen(f"Bezig bij {traject.aanbieder}" if traject else "", eind, vandaag, traject is not None)
        taken.append(Taak("MAP (Module Arbeidsmarkt en Participatie)", url("map"), *m))
    else:
        taken.append(Taak("MAP (Module Arbeidsmarkt en Participatie)", "", "Niet van toepassing (onderwijsroute)", NVT))

    # 6. PVT
    pvt = een_op_een(casus, "pvt_traject", lambda: PvtTraject.objects.filter(casus=casus).select_related("aanbieder").first())
    if pvt and pvt.ondertekend_op:
        p = (f"Ondertekend op {_datum(pvt.ondertekend_op)}", KLAAR)
    else:
        p = _te_doen(f"Bezig bij {pvt.aanbieder}" if pvt else "", eind, vandaag, pvt is not None)
    taken.append(Taak("PVT (participatieverklaringstraject)", url("pvt"), *p))

    stand.taken = taken
    return stand


def zichtbare_aanbiedingen(qs, user):
    """Offers of cases the user may change (the CSV import touches only those)."""
    from inburgering.permissions import bewerkbare_casussen

    return qs.filter(casus__in=bewerkbare_casussen(user))
