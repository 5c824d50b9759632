"""The one write path of the DUO exchange: notifications in, meldingen out.

Notifications: `notificatie_ontvangen` stores what the Notificatie API received (idempotent on
berichtId) and queues `notificatie_verwerken` on commit; that fetches what the gebeurtenis asks
for from DUO (outside any transaction) and applies the effect in one transaction.

Meldingen: `<soort>_melden(*, casus, ..., door)` checks DUO's registration rules with the
register's values (the reasons come back as a ValidationError for the consultant), builds the
request body and stores an outbox row (`Bericht`) in the same transaction; the row is sent on
commit by a task, retried with exponential backoff while DUO is unreachable, and the beat
sweep sends rows that are due (a worker that was down, a lost retry). A row is claimed with a
conditional UPDATE before it is sent, so two workers never send it twice; a repeat after a
crash carries the same berichtId.

DUO is a system actor: the effects of a notification are written with `door=None` (the
timeline shows them as DUO's). Those writes follow the register's rules (the workflow table,
StatusOvergang rows, timeline entries, full_clean) without a user's permission check, because
DUO was authenticated at the API; the other apps' services all require a user.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases import workflow
from cases.models import Casus, Doelgroep, Inburgeraar, StatusOvergang
from cases.rules import elfproef
from inburgering import permissions
from inburgering.audit import service
from inburgering.concurrency import verhoog_versie
from inburgering.models import Gemeente
from inburgering.regels import regel_int
from intake.models import Leerbaarheidstoets
from pip import rules as pip_rules
from pip.models import PipVersie

from . import register, rules
from .client import (
    UREN_OPERATIE,
    DuoClient,
    DuoGeweigerd,
    DuoOnbereikbaar,
    GeenKoppeling,
    client_voor,
    koppeling_fout,
)
from .models import Bericht, DuoContactpersoon, DuoInstelling, DuoStand, Notificatie, Opleidingsinstelling

logger = logging.getLogger(__name__)

# A person registered from a notification: DUO's notification and APIs give no name or date of
# birth (the BRP does). The case page asks the consultant to complete them.
ONBEKENDE_VOORNAMEN = "Onbekend"
ONBEKENDE_ACHTERNAAM = "(aangemeld door DUO)"
ONBEKENDE_GEBOORTEDATUM = dt.date(1900, 1, 1)


def persoon_onvolledig(persoon: Inburgeraar) -> bool:
    return persoon.geboortedatum == ONBEKENDE_GEBOORTEDATUM and persoon.voornamen == ONBEKENDE_VOORNAMEN


def _nu():
    return timezone.now()


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.DUO_CLAIM_SECONDS)


# ============================================================================================
# Notifications in
# ============================================================================================


@service
def notificatie_ontvangen(
    *, bericht_id: str, bron: str, doel: str, gemeente: Gemeente, inhoud: rules.NotificatieInhoud, door=None
) -> tuple[Notificatie, bool]:
    """Store a notification once per berichtId; (row, True when new). A known gebeurtenis is
    queued for processing on commit; an unknown one is kept for the functioneel beheerder."""
    bestaand = Notificatie.objects.filter(bericht_id=bericht_id).first()
    if bestaand is not None:
        return bestaand, False
    bekend = rules.gebeurtenis(inhoud.gebeurtenis_id) is not None
    notificatie = Notificatie(
        bericht_id=bericht_id,
        bron=bron,
        doel=doel,
        gemeente=gemeente,
        gebeurtenis_id=inhoud.gebeurtenis_id,
        v_nummer=inhoud.v_nummer,
        registratie_datum_tijd=inhoud.registratie,
        status=Notificatie.Status.ONTVANGEN if bekend else Notificatie.Status.ONBEKEND,
        volgende_poging_op=_nu() if bekend else None,
        resultaat="" if bekend else "Deze gebeurtenis kent het product niet: opgeslagen, niet verwerkt.",
    )
    notificatie.zet_bsn(inhoud.bsn)
    try:
        with transaction.atomic():
            notificatie.save()
    except IntegrityError:  # the same berichtId at the same moment: the other request stored it
        return Notificatie.objects.get(bericht_id=bericht_id), False
    if bekend:
        pk = notificatie.pk
        transaction.on_commit(lambda: _notificatie_inplannen(pk))
    return notificatie, True


def _notificatie_inplannen(pk: int) -> None:
    """On commit, best effort: with the broker down the stored row waits for the beat sweep."""
    from inburgering.celery import inplannen

    from .tasks import notificatie_verwerken

    inplannen(notificatie_verwerken, pk)


def notificatie_verwerken(*, notificatie_id: int, client: DuoClient | None = None) -> Notificatie:
    """Fetch what the gebeurtenis asks for from DUO, then apply its effect (once).

    Raises DuoOnbereikbaar when DUO cannot answer: the task retries with backoff."""
    notificatie = Notificatie.objects.select_related("gemeente").get(pk=notificatie_id)
    if notificatie.status != Notificatie.Status.ONTVANGEN:
        return notificatie
    gebeurtenis = rules.gebeurtenis(notificatie.gebeurtenis_id)
    gegevens: dict = {}
    opmerkingen: list[str] = []
    if gebeurtenis.raadplegingen and notificatie.bsn and notificatie.gemeente is not None:
        client = client or client_voor(notificatie.gemeente)
        for operatie in gebeurtenis.raadplegingen:
            try:
                gegevens[operatie] = client.raadplegen(operatie, bsn=notificatie.bsn)
            except DuoGeweigerd as exc:
                gegevens[operatie] = None
                opmerkingen.append(f"DUO gaf geen antwoord op {operatie} (HTTP {exc.status}).")
    return effect_toepassen(notificatie_id=notificatie.pk, gegevens=gegevens, opmerkingen=opmerkingen)


def notificatie_uitstellen(*, notificatie_id: int, fout: str) -> int:
    """DUO could not answer the raadplegingen: try again later. Returns the seconds to wait."""
    with transaction.atomic():
        n = Notificatie.objects.select_for_update().get(pk=notificatie_id)
        n.pogingen += 1
        wacht = rules.wachttijd(
            n.pogingen, basis=settings.DUO_RETRY_BASE_SECONDS, maximum=settings.DUO_RETRY_MAX_SECONDS
        )
        n.volgende_poging_op = _nu() + dt.timedelta(seconds=wacht)
        n.resultaat = f"Poging {n.pogingen}: {fout} Nieuwe poging over {wacht} seconden."
        n.save(update_fields=["pogingen", "volgende_poging_op", "resultaat"])
    return wacht


def notificatie_fout(*, notificatie_id: int, fout: str) -> None:
    Notificatie.objects.filter(pk=notificatie_id, status=Notificatie.Status.ONTVANGEN).update(
        status=Notificatie.Status.FOUT, resultaat=fout[:2000], verwerkt_op=_nu()
    )


@service
def notificatie_opnieuw_verwerken(*, notificatie: Notificatie, door) -> Notificatie:
    """The beheerder re-queues a notification that needed attention (e.g. after setting a standaardteam)."""
    n = Notificatie.objects.select_for_update().get(pk=notificatie.pk)
    if n.status not in (Notificatie.Status.AANDACHT, Notificatie.Status.FOUT):
        return n
    n.status, n.volgende_poging_op, n.verwerkt_op = Notificatie.Status.ONTVANGEN, _nu(), None
    n.resultaat = f"Opnieuw in behandeling genomen door {door}."
    n.save(update_fields=["status", "volgende_poging_op", "verwerkt_op", "resultaat"])
    transaction.on_commit(lambda: _notificatie_inplannen(n.pk))
    return n


@dataclass
class Uitkomst:
    status: str = Notificatie.Status.VERWERKT
    regels: list[str] = field(default_factory=list)

    def aandacht(self, tekst: str) -> None:
        self.status = Notificatie.Status.AANDACHT
        self.regels.append(tekst)

    def tekst(self) -> str:
        return "\n".join(self.regels)


def _persoon(notificatie: Notificatie) -> Inburgeraar | None:
    if notificatie.bsn_hmac:
        return Inburgeraar.objects.filter(bsn_hmac=notificatie.bsn_hmac).first()
    if notificatie.v_nummer is not None:
        return Inburgeraar.objects.filter(v_nummer=str(notificatie.v_nummer)).first()
    return None


def _d(d: dt.date | None) -> str:
    return pip_rules.datum_nl(d) if d else "onbekend"


@service
def effect_toepassen(*, notificatie_id: int, gegevens: dict, opmerkingen: list[str] | None = None, door=None):
    """The effect of a notification on the register, in one transaction; a second call does nothing."""
    n = Notificatie.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=notificatie_id)
    if n.status != Notificatie.Status.ONTVANGEN:
        return n
    gebeurtenis = rules.gebeurtenis(n.gebeurtenis_id)
    uitkomst = Uitkomst(regels=list(opmerkingen or []))
    persoon = _persoon(n)
    casus = None
    if persoon is not None:
        casus = Casus.objects.select_for_update(of=("self",)).filter(inburgeraar=persoon, actief=True).first()
    if gebeurtenis.effect in rules.MAAKT_CASUS:
        casus = _casus_openen_of_bijwerken(n, gebeurtenis, persoon, casus, gegevens, uitkomst)
    elif casus is None:
        uitkomst.aandacht(
            "Er is geen actieve casus van deze persoon." if persoon else "Deze persoon is niet bekend in het register."
        )
    elif casus.gemeente_id != n.gemeente_id:
        uitkomst.aandacht(f"De actieve casus van deze persoon hoort bij gemeente {casus.gemeente}; niet verwerkt.")
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="duo",
            titel=f"DUO: {gebeurtenis.omschrijving} ({n.gebeurtenis_id}) voor {n.gemeente}",
            omschrijving="DUO stuurde deze notificatie aan een andere gemeente dan die van de casus.",
        )
        casus = None
    else:
        _stand_bijwerken(casus, gegevens, uitkomst)
        EFFECTEN[gebeurtenis.effect](n, gebeurtenis, casus, gegevens, uitkomst)
    if casus is not None:
        n.casus = casus
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="duo",
            titel=f"DUO: {gebeurtenis.omschrijving} ({n.gebeurtenis_id})",
            omschrijving=uitkomst.tekst(),
            url=reverse("duo:casus", kwargs={"casus_pk": casus.pk}),
        )
    n.status, n.resultaat, n.verwerkt_op = uitkomst.status, uitkomst.tekst(), _nu()
    n.save(update_fields=["status", "resultaat", "verwerkt_op", "casus"])
    return n


# --- the effects --------------------------------------------------------------------------


def _casus_openen_of_bijwerken(n, gebeurtenis, persoon, casus, gegevens, uitkomst):
    """SS101/SS128/SS139/SS129/SS120/SS121/SS130: a new or updated case with the kennisgeving
    (start of the 10-week PIP term) and, when the person settled here, the settlement date."""
    plicht = gegevens.get(rules.PLICHT) or {}
    registratie = timezone.localdate(n.registratie_datum_tijd)
    if plicht and plicht.get("indicatorInburgeringsplicht") is False:
        uitkomst.aandacht(
            "Volgens DUO is de persoon (nu) niet inburgeringsplichtig"
            + (f": {plicht['redenGeenInburgeringsplicht']}." if plicht.get("redenGeenInburgeringsplicht") else ".")
        )
    kennisgeving = (
        rules.datum(plicht.get("datumKennisgevingInburgeringsplicht"))
        or rules.datum(plicht.get("begindatum"))
        or registratie
    )
    doelgroep_data = gegevens.get(rules.DOELGROEP_OP) or {}
    doelgroep = rules.doelgroep_uit_duo(doelgroep_data.get("indeling"), doelgroep_data.get("gedetailleerdeDoelgroep"))
    # the person settled in this gemeente now: COA-uitstroom (SS139), vestiging (SS120/SS121)
    vestiging = registratie if n.gebeurtenis_id in ("SS139", "SS120", "SS121") else None

    if casus is not None and casus.gemeente_id != n.gemeente_id:
        uitkomst.aandacht(
            f"De persoon heeft een actieve casus in gemeente {casus.gemeente}. Sluit die af (verhuizing) "
            f"en laat de notificatie opnieuw verwerken om een casus in {n.gemeente} te openen."
        )
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="duo",
            titel=f"DUO: {gebeurtenis.omschrijving} ({n.gebeurtenis_id}) in {n.gemeente}",
            omschrijving="Volgens DUO valt de persoon nu onder een andere gemeente.",
        )
        return None

    if casus is None:
        instelling = DuoInstelling.objects.filter(gemeente=n.gemeente).select_related("standaard_team").first()
        if instelling is None or instelling.standaard_team is None:
            uitkomst.aandacht(
                f"Er is geen standaardteam ingesteld voor gemeente {n.gemeente} (DUO-instelling); er is geen casus "
                "geopend. Stel het team in en laat de notificatie opnieuw verwerken."
            )
            return None
        if persoon is None:
            if not elfproef(n.bsn):
                uitkomst.aandacht("DUO gaf geen geldig BSN; er is geen persoon geregistreerd.")
                return None
            persoon = Inburgeraar(
                voornamen=ONBEKENDE_VOORNAMEN,
                achternaam=ONBEKENDE_ACHTERNAAM,
                geboortedatum=ONBEKENDE_GEBOORTEDATUM,
                v_nummer=str(n.v_nummer) if n.v_nummer is not None else "",
            )
            persoon.zet_bsn(n.bsn)
            persoon.full_clean()
            persoon.save()
            uitkomst.regels.append("Persoon geregistreerd; naam en geboortedatum aanvullen uit de BRP.")
        if doelgroep is None:
            doelgroep = "overige_migrant"
            uitkomst.aandacht("DUO gaf geen doelgroep; 'overige migrant' is aangenomen. Controleer de doelgroep.")
        casus = Casus(
            inburgeraar=persoon,
            gemeente=n.gemeente,
            team=instelling.standaard_team,
            consultant=instelling.standaard_consultant,
            doelgroep=doelgroep,
            datum_kennisgeving=kennisgeving,
            datum_brp_inschrijving=vestiging,
        )
        casus.full_clean()
        casus.save()
        StatusOvergang.objects.create(
            casus=casus,
            van="",
            naar=casus.status,
            toelichting=f"Casus aangemaakt op DUO-notificatie {n.gebeurtenis_id}",
        )
        uitkomst.regels.append(
            f"Casus geopend in team {casus.team}"
            + (f" bij {casus.consultant}." if casus.consultant_id else "; de teamleider wijst hem toe.")
        )
    else:
        wijzigingen = []
        if casus.datum_kennisgeving != kennisgeving:
            wijzigingen.append(f"datum kennisgeving {_d(casus.datum_kennisgeving)} → {_d(kennisgeving)}")
            casus.datum_kennisgeving = kennisgeving
        if vestiging and casus.datum_brp_inschrijving is None:
            wijzigingen.append(f"datum vestiging {_d(vestiging)}")
            casus.datum_brp_inschrijving = vestiging
        if doelgroep and doelgroep != casus.doelgroep:
            wijzigingen.append(f"doelgroep {casus.get_doelgroep_display()} → {Doelgroep(doelgroep).label}")
            casus.doelgroep = doelgroep
        if wijzigingen:
            casus.full_clean()
            casus.save()
            verhoog_versie(casus)  # a case form opened before this is stale now
            uitkomst.regels.append("Casus bijgewerkt: " + "; ".join(wijzigingen) + ".")
        else:
            uitkomst.regels.append("De casus was al bijgewerkt.")
    _stand_bijwerken(casus, gegevens, uitkomst)
    if gebeurtenis.effect not in (rules.VESTIGING_MET_PIP, rules.PLICHT_HERVAT):  # those already have a PIP
        weken = regel_int(
            "pip_termijn_weken",
            op=max(d for d in (kennisgeving, casus.datum_brp_inschrijving) if d),
            gemeente=casus.gemeente_id,
        )
        deadline = pip_rules.pip_deadline(casus.datum_kennisgeving, casus.datum_brp_inschrijving, weeks=weken)
        uitkomst.regels.append(
            f"Kennisgeving {_d(casus.datum_kennisgeving)}: PIP uiterlijk vaststellen op {_d(deadline)}."
        )
    stand = DuoStand.objects.filter(casus=casus).first()
    if n.gebeurtenis_id == "SS120":
        uitkomst.regels.append("Gevestigd zonder PIP: deze gemeente stelt het PIP op.")
    if gebeurtenis.effect in (rules.VESTIGING_MET_PIP, rules.PLICHT_HERVAT):
        if stand and stand.pip_dagtekening:
            uitkomst.regels.append(
                f"PIP bij DUO: gemeentecode {stand.pip_gemeentecode}, leerroute "
                f"{stand.pip_leerroute}{' niveau ' + stand.pip_niveau if stand.pip_niveau else ''}, dagtekening "
                f"{_d(stand.pip_dagtekening)}. Een nieuw PIP is een nieuwe versie (reden verhuizing); de termijn loopt door."
            )
        else:
            uitkomst.aandacht("DUO gaf (nog) geen PIP van de vorige gemeente.")
    return casus


def _stand(casus: Casus) -> DuoStand:
    stand, _ = DuoStand.objects.get_or_create(casus=casus)
    return stand


def _stand_bijwerken(casus: Casus, gegevens: dict, uitkomst: Uitkomst) -> DuoStand | None:
    """Store what the raadplegingen returned on the case's DuoStand."""
    if not gegevens:
        return None
    stand = _stand(casus)
    plicht = gegevens.get(rules.PLICHT)
    if plicht:
        stand.plicht = plicht.get("indicatorInburgeringsplicht")
        stand.plicht_begindatum = rules.datum(plicht.get("begindatum"))
        stand.plicht_einddatum = rules.datum(plicht.get("einddatum"))
        stand.datum_kennisgeving = rules.datum(plicht.get("datumKennisgevingInburgeringsplicht"))
        stand.reden_geen_plicht = plicht.get("redenGeenInburgeringsplicht") or ""
    doelgroep = gegevens.get(rules.DOELGROEP_OP)
    if doelgroep:
        stand.doelgroep_indeling = doelgroep.get("indeling") or ""
        stand.doelgroep_gedetailleerd = doelgroep.get("gedetailleerdeDoelgroep") or ""
    termijn = gegevens.get(rules.TERMIJN_OP)
    if termijn:
        stand.termijn_start = rules.datum(termijn.get("startdatum"))
        stand.termijn_einddatum = rules.datum(termijn.get("einddatum"))
        stand.verlengingsgrond = (
            termijn.get("verlengingsgrondomschrijving") or termijn.get("verlengingsgrondcode") or ""
        )
    pip = gegevens.get(rules.PIP_OP)
    if pip and isinstance(pip.get("pip"), dict):
        stand.pip_gemeentecode = pip.get("gemeentecode") or ""
        stand.pip_dagtekening = rules.datum(pip["pip"].get("dagtekeningPip"))
        stand.pip_leerroute = pip["pip"].get("leerroute") or ""
        stand.pip_niveau = pip["pip"].get("niveau") or ""
    examennummer = gegevens.get(rules.LBT_EXAMENNUMMER)
    if examennummer:
        stand.lbt_examennummer = examennummer.get("examennummer") or ""
    if gegevens.get(rules.LBT_RESULTATEN) is not None:
        stand.lbt_resultaten = gegevens[rules.LBT_RESULTATEN]
    if gegevens.get(rules.EXAMENS) is not None:
        stand.examens = gegevens[rules.EXAMENS]
    stand.save()
    return stand


