"""The one write path of the intake: warme overdracht, introductieweek, brede intake, leerbaarheidstoets.

Every function takes keyword-only arguments and the acting user (`door`), locks the case row,
checks that the user may change the case, validates with `full_clean`, writes a timeline entry
in the same transaction and moves the case status forward where the workflow allows it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import services as case_services
from cases.models import Casus
from cases.workflow import TRANSITIONS, Status
from inburgering.audit import service
from inburgering.concurrency import controleer_versie
from inburgering.regels import regel_int
from inburgering.services import casus_vergrendelen, labels, velden_zetten

from . import rules
from .models import (
    BredeIntake,
    IntakeGesprek,
    IntroductieItem,
    IntroductieTaak,
    Leerbaarheidstoets,
    WarmeOverdracht,
)

WARME_OVERDRACHT_VELDEN = (
    "azc",
    "coa_contactpersoon",
    "coa_telefoon",
    "coa_email",
    "gesprek_datum",
    "gesprek_tijd",
    "gesprek_plaats",
    "aanwezig_inburgeraar",
    "aanwezig_coa",
    "aanwezig_consultant",
    "aanwezig_tolk",
    "aanwezig_overig",
    "voorinburgering",
    "gezondheid",
    "gezin",
    "opleiding_werk",
    "zorgen",
)
BREDE_INTAKE_VELDEN = (
    "opleiding_niveau",
    "opleiding_jaren",
    "diploma",
    "opleiding_toelichting",
    "werkervaring_jaren",
    "beroep",
    "werk_toelichting",
    "moedertaal",
    "andere_talen",
    "alfabetisering",
    "nederlands_niveau",
    "taal_toelichting",
    "leerbaarheid_toelichting",
    "gezondheid_lichamelijk",
    "gezondheid_psychisch",
    "gezondheid_toelichting",
    "kinderopvang_nodig",
    "gezin_toelichting",
    "sociaal_netwerk",
    "netwerk_toelichting",
    "bijstand",
    "schulden",
    "financiele_zelfredzaamheid",
    "financien_toelichting",
    "interesse_werk",
    "interesse_sport",
    "interesse_cultuur",
    "motivatie_toelichting",
    "participatieladder_trede",
    "routeadvies",
    "routeadvies_motivatie",
    "afgerond_op",
)
GESPREK_VELDEN = ("datum", "onderwerpen", "tolk_ingezet", "tolk_taal", "verslag")
LBT_VELDEN = ("gepland_op", "afgenomen_op", "score", "vrijstelling", "vrijstelling_reden")

# The forward path of the journey; `status_bevorderen` only ever moves along it.
VOORWAARTS = (Status.AANGEMELD, Status.WARME_OVERDRACHT, Status.INTAKE, Status.PIP_IN_VOORBEREIDING, Status.UITVOERING)


def status_bevorderen(*, casus: Casus, naar: str, door, toelichting: str = "") -> Casus:
    """Move the case forward to `naar` along the journey, one allowed transition at a time.

    Never moves backwards and leaves a suspended or closed case alone: the work is recorded,
    the status stays what the consultant set. Warme overdracht is skipped unless it is the goal.
    """
    if casus.status not in VOORWAARTS or naar not in VOORWAARTS:
        return casus
    start, doel = VOORWAARTS.index(casus.status), VOORWAARTS.index(naar)
    for stap in VOORWAARTS[start + 1 : doel + 1]:
        if stap == Status.WARME_OVERDRACHT and naar != Status.WARME_OVERDRACHT:
            continue
        if stap in TRANSITIONS[casus.status]:
            casus = case_services.casus_status_wijzigen(casus=casus, naar=stap, door=door, toelichting=toelichting)
    return casus


def versie_controleren(obj, versie: int | None) -> None:
    """Optimistic locking of a row the caller locked: Conflict when it moved past the version the user saw.

    Version 0 means the user started from an empty form (no row yet): a row written since then
    is a conflict too. A row that does not exist yet has nothing to overwrite.
    """
    if obj.pk is not None:
        controleer_versie(obj, versie)


def _opslaan(obj) -> None:
    """Save a validated row; a changed existing row gets the next version (the caller holds its lock)."""
    if obj.pk is not None:
        obj.versie += 1
    obj.save()


@service
def warme_overdracht_opslaan(
    *, casus: Casus, data: dict[str, Any], door, bijlagen=(), versie: int | None = None
) -> WarmeOverdracht:
    """Record (or update) the warme overdracht; it may be recorded before the person is housed.

    `versie` is the version the user started from (0: an empty form), see `versie_controleren`.
    """
    casus = casus_vergrendelen(casus, door)
    overdracht = WarmeOverdracht.objects.select_for_update().filter(casus=casus).first()
    nieuw = overdracht is None
    if nieuw:
        overdracht = WarmeOverdracht(casus=casus, vastgelegd_door=door)
    versie_controleren(overdracht, versie)
    changed = velden_zetten(overdracht, data, WARME_OVERDRACHT_VELDEN)
    overdracht.full_clean()
    if nieuw or changed or bijlagen:
        _opslaan(overdracht)
    for upload in bijlagen:
        doc = case_services.document_toevoegen(
            casus=casus, soort="overig", titel=f"Warme overdracht: {upload.name}"[:200], upload=upload, door=door
        )
        overdracht.bijlagen.add(doc)
    if nieuw or changed or bijlagen:
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="intake",
            door=door,
            titel="Warme overdracht vastgelegd" if nieuw else "Warme overdracht gewijzigd",
            omschrijving=f"Driegesprek op {overdracht.gesprek_datum:%d-%m-%Y} in {overdracht.gesprek_plaats}",
            url=reverse("intake:warme_overdracht", kwargs={"casus_pk": casus.pk}),
        )
    status_bevorderen(casus=casus, naar=Status.WARME_OVERDRACHT, door=door)
    return overdracht


@service
def introductieweek_bijwerken(*, casus: Casus, regels: list[dict[str, Any]], door) -> list[IntroductieTaak]:
    """Save the checklist: each row is {"item": IntroductieItem, "uitvoerder", "gedaan_op", "opmerking"}.

    A row may carry "versie", the version of its task the user started from (0: no task yet); one
    stale row refuses the whole checklist, so nothing a colleague saved in between is overwritten.
    """
    casus = casus_vergrendelen(casus, door)
    bestaand = {t.item_id: t for t in IntroductieTaak.objects.select_for_update().filter(casus=casus)}
    for regel in regels:
        taak = bestaand.get(getattr(regel.get("item"), "pk", None))
        if taak is not None:
            versie_controleren(taak, regel.get("versie"))
    gewijzigd, gedaan = [], []
    taken = []
    for regel in regels:
        item = regel["item"]
        if not isinstance(item, IntroductieItem):
            raise ValidationError("Onbekend item van de introductieweek.")
        taak = bestaand.get(item.pk) or IntroductieTaak(casus=casus, item=item)
        was_gedaan = taak.gedaan_op is not None
        changed = velden_zetten(taak, regel, ("uitvoerder", "gedaan_op", "opmerking"))
        if taak.pk is None and not changed:
            continue  # an untouched row of the checklist: nothing to store
        if changed:
            taak.full_clean()
            _opslaan(taak)
            gewijzigd.append(item.naam)
            if taak.gedaan_op and not was_gedaan:
                gedaan.append(item.naam)
        taken.append(taak)
    if gewijzigd:
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="intake",
            door=door,
            titel="Introductieweek bijgewerkt",
            omschrijving=("Afgerond: " + ", ".join(gedaan)) if gedaan else "Gewijzigd: " + ", ".join(gewijzigd),
            url=reverse("intake:introductieweek", kwargs={"casus_pk": casus.pk}),
        )
    return taken


@service
def brede_intake_opslaan(*, casus: Casus, data: dict[str, Any], door, versie: int | None = None) -> BredeIntake:
    """Save the life domains, the nulmeting and the route advice (which needs a motivation).

    `versie` is the version the user started from (0: an empty form), see `versie_controleren`.
    """
    casus = casus_vergrendelen(casus, door)
    intake = BredeIntake.objects.select_for_update().filter(casus=casus).first() or BredeIntake(casus=casus)
    versie_controleren(intake, versie)
    nieuw = intake.pk is None
    was_afgerond = bool(intake.afgerond_op)
    changed = velden_zetten(intake, data, BREDE_INTAKE_VELDEN)
    intake.full_clean()
    if nieuw or changed:
        _opslaan(intake)
        if intake.afgerond_op and not was_afgerond:
            titel = "Brede intake afgerond"
            omschrijving = (
                f"Routeadvies: {intake.get_routeadvies_display()}. Nulmeting: trede {intake.participatieladder_trede}."
            )
        else:
            titel, omschrijving = (
                "Brede intake bijgewerkt",
                f"Gewijzigd: {labels(BredeIntake, changed)}" if changed else "",
            )
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="intake",
            door=door,
            titel=titel,
            omschrijving=omschrijving,
            url=reverse("intake:brede_intake", kwargs={"casus_pk": casus.pk}),
        )
    status_bevorderen(casus=casus, naar=Status.INTAKE, door=door)
    return intake


@service
def intakegesprek_opslaan(
    *, casus: Casus, data: dict[str, Any], door, gesprek: IntakeGesprek | None = None, versie: int | None = None
) -> IntakeGesprek:
    """Add a conversation of the brede intake, or change one of this case (`versie`: the version the user saw)."""
    casus = casus_vergrendelen(casus, door)
    if gesprek is None:
        gesprek = IntakeGesprek(casus=casus, gevoerd_door=door)
    elif gesprek.casus_id != casus.pk:
        raise PermissionDenied("Dit gesprek hoort niet bij deze casus.")
    else:
        gesprek = IntakeGesprek.objects.select_for_update().get(pk=gesprek.pk)
        versie_controleren(gesprek, versie)
    nieuw = gesprek.pk is None
    changed = velden_zetten(gesprek, data, GESPREK_VELDEN)
    if not gesprek.tolk_ingezet:
        gesprek.tolk_taal = ""
    gesprek.full_clean()
    if nieuw or changed:
        _opslaan(gesprek)
        tolk = f" (met tolk {gesprek.tolk_taal})" if gesprek.tolk_ingezet else ""
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="intake",
            door=door,
            titel=("Intakegesprek gevoerd" if nieuw else "Intakegesprek gewijzigd")
            + f" op {gesprek.datum:%d-%m-%Y}{tolk}",
            omschrijving=gesprek.onderwerpen,
            url=reverse("intake:brede_intake", kwargs={"casus_pk": casus.pk}),
        )
    status_bevorderen(casus=casus, naar=Status.INTAKE, door=door)
    return gesprek


@service
def leerbaarheidstoets_opslaan(
    *, casus: Casus, data: dict[str, Any], door, versie: int | None = None
) -> Leerbaarheidstoets:
    """Plan, record the DUO score (the result follows from the dated threshold) or record an exemption.

    `versie` is the version the user started from (0: an empty form), see `versie_controleren`.
    """
    casus = casus_vergrendelen(casus, door)
    toets = Leerbaarheidstoets.objects.select_for_update().filter(casus=casus).first() or Leerbaarheidstoets(
        casus=casus
    )
    versie_controleren(toets, versie)
    nieuw = toets.pk is None
    changed = velden_zetten(toets, data, LBT_VELDEN)
    if toets.score is not None and toets.afgenomen_op:
        max_score = regel_int(rules.LBT_MAX_SCORE_CODE, op=toets.afgenomen_op, gemeente=casus.gemeente)
        fout = rules.lbt_score_fout(toets.score, max_score)
        if fout:
            raise ValidationError({"score": fout})
        toets.drempel = regel_int(rules.LBT_DREMPEL_CODE, op=toets.afgenomen_op, gemeente=casus.gemeente)
        toets.haalbaar = rules.lbt_haalbaar(toets.score, toets.afgenomen_op, drempel=toets.drempel)
    else:
        toets.drempel, toets.haalbaar = None, None
    toets.full_clean()
    if nieuw or changed:
        _opslaan(toets)
        if toets.vrijstelling:
            titel = f"Vrijgesteld van de leerbaarheidstoets ({toets.get_vrijstelling_display().lower()})"
        elif toets.haalbaar is not None:
            uitslag = "B1-route haalbaar" if toets.haalbaar else "B1-route niet haalbaar"
            titel = f"Leerbaarheidstoets: score {toets.score} – {uitslag} (drempel {toets.drempel})"
        else:
            titel = f"Leerbaarheidstoets gepland op {toets.gepland_op:%d-%m-%Y}"
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="intake",
            door=door,
            titel=titel,
            url=reverse("intake:leerbaarheidstoets", kwargs={"casus_pk": casus.pk}),
        )
    status_bevorderen(casus=casus, naar=Status.INTAKE, door=door)
    return toets
