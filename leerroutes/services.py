"""The one write path of the leerroutes. Views, the CSV import, the school API and the admin call these.

Keyword-only arguments and the acting user (`door`); a school writing through the API is
`school=` (a Taalaanbieder) with `door=None`. The case row is locked (`select_for_update`)
where state changes, every change writes a timeline entry in the same transaction, and the
certificate PDF is queued with `transaction.on_commit`. Numbers come from the dated settings
(`inburgering.regels`) and are passed to the pure rules in `leerroutes.rules`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import formats, timezone

from cases import services as case_services
from cases.models import Casus, TijdlijnGebeurtenis
from inburgering import permissions
from inburgering.audit import service
from inburgering.concurrency import Conflict, controleer_versie, verhoog_versie
from inburgering.regels import regel, regel_int
from inburgering.services import casus_en_rij_vergrendelen, casus_vergrendelen, labels, velden_zetten
from pip import rules as pip_rules
from pip import services as pip_services
from pip.models import PipVersie, Reden

from . import rules, selectors
from .models import (
    MAP_THEMAS,
    Aanwezigheid,
    Afschaling,
    Contract,
    ContractPrijs,
    Examen,
    ImportBatch,
    Inburgeringsaanbod,
    Leerroute,
    MapPraktijkonderdeel,
    MapTraject,
    PvtSessie,
    PvtTraject,
    Schakeling,
    SchoolToken,
    Signaal,
    Taalaanbieder,
    Urenregistratie,
    Voortgangsgesprek,
    ZrouteAfronding,
)

MAP_VELDEN = ("aanbieder", "startdatum", "eindgesprek_op", "toelichting", *(f"thema_{c}" for c, _ in MAP_THEMAS))
PVT_VELDEN = ("aanbieder", "kernwaarden_introductie_op", "ondertekend_op", "certificaat_op", "toelichting")
GESPREK_VELDEN = (
    "datum",
    "met_inburgeraar",
    "met_consultant",
    "met_tolk",
    "mentor_school",
    "overige_deelnemers",
    "voortgang_lezen",
    "voortgang_luisteren",
    "voortgang_schrijven",
    "voortgang_spreken",
    "voortgang_knm",
    "voortgang_participatie",
    "toelichting",
    "afspraken",
)
AANBOD_WIJZIGBAAR = ("leerlingnummer", "verwachte_einddatum", "uren_per_week", "toelichting")


def vandaag() -> dt.date:
    return timezone.localdate()


def _maand_tekst(maand: dt.date) -> str:
    return formats.date_format(maand, "F Y")


def _uur(waarde) -> str:
    return formats.number_format(Decimal(waarde).normalize(), use_l10n=True, force_grouping=True)


def _pip_vereist(casus: Casus) -> tuple[PipVersie, PipVersie]:
    eerste, huidige = selectors.pip_eerste_en_huidige(casus)
    if huidige is None:
        raise ValidationError("Er is nog geen vastgesteld PIP. De uitvoering begint na het vastgestelde PIP.")
    return eerste, huidige


def _vergrendel(casus: Casus, door, school: Taalaanbieder | None = None) -> Casus:
    """Lock the case; a user must be allowed to change it, a school writes only for its own students."""
    if school is not None:
        return Casus.objects.select_for_update(of=("self",)).select_related("gemeente", "inburgeraar").get(pk=casus.pk)
    return casus_vergrendelen(casus, door)


# ============================================================================================
# Configuration
# ============================================================================================


@service
def schooltoken_aanmaken(*, taalaanbieder: Taalaanbieder, omschrijving: str, door) -> tuple[SchoolToken, str]:
    """A new API key for a school. Returns the row and the key, which is shown once and never stored."""
    token = SchoolToken(taalaanbieder=taalaanbieder, omschrijving=omschrijving)
    key = token.nieuwe_sleutel()
    token.full_clean()
    token.save()
    return token, key


def geldig_contract(*, taalaanbieder, gemeente, leerroute: str, op: dt.date) -> tuple[Contract, ContractPrijs] | None:
    """The contract of the school for this gemeente, valid on `op`, with a price for the route."""
    prijzen = (
        ContractPrijs.objects.select_related("contract")
        .filter(contract__taalaanbieder=taalaanbieder, contract__gemeenten=gemeente, leerroute__code=leerroute)
        .order_by("-contract__geldig_van")
    )
    for prijs in prijzen:
        if rules.contract_geldig(prijs.contract.geldig_van, prijs.contract.geldig_tot, op):
            return prijs.contract, prijs
    return None


# ============================================================================================
# Inburgeringsaanbod
# ============================================================================================


@service
def aanbod_vastleggen(
    *,
    casus: Casus,
    taalaanbieder: Taalaanbieder,
    startdatum: dt.date,
    uren_per_week: Decimal,
    door,
    verwachte_einddatum: dt.date | None = None,
    leerlingnummer: str = "",
    toelichting: str = "",
    leerroute: str | None = None,
) -> Inburgeringsaanbod:
    """Record the offer: purchase for asiel doelgroepen (needs a valid contract), advice for others."""
    casus = _vergrendel(casus, door)
    eerste, huidige = _pip_vereist(casus)
    if Inburgeringsaanbod.objects.filter(casus=casus, einddatum__isnull=True).exists():
        raise ValidationError("Er loopt al een inburgeringsaanbod. Beëindig dat eerst (bijvoorbeeld na schakelen).")
    leerroute = leerroute or huidige.leerroute
    fouten = rules.aanbod_fouten(
        leerroute=leerroute,
        pip_leerroute=huidige.leerroute,
        startdatum=startdatum,
        verwachte_einddatum=verwachte_einddatum,
        dagtekening=huidige.dagtekening,
        termijn_eind=eerste.termijn_eind,
    )
    if not taalaanbieder.actief:
        fouten.append(f"{taalaanbieder} is niet (meer) actief als taalaanbieder.")
    if Leerroute.objects.filter(code=leerroute, actief=False).exists():
        fouten.append("Deze leerroute is door de functioneel beheerder op inactief gezet.")
    soort = rules.aanbod_soort(casus.doelgroep)
    contract = prijs = None
    if soort == rules.INKOOP and not fouten:
        gevonden = geldig_contract(
            taalaanbieder=taalaanbieder, gemeente=casus.gemeente, leerroute=leerroute, op=startdatum
        )
        if gevonden is None:
            fouten.append(
                f"Er is geen contract met {taalaanbieder} voor deze leerroute dat geldt op "
                f"{pip_rules.datum_nl(startdatum)} voor gemeente {casus.gemeente}. Kies een andere school of vraag "
                "de functioneel beheerder het contract vast te leggen."
            )
        else:
            contract, prijs = gevonden
    if fouten:
        raise ValidationError(fouten)
    aanbod = Inburgeringsaanbod(
        casus=casus,
        soort=soort,
        leerroute=leerroute,
        taalaanbieder=taalaanbieder,
        contract=contract,
        prijs=prijs.prijs if prijs else None,
        leerlingnummer=leerlingnummer.strip(),
        startdatum=startdatum,
        verwachte_einddatum=verwachte_einddatum,
        uren_per_week=uren_per_week,
        toelichting=toelichting,
        pip_versie=huidige,
        vastgelegd_door=door,
    )
    aanbod.full_clean()
    aanbod.save()
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="leerroute",
        door=door,
        titel=f"Inburgeringsaanbod vastgelegd: {aanbod.get_leerroute_display()} bij {taalaanbieder}",
        omschrijving=(
            f"{aanbod.get_soort_display()}. Start {pip_rules.datum_nl(startdatum)}, {_uur(uren_per_week)} uur per week"
            + (f", verwacht klaar {pip_rules.datum_nl(verwachte_einddatum)}" if verwachte_einddatum else "")
            + (f". Contract {contract.kenmerk}." if contract else ".")
        ),
    )
    return aanbod


@service
def aanbod_bijwerken(
    *, aanbod: Inburgeringsaanbod, data: dict[str, Any], door, versie: int | None = None
) -> Inburgeringsaanbod:
    """Change an aanbod; `versie` is the version the user started from (optimistic locking)."""
    casus, aanbod = casus_en_rij_vergrendelen(aanbod, door, versie)
    eerste, _ = _pip_vereist(casus)
    changed = velden_zetten(aanbod, data, AANBOD_WIJZIGBAAR)
    if not changed:
        return aanbod
    fouten = rules.aanbod_fouten(
        leerroute=aanbod.leerroute,
        pip_leerroute=aanbod.leerroute,
        startdatum=aanbod.startdatum,
        verwachte_einddatum=aanbod.verwachte_einddatum,
        dagtekening=aanbod.pip_versie.dagtekening,
        termijn_eind=eerste.termijn_eind,
    )
    if fouten:
        raise ValidationError(fouten)
    aanbod.full_clean()
    aanbod.save()
    verhoog_versie(aanbod)
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="leerroute",
        door=door,
        titel="Inburgeringsaanbod gewijzigd",
        omschrijving=f"Gewijzigd: {labels(Inburgeringsaanbod, changed)}",
    )
    return aanbod


@service
def aanbod_beeindigen(
    *, aanbod: Inburgeringsaanbod, einddatum: dt.date, reden: str, door, versie: int | None = None
) -> Inburgeringsaanbod:
    """End an aanbod (a state change: the row is locked, a stale or repeated form is a conflict)."""
    casus, aanbod = casus_en_rij_vergrendelen(aanbod, door, versie)
    if aanbod.einddatum is not None:
        raise ValidationError("Dit aanbod is al beëindigd.")
    if einddatum < aanbod.startdatum:
        raise ValidationError({"einddatum": "De einddatum ligt vóór de startdatum van het aanbod."})
    if not (reden or "").strip():
        raise ValidationError({"reden": "Geef de reden van het beëindigen."})
    aanbod.einddatum = einddatum
    aanbod.toelichting = (aanbod.toelichting + "\n" if aanbod.toelichting else "") + f"Beëindigd: {reden.strip()}"
    aanbod.save(update_fields=["einddatum", "toelichting"])
    verhoog_versie(aanbod)
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="leerroute",
        door=door,
        titel=f"Inburgeringsaanbod bij {aanbod.taalaanbieder} beëindigd per {pip_rules.datum_nl(einddatum)}",
        omschrijving=reden.strip(),
    )
    return aanbod


# ============================================================================================
# Hours and attendance
# ============================================================================================


def _check_aanbod_maand(aanbod: Inburgeringsaanbod, maand: dt.date) -> list[str]:
    fouten = []
    if maand < rules.maand_van(aanbod.startdatum):
        fouten.append(f"De maand ligt vóór de start van het aanbod ({pip_rules.datum_nl(aanbod.startdatum)}).")
    if aanbod.einddatum and maand > rules.maand_van(aanbod.einddatum):
        fouten.append(f"Het aanbod is beëindigd op {pip_rules.datum_nl(aanbod.einddatum)}.")
    return fouten


def _uren_fouten(
    *,
    soort: str,
    maand: dt.date,
    uren: Decimal,
    aanbod: Inburgeringsaanbod | None,
    termijn_start: dt.date | None,
    op: dt.date | None = None,
) -> list[str]:
    """Why these hours cannot be stored (`op`: today, passed by the import to spare a clock read per row)."""
    fouten = rules.uren_fouten(maand=maand, uren=uren, termijn_start=termijn_start, vandaag=op or vandaag())
    if soort in (Urenregistratie.Soort.NT2, Urenregistratie.Soort.KNM):
        if aanbod is None:
            fouten.append("Uren NT2 en KNM horen bij een inburgeringsaanbod (school). Leg eerst het aanbod vast.")
        else:
            fouten += _check_aanbod_maand(aanbod, maand)
    elif soort != Urenregistratie.Soort.PARTICIPATIE:
        fouten.append("Onbekende soort uren.")
    return fouten


def _uren_zetten(
    rij: Urenregistratie | None, *, bron: str, door, uren: Decimal, participatieaanbieder, toelichting: str, **nieuw
) -> tuple[Urenregistratie, str]:
    """Put a figure on the row of its natural key (None: a new row from `nieuw`), checked; nothing is saved.

    Returns (row, 'nieuw'|'gewijzigd'|'gelijk').
    """
    if rij is not None:
        if rij.uren == Decimal(uren) and rij.participatieaanbieder_id == getattr(participatieaanbieder, "pk", None):
            return rij, "gelijk"
        rij.uren, rij.bron, rij.vastgelegd_door = uren, bron, door
        rij.participatieaanbieder = participatieaanbieder
        if toelichting:
            rij.toelichting = toelichting
        status = "gewijzigd"
    else:
        rij = Urenregistratie(
            participatieaanbieder=participatieaanbieder,
            uren=uren,
            bron=bron,
            vastgelegd_door=door,
            toelichting=toelichting,
            **nieuw,
        )
        status = "nieuw"
    # the foreign keys were checked by the caller (locked case, its own offer): no query per key
    rij.full_clean(exclude=["casus", "aanbod", "participatieaanbieder", "vastgelegd_door"], validate_constraints=False)
    return rij, status


def _uren_opslaan(
    *,
    casus: Casus,
    soort: str,
    maand: dt.date,
    uren: Decimal,
    bron: str,
    door,
    aanbod: Inburgeringsaanbod | None,
    participatieaanbieder=None,
    toelichting: str = "",
) -> tuple[Urenregistratie, str]:
    """Insert or update the hours of one kind in one month (the natural key). Returns (row, 'nieuw'|'gewijzigd'|'gelijk').

    One row at a time (by hand, the school API); the CSV import stores a whole file with `_import_opslaan`.
    """
    maand = rules.maand_van(maand)
    termijn_start = _pip_vereist(casus)[0].termijn_start
    fouten = _uren_fouten(soort=soort, maand=maand, uren=uren, aanbod=aanbod, termijn_start=termijn_start)
    if fouten:
        raise ValidationError(fouten)
    if soort == Urenregistratie.Soort.PARTICIPATIE:
        aanbod = None
    else:
        participatieaanbieder = None
    key = {"soort": soort, "maand": maand}
    qs = Urenregistratie.objects.select_for_update().filter(**key)
    qs = qs.filter(aanbod=aanbod) if aanbod is not None else qs.filter(casus=casus, aanbod__isnull=True)
    rij, status = _uren_zetten(
        qs.first(),
        bron=bron,
        door=door,
        uren=uren,
        participatieaanbieder=participatieaanbieder,
        toelichting=toelichting,
        casus=casus,
        aanbod=aanbod,
        **key,
    )
    if status != "gelijk":
        rij.save()
    return rij, status


@service
def uren_registreren(
    *,
    casus: Casus,
    soort: str,
    maand: dt.date,
    uren: Decimal,
    door=None,
    school: Taalaanbieder | None = None,
    aanbod: Inburgeringsaanbod | None = None,
    participatieaanbieder=None,
    toelichting: str = "",
) -> tuple[Urenregistratie, str]:
    """Hours of one kind in one month, by the consultant (`door`) or by a school (`school`, only its own students).

    The same month and kind again replaces the figure (idempotent). NT2/KNM without an explicit
    `aanbod` go to the running offer of the case.
    """
    if (door is None) == (school is None):
        raise PermissionDenied("Uren worden geregistreerd door een medewerker of door een school.")
    casus = _vergrendel(casus, door, school)
    if soort in (Urenregistratie.Soort.NT2, Urenregistratie.Soort.KNM) and aanbod is None:
        aanbod = selectors.lopend_aanbod(casus)
    if aanbod is not None and aanbod.casus_id != casus.pk:
        raise PermissionDenied("Dit aanbod hoort niet bij deze casus.")
    if school is not None and (aanbod is None or aanbod.taalaanbieder_id != school.pk):
        raise PermissionDenied("Een school registreert alleen uren van haar eigen ingeschreven studenten.")
    bron = Urenregistratie.Bron.API if school is not None else Urenregistratie.Bron.HANDMATIG
    rij, status = _uren_opslaan(
        casus=casus,
        soort=soort,
        maand=maand,
        uren=uren,
        bron=bron,
        door=door,
        aanbod=aanbod,
        participatieaanbieder=participatieaanbieder,
        toelichting=toelichting,
    )
    if status != "gelijk":
        wie = f" door {school}" if school else ""
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="uren",
            door=door,
            titel=f"Uren {rij.get_soort_display()} {_maand_tekst(rij.maand)}: {_uur(rij.uren)} uur"
            + (" (gewijzigd)" if status == "gewijzigd" else "")
            + wie,
        )
    return rij, status


def _aanwezigheid_fouten(
    aanbod: Inburgeringsaanbod, maand: dt.date, geplande_uren, aanwezige_uren, op: dt.date | None = None
) -> list[str]:
    fouten = rules.aanwezigheid_fouten(geplande_uren, aanwezige_uren) + _check_aanbod_maand(aanbod, maand)
    if maand > rules.maand_van(op or vandaag()):
        fouten.append("Aanwezigheid van een maand in de toekomst kan nog niet worden geregistreerd.")
    return fouten


def _aanwezigheid_zetten(
    rij: Aanwezigheid | None, *, aanbod: Inburgeringsaanbod, maand: dt.date, geplande_uren, aanwezige_uren, bron: str
) -> tuple[Aanwezigheid, str]:
    """Put the attendance on the row of its month (None: a new row), checked; nothing is saved."""
    if (
        rij is not None
        and rij.geplande_uren == Decimal(geplande_uren)
        and rij.aanwezige_uren == Decimal(aanwezige_uren)
    ):
        return rij, "gelijk"
    status = "gewijzigd" if rij is not None else "nieuw"
    rij = rij or Aanwezigheid(maand=maand)
    rij.aanbod = aanbod  # the caller's offer (with its locked case): no query for it later
    rij.geplande_uren, rij.aanwezige_uren, rij.bron = geplande_uren, aanwezige_uren, bron
    rij.percentage = rules.aanwezigheid_pct(geplande_uren, aanwezige_uren)
    rij.full_clean(exclude=["aanbod"], validate_constraints=False)
    return rij, status


def _drempel(drempels: dict, casus: Casus, maand: dt.date):
    """The attendance threshold of the case's gemeente in `maand`, cached in `drempels` per (gemeente, month)."""
    sleutel = (casus.gemeente_id, maand)
    if sleutel not in drempels:
        drempels[sleutel] = regel("aanwezigheid_signaal_pct", op=maand, gemeente=casus.gemeente_id)
    return drempels[sleutel]