def _status_wijzigen(casus: Casus, naar: str, toelichting: str) -> None:
    """A status transition on DUO's word: the workflow table decides, a StatusOvergang row records it."""
    workflow.controleer_overgang(casus.status, naar, toelichting)
    van = casus.status
    casus.status = naar
    if naar in workflow.EINDSTATUSSEN:
        casus.actief = False
        casus.afgesloten_op = _nu()
    casus.save(update_fields=["status", "actief", "afgesloten_op", "gewijzigd_op"])
    StatusOvergang.objects.create(casus=casus, van=van, naar=naar, toelichting=toelichting)
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="status",
        omschrijving=toelichting,
        titel=f"Status: {workflow.Status(van).label} → {workflow.Status(naar).label}",
    )


def _termijn(n, gebeurtenis, casus, gegevens, uitkomst):
    termijn = gegevens.get(rules.TERMIJN_OP)
    if not termijn:
        uitkomst.aandacht("DUO gaf (nog) geen inburgeringstermijn.")
        return
    start, einde = rules.datum(termijn.get("startdatum")), rules.datum(termijn.get("einddatum"))
    tekst = f"Inburgeringstermijn volgens DUO: {_d(start)} tot en met {_d(rules.laatste_dag(einde))}"
    if termijn.get("verlengingsgrondomschrijving") or termijn.get("verlengingsgrondcode"):
        tekst += f" (verlengd: {termijn.get('verlengingsgrondomschrijving') or termijn.get('verlengingsgrondcode')})"
    uitkomst.regels.append(tekst + ".")
    pip = register.huidige_pip(casus)
    if pip is not None and pip.termijn_eind and rules.laatste_dag(einde) != pip.termijn_eind:
        uitkomst.regels.append(
            f"Het PIP noemt als einde {_d(pip.termijn_eind)}; DUO beslist over de termijn, de DUO-datum geldt."
        )


