"""The one write path of the register. Views, forms, admin actions and tasks call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inburgering import crypto, permissions
from inburgering.audit import service
from inburgering.concurrency import controleer_versie, verhoog_versie
from inburgering.services import casus_vergrendelen, labels

from . import workflow
from .models import Casus, Document, Gezinslid, Inburgeraar, StatusOvergang, TijdlijnGebeurtenis
from .rules import elfproef, normaliseer_bsn
from .uploads import sniff

PERSOON_VELDEN = (
    "v_nummer", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "geslacht", "nationaliteit",
    "talen", "tolk_nodig", "tolk_taal", "telefoon", "email", "straat", "postcode", "woonplaats",
)
CASUS_VELDEN = (
    "gemeente", "team", "consultant", "doelgroep", "datum_kennisgeving", "datum_koppeling",
    "datum_huisvesting", "datum_brp_inschrijving",
)


def tijdlijn_toevoegen(*, casus: Casus, soort: str, titel: str, door=None, omschrijving: str = "", url: str = ""):
    return TijdlijnGebeurtenis.objects.create(
        casus=casus, soort=soort, titel=titel[:200], omschrijving=omschrijving, door=door, url=url
    )


def _bsn_controleren(bsn: str, *, exclude_pk=None) -> str:
    bsn = normaliseer_bsn(bsn)
    if not elfproef(bsn):
        raise ValidationError({"bsn": "Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef."})
    qs = Inburgeraar.objects.filter(bsn_hmac=crypto.bsn_hmac(bsn))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError({"bsn": "Er is al een inburgeraar met dit BSN geregistreerd."})
    return bsn


def _gewijzigde_velden(obj, data: dict[str, Any]) -> list[str]:
    changed = []
    for key, value in data.items():
        current = getattr(obj, key)
        if current != value:
            setattr(obj, key, value)
            changed.append(key)
    return changed


def _gezinsleden_opslaan(inburgeraar: Inburgeraar, gezinsleden: list[dict] | None) -> bool:
    if gezinsleden is None:
        return False
    bestaand = {g.pk: g for g in inburgeraar.gezinsleden.all()}
    houden = set()
    changed = False
    for rij in gezinsleden:
        pk = rij.get("id")
        data = {k: rij.get(k) for k in ("relatie", "naam", "geboortejaar")}
        if pk and pk in bestaand:
            lid = bestaand[pk]
            if _gewijzigde_velden(lid, data):
                lid.full_clean()
                lid.save()
                changed = True
            houden.add(pk)
        else:
            lid = Gezinslid(inburgeraar=inburgeraar, **data)
            lid.full_clean()
            lid.save()
            changed = True
    for pk, lid in bestaand.items():
        if pk not in houden:
            lid.delete()
            changed = True
    return changed


def _casus_rechten(casus_data: dict, door) -> None:
    team = casus_data.get("team")
    gemeente = casus_data.get("gemeente")
    if team is not None and gemeente is not None and not team.gemeenten.filter(pk=gemeente.pk).exists():
        raise ValidationError({"team": f"Team {team} werkt niet voor gemeente {gemeente}."})
    consultant = casus_data.get("consultant")
    if consultant is not None and team is not None and not consultant.teams.filter(pk=team.pk).exists():
        raise ValidationError({"consultant": f"{consultant} is geen lid van team {team}."})
    if team is not None and team.pk not in permissions.team_ids(door):
        raise PermissionDenied("U kunt alleen casussen aanmaken voor uw eigen team.")


@service
def inburgeraar_aanmaken(
    *, bsn: str, persoon: dict[str, Any], casus: dict[str, Any], door, gezinsleden: list[dict] | None = None
) -> Casus:
    """Register a person and open their case (status 'aangemeld')."""
    if not permissions.mag_casussen_zien(door):
        raise PermissionDenied("Alleen consultants en teamleiders kunnen casussen aanmaken.")
    bsn = _bsn_controleren(bsn)
    _casus_rechten(casus, door)
    persoon_obj = Inburgeraar(**{k: v for k, v in persoon.items() if k in PERSOON_VELDEN})
    persoon_obj.zet_bsn(bsn)
    persoon_obj.full_clean()
    persoon_obj.save()
    _gezinsleden_opslaan(persoon_obj, gezinsleden)
    casus_obj = Casus(inburgeraar=persoon_obj, **{k: v for k, v in casus.items() if k in CASUS_VELDEN})
    if casus_obj.consultant_id is None and permissions.heeft_rol(door, permissions.CONSULTANT):
        casus_obj.consultant = door
    casus_obj.full_clean()
    casus_obj.save()
    StatusOvergang.objects.create(casus=casus_obj, van="", naar=casus_obj.status, toelichting="Casus aangemaakt", door=door)
    tijdlijn_toevoegen(casus=casus_obj, soort="casus", titel="Casus aangemaakt", door=door,
                       omschrijving=f"Doelgroep: {casus_obj.get_doelgroep_display()}")
    return casus_obj


@service
def inburgeraar_bijwerken(
    *,
    casus: Casus,
    persoon: dict[str, Any],
    door,
    bsn: str | None = None,
    gezinsleden: list[dict] | None = None,
    versie: int | None = None,
) -> Inburgeraar:
    """Change person data; `versie` is the version the user started from (optimistic locking)."""
    casus = casus_vergrendelen(casus, door)
    obj = Inburgeraar.objects.select_for_update().get(pk=casus.inburgeraar_id)
    controleer_versie(obj, versie)
    data = {k: v for k, v in persoon.items() if k in PERSOON_VELDEN}
    changed = _gewijzigde_velden(obj, data)
    if bsn is not None and normaliseer_bsn(bsn) != obj.bsn:
        obj.zet_bsn(_bsn_controleren(bsn, exclude_pk=obj.pk))
        changed.append("bsn")
    if changed:
        obj.full_clean()
        obj.save()
    if _gezinsleden_opslaan(obj, gezinsleden):
        changed.append("gezinsleden")
    if changed:
        verhoog_versie(obj)
        namen = [
            "BSN" if f == "bsn" else "gezinsleden" if f == "gezinsleden" else str(Inburgeraar._meta.get_field(f).verbose_name)
            for f in changed
        ]
        tijdlijn_toevoegen(casus=casus, soort="persoon", titel="Persoonsgegevens gewijzigd", door=door,
                           omschrijving="Gewijzigd: " + ", ".join(namen))
    return obj


@service
def casus_bijwerken(*, casus: Casus, data: dict[str, Any], door, versie: int | None = None) -> Casus:
    """Change case data; `versie` is the version the user started from (optimistic locking)."""
    casus = casus_vergrendelen(casus, door)
    controleer_versie(casus, versie)
    data = {k: v for k, v in data.items() if k in CASUS_VELDEN and k not in ("team", "consultant", "gemeente")}
    changed = _gewijzigde_velden(casus, data)
    if changed:
        casus.full_clean()
        casus.save()
        verhoog_versie(casus)
        tijdlijn_toevoegen(
            casus=casus,
            soort="casus",
            titel="Casusgegevens gewijzigd",
            door=door,
            omschrijving=f"Gewijzigd: {labels(Casus, changed)}",
        )
    return casus


@service
def casus_status_wijzigen(*, casus: Casus, naar: str, door, toelichting: str = "") -> Casus:
    """Move the case to `naar` if the workflow table allows it; append the transition."""
    casus = casus_vergrendelen(casus, door)
    try:
        workflow.controleer_overgang(casus.status, naar, toelichting)
    except workflow.OngeldigeOvergang as exc:
        raise ValidationError({"naar": str(exc)}) from exc
    van = casus.status
    casus.status = naar
    if naar in workflow.EINDSTATUSSEN:
        casus.actief = False
        casus.afgesloten_op = timezone.now()
    casus.save(update_fields=["status", "actief", "afgesloten_op", "gewijzigd_op"])
    StatusOvergang.objects.create(casus=casus, van=van, naar=naar, toelichting=toelichting, door=door)
    tijdlijn_toevoegen(
        casus=casus, soort="status", door=door, omschrijving=toelichting,
        titel=f"Status: {workflow.Status(van).label} → {workflow.Status(naar).label}",
    )
    return casus


@service
def casus_toewijzen(*, casus: Casus, consultant, door, toelichting: str = "") -> Casus:
    """A team lead hands a case to a consultant of the case's team."""
    casus = Casus.objects.select_for_update(of=("self",)).select_related("consultant").get(pk=casus.pk)
    if not permissions.mag_toewijzen(door, casus):
        raise PermissionDenied("Alleen de teamleider van dit team kan casussen toewijzen.")
    if not consultant.teams.filter(pk=casus.team_id).exists() or not permissions.heeft_rol(consultant, permissions.CONSULTANT):
        raise ValidationError({"consultant": f"{consultant} is geen consultant in het team van deze casus."})
    if casus.consultant_id == consultant.pk:
        return casus
    vorige = casus.consultant
    casus.consultant = consultant
    casus.save(update_fields=["consultant", "gewijzigd_op"])
    tijdlijn_toevoegen(
        casus=casus, soort="toewijzing", door=door, omschrijving=toelichting,
        titel=f"Toegewezen aan {consultant}" + (f" (was {vorige})" if vorige else ""),
    )
    return casus


@service
def document_toevoegen(*, casus: Casus, soort: str, titel: str, upload, door) -> Document:
    casus = casus_vergrendelen(casus, door)
    try:
        content_type = sniff(upload)
    except ValidationError as exc:
        raise ValidationError({"bestand": exc.messages}) from exc
    doc = Document(
        casus=casus, soort=soort, titel=titel, bestandsnaam=upload.name[:255], content_type=content_type,
        grootte=upload.size, geupload_door=door,
    )
    doc.full_clean(exclude=["bestand"])
    doc.bestand.save(upload.name, upload, save=False)
    doc.save()
    tijdlijn_toevoegen(casus=casus, soort="document", door=door, titel=f"Document toegevoegd: {titel}",
                       omschrijving=doc.get_soort_display())
    return doc


def vandaag() -> dt.date:
    return timezone.localdate()