def _signaal_bijwerken(
    signaal: Signaal | None, *, rij: Aanwezigheid, aanbod: Inburgeringsaanbod, casus: Casus, drempel, door
) -> tuple[Signaal | None, list[str], dict | None]:
    """What changed attendance `rij` does to the low-attendance signal of its month; nothing is saved.

    Returns (a new signal, the changed fields of the existing `signaal`, the timeline entry of a new signal).
    Below the threshold: a signal (once per month) or its new percentage; above it again: an open signal is closed.
    """
    pct = rij.percentage
    if rules.aanwezigheid_te_laag(pct, drempel=drempel):
        if signaal is None:
            nieuw = Signaal(casus=casus, aanbod=aanbod, maand=rij.maand, percentage=pct, drempel=drempel)
            tijdlijn = {
                "casus": casus,
                "soort": "signaal",
                "door": door,
                "titel": f"Signaal: lage aanwezigheid in {_maand_tekst(rij.maand)} ({_uur(pct)}%)"[:200],
                "omschrijving": f"Aanwezig {_uur(rij.aanwezige_uren)} van {_uur(rij.geplande_uren)} geplande uur bij "
                f"{aanbod.taalaanbieder}; de drempel is {_uur(drempel)}%.",
            }
            return nieuw, [], tijdlijn
        if signaal.percentage != pct:
            signaal.percentage = pct
            return None, ["percentage"], None
    elif signaal is not None and signaal.afgehandeld_op is None:
        signaal.percentage = pct
        signaal.afgehandeld_op = timezone.now()
        signaal.afhandeling = f"Aanwezigheid gecorrigeerd naar {_uur(pct) if pct is not None else '–'}%."
        return None, ["percentage", "afgehandeld_op", "afhandeling"], None
    return None, [], None