def _lbt_aangemeld(n, gebeurtenis, casus, gegevens, uitkomst):
    examennummer = (gegevens.get(rules.LBT_EXAMENNUMMER) or {}).get("examennummer")
    toets = Leerbaarheidstoets.objects.filter(casus=casus).first()
    if toets is not None and toets.vrijstelling:
        uitkomst.aandacht(
            f"In de casus is de persoon vrijgesteld van de toets ({toets.get_vrijstelling_display().lower()}), maar DUO "
            "meldt een aanmelding. Meld zo nodig aan DUO dat de toets is overgeslagen."
        )
        return
    if toets is None:
        toets = Leerbaarheidstoets(casus=casus, gepland_op=timezone.localdate(n.registratie_datum_tijd))
        toets.full_clean()
        toets.save()
        uitkomst.regels.append(f"Leerbaarheidstoets gepland (aangemeld bij DUO op {_d(toets.gepland_op)}).")
    else:
        uitkomst.regels.append("De leerbaarheidstoets stond al in de casus.")
    if examennummer:
        uitkomst.regels.append(f"Examennummer: {examennummer}.")


def _lbt_resultaat(n, gebeurtenis, casus, gegevens, uitkomst):
    resultaat = rules.laatste_resultaat(gegevens.get(rules.LBT_RESULTATEN) or [])
    if resultaat is None:
        uitkomst.aandacht("DUO gaf (nog) geen resultaat van de leerbaarheidstoets.")
        return
    toets = Leerbaarheidstoets.objects.select_for_update().filter(casus=casus).first() or Leerbaarheidstoets(
        casus=casus
    )
    if toets.vrijstelling:
        uitkomst.aandacht("In de casus is de persoon vrijgesteld van de toets; de uitslag van DUO is niet overgenomen.")
        return
    score, benodigd = rules.score(resultaat.get("behaaldeScore")), rules.score(resultaat.get("benodigdeScore"))
    afgenomen = rules.datum(resultaat.get("datumAfname"))
    max_score = regel_int("lbt_max_score", op=afgenomen, gemeente=casus.gemeente_id)
    if score is None or afgenomen is None or not 0 <= score <= max_score:
        uitkomst.aandacht(f"De uitslag van DUO is onvolledig of buiten 0-{max_score}: niet overgenomen.")
        return
    toets.afgenomen_op = afgenomen
    toets.score = math.floor(score)
    toets.drempel = (
        math.ceil(benodigd)
        if benodigd is not None
        else regel_int("lbt_drempel_b1", op=afgenomen, gemeente=casus.gemeente_id)
    )
    haalbaar = rules.lbt_uitslag(resultaat.get("resultaat"))
    toets.haalbaar = haalbaar if haalbaar is not None else toets.score >= toets.drempel
    toets.full_clean()
    bestond = toets.pk is not None
    toets.save()
    if bestond:
        verhoog_versie(toets)  # a toets form opened before this is stale now (a new row starts at 1)
    uitkomst.regels.append(
        f"Leerbaarheidstoets afgenomen op {_d(afgenomen)}: score {resultaat.get('behaaldeScore')} "
        f"(nodig {resultaat.get('benodigdeScore')}) – {resultaat.get('resultaat')}."
    )


