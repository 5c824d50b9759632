"""The one write path of the PIP: concept, vaststellen (the beschikking), later versions, the PDF.

Keyword-only arguments and the acting user (`door`); the case row and the version row are
locked where state changes; every change writes a timeline entry in the same transaction;
the PDF is queued with `transaction.on_commit`. Optimistic locking: a form passes the `revisie`
of the version it showed (or, for a new version, the number of the version it started from);
a stale one raises `inburgering.concurrency.Conflict` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases import services as case_services
from cases.models import Casus
from cases.workflow import Status
from inburgering.audit import service
from inburgering.concurrency import Conflict
from inburgering.regels import regel_int
from inburgering.services import casus_en_rij_vergrendelen, casus_vergrendelen, labels
from intake.models import BredeIntake
from intake.services import status_bevorderen
from leerroutes.rules import laatste_dag_schakelen

from . import rules
from .models import INHOUD_VELDEN, PDF_VELDEN, PipVersie, Reden


def vastgestelde_versies(casus: Casus):
    return PipVersie.objects.filter(casus=casus, status=PipVersie.Status.VASTGESTELD).order_by("versie")


def _startinhoud(casus: Casus) -> dict[str, Any]:
    """The content of a first concept: taken from the brede intake and the offer."""
    intake = BredeIntake.objects.filter(casus=casus).first()
    bijstand = bool(intake and intake.bijstand)
    offer = rules.aanbod(casus.doelgroep, bijstand=bijstand)
    data: dict[str, Any] = {
        "bijstand": bijstand,
        "maatschappelijke_begeleiding": offer.maatschappelijke_begeleiding,
        "ontzorgen": offer.ontzorgen,
        "training_financiele_zelfredzaamheid": True,
    }
    if intake is not None:
        data["leerroute"] = intake.routeadvies
        data["route_motivatie"] = intake.routeadvies_motivatie
        data["alfabetisering"] = intake.alfabetisering
        if intake.routeadvies in (rules.B1_ROUTE, rules.ONDERWIJSROUTE):
            data["niveau"] = rules.B1
    return data


@service
def pip_concept_aanmaken(
    *, casus: Casus, door, reden: str = Reden.EERSTE, reden_toelichting: str = "", basis: int | None = None
) -> PipVersie:
    """Open a concept: the first PIP (from the intake) or a new version (a copy of the current one).

    `basis` is the number of the vastgestelde version the user started from (0: none yet).
    """
    casus = casus_vergrendelen(casus, door)
    concept = PipVersie.objects.filter(casus=casus, status=PipVersie.Status.CONCEPT).first()
    if concept is not None:
        raise ValidationError(f"Er is al een concept (versie {concept.versie}). Werk dat bij of stel het vast.")
    huidige = vastgestelde_versies(casus).last()
    if basis is not None and int(basis) != (huidige.versie if huidige else 0):
        raise Conflict()
    if huidige is None and reden != Reden.EERSTE:
        raise ValidationError({"reden": "Er is nog geen vastgesteld PIP; de eerste versie heeft geen wijzigingsreden."})
    if huidige is not None:
        if reden == Reden.EERSTE or reden not in Reden.values:
            raise ValidationError(
                {"reden": "Kies de reden voor de nieuwe versie: schakelen, afschalen, verhuizing of overig."}
            )
        if not reden_toelichting.strip():
            raise ValidationError({"reden_toelichting": "Licht toe waarom het PIP wordt gewijzigd."})
        data = {veld: getattr(huidige, veld) for veld in INHOUD_VELDEN}
    else:
        data = _startinhoud(casus)
    nummer = (PipVersie.objects.filter(casus=casus).aggregate(m=Max("versie"))["m"] or 0) + 1
    versie = PipVersie(
        casus=casus, versie=nummer, reden=reden, reden_toelichting=reden_toelichting, aangemaakt_door=door, **data
    )
    versie.full_clean()
    versie.save()
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="pip",
        door=door,
        url=versie.get_absolute_url(),
        titel=f"PIP-concept versie {nummer} aangemaakt",
        omschrijving="" if reden == Reden.EERSTE else f"Reden: {versie.get_reden_display()}. {reden_toelichting}",
    )
    status_bevorderen(casus=casus, naar=Status.PIP_IN_VOORBEREIDING, door=door)
    return versie


def _vergrendel_concept(versie: PipVersie, door, revisie: int | None = None) -> tuple[Casus, PipVersie]:
    """Lock the case and the concept; refuse a vastgestelde version and a stale `revisie`."""
    casus, versie = casus_en_rij_vergrendelen(versie, door)
    if versie.is_vastgesteld:
        raise ValidationError(
            "Deze PIP-versie is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie."
        )
    if revisie is not None and int(revisie) != versie.revisie:
        raise Conflict()
    return casus, versie


@service
def pip_concept_bijwerken(*, versie: PipVersie, data: dict[str, Any], door, revisie: int | None = None) -> PipVersie:
    """Change the content (and, for a later version, the reason) of a concept.

    `revisie` is the revisie of the concept the user started from (optimistic locking).
    """
    casus, versie = _vergrendel_concept(versie, door, revisie)
    velden = list(INHOUD_VELDEN)
    if versie.reden != Reden.EERSTE:
        velden += ["reden", "reden_toelichting"]
        if data.get("reden") == Reden.EERSTE:
            raise ValidationError({"reden": "Een latere versie heeft een wijzigingsreden."})
    changed = []
    for veld in velden:
        if veld in data and getattr(versie, veld) != data[veld]:
            setattr(versie, veld, data[veld])
            changed.append(veld)
    if changed:
        versie.full_clean()
        versie.revisie += 1
        versie.save()
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="pip",
            door=door,
            url=versie.get_absolute_url(),
            titel=f"PIP-concept versie {versie.versie} bijgewerkt",
            omschrijving=f"Gewijzigd: {labels(PipVersie, changed)}",
        )
    return versie


def vaststel_fouten(
    *, versie: PipVersie, casus: Casus, dagtekening: dt.date, eerste: PipVersie | None, huidige: PipVersie | None
) -> list[str]:
    """Everything that blocks vaststelling: content, offer, version reason and DUO's checks."""
    fouten = rules.inhoud_fouten(
        doelgroep=casus.doelgroep,
        leerroute=versie.leerroute,
        route_motivatie=versie.route_motivatie,
        geschatte_intensiteit_b1=versie.geschatte_intensiteit_b1,
        ondersteuning=versie.ondersteuning,
        map_inhoud=versie.map_inhoud,
        pvt_inhoud=versie.pvt_inhoud,
    )
    fouten += rules.aanbod_fouten(
        rules.aanbod(casus.doelgroep, bijstand=versie.bijstand),
        ontzorgen=versie.ontzorgen or bool(versie.ontzorgen_afspraken.strip()),
        maatschappelijke_begeleiding=versie.maatschappelijke_begeleiding
        or bool(versie.maatschappelijke_begeleiding_afspraken.strip()),
        participatie_afspraken=bool(versie.participatie_afspraken.strip()),
    )
    if huidige is not None:
        fouten += rules.versie_fouten(
            reden=versie.reden,
            toelichting=versie.reden_toelichting,
            vorige_route=huidige.leerroute,
            vorige_niveau=huidige.niveau,
            leerroute=versie.leerroute,
            niveau=versie.niveau,
            dagtekening=dagtekening,
            laatste_dag_schakelen=eerste.laatste_dag_schakelen,
            nt2_uren=versie.nt2_uren,
            min_nt2_uren=regel_int("afschalen_min_nt2_uren", op=dagtekening, gemeente=casus.gemeente_id),
        )
    fouten += rules.duo_registratie_fouten(
        dagtekening=dagtekening,
        leerroute=versie.leerroute,
        niveau=versie.niveau,
        doelgroep=casus.doelgroep,
        geschatte_intensiteit_b1=versie.geschatte_intensiteit_b1,
        eerste_pip=huidige is None,
        start_plicht=casus.datum_kennisgeving,
        vestigingsdatum=casus.datum_brp_inschrijving,
        vorige_dagtekening=huidige.dagtekening if huidige else None,
    )
    return fouten