def _aanwezigheid_opslaan(
    *, aanbod: Inburgeringsaanbod, maand: dt.date, geplande_uren, aanwezige_uren, bron: str, door
) -> tuple[Aanwezigheid, str, Signaal | None]:
    """Insert or update attendance of one month; below the threshold a signal is raised on the case (once per month).

    One month at a time (by hand, the school API); the CSV import stores a whole file with `_import_opslaan`.
    """
    maand = rules.maand_van(maand)
    fouten = _aanwezigheid_fouten(aanbod, maand, geplande_uren, aanwezige_uren)
    if fouten:
        raise ValidationError(fouten)
    rij, status = _aanwezigheid_zetten(
        Aanwezigheid.objects.select_for_update().filter(aanbod=aanbod, maand=maand).first(),
        aanbod=aanbod,
        maand=maand,
        geplande_uren=geplande_uren,
        aanwezige_uren=aanwezige_uren,
        bron=bron,
    )
    if status == "gelijk":
        return rij, status, None
    rij.save()
    casus = aanbod.casus
    signaal = (
        Signaal.objects.select_for_update()
        .filter(aanbod=aanbod, soort=Signaal.Soort.LAGE_AANWEZIGHEID, maand=maand)
        .first()
    )
    nieuw_signaal, velden, tijdlijn = _signaal_bijwerken(
        signaal,
        rij=rij,
        aanbod=aanbod,
        casus=casus,
        drempel=_drempel({}, casus, maand),
        door=door,
    )
    if nieuw_signaal is not None:
        nieuw_signaal.save()
        case_services.tijdlijn_toevoegen(**tijdlijn)
    elif velden:
        signaal.save(update_fields=velden)
    return rij, status, nieuw_signaal