def _doelgroep(n, gebeurtenis, casus, gegevens, uitkomst):
    data = gegevens.get(rules.DOELGROEP_OP) or {}
    nieuw = rules.doelgroep_uit_duo(data.get("indeling"), data.get("gedetailleerdeDoelgroep"))
    if nieuw is None:
        uitkomst.aandacht("DUO gaf geen doelgroep; de doelgroep van de casus is niet gewijzigd.")
        return
    if nieuw == casus.doelgroep:
        uitkomst.regels.append(f"Doelgroep was al {casus.get_doelgroep_display()}.")
        return
    oud = casus.get_doelgroep_display()
    casus.doelgroep = nieuw
    casus.full_clean()
    casus.save(update_fields=["doelgroep", "gewijzigd_op"])
    verhoog_versie(casus)
    uitkomst.regels.append(
        f"Doelgroep gewijzigd: {oud} → {casus.get_doelgroep_display()}. Controleer het aanbod in het PIP "
        "(inkoop leerroute, maatschappelijke begeleiding, ontzorgen)."
    )


def _plicht_status(n, gebeurtenis, casus, gegevens, uitkomst):
    """SS106-SS111: plicht ended (voldaan, ingetrokken), paused (tijdelijke vrijstelling) or the person died."""
    plicht = gegevens.get(rules.PLICHT) or {}
    reden = gebeurtenis.omschrijving
    if plicht.get("redenGeenInburgeringsplicht"):
        reden += f" (DUO: {plicht['redenGeenInburgeringsplicht']})"
    if plicht.get("einddatum"):
        reden += f", einddatum plicht {_d(rules.datum(plicht['einddatum']))}"
    uitkomst.regels.append(reden + ".")
    doel = rules.status_na_gebeurtenis(gebeurtenis.effect, casus.status)
    if doel is not None:
        _status_wijzigen(casus, doel, f"{reden} (DUO-notificatie {n.gebeurtenis_id})")
        uitkomst.regels.append(f"Casus naar status '{workflow.Status(doel).label}'.")
    elif rules.STATUS_DOEL.get(gebeurtenis.effect) != casus.status:
        uitkomst.aandacht(f"De status '{casus.get_status_display()}' is niet automatisch gewijzigd; pas hem zelf aan.")
    if gebeurtenis.effect in (rules.PLICHT_GEPAUZEERD, rules.PLICHT_INGETROKKEN):
        uitkomst.regels.append(
            "Vul de administratie aan (MAP, PVT, uren): DUO heeft die nodig als de plicht wordt hervat."
        )


def _examenuitslag(n, gebeurtenis, casus, gegevens, uitkomst):
    examens = gegevens.get(rules.EXAMENS) or []
    if not examens:
        uitkomst.aandacht("DUO gaf geen examenresultaten.")
        return
    laatste = max(examens, key=lambda e: e.get("examendatum") or "")
    dag = laatste.get("examendatum")
    op_dag = [e for e in examens if e.get("examendatum") == dag]
    delen = ", ".join(
        f"{e.get('onderdeel')} {e.get('niveau') or ''} {e.get('resultaat', '').lower()}".replace("  ", " ")
        for e in op_dag
    )
    uitkomst.regels.append(f"Examen van {_d(rules.datum(dag))}: {delen}.")


def _verzoek(n, gebeurtenis, casus, gegevens, uitkomst):
    uitkomst.regels.append(f"DUO besliste op een verzoek van de inburgeraar: {gebeurtenis.omschrijving.lower()}.")


EFFECTEN = {
    rules.TERMIJN: _termijn,
    rules.LBT_AANGEMELD: _lbt_aangemeld,
    rules.LBT_RESULTAAT: _lbt_resultaat,
    rules.DOELGROEP: _doelgroep,
    rules.PLICHT_VOLDAAN: _plicht_status,
    rules.PLICHT_GEPAUZEERD: _plicht_status,
    rules.PLICHT_INGETROKKEN: _plicht_status,
    rules.OVERLEDEN: _plicht_status,
    rules.EXAMENUITSLAG: _examenuitslag,
    rules.VERZOEK: _verzoek,
}


