"""Reads of handhaving: the case-page section, the procedure page's steps, the team lead's overview."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse

from cases.models import Casus
from inburgering import permissions
from inburgering.regels import regel
from inburgering.vastesql import rijen
from pip import selectors as pip_selectors
from pip.models import PipVersie

from . import rules, services, workflow
from .models import Bezwaar, Boetebeschikking, Handhavingsprocedure
from .workflow import Status

# --------------------------------------------------------------------------------------------
# The case page
# --------------------------------------------------------------------------------------------


@dataclass
class CasusHandhaving:
    procedures: list[Handhavingsprocedure]
    bezwaren: list[Bezwaar]
    heeft_beschikkingen: bool


def _procedures(casus_id: int):
    return (
        Handhavingsprocedure.objects.filter(casus_id=casus_id)
        .select_related("beschikking")
        .order_by("-aangemaakt_op", "-pk")
    )


def _bezwaren(casus_id: int):
    return (
        Bezwaar.objects.filter(casus_id=casus_id)
        .select_related("pip_versie", "boetebeschikking", "nieuwe_pip_versie")
        .defer("pip_versie__beschikking_html", "boetebeschikking__beschikking_html")
    )


def casus_handhaving(casus: Casus) -> CasusHandhaving:
    procedures = rijen(_procedures, casus_id=casus.pk)
    bezwaren = rijen(_bezwaren, casus_id=casus.pk)
    heeft = (
        any(hasattr(p, "beschikking") for p in procedures)
        or bool(pip_selectors.vastgestelde_versies(casus))
    )
    return CasusHandhaving(procedures, bezwaren, heeft)


def bezwaren_tegen_pip_versie(versie: PipVersie) -> list[Bezwaar]:
    return list(
        Bezwaar.objects.filter(pip_versie=versie)
        .select_related("nieuwe_pip_versie")
        .defer("nieuwe_pip_versie__beschikking_html")
    )


def beschikking_keuzes(casus: Casus) -> list[tuple[str, str]]:
    """The beschikkingen of the case that a bezwaar can be against: ('pip-<pk>' | 'boete-<pk>', label)."""
    keuzes = [
        (f"pip-{v.pk}", f"PIP versie {v.versie}, dagtekening {v.dagtekening:%d-%m-%Y} ({v.kenmerk})")
        for v in PipVersie.objects.filter(casus=casus, status=PipVersie.Status.VASTGESTELD)
        .only("pk", "versie", "dagtekening", "kenmerk")
        .order_by("-versie")
    ]
    keuzes += [
        (
            f"boete-{b.pk}",
            f"Boetebeschikking {b.kenmerk}, dagtekening {b.dagtekening:%d-%m-%Y} ({rules.euro(b.bedrag)})",
        )
        for b in Boetebeschikking.objects.filter(casus=casus).only("pk", "kenmerk", "dagtekening", "bedrag")
    ]
    return keuzes


def beschikking_uit_keuze(casus: Casus, keuze: str) -> dict:
    """The service keyword argument (`pip_versie=` or `boetebeschikking=`) for a choice value."""
    soort, _, pk = keuze.partition("-")
    if soort == "pip":
        return {"pip_versie": PipVersie.objects.defer("beschikking_html").get(casus=casus, pk=pk)}
    return {"boetebeschikking": Boetebeschikking.objects.defer("beschikking_html").get(casus=casus, pk=pk)}


# --------------------------------------------------------------------------------------------
# The procedure page
# --------------------------------------------------------------------------------------------


@dataclass
class ProcedureStand:
    taken: list[tuple[str, str, str, str]]  # (name, url, status label, badge variant)
    acties: list[tuple[str, str]]  # (slug, label) allowed now
    wachten: rules.Wachten | None
    waarschuwing_nodig: bool
    hoorplicht: bool
    toets_verplicht: bool
    voorstel: rules.Berekening | None
    drempel: object
    bezwaren: list[Bezwaar] = field(default_factory=list)


def procedure_stand(procedure: Handhavingsprocedure, *, vandaag: dt.date, mag_bewerken: bool) -> ProcedureStand:
    casus = procedure.casus
    op = procedure.voornemen_op or vandaag
    drempel = regel("boete_hoorplicht_drempel", op=op, gemeente=casus.gemeente_id)
    beschikking = getattr(procedure, "beschikking", None) if procedure.status in _NA_BESCHIKKING else None
    toets_verplicht = rules.juridische_toets_verplicht(casus.doelgroep)
    hoorplicht = procedure.bedrag is not None and rules.hoorplicht(procedure.bedrag, drempel=drempel)
    open_voor_boete = procedure.is_boete and procedure.status in workflow.VOOR_BESCHIKKING
    waarschuwing = open_voor_boete and services.waarschuwing_nodig(procedure, op=vandaag)
    voorstel = services.voorstel(procedure) if open_voor_boete and procedure.bedrag is None else None
    acties = workflow.acties(procedure.status) if mag_bewerken else []
    if procedure.status == Status.BEOORDEELD and not waarschuwing:
        # a repeat (or a policy without warnings): the voornemen is the obvious next step
        acties.sort(key=lambda a: a[0] != "voornemen")
    toegestaan = {slug for slug, _ in acties}

    def url(slug):
        if slug not in toegestaan:
            return ""
        return reverse("handhaving:stap", kwargs={"casus_pk": casus.pk, "procedure_pk": procedure.pk, "stap": slug})

    taken = []
    if procedure.is_boete:
        taken.append(("Signaal", "", f"Gemeld {procedure.datum_constatering:%d-%m-%Y}", "ok"))
        if procedure.verwijtbaarheid:
            taken.append(("Verwijtbaarheid", "", procedure.get_verwijtbaarheid_display(), "ok"))
        else:
            taken.append(("Verwijtbaarheid", url("verwijtbaarheid"), "Nog te doen", "info"))
        if procedure.waarschuwing_op:
            taken.append(("Schriftelijke waarschuwing", "", f"Verstuurd {procedure.waarschuwing_op:%d-%m-%Y}", "ok"))
        elif waarschuwing:
            taken.append(
                ("Schriftelijke waarschuwing", url("waarschuwing"), "Verplicht vóór een eerste boete", "warning")
            )
        else:
            taken.append(("Schriftelijke waarschuwing", url("waarschuwing"), "Niet verplicht", "neutral"))
        if procedure.voornemen_op:
            taken.append(
                ("Voornemen", "", f"{rules.euro(procedure.bedrag)}, verstuurd {procedure.voornemen_op:%d-%m-%Y}", "ok")
            )
        else:
            taken.append(("Voornemen", url("voornemen"), "Nog te doen", "neutral"))
        if procedure.zienswijze_soort:
            taken.append(("Zienswijze of horen", "", procedure.get_zienswijze_soort_display(), "ok"))
        elif hoorplicht:
            taken.append(
                ("Zienswijze of horen", url("zienswijze"), f"Horen verplicht (boven {rules.euro(drempel)})", "warning")
            )
        else:
            taken.append(("Zienswijze of horen", url("zienswijze"), "Nog te doen", "neutral"))
        if procedure.juridische_toets_akkoord is not None:
            taken.append(
                ("Juridische toets", "", "Akkoord" if procedure.juridische_toets_akkoord else "Niet akkoord", "ok")
            )
        elif toets_verplicht:
            taken.append(("Juridische toets", url("juridische-toets"), "Verplicht (asielstatushouder)", "warning"))
        else:
            taken.append(("Juridische toets", url("juridische-toets"), "Niet verplicht", "neutral"))
        if beschikking is not None:
            taken.append(("Boetebeschikking", "", f"Opgelegd {beschikking.dagtekening:%d-%m-%Y}", "ok"))
        else:
            taken.append(("Boetebeschikking", url("opleggen"), "Nog te doen", "neutral"))
        if procedure.status in (Status.BETAALD, Status.KWIJTGESCHOLDEN, Status.INGETROKKEN):
            taken.append(("Betaling", "", procedure.get_status_display(), "ok"))
        elif procedure.status in (Status.OPGELEGD, Status.INVORDERING, Status.IN_BEZWAAR):
            taken.append(("Betaling", url("betaald"), procedure.get_status_display(), "info"))
        else:
            taken.append(("Betaling", "", "Nog niet aan de orde", "neutral"))

    bezwaren = list(beschikking.bezwaren.all()) if beschikking is not None else []
    open_bezwaar = next((b for b in bezwaren if b.is_open), None)
    wachten = rules.wacht_op(
        procedure.status,
        vandaag=vandaag,
        zienswijze_tot=procedure.zienswijze_tot,
        hoorplicht=hoorplicht,
        toets_verplicht=toets_verplicht,
        betalen_voor=beschikking.betalen_voor if beschikking else None,
        beslissen_voor=open_bezwaar.beslissen_voor if open_bezwaar else None,
    )
    return ProcedureStand(
        taken, acties, wachten, waarschuwing, hoorplicht, toets_verplicht, voorstel, drempel, bezwaren
    )


_NA_BESCHIKKING = frozenset(
    {Status.OPGELEGD, Status.IN_BEZWAAR, Status.INVORDERING, Status.BETAALD, Status.KWIJTGESCHOLDEN, Status.INGETROKKEN}
)


# --------------------------------------------------------------------------------------------
# The team lead's overview
# --------------------------------------------------------------------------------------------


@dataclass
class OverzichtRegel:
    procedure: Handhavingsprocedure
    wachten: rules.Wachten | None
    dagen: int | None

    @property
    def variant(self) -> str:
        if self.dagen is None:
            return "neutral"
        return "error" if self.dagen < 0 else ("warning" if self.dagen <= 7 else "info")

    @property
    def termijn_tekst(self) -> str:
        if self.dagen is None:
            return ""
        if self.dagen < 0:
            return f"{-self.dagen} dagen te laat"
        if self.dagen == 0:
            return "vandaag"
        return f"nog {self.dagen} dagen"


@dataclass
class BezwaarRegel:
    bezwaar: Bezwaar
    dagen: int

    @property
    def variant(self) -> str:
        return "error" if self.dagen < 0 else ("warning" if self.dagen <= 14 else "info")

    @property
    def termijn_tekst(self) -> str:
        if self.dagen < 0:
            return f"{-self.dagen} dagen over de beslistermijn"
        return "vandaag" if self.dagen == 0 else f"nog {self.dagen} dagen"


@dataclass
class Overzicht:
    per_stap: list[tuple[str, str, int]]  # (status, label, count) in workflow order, open steps only
    regels: list[OverzichtRegel]
    bezwaren: list[BezwaarRegel]

    @property
    def aantal_personen(self) -> int:
        ids = {r.procedure.casus.inburgeraar_id for r in self.regels} | {
            b.bezwaar.casus.inburgeraar_id for b in self.bezwaren
        }
        return len(ids)


def overzicht(user, *, vandaag: dt.date) -> Overzicht:
    """Open procedures and open bezwaren of the cases the (team lead) user may see: by step, who is next."""
    casussen = permissions.zichtbare_casussen(user).values("pk")
    procedures = list(
        Handhavingsprocedure.objects.filter(casus__in=casussen, status__in=workflow.OPEN_STATUSSEN)
        .select_related("casus__inburgeraar", "casus__consultant", "casus__gemeente", "beschikking")
        .defer("beschikking__beschikking_html")
        .order_by("casus__inburgeraar__achternaam", "pk")
    )
    open_bezwaren = list(
        Bezwaar.objects.filter(casus__in=casussen, uitkomst="")
        .select_related("casus__inburgeraar", "casus__consultant", "pip_versie", "boetebeschikking")
        .defer("pip_versie__beschikking_html", "boetebeschikking__beschikking_html")
        .order_by("beslissen_voor", "pk")
    )
    per_boete = {b.boetebeschikking_id: b for b in open_bezwaren if b.boetebeschikking_id}
    drempels: dict[int, object] = {}

    def drempel(p):
        # the threshold valid today, once per gemeente (a query per row would grow with the list)
        if p.casus.gemeente_id not in drempels:
            drempels[p.casus.gemeente_id] = regel("boete_hoorplicht_drempel", op=vandaag, gemeente=p.casus.gemeente_id)
        return drempels[p.casus.gemeente_id]

    regels = []
    for p in procedures:
        beschikking = getattr(p, "beschikking", None) if p.status in _NA_BESCHIKKING else None
        bezwaar = per_boete.get(beschikking.pk) if beschikking else None
        wachten = rules.wacht_op(
            p.status,
            vandaag=vandaag,
            zienswijze_tot=p.zienswijze_tot,
            hoorplicht=p.bedrag is not None
            and p.status == Status.VOORNEMEN
            and rules.hoorplicht(p.bedrag, drempel=drempel(p)),
            toets_verplicht=rules.juridische_toets_verplicht(p.casus.doelgroep),
            betalen_voor=beschikking.betalen_voor if beschikking else None,
            beslissen_voor=bezwaar.beslissen_voor if bezwaar else None,
        )
        regels.append(OverzichtRegel(p, wachten, rules.dagen_over(wachten.uiterlijk if wachten else None, vandaag)))
    telling = Counter(p.status for p in procedures)
    per_stap = [(s, Status(s).label, telling.get(s, 0)) for s in workflow.OPEN_STATUSSEN]
    bezwaren = [BezwaarRegel(b, rules.dagen_over(b.beslissen_voor, vandaag)) for b in open_bezwaren]
    return Overzicht(per_stap, regels, bezwaren)