@service
def aanwezigheid_registreren(
    *,
    aanbod: Inburgeringsaanbod,
    maand: dt.date,
    geplande_uren: Decimal,
    aanwezige_uren: Decimal,
    door=None,
    school: Taalaanbieder | None = None,
) -> tuple[Aanwezigheid, str]:
    """Attendance of one month at the school of an offer (by the consultant or by that school)."""
    if (door is None) == (school is None):
        raise PermissionDenied("Aanwezigheid wordt geregistreerd door een medewerker of door een school.")
    if school is not None and aanbod.taalaanbieder_id != school.pk:
        raise PermissionDenied("Een school registreert alleen de aanwezigheid van haar eigen ingeschreven studenten.")
    casus = _vergrendel(aanbod.casus, door, school)
    aanbod.casus = casus
    bron = Urenregistratie.Bron.API if school is not None else Urenregistratie.Bron.HANDMATIG
    rij, status, _ = _aanwezigheid_opslaan(
        aanbod=aanbod, maand=maand, geplande_uren=geplande_uren, aanwezige_uren=aanwezige_uren, bron=bron, door=door
    )
    if status != "gelijk":
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="uren",
            door=door,
            titel=f"Aanwezigheid {_maand_tekst(rij.maand)}: {_uur(rij.percentage) if rij.percentage is not None else '–'}%"
            + (f" (gemeld door {school})" if school else ""),
        )
    return rij, status


@service
def signaal_afhandelen(*, signaal: Signaal, afhandeling: str, door) -> Signaal:
    casus = _vergrendel(signaal.casus, door)
    signaal = Signaal.objects.select_for_update().get(pk=signaal.pk, casus=casus)
    if signaal.afgehandeld_op is not None:
        raise ValidationError("Dit signaal is al afgehandeld.")
    if not (afhandeling or "").strip():
        raise ValidationError({"afhandeling": "Beschrijf wat er met het signaal is gedaan."})
    signaal.afgehandeld_op = timezone.now()
    signaal.afgehandeld_door = door
    signaal.afhandeling = afhandeling.strip()
    signaal.save(update_fields=["afgehandeld_op", "afgehandeld_door", "afhandeling"])
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="signaal",
        door=door,
        titel=f"Signaal lage aanwezigheid {_maand_tekst(signaal.maand)} afgehandeld",
        omschrijving=signaal.afhandeling,
    )
    return signaal


# ============================================================================================
# CSV import (all or nothing)
# ============================================================================================


@service
def import_voorbeeld_maken(*, taalaanbieder: Taalaanbieder, bestandsnaam: str, inhoud: bytes, door) -> ImportBatch:
    """Store an uploaded file for its preview. Nothing is imported yet."""
    from .csvimport import decodeer

    tekst = decodeer(inhoud)
    batch = ImportBatch(
        taalaanbieder=taalaanbieder,
        bestandsnaam=bestandsnaam[:255],
        inhoud=tekst,
        sha256=hashlib.sha256(inhoud).hexdigest(),
        aangemaakt_door=door,
    )
    batch.full_clean()
    batch.save()
    return batch


IMPORT_STUK = 1000  # rows per statement when the import reads and writes in bulk


def _stukken(waarden) -> list[list]:
    waarden = list(waarden)
    return [waarden[i : i + IMPORT_STUK] for i in range(0, len(waarden), IMPORT_STUK)]


def _bijwerken(model, objs, velden) -> None:
    """Write `velden` of the saved rows `objs`: one `UPDATE … FROM (VALUES …)` per `IMPORT_STUK` rows.

    `bulk_update` builds a CASE with a condition per row and per field, whose cost grows with the
    square of the batch; this joins a list of values (PostgreSQL and SQLite 3.33+ alike).
    """
    qn, pk = connection.ops.quote_name, model._meta.pk
    tabel = qn(model._meta.db_table)
    velden = [model._meta.get_field(v) for v in velden]
    # PostgreSQL types a VALUES column by its values (a column of NULLs is text): cast to the field's type;
    # SQLite stores by the column's affinity (a CAST there would turn a date text into a number)
    zet = ", ".join(
        f"{qn(v.column)} = CAST(v.column{i} AS {v.db_type(connection)})"
        if connection.vendor == "postgresql"
        else f"{qn(v.column)} = v.column{i}"
        for i, v in enumerate(velden, start=2)
    )
    plek = "(" + ", ".join(["%s"] * (len(velden) + 1)) + ")"
    with connection.cursor() as cursor:
        for stuk in _stukken(objs):
            params = []
            for obj in stuk:
                params.append(pk.get_db_prep_value(obj.pk, connection))
                params += [v.get_db_prep_save(getattr(obj, v.attname), connection) for v in velden]
            cursor.execute(
                f"UPDATE {tabel} SET {zet} FROM (VALUES {', '.join([plek] * len(stuk))}) AS v "
                f"WHERE {tabel}.{qn(pk.column)} = v.column1",
                params,
            )


HISTORIE_VELDEN = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _geschiedenis(model, pks, *, soort: str, door) -> None:
    """The django-simple-history row of every row `pks` of `model` ('+' created, '~' changed), with `door`
    as its user: copied in the database, one `INSERT … SELECT` per `IMPORT_STUK` rows."""
    historie = model.history.model
    gevolgd = [f.attname for f in historie.tracked_fields]
    if {f.attname for f in historie._meta.concrete_fields} != {"history_id", *HISTORIE_VELDEN, *gevolgd}:
        raise ImproperlyConfigured(f"De geschiedenis van {model.__name__} heeft velden die het inlezen niet kent.")
    qn = connection.ops.quote_name
    bron = {f.attname: qn(f.column) for f in model._meta.concrete_fields}
    doel = {f.attname: qn(f.column) for f in historie._meta.concrete_fields}
    vast = [
        historie._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection),
        soort,
        getattr(door, "pk", None),
    ]
    sql = (
        f"INSERT INTO {qn(historie._meta.db_table)} ({', '.join(doel[k] for k in [*gevolgd, *HISTORIE_VELDEN])}) "
        f"SELECT {', '.join(bron[k] for k in gevolgd)}, %s, NULL, %s, %s FROM {qn(model._meta.db_table)} "
        f"WHERE {bron[model._meta.pk.attname]} IN "
    )
    with connection.cursor() as cursor:
        for stuk in _stukken(pks):
            cursor.execute(sql + "(" + ", ".join(["%s"] * len(stuk)) + ")", [*vast, *stuk])