# ============================================================================================
# Meldingen out: checks, the outbox row
# ============================================================================================


def _mag_melden(casus: Casus, door) -> Casus:
    locked = Casus.objects.select_for_update(of=("self",)).select_related("inburgeraar", "gemeente").get(pk=casus.pk)
    if door is not None and not permissions.mag_casus_bewerken(door, locked):
        raise PermissionDenied("U mag voor deze casus niets aan DUO melden.")
    return locked


def _koppeling_controleren(casus: Casus) -> None:
    fout = koppeling_fout(casus.gemeente)
    if fout:
        raise ValidationError(fout)


def _bericht(
    *,
    casus: Casus,
    soort: str,
    operatie: str,
    body=None,
    pad_params=None,
    bron_object="",
    door=None,
    hangt_af_van: Bericht | None = None,
    vervangt: Bericht | None = None,
    met_bsn: bool = True,
) -> Bericht:
    bericht = Bericht(
        gemeente=casus.gemeente,
        casus=casus,
        soort=soort,
        operatie=operatie,
        pad_params=pad_params or {},
        body=body,
        bron_object=bron_object,
        hangt_af_van=hangt_af_van,
        vervangt=vervangt,
        volgende_poging_op=_nu(),
        aangemaakt_door=door,
    )
    if met_bsn:
        bericht.zet_bsn(casus.inburgeraar.bsn)
    bericht.full_clean()
    bericht.save()
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="duo",
        door=door,
        titel=f"Melding aan DUO klaargezet: {bericht.get_soort_display()}",
        url=reverse("duo:casus", kwargs={"casus_pk": casus.pk}),
    )
    pk = bericht.pk
    transaction.on_commit(lambda: bericht_inplannen(pk))
    return bericht


def bericht_inplannen(pk: int) -> None:
    """On commit, best effort: with the broker down the outbox row waits for the beat sweep."""
    from inburgering.celery import inplannen

    from .tasks import bericht_versturen

    inplannen(bericht_versturen, pk)


def _eerder_verzonden(casus: Casus, soort: str) -> Bericht | None:
    """The last melding of `soort` DUO accepted for this person from this gemeente."""
    return (
        Bericht.objects.filter(
            casus__inburgeraar_id=casus.inburgeraar_id,
            gemeente=casus.gemeente,
            soort=soort,
            status=Bericht.Status.VERZONDEN,
        )
        .order_by("-verzonden_op")
        .first()
    )


def pip_controle(*, versie: PipVersie, casus: Casus) -> list[str]:
    """DUO's PIP rules with the register's values (and a previous gemeente's PIP DUO told us about)."""
    vorige = [v for v in register.vastgestelde_pips(casus) if v.versie < versie.versie and v.dagtekening is not None]
    stand = register.stand(casus)
    vorige_dagtekening = vorige[-1].dagtekening if vorige else None
    if (
        stand is not None
        and stand.pip_dagtekening
        and (vorige_dagtekening is None or stand.pip_dagtekening > vorige_dagtekening)
    ):
        if stand.pip_dagtekening != versie.dagtekening:
            vorige_dagtekening = stand.pip_dagtekening
    eerste = not vorige and not (
        stand is not None and stand.pip_dagtekening and stand.pip_dagtekening != versie.dagtekening
    )
    start_plicht = (
        stand.plicht_begindatum if stand is not None and stand.plicht_begindatum else None
    ) or casus.datum_kennisgeving
    return rules.pip_fouten(
        dagtekening=versie.dagtekening,
        leerroute=versie.leerroute,
        niveau=versie.niveau,
        doelgroep=casus.doelgroep,
        geschatte_intensiteit_b1=versie.geschatte_intensiteit_b1,
        eerste_pip=eerste,
        start_plicht=start_plicht,
        vestigingsdatum=casus.datum_brp_inschrijving,
        vorige_dagtekening=vorige_dagtekening,
    )


@service
def pip_melden(*, versie: PipVersie, door) -> Bericht:
    """Report a vastgestelde PIP version to DUO (POST /personen/{bsn}/PIP)."""
    casus = _mag_melden(versie.casus, door)
    versie = PipVersie.objects.get(pk=versie.pk)
    if not versie.is_vastgesteld:
        raise ValidationError("Alleen een vastgestelde PIP-versie kan aan DUO worden gemeld.")
    _koppeling_controleren(casus)
    bron = f"pipversie:{versie.pk}"
    if Bericht.objects.filter(bron_object=bron, status__in=(*Bericht.OPEN, Bericht.Status.VERZONDEN)).exists():
        raise ValidationError(f"PIP versie {versie.versie} is al aan DUO gemeld.")
    fouten = pip_controle(versie=versie, casus=casus)
    if fouten:
        raise ValidationError(fouten)
    body = rules.pip_bericht(
        dagtekening=versie.dagtekening,
        leerroute=versie.leerroute,
        niveau=versie.niveau,
        geschatte_intensiteit_b1=versie.geschatte_intensiteit_b1,
        mag_opleiding_afmaken=versie.mag_opleiding_afmaken,
        alfabetisering=versie.alfabetisering,
    )
    return _bericht(
        casus=casus, soort=Bericht.Soort.PIP, operatie="postPipByBsn", body=body, bron_object=bron, door=door
    )


def pip_automatisch_melden(*, versie: PipVersie) -> Bericht | None:
    """On vaststelling (same transaction): report the PIP when the gemeente wants that and can.
    What DUO would refuse is not sent; the timeline says why (the consultant may report it by hand)."""
    casus = versie.casus
    instelling = DuoInstelling.objects.filter(gemeente_id=casus.gemeente_id).first()
    if instelling is None or not instelling.pip_automatisch_melden:
        return None
    if koppeling_fout(casus.gemeente):
        return None
    try:
        with transaction.atomic():
            return pip_melden(versie=versie, door=versie.vastgesteld_door)
    except (ValidationError, PermissionDenied) as exc:
        case_services.tijdlijn_toevoegen(
            casus=casus,
            soort="duo",
            titel=f"PIP versie {versie.versie} niet automatisch aan DUO gemeld",
            omschrijving=" ".join(getattr(exc, "messages", [str(exc)])),
            url=reverse("duo:casus", kwargs={"casus_pk": casus.pk}),
        )
        return None


def _map_pvt_controle(*, casus: Casus, soort: str, datum, verwijtbaar, vandaag) -> list[str]:
    stand = register.stand(casus)
    termijn = register.termijn(casus, duo_stand=stand)
    eerder = _eerder_verzonden(casus, soort)
    zroute = _eerder_verzonden(casus, Bericht.Soort.ZROUTE)
    zroute_datum = (stand.zroute_datum if stand else None) or (
        rules.datum((zroute.body or {}).get("datumAfrondingZroute")) if zroute else None
    )
    bij_duo = (stand.map_datum if soort == Bericht.Soort.MAP else stand.pvt_datum) if stand else None
    return rules.map_pvt_fouten(
        onderdeel="MAP" if soort == Bericht.Soort.MAP else "PVT",
        datum=datum,
        verwijtbaar=verwijtbaar or None,
        vandaag=vandaag,
        termijn_start=termijn.start,
        termijn_eind=termijn.eind,
        zroute_afgerond_op=zroute_datum,
        actuele_pip_eigen_gemeente=register.huidige_pip(casus) is not None,
        eerder_door_gemeente=eerder is not None,
        bij_duo_van_ander=bij_duo is not None and eerder is None,
        plicht_voldaan_via_zroute=bool(
            stand
            and stand.plicht is False
            and stand.reden_geen_plicht == "Inburgeringsplicht voldaan"
            and stand.pip_leerroute == "Z"
        ),
        verwijtbaar_maanden=regel_int("duo_verwijtbaar_maanden", op=vandaag, gemeente=casus.gemeente_id),
    )


