"""The one write path of handhaving: the procedure from signal to paid fine, the boetebeschikking, bezwaar.

Every function takes keyword-only arguments and the acting user (`door`), runs in one
transaction with `door` on the history rows (`@service`), locks the case row (and checks that
`door` may change the case) and the procedure row, checks the transition table
(`handhaving.workflow`) and the preconditions (`handhaving.rules`) BEFORE it writes anything,
appends a `ProcedureStap`, writes a timeline entry in the same transaction and queues the PDF
with `transaction.on_commit`. A refused step raises a ValidationError with a Dutch message.

Amounts, percentages, terms and policies are read from the dated settings (`inburgering.regels`)
and passed to the pure rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.models import Casus
from inburgering.audit import service
from inburgering.concurrency import verhoog_versie
from inburgering.regels import regel, regel_int
from inburgering.services import casus_en_rij_vergrendelen, casus_vergrendelen
from pip.models import PipVersie

from . import rules, workflow
from .models import Bezwaar, Boetebeschikking, Handhavingsprocedure, ProcedureStap, Soort
from .workflow import Status


def vandaag() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------
# Dated settings
# --------------------------------------------------------------------------------------------


def _r(code: str, op: dt.date, casus: Casus) -> Decimal:
    return regel(code, op=op, gemeente=casus.gemeente_id)


def _ri(code: str, op: dt.date, casus: Casus) -> int:
    return regel_int(code, op=op, gemeente=casus.gemeente_id)


def bedrag_instellingen(casus: Casus, op: dt.date) -> dict:
    """The keyword arguments of `rules.boetebedrag` from the dated settings valid on `op`."""
    return {
        "ladder": tuple(_r(f"boete_pip_trede_{i}", op, casus) for i in range(1, 6)),
        "percentages": {
            v: _r(f"verwijtbaarheid_{v}_pct", op, casus) for v in rules.VERWIJTBAARHEDEN if v != rules.GEEN
        },
        "brede_intake": _r("boete_brede_intake", op, casus),
    }


def eerdere_boetes(casus: Casus, soort: str, *, behalve: int | None = None) -> int:
    """Fines of this kind imposed earlier in this case (a withdrawn fine does not count)."""
    qs = Boetebeschikking.objects.filter(casus=casus, procedure__soort=soort).exclude(
        procedure__status=Status.INGETROKKEN
    )
    if behalve is not None:
        qs = qs.exclude(procedure_id=behalve)
    return qs.count()


def voorstel(procedure: Handhavingsprocedure, *, op: dt.date | None = None) -> rules.Berekening | None:
    """The amount the rules give now for this procedure (shown before the voornemen is made)."""
    if not procedure.is_boete or not procedure.verwijtbaarheid:
        return None
    casus = procedure.casus
    volgnummer = eerdere_boetes(casus, procedure.soort, behalve=procedure.pk) + 1
    return rules.berekening(
        procedure.soort,
        volgnummer,
        procedure.verwijtbaarheid,
        **bedrag_instellingen(casus, procedure.datum_constatering),
    )


def waarschuwing_nodig(procedure: Handhavingsprocedure, *, op: dt.date) -> bool:
    casus = procedure.casus
    beleid = _r("waarschuwing_voor_eerste_boete", op, casus) != 0
    return rules.waarschuwing_verplicht(
        beleid=beleid, eerdere_boetes=eerdere_boetes(casus, procedure.soort, behalve=procedure.pk)
    )


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _fouten(fouten: list[str] | dict) -> None:
    if fouten:
        raise ValidationError(fouten)


def _actie(procedure: Handhavingsprocedure, slug: str) -> None:
    try:
        workflow.controleer_actie(procedure.status, slug)
    except workflow.OngeldigeOvergang as exc:
        raise ValidationError(str(exc)) from exc


def _laatste_datum(procedure: Handhavingsprocedure) -> dt.date:
    """The date of the latest step: a next step cannot be dated before it."""
    laatste = procedure.stappen.order_by("-datum").values_list("datum", flat=True).first()
    return max(d for d in (laatste, procedure.datum_constatering) if d is not None)


def _zet_stap(
    *,
    casus: Casus,
    procedure: Handhavingsprocedure,
    naar: str,
    datum: dt.date,
    door,
    titel: str,
    motivering: str = "",
    omschrijving: str = "",
) -> Handhavingsprocedure:
    """Move the procedure to `naar`, append the step and the timeline entry (who, when, why)."""
    van = procedure.status
    procedure.status = naar
    if naar in workflow.EINDSTATUSSEN:
        procedure.afgesloten_op = datum
    procedure.full_clean()
    procedure.save()
    verhoog_versie(procedure)
    ProcedureStap.objects.create(procedure=procedure, van=van, naar=naar, datum=datum, motivering=motivering, door=door)
    tekst = f"Datum: {datum:%d-%m-%Y}."
    if omschrijving:
        tekst += f" {omschrijving}"
    if motivering:
        tekst += f"\nMotivering: {motivering}"
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="handhaving",
        door=door,
        url=procedure.get_absolute_url(),
        titel=f"Handhaving {procedure.soort_kort}: {titel}",
        omschrijving=tekst,
    )
    return procedure


# --------------------------------------------------------------------------------------------
# The procedure
# --------------------------------------------------------------------------------------------


@service
def signaal_registreren(
    *, casus: Casus, soort: str, datum_constatering: dt.date, feiten: str, door
) -> Handhavingsprocedure:
    """Record a signal. A Participatiewet signal is routed there at once: it never becomes an inburgering fine."""
    casus = casus_vergrendelen(casus, door)
    fouten = rules.datum_fouten(datum_constatering, vandaag=vandaag(), wat="De datum van de overtreding")
    if soort not in Soort.values:
        fouten.append("Kies de soort overtreding.")
    if not feiten.strip():
        fouten.append("Beschrijf de feiten: wat is er gebeurd, wanneer, en welke afspraak is niet nagekomen?")
    pip_versie = None
    if soort == rules.PIP:
        pip_versie = (
            PipVersie.objects.filter(casus=casus, status=PipVersie.Status.VASTGESTELD)
            .order_by("-versie")
            .only("pk", "versie", "dagtekening")
            .first()
        )
        if pip_versie is None:
            fouten.append("Er is geen vastgesteld PIP: zonder PIP zijn er geen PIP-afspraken om na te komen.")
        elif datum_constatering and datum_constatering < pip_versie.dagtekening:
            fouten.append(f"De overtreding ligt vóór de dagtekening van het PIP ({pip_versie.dagtekening:%d-%m-%Y}).")
    _fouten(fouten)
    procedure = Handhavingsprocedure(
        casus=casus,
        soort=soort,
        datum_constatering=datum_constatering,
        feiten=feiten.strip(),
        pip_versie=pip_versie,
        aangemaakt_door=door,
    )
    procedure.full_clean()
    procedure.save()
    ProcedureStap.objects.create(procedure=procedure, van="", naar=Status.SIGNAAL, datum=datum_constatering, door=door)
    case_services.tijdlijn_toevoegen(
        casus=casus,
        soort="handhaving",
        door=door,
        url=procedure.get_absolute_url(),
        titel=f"Handhaving {procedure.soort_kort}: signaal geregistreerd",
        omschrijving=f"Datum van de overtreding: {datum_constatering:%d-%m-%Y}.\n{procedure.feiten}",
    )
    if soort in rules.SIGNAAL_SOORTEN:
        _zet_stap(
            casus=casus,
            procedure=procedure,
            naar=Status.PARTICIPATIEWET,
            datum=datum_constatering,
            door=door,
            titel="doorgezet naar de Participatiewet",
            motivering="Geen inburgeringsboete: dit wordt onder de Participatiewet behandeld (maatregel op de bijstand).",
        )
    return procedure


@service
def verwijtbaarheid_beoordelen(
    *,
    procedure: Handhavingsprocedure,
    verwijtbaarheid: str,
    motivering: str,
    door,
    datum: dt.date | None = None,
    versie: int | None = None,
) -> Handhavingsprocedure:
    """No culpability ends the procedure without a fine; any other degree sets the percentage."""
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    datum = datum or vandaag()
    naar = Status.AFGEZIEN if verwijtbaarheid == rules.GEEN else Status.BEOORDEELD
    _actie(procedure, "verwijtbaarheid")
    _fouten(
        rules.verwijtbaarheid_fouten(verwijtbaarheid=verwijtbaarheid, motivering=motivering)
        + rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure))
    )
    procedure.verwijtbaarheid = verwijtbaarheid
    procedure.verwijtbaarheid_motivering = motivering.strip()
    titel = (
        "geen verwijtbaarheid, geen boete"
        if naar == Status.AFGEZIEN
        else f"verwijtbaarheid beoordeeld: {rules.VERWIJTBAARHEID_LABELS[verwijtbaarheid]}"
    )
    return _zet_stap(
        casus=casus, procedure=procedure, naar=naar, datum=datum, door=door, titel=titel, motivering=motivering.strip()
    )


@service
def waarschuwing_vastleggen(
    *, procedure: Handhavingsprocedure, datum: dt.date, inhoud: str, door, versie: int | None = None
) -> Handhavingsprocedure:
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "waarschuwing")
    fouten = rules.datum_fouten(
        datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure), wat="De datum van de waarschuwing"
    )
    if not inhoud.strip():
        fouten.append("Leg vast waarvoor is gewaarschuwd en wat de inburgeraar moet doen om een boete te voorkomen.")
    _fouten(fouten)
    procedure.waarschuwing_op = datum
    procedure.waarschuwing_inhoud = inhoud.strip()
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.GEWAARSCHUWD,
        datum=datum,
        door=door,
        titel="schriftelijke waarschuwing verstuurd",
        omschrijving=inhoud.strip(),
    )


@service
def voornemen_vastleggen(
    *,
    procedure: Handhavingsprocedure,
    datum: dt.date,
    door,
    bedrag: Decimal | None = None,
    verlaging_motivering: str = "",
    versie: int | None = None,
) -> Handhavingsprocedure:
    """The intention to fine: the amount follows from the rules (a lower one only with a motivation)."""
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "voornemen")
    fouten = rules.datum_fouten(
        datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure), wat="De datum van het voornemen"
    )
    fouten += rules.voornemen_fouten(
        verwijtbaarheid=procedure.verwijtbaarheid,
        waarschuwing_nodig=waarschuwing_nodig(procedure, op=datum or vandaag()),
        gewaarschuwd=procedure.waarschuwing_op is not None,
    )
    _fouten(fouten)
    berekening = voorstel(procedure)
    bedrag = berekening.bedrag if bedrag is None else Decimal(bedrag).quantize(rules.CENT)
    bedrag_fouten = rules.bedrag_fouten(berekend=berekening.bedrag, bedrag=bedrag, motivering=verlaging_motivering)
    if bedrag_fouten:
        raise ValidationError({"bedrag": bedrag_fouten})
    procedure.voornemen_op = datum
    procedure.zienswijze_tot = rules.weken_later(datum, _ri("zienswijze_termijn_weken", datum, casus))
    procedure.volgnummer = berekening.volgnummer
    procedure.berekend_bedrag = berekening.bedrag
    procedure.bedrag = bedrag
    procedure.berekening = berekening.uitleg
    procedure.verlaging_motivering = verlaging_motivering.strip() if bedrag < berekening.bedrag else ""
    omschrijving = berekening.uitleg
    if bedrag < berekening.bedrag:
        omschrijving += f" Verlaagd naar {rules.euro(bedrag)} wegens bijzondere omstandigheden."
    omschrijving += f" Zienswijze mogelijk tot en met {procedure.zienswijze_tot:%d-%m-%Y}."
    if rules.hoorplicht(bedrag, drempel=_r("boete_hoorplicht_drempel", datum, casus)):
        omschrijving += " Het bedrag ligt boven de drempel: de inburgeraar wordt gehoord."
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.VOORNEMEN,
        datum=datum,
        door=door,
        titel=f"voornemen tot boete van {rules.euro(bedrag)}",
        motivering=procedure.verlaging_motivering,
        omschrijving=omschrijving,
    )


@service
def zienswijze_vastleggen(
    *, procedure: Handhavingsprocedure, soort: str, datum: dt.date, samenvatting: str, door, versie: int | None = None
) -> Handhavingsprocedure:
    """The written zienswijze, the hearing, a no-show at the hearing, or no reaction after the term."""
    from .models import Zienswijze

    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "zienswijze")
    fouten = rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure))
    if soort not in Zienswijze.values:
        fouten.append("Kies hoe de inburgeraar heeft gereageerd.")
    fouten += rules.zienswijze_fouten(
        soort=soort, datum=datum, zienswijze_tot=procedure.zienswijze_tot, samenvatting=samenvatting
    )
    _fouten(fouten)
    procedure.zienswijze_soort = soort
    procedure.zienswijze_op = datum
    procedure.zienswijze_samenvatting = samenvatting.strip()
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.GEHOORD,
        datum=datum,
        door=door,
        titel=Zienswijze(soort).label.lower(),
        omschrijving=samenvatting.strip(),
    )


@service
def juridische_toets_vastleggen(
    *,
    procedure: Handhavingsprocedure,
    datum: dt.date,
    jurist: str,
    akkoord: bool,
    motivering: str,
    door,
    versie: int | None = None,
) -> Handhavingsprocedure:
    """The legal review; a negative review ends the procedure without a fine."""
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    naar = Status.JURIDISCH_GETOETST if akkoord else Status.AFGEZIEN
    _actie(procedure, "juridische-toets")
    fouten = rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure))
    if not jurist.strip():
        fouten.append("Vul in welke jurist de boete heeft getoetst.")
    if not motivering.strip():
        fouten.append("Geef de motivering van de juridische toets.")
    _fouten(fouten)
    procedure.juridische_toets_op = datum
    procedure.jurist = jurist.strip()
    procedure.juridische_toets_akkoord = bool(akkoord)
    procedure.juridische_toets_motivering = motivering.strip()
    titel = (
        f"juridische toets akkoord ({jurist.strip()})"
        if akkoord
        else f"juridische toets niet akkoord ({jurist.strip()}): geen boete"
    )
    return _zet_stap(
        casus=casus, procedure=procedure, naar=naar, datum=datum, door=door, titel=titel, motivering=motivering.strip()
    )


def kenmerk(casus: Casus, dagtekening: dt.date) -> str:
    n = Boetebeschikking.objects.filter(casus=casus).count() + 1
    return f"INB/{dagtekening.year}/{casus.pk:06d}/BOETE{n}"


@service
def boete_opleggen(
    *,
    procedure: Handhavingsprocedure,
    dagtekening: dt.date,
    door,
    bedrag: Decimal | None = None,
    verlaging_motivering: str = "",
    versie: int | None = None,
) -> Boetebeschikking:
    """The boetebeschikking: only after the hearing (above the threshold) and the legal review (asiel)."""
    from .pdf import render_html

    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "opleggen")
    fouten = rules.datum_fouten(
        dagtekening, vandaag=vandaag(), niet_voor=_laatste_datum(procedure), wat="De dagtekening"
    )
    bedrag = procedure.bedrag if bedrag is None else Decimal(bedrag).quantize(rules.CENT)
    fouten += rules.bedrag_fouten(berekend=procedure.bedrag, bedrag=bedrag, motivering=verlaging_motivering)
    fouten += rules.opleggen_fouten(
        bedrag=bedrag,
        hoorplicht_drempel=_r("boete_hoorplicht_drempel", dagtekening or vandaag(), casus),
        zienswijze_soort=procedure.zienswijze_soort,
        toets_verplicht=rules.juridische_toets_verplicht(casus.doelgroep),
        toets_akkoord=procedure.juridische_toets_akkoord,
    )
    _fouten(fouten)
    if bedrag < procedure.bedrag:
        procedure.verlaging_motivering = "\n".join(
            m for m in (procedure.verlaging_motivering, verlaging_motivering.strip()) if m
        )
        procedure.bedrag = bedrag
    procedure.te_betalen = bedrag
    beschikking = Boetebeschikking(
        procedure=procedure,
        casus=casus,
        kenmerk=kenmerk(casus, dagtekening),
        dagtekening=dagtekening,
        bedrag=bedrag,
        betalen_voor=rules.weken_later(dagtekening, _ri("boete_betaaltermijn_weken", dagtekening, casus)),
        einde_bezwaartermijn=rules.einde_bezwaartermijn(dagtekening, _ri("bezwaartermijn_weken", dagtekening, casus)),
        vastgesteld_door=door,
    )
    beschikking.full_clean(exclude=["procedure"])
    procedure = _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.OPGELEGD,
        datum=dagtekening,
        door=door,
        titel=f"boetebeschikking van {rules.euro(bedrag)} opgelegd",
        motivering=verlaging_motivering.strip(),
        omschrijving=f"Kenmerk {beschikking.kenmerk}. Betalen vóór {beschikking.betalen_voor:%d-%m-%Y}.",
    )
    beschikking.procedure = procedure
    beschikking.beschikking_html = render_html(beschikking)
    beschikking.save()
    beschikking_id = beschikking.pk
    transaction.on_commit(lambda: _pdf_inplannen(beschikking_id))
    return beschikking


def _pdf_inplannen(beschikking_id: int) -> None:
    """On commit, best effort: with the broker down the beschikking waits for `boetebeschikking_pdf_sweep`."""
    from inburgering.celery import inplannen

    from .tasks import boetebeschikking_pdf_maken

    inplannen(boetebeschikking_pdf_maken, beschikking_id)


@service
def boetebeschikking_pdf_opslaan(*, beschikking_id: int, inhoud: bytes) -> Boetebeschikking:
    """Store the PDF of a boetebeschikking, once. A second call keeps the first PDF."""
    beschikking = (
        Boetebeschikking.objects.select_for_update(of=("self",)).select_related("procedure").get(pk=beschikking_id)
    )
    if beschikking.pdf:
        return beschikking
    if not inhoud.startswith(b"%PDF-"):
        raise ValidationError("De boetebeschikking is geen PDF.")
    beschikking.pdf.save("boetebeschikking.pdf", ContentFile(inhoud), save=False)
    beschikking.pdf_sha256 = hashlib.sha256(inhoud).hexdigest()
    beschikking.pdf_gemaakt_op = timezone.now()
    beschikking.save(update_fields=["pdf", "pdf_sha256", "pdf_gemaakt_op"])
    case_services.tijdlijn_toevoegen(
        casus=beschikking.casus,
        soort="handhaving",
        door=None,
        url=beschikking.procedure.get_absolute_url(),
        titel="Boetebeschikking (PDF) gemaakt",
        omschrijving=f"Kenmerk {beschikking.kenmerk}",
    )
    return beschikking


@service
def boete_afzien(
    *, procedure: Handhavingsprocedure, datum: dt.date, motivering: str, door, versie: int | None = None
) -> Handhavingsprocedure:
    """End the procedure without a fine (e.g. the person complied after the warning, or the zienswijze convinced)."""
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "afzien")
    fouten = rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure))
    if not motivering.strip():
        fouten.append("Motiveer waarom van een boete wordt afgezien.")
    _fouten(fouten)
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.AFGEZIEN,
        datum=datum,
        door=door,
        titel="afgezien van een boete",
        motivering=motivering.strip(),
    )


@service
def signaal_doorzetten(
    *, procedure: Handhavingsprocedure, datum: dt.date, motivering: str, door, versie: int | None = None
) -> Handhavingsprocedure:
    """A duty under the Participatiewet (e.g. inside a broad PIP): a bijstand measure, not this fine."""
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "participatiewet")
    fouten = rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure))
    if not motivering.strip():
        fouten.append("Motiveer waarom dit onder de Participatiewet valt, en aan wie het is doorgegeven.")
    _fouten(fouten)
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.PARTICIPATIEWET,
        datum=datum,
        door=door,
        titel="doorgezet naar de Participatiewet",
        motivering=motivering.strip(),
    )


@service
def boete_betaald(
    *, procedure: Handhavingsprocedure, datum: dt.date, door, toelichting: str = "", versie: int | None = None
) -> Handhavingsprocedure:
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "betaald")
    _fouten(rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure), wat="De betaaldatum"))
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.BETAALD,
        datum=datum,
        door=door,
        titel=f"boete van {rules.euro(procedure.te_betalen)} betaald",
        motivering=toelichting.strip(),
    )


@service
def boete_invorderen(
    *, procedure: Handhavingsprocedure, datum: dt.date, motivering: str, door, versie: int | None = None
) -> Handhavingsprocedure:
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "invordering")
    fouten = rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure))
    beschikking = procedure.beschikking
    if datum and datum <= beschikking.betalen_voor:
        fouten.append(f"De betaaltermijn loopt nog tot {beschikking.betalen_voor:%d-%m-%Y}: invorderen kan daarna.")
    _fouten(fouten)
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.INVORDERING,
        datum=datum,
        door=door,
        titel=f"invordering gestart ({rules.euro(procedure.te_betalen)})",
        motivering=motivering.strip(),
    )


@service
def boete_kwijtschelden(
    *, procedure: Handhavingsprocedure, datum: dt.date, motivering: str, door, versie: int | None = None
) -> Handhavingsprocedure:
    casus, procedure = casus_en_rij_vergrendelen(procedure, door, versie)
    _actie(procedure, "kwijtschelding")
    fouten = rules.datum_fouten(datum, vandaag=vandaag(), niet_voor=_laatste_datum(procedure))
    if not motivering.strip():
        fouten.append("Motiveer de kwijtschelding (bijvoorbeeld: geen betalingscapaciteit).")
    _fouten(fouten)
    return _zet_stap(
        casus=casus,
        procedure=procedure,
        naar=Status.KWIJTGESCHOLDEN,
        datum=datum,
        door=door,
        titel=f"boete van {rules.euro(procedure.te_betalen)} kwijtgescholden",
        motivering=motivering.strip(),
    )


# --------------------------------------------------------------------------------------------
# Bezwaar against any beschikking of the case (PIP versions and fines)
# --------------------------------------------------------------------------------------------


def _bezwaar_tijdlijn(bezwaar: Bezwaar, *, titel: str, door, omschrijving: str = "") -> None:
    case_services.tijdlijn_toevoegen(
        casus=bezwaar.casus,
        soort="bezwaar",
        door=door,
        url=bezwaar.get_absolute_url(),
        titel=f"Bezwaar tegen {bezwaar.beschikking_label}: {titel}",
        omschrijving=omschrijving,
    )


@service
def bezwaar_registreren(
    *,
    casus: Casus,
    ontvangen_op: dt.date,
    gronden: str,
    door,
    pip_versie: PipVersie | None = None,
    boetebeschikking: Boetebeschikking | None = None,
) -> Bezwaar:
    """Register a bezwaar with its decision deadline; a bezwaar against a fine puts the procedure 'in bezwaar'."""
    casus = casus_vergrendelen(casus, door)
    if (pip_versie is None) == (boetebeschikking is None):
        raise ValidationError({"beschikking": "Kies de beschikking waartegen bezwaar is gemaakt."})
    beschikking = pip_versie or boetebeschikking
    if beschikking.casus_id != casus.pk:
        raise ValidationError({"beschikking": "Deze beschikking hoort niet bij deze casus."})
    if pip_versie is not None and not pip_versie.is_vastgesteld:
        raise ValidationError({"beschikking": "Tegen een concept-PIP kan geen bezwaar worden gemaakt."})
    open_qs = Bezwaar.objects.filter(uitkomst="")
    open_qs = open_qs.filter(pip_versie=pip_versie) if pip_versie else open_qs.filter(boetebeschikking=boetebeschikking)
    if open_qs.exists():
        raise ValidationError({"beschikking": "Tegen deze beschikking loopt al een bezwaar."})
    fouten = rules.datum_fouten(
        ontvangen_op, vandaag=vandaag(), niet_voor=beschikking.dagtekening, wat="De datum van ontvangst"
    )
    if not gronden.strip():
        fouten.append("Vat de gronden van het bezwaar samen.")
    procedure = None
    if boetebeschikking is not None:
        procedure = Handhavingsprocedure.objects.select_for_update().get(pk=boetebeschikking.procedure_id)
        try:
            workflow.controleer_overgang(procedure.status, Status.IN_BEZWAAR)
        except workflow.OngeldigeOvergang:
            fouten.append(f"De boete is {procedure.get_status_display().lower()}: daartegen loopt geen bezwaar meer.")
    _fouten(fouten)
    einde = rules.einde_bezwaartermijn(
        beschikking.dagtekening, _ri("bezwaartermijn_weken", beschikking.dagtekening, casus)
    )
    bezwaar = Bezwaar(
        casus=casus,
        pip_versie=pip_versie,
        boetebeschikking=boetebeschikking,
        ontvangen_op=ontvangen_op,
        gronden=gronden.strip(),
        einde_bezwaartermijn=einde,
        te_laat=rules.bezwaar_te_laat(ontvangen_op, einde),
        beslissen_voor=rules.beslistermijn_bezwaar(
            einde_bezwaartermijn=einde,
            ontvangen_op=ontvangen_op,
            weken=_ri("bezwaar_beslistermijn_weken", ontvangen_op, casus),
        ),
        aangemaakt_door=door,
    )
    bezwaar.full_clean()
    bezwaar.save()
    omschrijving = f"Ontvangen op {ontvangen_op:%d-%m-%Y}; beslissen vóór {bezwaar.beslissen_voor:%d-%m-%Y}."
    if bezwaar.te_laat:
        omschrijving += f" Let op: ontvangen na het einde van de bezwaartermijn ({einde:%d-%m-%Y})."
    _bezwaar_tijdlijn(bezwaar, titel="ontvangen", door=door, omschrijving=omschrijving)
    if procedure is not None:
        procedure.casus = casus
        _zet_stap(
            casus=casus,
            procedure=procedure,
            naar=Status.IN_BEZWAAR,
            datum=ontvangen_op,
            door=door,
            titel="bezwaar ontvangen",
            omschrijving=omschrijving,
        )
    return bezwaar


def _vergrendel_bezwaar(bezwaar: Bezwaar, door, versie: int | None = None) -> tuple[Casus, Bezwaar]:
    casus, bezwaar = casus_en_rij_vergrendelen(
        bezwaar, door, versie, queryset=Bezwaar.objects.select_related("pip_versie", "boetebeschikking")
    )
    if not bezwaar.is_open:
        raise ValidationError("Op dit bezwaar is al beslist.")
    return casus, bezwaar


@service
def bezwaar_horen(
    *,
    bezwaar: Bezwaar,
    door,
    datum: dt.date | None = None,
    verslag: str = "",
    afgezien_reden: str = "",
    versie: int | None = None,
) -> Bezwaar:
    """The hearing in bezwaar (Awb 7:2), or the recorded reason to leave it out (Awb 7:3)."""
    casus, bezwaar = _vergrendel_bezwaar(bezwaar, door, versie)
    if datum is None and not afgezien_reden.strip():
        raise ValidationError("Vul de datum van de hoorzitting in, of waarom van horen is afgezien.")
    fouten = []
    if datum is not None:
        fouten += rules.datum_fouten(
            datum, vandaag=vandaag(), niet_voor=bezwaar.ontvangen_op, wat="De datum van de hoorzitting"
        )
        if not verslag.strip():
            fouten.append("Vat samen wat er op de hoorzitting is gezegd.")
    _fouten(fouten)
    if datum is not None:
        bezwaar.hoorzitting_op, bezwaar.hoorzitting_verslag = datum, verslag.strip()
        titel, omschrijving = f"hoorzitting op {datum:%d-%m-%Y}", verslag.strip()
    else:
        bezwaar.horen_afgezien_reden = afgezien_reden.strip()
        titel, omschrijving = "afgezien van horen", afgezien_reden.strip()
    bezwaar.full_clean()
    bezwaar.save()
    verhoog_versie(bezwaar)
    _bezwaar_tijdlijn(bezwaar, titel=titel, door=door, omschrijving=omschrijving)
    return bezwaar


@service
def bezwaar_beslissen(
    *,
    bezwaar: Bezwaar,
    uitkomst: str,
    beslist_op: dt.date,
    motivering: str,
    gevolg: str,
    door,
    nieuw_bedrag: Decimal | None = None,
    versie: int | None = None,
) -> Bezwaar:
    """The decision on bezwaar and what follows: the fine stays, is lowered or withdrawn; a new PIP version."""
    from pip import services as pip_services

    casus, bezwaar = _vergrendel_bezwaar(bezwaar, door, versie)
    procedure = None
    if bezwaar.boetebeschikking_id:
        procedure = Handhavingsprocedure.objects.select_for_update().get(pk=bezwaar.boetebeschikking.procedure_id)
        procedure.casus = casus
    fouten = rules.datum_fouten(
        beslist_op, vandaag=vandaag(), niet_voor=bezwaar.ontvangen_op, wat="De datum van de beslissing"
    )
    fouten += rules.bezwaar_beslissing_fouten(
        tegen=bezwaar.tegen,
        uitkomst=uitkomst,
        gevolg=gevolg,
        motivering=motivering,
        gehoord=bezwaar.hoorzitting_op is not None,
        horen_afgezien_reden=bezwaar.horen_afgezien_reden,
        nieuw_bedrag=nieuw_bedrag,
        huidig_bedrag=procedure.te_betalen if procedure else None,
    )
    _fouten(fouten)
    bezwaar.uitkomst = uitkomst
    bezwaar.beslist_op = beslist_op
    bezwaar.beslissing_motivering = motivering.strip()
    bezwaar.gevolg = gevolg
    bezwaar.nieuw_bedrag = nieuw_bedrag if gevolg == rules.BOETE_VERLAAGD else None
    if gevolg == rules.NIEUWE_PIP_VERSIE:
        bezwaar.nieuwe_pip_versie = pip_services.pip_concept_aanmaken(
            casus=casus,
            door=door,
            reden="overig",
            reden_toelichting=(
                f"Beslissing op bezwaar van {beslist_op:%d-%m-%Y} tegen PIP versie {bezwaar.pip_versie.versie} "
                f"({bezwaar.get_uitkomst_display().lower()}): {motivering.strip()}"
            ),
        )
    bezwaar.full_clean()
    bezwaar.save()
    verhoog_versie(bezwaar)
    uitkomst_label = bezwaar.get_uitkomst_display().lower()
    _bezwaar_tijdlijn(
        bezwaar,
        titel=f"beslist: {uitkomst_label} – {bezwaar.get_gevolg_display().lower()}",
        door=door,
        omschrijving=f"Beslist op {beslist_op:%d-%m-%Y}.\nMotivering: {motivering.strip()}",
    )
    if procedure is not None:
        if gevolg == rules.BOETE_INGETROKKEN:
            naar, titel = Status.INGETROKKEN, "boete ingetrokken na bezwaar"
        else:
            naar, titel = Status.OPGELEGD, f"bezwaar {uitkomst_label}"
            if gevolg == rules.BOETE_VERLAAGD:
                procedure.te_betalen = Decimal(nieuw_bedrag).quantize(rules.CENT)
                titel += f": boete verlaagd naar {rules.euro(procedure.te_betalen)}"
        _zet_stap(
            casus=casus,
            procedure=procedure,
            naar=naar,
            datum=beslist_op,
            door=door,
            titel=titel,
            motivering=motivering.strip(),
        )
    return bezwaar