def _bulk_opslaan(model, objs, velden, *, door) -> None:
    """Insert the new (no pk) and update the changed rows of `model` (only `velden` change), each with its
    history row: what `save()` row by row does, in a few statements per `IMPORT_STUK` rows."""
    objs = list(objs)
    nieuw = [o for o in objs if o.pk is None]
    gewijzigd = [o for o in objs if o.pk is not None]
    if nieuw:
        model.objects.bulk_create(nieuw, batch_size=IMPORT_STUK)
        _geschiedenis(model, [o.pk for o in nieuw], soort="+", door=door)
    if gewijzigd:
        nu, auto_now = timezone.now(), [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        for obj in gewijzigd:  # as `save()` would (pre_save)
            for veld in auto_now:
                setattr(obj, veld.attname, nu)
        _bijwerken(model, gewijzigd, [*velden, *(f.name for f in auto_now)])
        _geschiedenis(model, [o.pk for o in gewijzigd], soort="~", door=door)


def _import_opslaan(*, rijen, door, taalaanbieder: Taalaanbieder) -> dict[str, int]:
    """Store every row of a checked file (`csvimport.Rij`) in a number of queries that does not grow per row.

    The outcome of `_uren_opslaan` and `_aanwezigheid_opslaan` row by row, plus one timeline entry
    per case: every case locked (`SELECT … FOR UPDATE` in pk order, so two imports over the same
    cases cannot deadlock) and checked for `door`, the same checks in the same order (the first wrong
    row raises), upserts on the natural key counted as nieuw/gewijzigd/gelijk, a history row with
    `door` for every created or changed row, and the low-attendance signals. Reads and writes go per
    `IMPORT_STUK` rows; the threshold is read once per gemeente and month.
    """
    casus_ids = sorted({r.aanbod.casus_id for r in rijen})
    casussen: dict[int, Casus] = {}
    for stuk in _stukken(casus_ids):
        casussen.update((c.pk, c) for c in Casus.objects.select_for_update().filter(pk__in=stuk).order_by("pk"))
    termijn_start: dict[int, dt.date] = {}
    for stuk in _stukken(casus_ids):
        pips = PipVersie.objects.filter(casus_id__in=stuk, status=PipVersie.Status.VASTGESTELD).order_by("versie")
        for casus_id, start in pips.values_list("casus_id", "termijn_start"):
            termijn_start.setdefault(casus_id, start)  # of the first vastgesteld PIP, as `_pip_vereist`
    maanden = sorted({rules.maand_van(r.maand) for r in rijen})
    uren: dict[tuple, Urenregistratie] = {}
    aanwezigheid: dict[tuple, Aanwezigheid] = {}
    for stuk in _stukken(sorted({r.aanbod.pk for r in rijen})):
        uren.update(
            ((u.aanbod_id, u.soort, u.maand), u)
            for u in Urenregistratie.objects.select_for_update().filter(
                aanbod_id__in=stuk, soort__in=(Urenregistratie.Soort.NT2, Urenregistratie.Soort.KNM), maand__in=maanden
            )
        )
        aanwezigheid.update(
            ((a.aanbod_id, a.maand), a)
            for a in Aanwezigheid.objects.select_for_update().filter(aanbod_id__in=stuk, maand__in=maanden)
        )

    bron, op = Urenregistratie.Bron.CSV, vandaag()
    maand_tekst, uur = functools.cache(_maand_tekst), functools.cache(_uur)  # localised text: slow per call
    tellers = {"nieuw": 0, "gewijzigd": 0, "gelijk": 0}
    per_casus: dict[int, list[str]] = {}
    uren_weg: dict[tuple, Urenregistratie] = {}  # new (no pk yet) and changed rows, by natural key
    aanwezigheid_weg: dict[tuple, Aanwezigheid] = {}
    for rij in rijen:
        aanbod, maand = rij.aanbod, rules.maand_van(rij.maand)
        casus = aanbod.casus = casussen[aanbod.casus_id]
        if casus.pk not in per_casus:  # what `casus_vergrendelen` and `_pip_vereist` check, once per case
            if not permissions.mag_casus_bewerken(door, casus):
                raise PermissionDenied("U mag deze casus niet wijzigen.")
            if casus.pk not in termijn_start:
                _pip_vereist(casus)  # raises: no vastgesteld PIP
            per_casus[casus.pk] = []
        for soort, waarde in ((Urenregistratie.Soort.NT2, rij.nt2_uren), (Urenregistratie.Soort.KNM, rij.knm_uren)):
            if waarde is None:
                continue
            fouten = _uren_fouten(
                soort=soort, maand=maand, uren=waarde, aanbod=aanbod, termijn_start=termijn_start[casus.pk], op=op
            )
            if fouten:
                raise ValidationError(fouten)
            sleutel = (aanbod.pk, soort, maand)
            obj, status = _uren_zetten(
                uren.get(sleutel),
                bron=bron,
                door=door,
                uren=waarde,
                participatieaanbieder=None,
                toelichting="",
                casus=casus,
                aanbod=aanbod,
                soort=soort,
                maand=maand,
            )
            tellers[status] += 1
            if status != "gelijk":
                uren[sleutel] = uren_weg[sleutel] = obj
                per_casus[casus.pk].append(f"{soort.upper()} {maand_tekst(maand)}: {uur(waarde)} uur")
        if rij.geplande_uren is not None:
            fouten = _aanwezigheid_fouten(aanbod, maand, rij.geplande_uren, rij.aanwezige_uren, op=op)
            if fouten:
                raise ValidationError(fouten)
            sleutel = (aanbod.pk, maand)
            obj, status = _aanwezigheid_zetten(
                aanwezigheid.get(sleutel),
                aanbod=aanbod,
                maand=maand,
                geplande_uren=rij.geplande_uren,
                aanwezige_uren=rij.aanwezige_uren,
                bron=bron,
            )
            tellers[status] += 1
            if status != "gelijk":
                aanwezigheid[sleutel] = aanwezigheid_weg[sleutel] = obj
                per_casus[casus.pk].append(f"aanwezigheid {maand_tekst(maand)}")
    _bulk_opslaan(
        Urenregistratie,
        uren_weg.values(),
        ["uren", "bron", "vastgelegd_door", "participatieaanbieder"],
        door=door,
    )
    _bulk_opslaan(
        Aanwezigheid, aanwezigheid_weg.values(), ["geplande_uren", "aanwezige_uren", "percentage", "bron"], door=door
    )

    # the low-attendance signals of the changed months, as `_aanwezigheid_opslaan` raises and closes them
    signalen: dict[tuple, Signaal] = {}
    for stuk in _stukken(sorted({a.aanbod_id for a in aanwezigheid_weg.values()})):
        signalen.update(
            ((s.aanbod_id, s.maand), s)
            for s in Signaal.objects.select_for_update().filter(
                aanbod_id__in=stuk, soort=Signaal.Soort.LAGE_AANWEZIGHEID, maand__in=maanden
            )
        )
    drempels: dict = {}
    signalen_weg: dict[tuple, Signaal] = {}
    signaal_velden: set[str] = set()
    tijdlijn: list[TijdlijnGebeurtenis] = []
    for sleutel, obj in aanwezigheid_weg.items():
        casus = obj.aanbod.casus
        nieuw, velden, gebeurtenis = _signaal_bijwerken(
            signalen.get(sleutel),
            rij=obj,
            aanbod=obj.aanbod,
            casus=casus,
            drempel=_drempel(drempels, casus, obj.maand),
            door=door,
        )
        if nieuw is not None:
            signalen_weg[sleutel] = nieuw
            tijdlijn.append(TijdlijnGebeurtenis(**gebeurtenis))
        elif velden:
            signalen_weg[sleutel] = signalen[sleutel]
            signaal_velden.update(velden)
    _bulk_opslaan(Signaal, signalen_weg.values(), sorted(signaal_velden), door=door)

    tijdlijn += [
        TijdlijnGebeurtenis(
            casus=casussen[casus_pk],
            soort="uren",
            door=door,
            titel=f"Uren ingelezen uit het bestand van {taalaanbieder}"[:200],
            omschrijving="; ".join(regels),
        )
        for casus_pk, regels in per_casus.items()
        if regels
    ]
    TijdlijnGebeurtenis.objects.bulk_create(tijdlijn, batch_size=IMPORT_STUK)
    return tellers


@service
def import_verwerken(*, batch: ImportBatch, door) -> ImportBatch:
    """Import every row of a previewed file, or nothing at all when a single row is wrong.

    Rows are upserts on their natural key (student, month, kind), so the same file twice adds nothing.
    The rows are written in bulk (`_import_opslaan`): a file of 5,000 rows takes a few dozen queries.
    """
    from .csvimport import controleer

    batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("taalaanbieder").get(pk=batch.pk)
    if batch.aangemaakt_door_id != getattr(door, "pk", None):
        raise PermissionDenied("Alleen wie het bestand heeft ingelezen kan het verwerken.")
    if batch.status == ImportBatch.Status.VERWERKT:
        raise ValidationError("Dit bestand is al verwerkt.")
    controle = controleer(batch, door=door)
    if controle.fouten:
        raise ValidationError(
            [f"Regel {r.regel}: {fout}" for r in controle.rijen for fout in r.fouten] + controle.bestandsfouten
        )
    try:
        tellers = _import_opslaan(rijen=controle.rijen, door=door, taalaanbieder=batch.taalaanbieder)
    except ValidationError as exc:  # a row that became invalid since the preview: nothing is kept
        raise ValidationError([f"Bij het verwerken: {m}" for m in exc.messages]) from exc
    batch.status = ImportBatch.Status.VERWERKT
    batch.verwerkt_op = timezone.now()
    batch.aantal_rijen = len(controle.rijen)
    batch.aantal_nieuw = tellers["nieuw"]
    batch.aantal_gewijzigd = tellers["gewijzigd"]
    batch.inhoud = ""  # the file was only needed for the import; its hash stays
    batch.save(update_fields=["status", "verwerkt_op", "aantal_rijen", "aantal_nieuw", "aantal_gewijzigd", "inhoud"])
    return batch


# ============================================================================================
# Voortgangsgesprekken
# ============================================================================================


def _controleer_gesprek(gesprek: Voortgangsgesprek, eerste: PipVersie) -> None:
    """A talk is recorded once held, after the first PIP, with the agreements made."""
    fouten = []
    if gesprek.datum is not None:
        if gesprek.datum > vandaag():
            fouten.append("Een voortgangsgesprek wordt vastgelegd als het is gehouden; de datum ligt in de toekomst.")
        if gesprek.datum <= eerste.dagtekening:
            fouten.append(
                f"Het gesprek ligt vóór het eerste PIP (dagtekening {pip_rules.datum_nl(eerste.dagtekening)})."
            )
    if not (gesprek.afspraken or "").strip():
        fouten.append("Leg de gemaakte afspraken vast.")
    if fouten:
        raise ValidationError(fouten)


@service
def voortgangsgesprek_vastleggen(*, casus: Casus, data: dict[str, Any], door) -> Voortgangsgesprek:
    """Record a held voortgangsgesprek; the next one is due at the frequency agreed in the current PIP."""
    casus = _vergrendel(casus, door)
    eerste, huidige = _pip_vereist(casus)
    gesprek = Voortgangsgesprek(casus=casus, vastgelegd_door=door, **{k: data[k] for k in GESPREK_VELDEN if k in data})
    _controleer_gesprek(gesprek, eerste)
    gesprek.volgende_uiterlijk = rules.volgend_voortgangsgesprek(gesprek.datum, huidige.voortgangsgesprekken)
    gesprek.full_clean()
    gesprek.save()
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="voortgang",
        door=door,
        url=gesprek.get_absolute_url(),
        titel=f"Voortgangsgesprek gehouden op {pip_rules.datum_nl(gesprek.datum)}",
        omschrijving=f"Met: {gesprek.deelnemers}. Volgend gesprek uiterlijk {pip_rules.datum_nl(gesprek.volgende_uiterlijk)}.",
    )
    return gesprek