@service
def map_pvt_melden(
    *, casus: Casus, soort: str, datum: dt.date | None, verwijtbaar: str | None, door, vandaag: dt.date | None = None
) -> Bericht:
    """Report (or withdraw, with datum None) the datum eindgesprek MAP / ondertekening PVT (PUT)."""
    casus = _mag_melden(casus, door)
    _koppeling_controleren(casus)
    vandaag = vandaag or timezone.localdate()
    fouten = _map_pvt_controle(casus=casus, soort=soort, datum=datum, verwijtbaar=verwijtbaar, vandaag=vandaag)
    if fouten:
        raise ValidationError(fouten)
    if soort == Bericht.Soort.MAP:
        body, operatie = rules.map_bericht(datum=datum, verwijtbaar=verwijtbaar or None), "updateMapByBsn"
    else:
        body, operatie = rules.pvt_bericht(datum=datum, verwijtbaar=verwijtbaar or None), "updatePvtByBsn"
    return _bericht(casus=casus, soort=soort, operatie=operatie, body=body, door=door)


@service
def zroute_melden(*, casus: Casus, datum: dt.date | None, door, vandaag: dt.date | None = None) -> Bericht:
    casus = _mag_melden(casus, door)
    _koppeling_controleren(casus)
    pip = register.huidige_pip(casus)
    fouten = rules.zroute_fouten(
        datum=datum,
        vandaag=vandaag or timezone.localdate(),
        leerroute=pip.leerroute if pip else None,
        termijn_start=register.termijn(casus).start,
    )
    if fouten:
        raise ValidationError(fouten)
    return _bericht(
        casus=casus,
        soort=Bericht.Soort.ZROUTE,
        operatie="updateZrouteByBsn",
        body=rules.zroute_bericht(datum=datum),
        door=door,
    )


@service
def uren_melden(*, casus: Casus, soort: str, uren: int, door) -> Bericht:
    """Report a total of gevolgde uren (one of the three PUTs of the GevolgdeUren API)."""
    casus = _mag_melden(casus, door)
    _koppeling_controleren(casus)
    pip = register.huidige_pip(casus)
    fouten = rules.uren_fouten(
        soort=soort, uren=uren, doelgroep=casus.doelgroep, leerroute=pip.leerroute if pip else None
    )
    if fouten:
        raise ValidationError(fouten)
    return _bericht(
        casus=casus, soort=soort, operatie=UREN_OPERATIE[soort], body=rules.uren_bericht(uren=uren), door=door
    )


@service
def aanbod_melden(
    *,
    casus: Casus,
    instellingsnummer: str,
    datum_aanbod: dt.date | None,
    start: dt.date | None,
    einde: dt.date | None,
    alfabetisering: str,
    door,
) -> Bericht:
    """Report the inburgeringsaanbod at one institution (POST .../Inburgeringsaanbod/{instellingsnummer})."""
    casus = _mag_melden(casus, door)
    _koppeling_controleren(casus)
    instelling = Opleidingsinstelling.objects.filter(instellingsnummer=instellingsnummer).first()
    pip = register.huidige_pip(casus)
    termijn = register.termijn(casus)
    fouten = rules.aanbod_fouten(
        doelgroep=casus.doelgroep,
        pip_dagtekening=pip.dagtekening if pip else None,
        leerroute=pip.leerroute if pip else None,
        instelling_bekend=instelling is not None,
        bow_keurmerk=bool(instelling and instelling.bow_keurmerk),
        tst_keurmerk=bool(instelling and instelling.tst_keurmerk),
        datum_aanbod=datum_aanbod,
        start=start,
        einde=einde,
        termijn_start=termijn.start,
        termijn_eind=termijn.eind,
    )
    if fouten:
        raise ValidationError(fouten)
    return _bericht(
        casus=casus,
        soort=Bericht.Soort.AANBOD,
        operatie="postInburgeringsaanbodByBsnAndInstellingsnummer",
        pad_params={"instellingsnummer": instellingsnummer},
        body=rules.aanbod_bericht(datum_aanbod=datum_aanbod, start=start, einde=einde, alfabetisering=alfabetisering),
        door=door,
    )


@service
def contactpersoon_melden(*, casus: Casus, gebruiker, naam: str, email: str, telefoon: str, door) -> Bericht:
    """Make `gebruiker` the person's contactpersoon at DUO: register (or update) the contactpersoon
    of this gemeente once, then link it to the person (the link waits for the registration)."""
    casus = _mag_melden(casus, door)
    _koppeling_controleren(casus)
    fouten = rules.contactpersoon_fouten(naam=naam, email=email, telefoon=telefoon)
    if fouten:
        raise ValidationError(fouten)
    gegevens = rules.contactpersoon_bericht(naam=naam, email=email, telefoon=telefoon)
    contact, _ = DuoContactpersoon.objects.select_for_update().get_or_create(
        gemeente=casus.gemeente, gebruiker=gebruiker
    )
    bron = f"contactpersoon:{contact.pk}"
    registratie = (
        Bericht.objects.filter(bron_object=bron, soort=Bericht.Soort.CONTACTPERSOON, status__in=Bericht.OPEN)
        .order_by("-pk")
        .first()
    )
    if contact.duo_id is None and registratie is None:
        registratie = _bericht(
            casus=casus,
            soort=Bericht.Soort.CONTACTPERSOON,
            operatie="createContactpersoon",
            body=gegevens,
            bron_object=bron,
            door=door,
            met_bsn=False,
        )
    elif contact.duo_id is not None and contact.gegevens != gegevens:
        registratie = _bericht(
            casus=casus,
            soort=Bericht.Soort.CONTACTPERSOON,
            operatie="updateContactpersoonById",
            body=gegevens,
            pad_params={"id": contact.duo_id},
            bron_object=bron,
            door=door,
            met_bsn=False,
        )
    contact.gegevens = gegevens
    contact.save(update_fields=["gegevens"])
    return _bericht(
        casus=casus,
        soort=Bericht.Soort.CONTACTPERSOON_KOPPELEN,
        operatie="postContactpersoonByBsn",
        pad_params={"contactpersoon": contact.pk},
        bron_object=bron,
        door=door,
        hangt_af_van=registratie,
    )


@service
def lbt_overgeslagen_melden(*, casus: Casus, door) -> Bericht:
    """Tell DUO the leerbaarheidstoets was skipped (DELETE the examennummer): only for a person the
    municipality exempted (visual or hearing impairment)."""
    casus = _mag_melden(casus, door)
    _koppeling_controleren(casus)
    toets = Leerbaarheidstoets.objects.filter(casus=casus).first()
    if toets is None or not toets.vrijstelling:
        raise ValidationError(
            "Alleen een persoon die in de intake is vrijgesteld van de leerbaarheidstoets kan als 'overgeslagen' "
            "worden gemeld."
        )
    return _bericht(casus=casus, soort=Bericht.Soort.LBT_OVERGESLAGEN, operatie="deleteExamennummerByBsn", door=door)