def kenmerk(casus: Casus, versie: int, dagtekening: dt.date) -> str:
    return f"INB/{dagtekening.year}/{casus.pk:06d}/PIP{versie}"


@service
def pip_vaststellen(
    *, versie: PipVersie, dagtekening: dt.date, ondertekend_op: dt.date, door, revisie: int | None = None
) -> PipVersie:
    """Turn a concept into a beschikking: check everything DUO and the law ask, fix the termijn, queue the PDF.

    The inburgeringstermijn follows from the dagtekening of the FIRST vastgestelde PIP; later
    versions copy it and never move it. `revisie` is the revisie of the content the user saw
    when pressing the button: a concept changed since then is not vastgesteld (Conflict), and a
    second vaststelling of the same version is refused (the row is locked, its status checked).
    """
    from .pdf import render_html

    casus, versie = _vergrendel_concept(versie, door, revisie)
    alle = list(vastgestelde_versies(casus))
    eerste, huidige = (alle[0], alle[-1]) if alle else (None, None)
    fouten = vaststel_fouten(versie=versie, casus=casus, dagtekening=dagtekening, eerste=eerste, huidige=huidige)
    if fouten:
        raise ValidationError(fouten)
    if eerste is None:
        jaren = regel_int("inburgeringstermijn_jaren", op=dagtekening, gemeente=casus.gemeente_id)
        versie.termijn_start, versie.termijn_eind = rules.inburgeringstermijn(dagtekening, years=jaren)
        maanden = regel_int("schakelen_maanden", op=versie.termijn_start, gemeente=casus.gemeente_id)
        versie.laatste_dag_schakelen = laatste_dag_schakelen(versie.termijn_start, months=maanden)
    else:
        versie.termijn_start, versie.termijn_eind = eerste.termijn_start, eerste.termijn_eind
        versie.laatste_dag_schakelen = eerste.laatste_dag_schakelen
    versie.dagtekening = dagtekening
    versie.ondertekend_op = ondertekend_op
    versie.kenmerk = kenmerk(casus, versie.versie, dagtekening)
    versie.vastgesteld_door = door
    versie.vastgesteld_op = timezone.now()
    versie.status = PipVersie.Status.VASTGESTELD
    versie.full_clean()
    versie.beschikking_html = render_html(versie)
    versie.revisie += 1
    versie.save()
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="pip",
        door=door,
        url=versie.get_absolute_url(),
        titel=f"PIP versie {versie.versie} vastgesteld (dagtekening {dagtekening:%d-%m-%Y})",
        omschrijving=(
            f"{versie.get_leerroute_display()}. Kenmerk {versie.kenmerk}. "
            f"Inburgeringstermijn {versie.termijn_start:%d-%m-%Y} t/m {versie.termijn_eind:%d-%m-%Y}."
        ),
    )
    status_bevorderen(
        casus=casus, naar=Status.UITVOERING, door=door, toelichting=f"PIP versie {versie.versie} vastgesteld"
    )
    versie_id = versie.pk
    transaction.on_commit(lambda: _pdf_inplannen(versie_id))
    return versie