@service
def voortgangsgesprek_wijzigen(
    *, gesprek: Voortgangsgesprek, data: dict[str, Any], door, versie: int | None = None
) -> Voortgangsgesprek:
    """Correct a recorded voortgangsgesprek; `versie` is the version the user started from (optimistic locking).

    A corrected date moves the next one due, at the frequency of the current PIP.
    """
    casus, gesprek = casus_en_rij_vergrendelen(gesprek, door, versie)
    eerste, huidige = _pip_vereist(casus)
    changed = velden_zetten(gesprek, data, GESPREK_VELDEN)
    if not changed:
        return gesprek
    _controleer_gesprek(gesprek, eerste)
    if "datum" in changed:
        gesprek.volgende_uiterlijk = rules.volgend_voortgangsgesprek(gesprek.datum, huidige.voortgangsgesprekken)
    gesprek.full_clean()
    gesprek.save()
    verhoog_versie(gesprek)
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="voortgang",
        door=door,
        url=gesprek.get_absolute_url(),
        titel=f"Voortgangsgesprek van {pip_rules.datum_nl(gesprek.datum)} gewijzigd",
        omschrijving=f"Gewijzigd: {labels(Voortgangsgesprek, changed)}",
    )
    return gesprek


# ============================================================================================
# Exams
# ============================================================================================


@service
def examen_registreren(
    *,
    casus: Casus,
    onderdeel: str,
    datum: dt.date,
    resultaat: str,
    door,
    niveau: str = "",
    reden_geen_resultaat: str = "",
) -> Examen:
    """One exam attempt: its number per part follows from the earlier ones; free or not by the rule."""
    casus = _vergrendel(casus, door)
    _, huidige = _pip_vereist(casus)
    fouten = []
    if onderdeel == rules.KNM:
        niveau = ""
    elif not niveau:
        fouten.append({"niveau": "Kies het niveau van het examen."})
    if datum > vandaag():
        fouten.append({"datum": "Leg een examen vast als de uitslag bekend is; de datum ligt in de toekomst."})
    if resultaat == Examen.Resultaat.GEEN and not reden_geen_resultaat:
        fouten.append({"reden_geen_resultaat": "Geef aan waarom er geen resultaat is."})
    if resultaat != Examen.Resultaat.GEEN:
        reden_geen_resultaat = ""
    if fouten:
        merged: dict[str, list] = {}
        for f in fouten:
            for k, v in f.items():
                merged.setdefault(k, []).append(v)
        raise ValidationError(merged)
    poging = Examen.objects.filter(casus=casus, onderdeel=onderdeel).count() + 1
    afgeschaald = onderdeel in selectors.afgeschaalde_onderdelen(casus)
    pip_niveau = rules.examenniveau(onderdeel, huidige.niveau, afgeschaald)
    gratis = rules.gratis_examenpoging(
        casus.doelgroep,
        poging,
        gratis_pogingen=regel_int("gratis_examenpogingen", op=datum, gemeente=casus.gemeente_id),
        niveau=niveau or None,
        pip_niveau=pip_niveau or None,
    )
    examen = Examen(
        casus=casus,
        onderdeel=onderdeel,
        niveau=niveau,
        datum=datum,
        resultaat=resultaat,
        reden_geen_resultaat=reden_geen_resultaat,
        poging=poging,
        gratis=gratis,
        vastgelegd_door=door,
    )
    examen.full_clean()
    examen.save()
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="examen",
        door=door,
        titel=f"Examen {examen.get_onderdeel_display()}{' ' + niveau if niveau else ''}: {examen.get_resultaat_display().lower()}",
        omschrijving=f"Poging {poging} op {pip_rules.datum_nl(datum)} ({'gratis' if gratis else 'niet gratis'}).",
    )
    return examen


# ============================================================================================
# Schakelen and afschalen: a new PIP version through the PIP services (the termijn does not move)
# ============================================================================================


def _controleer_pip_stand(casus: Casus, pip_stand: int | None) -> None:
    """A stale or repeated schakel/afschaal form: a PIP version was made after the user opened it."""
    if pip_stand is not None and int(pip_stand) != selectors.laatste_pip_nummer(casus):
        raise Conflict()


def _geen_concept(casus: Casus) -> None:
    concept = PipVersie.objects.filter(casus=casus, status=PipVersie.Status.CONCEPT).first()
    if concept is not None:
        raise ValidationError(
            f"Er is al een PIP-concept (versie {concept.versie}). Stel dat eerst vast of werk het bij."
        )