@service
def bericht_opnieuw(*, bericht: Bericht, door) -> Bericht:
    """Manual resend of a refused or given-up melding: a new row (new berichtId) with the same request."""
    casus = _mag_melden(bericht.casus, door)
    oud = Bericht.objects.select_for_update().get(pk=bericht.pk)
    if not oud.mag_opnieuw:
        raise ValidationError("Dit bericht kan niet opnieuw worden verstuurd: het is onderweg of al ontvangen.")
    _koppeling_controleren(casus)
    oud.status = Bericht.Status.VERVANGEN
    oud.save(update_fields=["status"])
    hangt_af_van = oud.hangt_af_van
    if hangt_af_van is not None and hangt_af_van.status != Bericht.Status.VERZONDEN:
        hangt_af_van = bericht_opnieuw(bericht=hangt_af_van, door=door) if hangt_af_van.mag_opnieuw else hangt_af_van
    nieuw = _bericht(
        casus=casus,
        soort=oud.soort,
        operatie=oud.operatie,
        body=oud.body,
        pad_params=oud.pad_params,
        bron_object=oud.bron_object,
        door=door,
        hangt_af_van=hangt_af_van,
        vervangt=oud,
        met_bsn=bool(oud.bsn_versleuteld),
    )
    return nieuw


# ============================================================================================
# Sending: claim, send, record; the sweep
# ============================================================================================


@dataclass
class Verzending:
    bericht: Bericht | None
    opnieuw_over: int | None = None  # seconds until the next attempt (technical failure)


def _claimen(bericht_id: int, nu) -> bool:
    klaar = Bericht.objects.filter(Q(hangt_af_van__isnull=True) | Q(hangt_af_van__status=Bericht.Status.VERZONDEN))
    return bool(
        Bericht.objects.filter(
            pk=bericht_id, status=Bericht.Status.WACHTEND, volgende_poging_op__lte=nu, pk__in=klaar.values("pk")
        ).update(status=Bericht.Status.BEZIG, geclaimd_op=nu, ingepland_op=None)
    )


def _pad_params(bericht: Bericht) -> dict:
    params = dict(bericht.pad_params or {})
    if "contactpersoon" in params:
        contact = DuoContactpersoon.objects.filter(pk=params.pop("contactpersoon")).first()
        if contact is None or contact.duo_id is None:
            raise ValueError("de contactpersoon heeft nog geen id bij DUO")
        params["id"] = contact.duo_id
    return params


def bericht_versturen(*, bericht_id: int, client: DuoClient | None = None) -> Verzending:
    """Send one due outbox row, once: claim it, send it (outside a transaction), record the answer."""
    nu = _nu()
    if not _claimen(bericht_id, nu):
        return Verzending(None)
    bericht = Bericht.objects.select_related("gemeente").get(pk=bericht_id)
    try:
        params = _pad_params(bericht)
        client = client or client_voor(bericht.gemeente)
        antwoord = client.verzoek(
            bericht.operatie,
            bsn=bericht.bsn or None,
            params=params,
            body=bericht.body,
            bericht_id=str(bericht.bericht_id),
        )
    except (DuoOnbereikbaar, GeenKoppeling, ValueError) as exc:
        return _technische_fout(bericht_id=bericht_id, fout=str(exc))
    if antwoord.afhandeling == rules.OPNIEUW:
        return _technische_fout(
            bericht_id=bericht_id, fout=f"DUO antwoordde met HTTP {antwoord.status}.", http_status=antwoord.status
        )
    return _antwoord_vastleggen(bericht_id=bericht_id, antwoord=antwoord)


@service
def _technische_fout(*, bericht_id: int, fout: str, http_status: int | None = None, door=None) -> Verzending:
    bericht = Bericht.objects.select_for_update().get(pk=bericht_id)
    nu = _nu()
    bericht.pogingen += 1
    bericht.laatste_poging_op = nu
    bericht.http_status = http_status
    bericht.fouten = [fout]
    maximum = settings.DUO_MAX_POGINGEN
    if maximum and bericht.pogingen >= maximum:
        bericht.status = Bericht.Status.MISLUKT
        bericht.save()
        _afhankelijke_weigeren(bericht)
        if bericht.casus_id:
            case_services.tijdlijn_toevoegen(
                casus=bericht.casus,
                soort="duo",
                titel=f"Melding aan DUO niet verzonden: {bericht.get_soort_display()}",
                omschrijving=f"Na {bericht.pogingen} pogingen opgegeven: {fout} Verstuur het bericht opnieuw.",
                url=reverse("duo:casus", kwargs={"casus_pk": bericht.casus_id}),
            )
        return Verzending(bericht)
    wacht = rules.wachttijd(
        bericht.pogingen, basis=settings.DUO_RETRY_BASE_SECONDS, maximum=settings.DUO_RETRY_MAX_SECONDS
    )
    bericht.status = Bericht.Status.WACHTEND
    bericht.volgende_poging_op = nu + dt.timedelta(seconds=wacht)
    bericht.save()
    return Verzending(bericht, opnieuw_over=wacht)


def _afhankelijke_weigeren(bericht: Bericht) -> None:
    for afhankelijk in Bericht.objects.filter(hangt_af_van=bericht, status=Bericht.Status.WACHTEND):
        afhankelijk.status = Bericht.Status.GEWEIGERD
        afhankelijk.fouten = [
            f"Niet verzonden: het bericht waarop het wacht ({bericht.get_soort_display()}) kwam niet aan."
        ]
        afhankelijk.save(update_fields=["status", "fouten"])
        _afhankelijke_weigeren(afhankelijk)


@service
def _antwoord_vastleggen(*, bericht_id: int, antwoord, door=None) -> Verzending:
    bericht = Bericht.objects.select_for_update(of=("self",)).select_related("casus").get(pk=bericht_id)
    nu = _nu()
    bericht.pogingen += 1
    bericht.laatste_poging_op = nu
    bericht.http_status = antwoord.status
    bericht.antwoord = antwoord.data
    if antwoord.afhandeling == rules.VERZONDEN:
        bericht.status, bericht.verzonden_op, bericht.fouten = Bericht.Status.VERZONDEN, nu, []
        bericht.save()
        _na_ontvangst(bericht, antwoord)
        return Verzending(bericht)
    bericht.status = Bericht.Status.GEWEIGERD
    bericht.fouten = antwoord.fouten or [f"DUO weigerde het bericht (HTTP {antwoord.status})."]
    bericht.save()
    _afhankelijke_weigeren(bericht)
    if bericht.casus_id:
        case_services.tijdlijn_toevoegen(
            casus=bericht.casus,
            soort="duo",
            titel=f"DUO weigerde de melding: {bericht.get_soort_display()}",
            omschrijving=" ".join(bericht.fouten),
            url=reverse("duo:casus", kwargs={"casus_pk": bericht.casus_id}),
        )
    return Verzending(bericht)