def _pdf_inplannen(versie_id: int) -> None:
    """On commit, best effort: with the broker down the version waits for `beschikking_pdf_sweep`."""
    from inburgering.celery import inplannen

    from .tasks import beschikking_pdf_maken

    inplannen(beschikking_pdf_maken, versie_id)


@service
def pip_pdf_opslaan(*, versie_id: int, inhoud: bytes) -> PipVersie:
    """Store the PDF of a vastgestelde version, once. A second call keeps the first PDF."""
    versie = PipVersie.objects.select_for_update(of=("self",)).select_related("casus").get(pk=versie_id)
    if not versie.is_vastgesteld:
        raise ValidationError("Alleen van een vastgestelde PIP-versie wordt een beschikking gemaakt.")
    if versie.pdf:
        return versie
    if not inhoud.startswith(b"%PDF-"):
        raise ValidationError("De beschikking is geen PDF.")
    versie.pdf.save(f"beschikking-pip-v{versie.versie}.pdf", ContentFile(inhoud), save=False)
    versie.pdf_sha256 = hashlib.sha256(inhoud).hexdigest()
    versie.pdf_gemaakt_op = timezone.now()
    versie.save(update_fields=sorted(PDF_VELDEN))
    case_services.tijdlijn_toevoegen(
        casus=versie.casus,
        soort="pip",
        door=None,
        url=versie.get_absolute_url(),
        titel=f"Beschikking PIP versie {versie.versie} (PDF) gemaakt",
        omschrijving=f"Kenmerk {versie.kenmerk}",
    )
    return versie