@service
def schakeling_aanvragen(
    *,
    casus: Casus,
    nieuwe_route: str,
    motivatie: str,
    door,
    op: dt.date | None = None,
    geschatte_intensiteit_b1: int | None = None,
    pip_stand: int | None = None,
) -> PipVersie:
    """Switch leerroute (up to the last day of the switch window): a new PIP concept with reason 'schakelen'.

    `pip_stand` is the number of the latest PIP version when the user opened the form (optimistic locking).
    """
    casus = _vergrendel(casus, door)
    _controleer_pip_stand(casus, pip_stand)
    eerste, huidige = _pip_vereist(casus)
    op = op or vandaag()
    fouten = rules.schakel_fouten(
        op=op,
        laatste_dag=eerste.laatste_dag_schakelen,
        huidige_route=huidige.leerroute,
        nieuwe_route=nieuwe_route,
        motivatie=motivatie,
    )
    if fouten:
        raise ValidationError(fouten)
    _geen_concept(casus)
    versie = pip_services.pip_concept_aanmaken(
        casus=casus, door=door, reden=Reden.SCHAKELEN, reden_toelichting=motivatie.strip()
    )
    niveau = {pip_rules.B1_ROUTE: pip_rules.B1, pip_rules.ONDERWIJSROUTE: pip_rules.B1, pip_rules.Z_ROUTE: ""}[
        nieuwe_route
    ]
    asiel_b1 = casus.doelgroep in pip_rules.ASIEL and nieuwe_route == pip_rules.B1_ROUTE
    data = {
        "leerroute": nieuwe_route,
        "niveau": niveau,
        "route_motivatie": motivatie.strip(),
        "geschatte_intensiteit_b1": (geschatte_intensiteit_b1 or versie.geschatte_intensiteit_b1) if asiel_b1 else None,
    }
    if nieuwe_route == pip_rules.ONDERWIJSROUTE:
        data.update(map_inhoud="", map_intensiteit="")
    versie = pip_services.pip_concept_bijwerken(versie=versie, data=data, door=door)
    Schakeling.objects.create(
        casus=casus,
        van_route=huidige.leerroute,
        naar_route=nieuwe_route,
        motivatie=motivatie.strip(),
        pip_versie=versie,
        aangevraagd_op=op,
        door=door,
    )
    return versie


@service
def afschaling_aanvragen(
    *,
    casus: Casus,
    onderdelen: list[str],
    motivatie: str,
    door,
    op: dt.date | None = None,
    pip_stand: int | None = None,
) -> PipVersie:
    """Lower B1 to A2 for exam parts (B1-route only, enough NT2 hours, a motivation): a new PIP concept 'afschalen'.

    `pip_stand` as in `schakeling_aanvragen`.
    """
    casus = _vergrendel(casus, door)
    _controleer_pip_stand(casus, pip_stand)
    _, huidige = _pip_vereist(casus)
    op = op or vandaag()
    nt2_uren = selectors.nt2_uren_keurmerk(casus)
    min_uren = regel_int("afschalen_min_nt2_uren", op=op, gemeente=casus.gemeente_id)
    fouten = rules.afschaal_fouten(
        leerroute=huidige.leerroute,
        niveau=huidige.niveau,
        onderdelen=onderdelen,
        nt2_uren=nt2_uren,
        motivatie=motivatie,
        min_nt2_uren=min_uren,
    )
    if fouten:
        raise ValidationError(fouten)
    _geen_concept(casus)
    labels = dict(Examen.Onderdeel.choices)
    namen = ", ".join(labels[o].lower() for o in onderdelen)
    versie = pip_services.pip_concept_aanmaken(
        casus=casus,
        door=door,
        reden=Reden.AFSCHALEN,
        reden_toelichting=f"Afschalen naar A2 voor {namen}. {motivatie.strip()}",
    )
    versie = pip_services.pip_concept_bijwerken(
        versie=versie, data={"niveau": pip_rules.A2, "nt2_uren": int(nt2_uren)}, door=door
    )
    Afschaling.objects.create(
        casus=casus,
        onderdelen=sorted(onderdelen, key=rules.TAALONDERDELEN.index),
        nt2_uren=nt2_uren,
        motivatie=motivatie.strip(),
        pip_versie=versie,
        aangevraagd_op=op,
        door=door,
    )
    return versie


# ============================================================================================
# MAP, PVT, Z-route
# ============================================================================================


def _rijen_vervangen(model, ouder_veld: str, ouder, rijen: list[dict], velden) -> bool:
    """Replace the child rows of `ouder` by `rijen` (dicts; an 'id' keeps and updates that row)."""
    bestaand = {r.pk: r for r in model.objects.filter(**{ouder_veld: ouder})}
    houden, changed = set(), False
    for data in rijen:
        pk = data.get("id")
        waarden = {k: data[k] for k in velden if k in data}
        obj = bestaand.get(pk) if pk else None
        if obj is not None:
            houden.add(pk)
            if any(getattr(obj, k) != v for k, v in waarden.items()):
                for k, v in waarden.items():
                    setattr(obj, k, v)
                obj.full_clean()
                obj.save()
                changed = True
        else:
            obj = model(**{ouder_veld: ouder}, **waarden)
            obj.full_clean()
            obj.save()
            changed = True
    for pk, obj in bestaand.items():
        if pk not in houden:
            obj.delete()
            changed = True
    return changed


def _controleer_traject_versie(traject, versie: int | None) -> None:
    """No row yet: nothing to be stale against. A row made or changed since the form was opened: Conflict."""
    if traject is not None:
        controleer_versie(traject, versie)


@service
def map_opslaan(
    *, casus: Casus, data: dict[str, Any], praktijk: list[dict], door, versie: int | None = None
) -> MapTraject:
    """The MAP with its themes and practical elements; the eindgesprek only when the practical part is met.

    `versie` is the version the user started from, 0 for a form that starts the MAP (optimistic locking).
    """
    casus = _vergrendel(casus, door)
    _, huidige = _pip_vereist(casus)
    if not rules.traject_onderdelen(casus.doelgroep, huidige.leerroute).map:
        raise ValidationError("De onderwijsroute kent geen MAP (Module Arbeidsmarkt en Participatie).")
    traject = MapTraject.objects.select_for_update().filter(casus=casus).first()
    _controleer_traject_versie(traject, versie)
    nieuw = traject is None
    traject = traject or MapTraject(casus=casus)
    was_afgerond = bool(traject.eindgesprek_op)
    for veld in MAP_VELDEN:
        if veld in data:
            setattr(traject, veld, data[veld])
    traject.full_clean()
    traject.save()
    _rijen_vervangen(
        MapPraktijkonderdeel, "map", traject, praktijk, ("omschrijving", "organisatie", "van", "tot", "uren")
    )
    if not nieuw:
        verhoog_versie(traject)
    uren = sum((p.uren for p in traject.praktijk.all()), Decimal(0))
    min_uren = regel("map_min_praktijkuren", op=traject.eindgesprek_op or vandaag(), gemeente=casus.gemeente_id)
    if traject.eindgesprek_op:
        fouten = []
        if not rules.map_praktijk_voldaan(uren, min_uren=min_uren):
            fouten.append(
                f"Het eindgesprek kan pas als het praktijkdeel ten minste {_uur(min_uren)} uur is "
                f"(nu {_uur(uren)} uur)."
            )
        if traject.themas_open:
            fouten.append(f"Nog {traject.themas_open} thema('s) te volgen; markeer ze als gevolgd of al beheerst.")
        if traject.eindgesprek_op > vandaag():
            fouten.append("De datum van het eindgesprek ligt in de toekomst.")
        if fouten:
            raise ValidationError(fouten)
    titel = "MAP gestart" if nieuw else "MAP bijgewerkt"
    if traject.eindgesprek_op and not was_afgerond:
        titel = f"MAP afgerond: eindgesprek op {pip_rules.datum_nl(traject.eindgesprek_op)}"
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="map",
        door=door,
        titel=titel,
        omschrijving=f"Aanbieder {traject.aanbieder}. Praktijkdeel {_uur(uren)} uur; {traject.themas_open} thema('s) nog te volgen.",
    )
    return traject