def _na_ontvangst(bericht: Bericht, antwoord) -> None:
    """What an accepted melding changes locally: the contactpersoon's id, the stand at DUO."""
    if bericht.operatie == "createContactpersoon" and isinstance(antwoord.data, dict) and antwoord.data.get("id"):
        pk = int(bericht.bron_object.split(":", 1)[1])
        DuoContactpersoon.objects.filter(pk=pk).update(duo_id=int(antwoord.data["id"]))
    if bericht.casus_id is None:
        return
    body = bericht.body or {}
    velden = {}
    if bericht.soort == Bericht.Soort.PIP:
        velden = {
            "pip_dagtekening": rules.datum(body.get("dagtekeningPip")),
            "pip_leerroute": body.get("leerroute", ""),
            "pip_niveau": body.get("niveau", ""),
            "pip_gemeentecode": register.gemeentecode(bericht.gemeente),
        }
    elif bericht.soort == Bericht.Soort.MAP:
        velden = {"map_datum": rules.datum(body.get("datumEindgesprekMap"))}
    elif bericht.soort == Bericht.Soort.PVT:
        velden = {"pvt_datum": rules.datum(body.get("datumOndertekeningPvt"))}
    elif bericht.soort == Bericht.Soort.ZROUTE:
        velden = {"zroute_datum": rules.datum(body.get("datumAfrondingZroute"))}
    if velden:
        stand = _stand(bericht.casus)
        for key, value in velden.items():
            setattr(stand, key, value)
        stand.save()


@service
def sweep(*, nu=None, batch: int | None = None, door=None) -> dict:
    """The beat task's work: release claims of workers that died, pick the outbox rows and the
    notifications that are due. Returns the ids to queue (after this transaction commits)."""
    nu = nu or _nu()
    batch = batch or settings.DUO_SWEEP_BATCH
    lease = _lease()
    vrijgegeven = Bericht.objects.filter(status=Bericht.Status.BEZIG, geclaimd_op__lt=nu - lease).update(
        status=Bericht.Status.WACHTEND, volgende_poging_op=nu, geclaimd_op=None
    )
    skip = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    klaar = Q(hangt_af_van__isnull=True) | Q(hangt_af_van__status=Bericht.Status.VERZONDEN)
    berichten = list(
        Bericht.objects.select_for_update(of=("self",), **skip)
        .filter(klaar, status=Bericht.Status.WACHTEND, volgende_poging_op__lte=nu)
        .filter(Q(ingepland_op__isnull=True) | Q(ingepland_op__lt=nu - lease))
        .order_by("volgende_poging_op", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    Bericht.objects.filter(pk__in=berichten).update(ingepland_op=nu)
    notificaties = list(
        Notificatie.objects.select_for_update(**skip)
        .filter(status=Notificatie.Status.ONTVANGEN, volgende_poging_op__lte=nu)
        .order_by("volgende_poging_op", "pk")
        .values_list("pk", flat=True)[:batch]
    )
    Notificatie.objects.filter(pk__in=notificaties).update(volgende_poging_op=nu + lease)
    return {"berichten": berichten, "notificaties": notificaties, "vrijgegeven": vrijgegeven}


# ============================================================================================
# Raadplegingen on demand, institutions, retention
# ============================================================================================

VERVERSEN = (
    rules.PLICHT,
    rules.DOELGROEP_OP,
    rules.TERMIJN_OP,
    rules.PIP_OP,
    rules.LBT_EXAMENNUMMER,
    rules.LBT_RESULTATEN,
    rules.EXAMENS,
    "getGratisPogingenTegoedByBsn",
    "getMapByBsn",
    "getPvtByBsn",
    "getGevolgdeUrenByBsn",
)


def casus_verversen(*, casus_id: int, client: DuoClient | None = None) -> DuoStand:
    """Fetch what DUO knows of the person of a case and store it on the case's stand."""
    casus = Casus.objects.select_related("inburgeraar", "gemeente").get(pk=casus_id)
    client = client or client_voor(casus.gemeente)
    gegevens = {}
    for operatie in VERVERSEN:
        try:
            gegevens[operatie] = client.raadplegen(operatie, bsn=casus.inburgeraar.bsn)
        except DuoGeweigerd:
            gegevens[operatie] = None
    return _verversing_opslaan(casus_id=casus_id, gegevens=gegevens)


@service
def _verversing_opslaan(*, casus_id: int, gegevens: dict, door=None) -> DuoStand:
    casus = Casus.objects.get(pk=casus_id)
    stand = _stand_bijwerken(casus, gegevens, Uitkomst()) or _stand(casus)
    stand.map_datum = rules.datum((gegevens.get("getMapByBsn") or {}).get("datumEindgesprekMap"))
    stand.pvt_datum = rules.datum((gegevens.get("getPvtByBsn") or {}).get("datumOndertekeningPvt"))
    stand.gratispogingen = gegevens.get("getGratisPogingenTegoedByBsn") or []
    stand.uren = gegevens.get("getGevolgdeUrenByBsn") or []
    stand.save()
    return stand


def verversen_inplannen(*, casus: Casus, door) -> bool:
    """Queue fetching what DUO knows of the case, best effort (nothing is written first): False when the
    broker cannot be reached, for the screen to say so."""
    from inburgering.celery import inplannen

    from .tasks import casus_verversen

    if not permissions.mag_casus_bewerken(door, casus):
        raise PermissionDenied("U mag deze casus niet bijwerken.")
    _koppeling_controleren(casus)
    return inplannen(casus_verversen, casus.pk)


def instellingen_verversen(*, client: DuoClient | None = None) -> int:
    """DUO's list of institutions with a keurmerk (GET /instellingen), stored locally."""
    if client is None:
        gemeente = next((g for g in Gemeente.objects.exclude(oin="") if len(g.oin.strip()) == 20), None)
        if gemeente is None:
            return 0
        client = client_voor(gemeente)
    lijst = client.raadplegen("getInstellingen") or []
    return _instellingen_opslaan(lijst=lijst)


@service
def _instellingen_opslaan(*, lijst: list, door=None) -> int:
    for item in lijst:
        Opleidingsinstelling.objects.update_or_create(
            instellingsnummer=item["instellingsnummer"],
            defaults={
                "naam": item.get("naam", "")[:128],
                "plaatsnaam": item.get("plaatsnaam", "")[:40],
                "bow_keurmerk": bool(item.get("indicatieBowKeurmerk")),
                "tst_keurmerk": bool(item.get("indicatieTstKeurmerk")),
            },
        )
    return len(lijst)


def anonimiseren(sender, casus, inburgeraar, **kwargs):
    """Retention (cases.signals.casus_anonimiseren): the BSN and message contents go, the facts stay."""
    casussen = inburgeraar.casussen.all()
    Notificatie.objects.filter(Q(casus__in=casussen) | Q(bsn_hmac=inburgeraar.bsn_hmac)).update(
        bsn_versleuteld="", bsn_hmac="", bsn_laatste4="", v_nummer=None, resultaat=""
    )
    Bericht.objects.filter(casus__in=casussen).update(
        bsn_versleuteld="", bsn_hmac="", bsn_laatste4="", body=None, antwoord=None
    )
    DuoStand.objects.filter(casus__in=casussen).delete()
