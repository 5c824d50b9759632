"""The one write path of the leerroutes. Views, the CSV import, the school API and the admin call these.

Keyword-only arguments and the acting user (`door`); a school writing through the API is
`school=` (a Taalaanbieder) with `door=None`. The case row is locked (`select_for_update`)
where state changes, every change writes a timeline entry in the same transaction, and the
certificate PDF is queued with `transaction.on_commit`. Numbers come from the dated settings
(`inburgering.regels`) and are passed to the pure rules in `leerroutes.rules`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone

from cases import services as case_services
from cases.models import Casus
from inburgering.audit import service
from inburgering.concurrency import Conflict, controleer_versie, verhoog_versie
from inburgering.regels import regel, regel_int
from intake.services import casus_vergrendelen
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
    casus = _vergrendel(aanbod.casus, door)
    aanbod = Inburgeringsaanbod.objects.select_for_update().get(pk=aanbod.pk, casus=casus)
    controleer_versie(aanbod, versie)
    eerste, _ = _pip_vereist(casus)
    changed = []
    for veld in AANBOD_WIJZIGBAAR:
        if veld in data and getattr(aanbod, veld) != data[veld]:
            setattr(aanbod, veld, data[veld])
            changed.append(veld)
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
    labels = ", ".join(str(Inburgeringsaanbod._meta.get_field(f).verbose_name) for f in changed)
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="leerroute",
        door=door,
        titel="Inburgeringsaanbod gewijzigd",
        omschrijving=f"Gewijzigd: {labels}",
    )
    return aanbod


@service
def aanbod_beeindigen(
    *, aanbod: Inburgeringsaanbod, einddatum: dt.date, reden: str, door, versie: int | None = None
) -> Inburgeringsaanbod:
    """End an aanbod (a state change: the row is locked, a stale or repeated form is a conflict)."""
    casus = _vergrendel(aanbod.casus, door)
    aanbod = Inburgeringsaanbod.objects.select_for_update().get(pk=aanbod.pk, casus=casus)
    controleer_versie(aanbod, versie)
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
    termijn_start: dt.date | None = None,
) -> tuple[Urenregistratie, str]:
    """Insert or update the hours of one kind in one month (the natural key). Returns (row, 'nieuw'|'gewijzigd'|'gelijk').

    `termijn_start`: pass it when storing many rows of one case (the import) to spare a query per row.
    """
    maand = rules.maand_van(maand)
    if termijn_start is None:
        termijn_start = _pip_vereist(casus)[0].termijn_start
    fouten = rules.uren_fouten(maand=maand, uren=uren, termijn_start=termijn_start, vandaag=vandaag())
    if soort in (Urenregistratie.Soort.NT2, Urenregistratie.Soort.KNM):
        if aanbod is None:
            fouten.append("Uren NT2 en KNM horen bij een inburgeringsaanbod (school). Leg eerst het aanbod vast.")
        else:
            fouten += _check_aanbod_maand(aanbod, maand)
        participatieaanbieder = None
    elif soort == Urenregistratie.Soort.PARTICIPATIE:
        aanbod = None
    else:
        fouten.append("Onbekende soort uren.")
    if fouten:
        raise ValidationError(fouten)
    key = {"soort": soort, "maand": maand}
    qs = Urenregistratie.objects.select_for_update().filter(**key)
    qs = qs.filter(aanbod=aanbod) if aanbod is not None else qs.filter(casus=casus, aanbod__isnull=True)
    rij = qs.first()
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
            casus=casus,
            aanbod=aanbod,
            participatieaanbieder=participatieaanbieder,
            uren=uren,
            bron=bron,
            vastgelegd_door=door,
            toelichting=toelichting,
            **key,
        )
        status = "nieuw"
    # the foreign keys were checked above (locked case, its own offer): no query per key
    rij.full_clean(exclude=["casus", "aanbod", "participatieaanbieder", "vastgelegd_door"], validate_constraints=False)
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


def _aanwezigheid_opslaan(
    *, aanbod: Inburgeringsaanbod, maand: dt.date, geplande_uren, aanwezige_uren, bron: str, door, drempels=None
) -> tuple[Aanwezigheid, str, Signaal | None]:
    """Insert or update attendance of one month; below the threshold a signal is raised on the case (once per month).

    `drempels`: a dict that caches the threshold per (gemeente, month) across many rows (the import).
    """
    maand = rules.maand_van(maand)
    fouten = rules.aanwezigheid_fouten(geplande_uren, aanwezige_uren) + _check_aanbod_maand(aanbod, maand)
    if maand > rules.maand_van(vandaag()):
        fouten.append("Aanwezigheid van een maand in de toekomst kan nog niet worden geregistreerd.")
    if fouten:
        raise ValidationError(fouten)
    pct = rules.aanwezigheid_pct(geplande_uren, aanwezige_uren)
    rij = Aanwezigheid.objects.select_for_update().filter(aanbod=aanbod, maand=maand).first()
    if (
        rij is not None
        and rij.geplande_uren == Decimal(geplande_uren)
        and rij.aanwezige_uren == Decimal(aanwezige_uren)
    ):
        return rij, "gelijk", None
    status = "gewijzigd" if rij is not None else "nieuw"
    rij = rij or Aanwezigheid(aanbod=aanbod, maand=maand)
    rij.geplande_uren, rij.aanwezige_uren, rij.percentage, rij.bron = geplande_uren, aanwezige_uren, pct, bron
    rij.full_clean(exclude=["aanbod"], validate_constraints=False)
    rij.save()

    casus = aanbod.casus
    drempels = {} if drempels is None else drempels
    sleutel = (casus.gemeente_id, maand)
    if sleutel not in drempels:
        drempels[sleutel] = regel("aanwezigheid_signaal_pct", op=maand, gemeente=casus.gemeente_id)
    drempel = drempels[sleutel]
    signaal = (
        Signaal.objects.select_for_update()
        .filter(aanbod=aanbod, soort=Signaal.Soort.LAGE_AANWEZIGHEID, maand=maand)
        .first()
    )
    nieuw_signaal = None
    if rules.aanwezigheid_te_laag(pct, drempel=drempel):
        if signaal is None:
            nieuw_signaal = Signaal.objects.create(
                casus=casus, aanbod=aanbod, maand=maand, percentage=pct, drempel=drempel
            )
            case_services.tijdlijn_toevoegen(
                casus=casus,
                soort="signaal",
                door=door,
                titel=f"Signaal: lage aanwezigheid in {_maand_tekst(maand)} ({_uur(pct)}%)",
                omschrijving=f"Aanwezig {_uur(aanwezige_uren)} van {_uur(geplande_uren)} geplande uur bij "
                f"{aanbod.taalaanbieder}; de drempel is {_uur(drempel)}%.",
            )
        elif signaal.percentage != pct:
            signaal.percentage = pct
            signaal.save(update_fields=["percentage"])
    elif signaal is not None and signaal.afgehandeld_op is None:
        signaal.percentage = pct
        signaal.afgehandeld_op = timezone.now()
        signaal.afhandeling = f"Aanwezigheid gecorrigeerd naar {_uur(pct) if pct is not None else '–'}%."
        signaal.save(update_fields=["percentage", "afgehandeld_op", "afhandeling"])
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


@service
def import_verwerken(*, batch: ImportBatch, door) -> ImportBatch:
    """Import every row of a previewed file, or nothing at all when a single row is wrong.

    Rows are upserts on their natural key (student, month, kind), so the same file twice adds nothing.
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
    tellers = {"nieuw": 0, "gewijzigd": 0, "gelijk": 0}
    per_casus: dict[int, list[str]] = {}
    vergrendeld: dict[int, Casus] = {}
    termijn_start: dict[int, dt.date] = {}
    drempels: dict = {}
    try:
        for rij in controle.rijen:
            aanbod = rij.aanbod
            if aanbod.casus_id not in vergrendeld:
                vergrendeld[aanbod.casus_id] = casus_vergrendelen(aanbod.casus, door)
                termijn_start[aanbod.casus_id] = _pip_vereist(vergrendeld[aanbod.casus_id])[0].termijn_start
            casus = vergrendeld[aanbod.casus_id]
            aanbod.casus = casus
            for soort, uren in ((Urenregistratie.Soort.NT2, rij.nt2_uren), (Urenregistratie.Soort.KNM, rij.knm_uren)):
                if uren is None:
                    continue
                _, status = _uren_opslaan(
                    casus=casus,
                    soort=soort,
                    maand=rij.maand,
                    uren=uren,
                    bron=Urenregistratie.Bron.CSV,
                    door=door,
                    aanbod=aanbod,
                    termijn_start=termijn_start[casus.pk],
                )
                tellers[status] += 1
                if status != "gelijk":
                    per_casus.setdefault(casus.pk, []).append(
                        f"{soort.upper()} {_maand_tekst(rij.maand)}: {_uur(uren)} uur"
                    )
            if rij.geplande_uren is not None:
                _, status, _ = _aanwezigheid_opslaan(
                    aanbod=aanbod,
                    maand=rij.maand,
                    geplande_uren=rij.geplande_uren,
                    aanwezige_uren=rij.aanwezige_uren,
                    bron=Urenregistratie.Bron.CSV,
                    door=door,
                    drempels=drempels,
                )
                tellers[status] += 1
                if status != "gelijk":
                    per_casus.setdefault(casus.pk, []).append(f"aanwezigheid {_maand_tekst(rij.maand)}")
    except ValidationError as exc:  # a row that became invalid since the preview: nothing is kept
        raise ValidationError([f"Bij het verwerken: {m}" for m in exc.messages]) from exc
    for casus_pk, regels in per_casus.items():
        case_services.tijdlijn_toevoegen(
            casus=vergrendeld[casus_pk],
            soort="uren",
            door=door,
            titel=f"Uren ingelezen uit het bestand van {batch.taalaanbieder}",
            omschrijving="; ".join(regels),
        )
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


@service
def voortgangsgesprek_vastleggen(*, casus: Casus, data: dict[str, Any], door) -> Voortgangsgesprek:
    """Record a held voortgangsgesprek; the next one is due at the frequency agreed in the current PIP."""
    casus = _vergrendel(casus, door)
    eerste, huidige = _pip_vereist(casus)
    gesprek = Voortgangsgesprek(casus=casus, vastgelegd_door=door, **{k: data[k] for k in GESPREK_VELDEN if k in data})
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
    from .tasks import zroute_certificaat_maken

    zroute_certificaat_maken.delay(afronding_id)


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