@service
def pvt_opslaan(
    *, casus: Casus, data: dict[str, Any], sessies: list[dict], door, versie: int | None = None
) -> PvtTraject:
    """The PVT with its sessions; signing only after the core-values introduction, enough hours and an activity.

    `versie` as in `map_opslaan`.
    """
    casus = _vergrendel(casus, door)
    _pip_vereist(casus)
    traject = PvtTraject.objects.select_for_update().filter(casus=casus).first()
    _controleer_traject_versie(traject, versie)
    nieuw = traject is None
    traject = traject or PvtTraject(casus=casus)
    was_ondertekend = bool(traject.ondertekend_op)
    for veld in PVT_VELDEN:
        if veld in data:
            setattr(traject, veld, data[veld])
    traject.full_clean()
    traject.save()
    _rijen_vervangen(PvtSessie, "pvt", traject, sessies, ("soort", "datum", "uren", "omschrijving"))
    if not nieuw:
        verhoog_versie(traject)
    alle = list(traject.sessies.all())
    uren = sum((s.uren for s in alle), Decimal(0))
    activiteit = any(s.soort in (PvtSessie.Soort.ACTIVITEIT, PvtSessie.Soort.EXCURSIE) for s in alle)
    fouten = []
    if traject.ondertekend_op:
        min_uren = regel("pvt_min_uren", op=traject.ondertekend_op, gemeente=casus.gemeente_id)
        if not traject.kernwaarden_introductie_op:
            fouten.append("Ondertekenen kan pas na de introductie op de kernwaarden.")
        if not rules.pvt_voldaan(uren, activiteit, min_uren=min_uren):
            fouten.append(
                f"Ondertekenen kan pas na ten minste {_uur(min_uren)} uur PVT (nu {_uur(uren)} uur) en ten minste "
                "één activiteit of excursie" + (" (die is er al)." if activiteit else " (nog geen).")
            )
        if traject.ondertekend_op > vandaag():
            fouten.append("De datum van ondertekening ligt in de toekomst.")
    if traject.certificaat_op and not traject.ondertekend_op:
        fouten.append("Het certificaat volgt op de ondertekening; vul eerst de datum van ondertekening in.")
    if fouten:
        raise ValidationError(fouten)
    titel = "PVT gestart" if nieuw else "PVT bijgewerkt"
    if traject.ondertekend_op and not was_ondertekend:
        titel = f"Participatieverklaring ondertekend op {pip_rules.datum_nl(traject.ondertekend_op)}"
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="pvt",
        door=door,
        titel=titel,
        omschrijving=f"Aanbieder {traject.aanbieder}. {_uur(uren)} uur; "
        + ("activiteit of excursie gedaan." if activiteit else "nog geen activiteit of excursie."),
    )
    return traject


@service
def zroute_afronden(*, casus: Casus, eindgesprek_op: dt.date, verslag: str, door) -> ZrouteAfronding:
    """Complete the Z-route when the hours are there and the eindgesprek was held; the certificate PDF follows."""
    from .pdf import render_html

    casus = _vergrendel(casus, door)
    _, huidige = _pip_vereist(casus)
    if huidige.leerroute != pip_rules.Z_ROUTE:
        raise ValidationError("Afronden met een eindgesprek en certificaat hoort bij de Z-route.")
    if ZrouteAfronding.objects.filter(casus=casus).exists():
        raise ValidationError("De Z-route is al afgerond.")
    if eindgesprek_op > vandaag():
        raise ValidationError({"eindgesprek_op": "De datum van het eindgesprek ligt in de toekomst."})
    if not (verslag or "").strip():
        raise ValidationError({"verslag": "Leg het verslag van het eindgesprek vast."})
    totalen = selectors.uren_totalen(casus)
    cursusuren = totalen["nt2"] + totalen["knm"]
    participatie = totalen["participatie"]
    min_cursus = regel("zroute_min_cursusuren", op=eindgesprek_op, gemeente=casus.gemeente_id)
    min_part = regel("zroute_min_participatieuren", op=eindgesprek_op, gemeente=casus.gemeente_id)
    if not rules.zroute_voltooid(
        casus.doelgroep, cursusuren, participatie, True, min_cursusuren=min_cursus, min_participatieuren=min_part
    ):
        fouten = []
        if cursusuren < min_cursus:
            fouten.append(
                f"De Z-route vraagt ten minste {_uur(min_cursus)} cursusuren NT2 en KNM (nu {_uur(cursusuren)})."
            )
        if casus.doelgroep in pip_rules.ASIEL and participatie < min_part:
            fouten.append(
                f"Voor een asielstatushouder vraagt de Z-route ook ten minste {_uur(min_part)} participatie-uren "
                f"(nu {_uur(participatie)})."
            )
        raise ValidationError(fouten)
    afronding = ZrouteAfronding(
        casus=casus,
        eindgesprek_op=eindgesprek_op,
        verslag=verslag.strip(),
        cursusuren=cursusuren,
        participatie_uren=participatie,
        afgerond_op=vandaag(),
        vastgelegd_door=door,
    )
    afronding.full_clean()
    afronding.certificaat_html = render_html(afronding)
    afronding.save()
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="leerroute",
        door=door,
        titel=f"Z-route afgerond: eindgesprek op {pip_rules.datum_nl(eindgesprek_op)}",
        omschrijving=f"{_uur(cursusuren)} cursusuren, {_uur(participatie)} participatie-uren. Het certificaat (PDF) wordt gemaakt.",
    )
    afronding_id = afronding.pk
    transaction.on_commit(lambda: _certificaat_inplannen(afronding_id))
    return afronding


def _certificaat_inplannen(afronding_id: int) -> None:
    from inburgering.celery import inplannen  # best effort: with the broker down the sweep queues it

    from .tasks import zroute_certificaat_maken

    inplannen(zroute_certificaat_maken, afronding_id)


@service
def zroute_pdf_opslaan(*, afronding_id: int, inhoud: bytes) -> ZrouteAfronding:
    """Store the certificate PDF, once. A second call keeps the first PDF."""
    afronding = ZrouteAfronding.objects.select_for_update().get(pk=afronding_id)
    if afronding.pdf:
        return afronding
    if not inhoud.startswith(b"%PDF-"):
        raise ValidationError("Het certificaat is geen PDF.")
    afronding.pdf.save("certificaat.pdf", ContentFile(inhoud), save=False)
    afronding.pdf_sha256 = hashlib.sha256(inhoud).hexdigest()
    afronding.pdf_gemaakt_op = timezone.now()
    afronding.save(update_fields=["pdf", "pdf_sha256", "pdf_gemaakt_op"])
    case_services.tijdlijn_toevoegen(
        casus=afronding.casus, soort="leerroute", door=None, titel="Certificaat Z-route (PDF) gemaakt"
    )
    return afronding
