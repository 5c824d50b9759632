"""The one write path of ontzorgen, maatschappelijke begeleiding and participation.

Every function takes keyword-only arguments and the acting user (`door`), runs in one
transaction with the acting user on the history rows (`@service`), locks the case row (and
the ontzorgen row where its state changes), checks that `door` may change the case,
validates with `full_clean` and writes a timeline entry in the same transaction.

A refused machtiging is a Participatiewet signal for the bijstand side; nothing here ever
creates an inburgering fine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import services as case_services
from cases.models import Casus
from inburgering.audit import service
from inburgering.concurrency import Conflict, controleer_versie, verhoog_versie
from inburgering.regels import regel_int
from inburgering.services import casus_en_rij_vergrendelen, casus_vergrendelen, labels, velden_zetten
from intake.models import Participatietrede
from pip.rules import datum_nl as _d

from . import rules, selectors
from .models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    OntzorgenEvaluatie,
    ParticipatieActiviteit,
    ParticipatiewetSignaal,
    TrainingFinancieleZelfredzaamheid,
    TredeMeting,
    Uitstroom,
    VasteLast,
)

ONTZORGEN_VELDEN = ("pip_versie", "verblijfsvergunning_asiel", "bijstand_vanaf", "beschikking_datum")
VASTE_LAST_VELDEN = ("soort", "begunstigde", "kenmerk", "bedrag", "frequentie", "startdatum", "einddatum")
MACHTIGING_VELDEN = ("machtiging", "machtiging_datum", "machtiging_toelichting")
TRAINING_VELDEN = ("aanbieder", "startdatum", "einddatum", "afgerond", "toelichting")
BEGELEIDING_VELDEN = (
    "pip_versie",
    "aanbieder",
    "startdatum",
    "einddatum",
    "praktische_hulp",
    "informatie_samenleving",
    "kennismaking_omgeving",
    "overige_onderdelen",
    "uren",
    "eindverslag",
    "afgesloten_op",
)
ACTIVITEIT_VELDEN = (
    "soort",
    "aanbieder",
    "omschrijving",
    "startdatum",
    "einddatum",
    "uren_per_week",
    "uren",
    "nederlandstalig",
)
UITSTROOM_VELDEN = ("datum", "soort", "toelichting")


def _bestaande_rij(model, casus: Casus, versie: int | None):
    """The locked row of this case (or None); a stale `versie`, or 0 (a form that made it) while it exists: Conflict."""
    rij = model.objects.select_for_update(of=("self",)).filter(casus=casus).first()
    if rij is not None:
        controleer_versie(rij, versie)
    return rij


def _tijdlijn(casus: Casus, door, titel: str, omschrijving: str = "", *, soort: str = "ontzorgen", url: str = ""):
    return case_services.tijdlijn_toevoegen(
        casus=casus, soort=soort, titel=titel, omschrijving=omschrijving, door=door, url=url
    )


def _url(name: str, casus: Casus) -> str:
    return reverse(f"ontzorgen:{name}", kwargs={"casus_pk": casus.pk})


def _periode_en_evaluatie(ontzorgen: Ontzorgen, gemeente) -> None:
    """Set the minimum period from the dated setting valid on the start, and the evaluation due date."""
    maanden = regel_int(rules.MIN_MAANDEN_CODE, op=ontzorgen.bijstand_vanaf, gemeente=gemeente)
    ontzorgen.minimale_maanden = maanden
    ontzorgen.minimaal_tot = rules.ontzorgen_minimaal_tot(ontzorgen.bijstand_vanaf, months=maanden)
    _evaluatie_plannen(ontzorgen, gemeente)


def _evaluatie_plannen(ontzorgen: Ontzorgen, gemeente) -> None:
    """The due date of the next evaluation: before the end of the current (minimum or extended) period.

    None once an evaluation decided to stop or taper off: there is no further period to evaluate.
    """
    if ontzorgen.einddatum is not None:
        ontzorgen.evaluatie_uiterlijk = None
        return
    eind = ontzorgen.verlengd_tot or ontzorgen.minimaal_tot
    weken = regel_int(rules.EVALUATIE_WEKEN_CODE, op=eind, gemeente=gemeente)
    ontzorgen.evaluatie_uiterlijk = rules.evaluatie_uiterlijk(eind, weeks=weken)


def _vaste_last_bewaren(ontzorgen: Ontzorgen, last: VasteLast, data: dict[str, Any]) -> list[str]:
    changed = velden_zetten(last, data, VASTE_LAST_VELDEN)
    if last.pk is None and last.soort_id and not last.soort.actief:
        raise ValidationError({"soort": f"De soort '{last.soort}' is niet meer actief."})
    if last.startdatum and last.startdatum < ontzorgen.bijstand_vanaf:
        raise ValidationError(
            {
                "startdatum": f"Het ontzorgen begint op {_d(ontzorgen.bijstand_vanaf)}; een betaling kan niet eerder beginnen."
            }
        )
    last.full_clean()
    if last.pk is None or changed:
        last.save()
    return changed


def _vaste_last_tekst(last: VasteLast) -> str:
    return f"{last.soort}: {rules.euro(last.bedrag)} {last.get_frequentie_display().lower()} aan {last.begunstigde}, vanaf {_d(last.startdatum)}"


# --------------------------------------------------------------------------------------------
# Financieel ontzorgen
# --------------------------------------------------------------------------------------------


@service
def ontzorgen_starten(
    *, casus: Casus, data: dict[str, Any], door, vaste_lasten: list[dict[str, Any]] | None = None
) -> Ontzorgen:
    """Start financieel ontzorgen on the first day of the right to bijstand, with its fixed costs.

    Refused when the rule says ontzorgen does not apply (DOMAIN.md §1): only an
    asielstatushouder with an asiel permit and bijstand.
    """
    casus = casus_vergrendelen(casus, door)
    if Ontzorgen.objects.filter(casus=casus).exists():
        raise ValidationError("Deze casus heeft al een ontzorgdossier; wijzig dat.")
    ontzorgen = Ontzorgen(casus=casus, gestart_door=door)
    velden_zetten(ontzorgen, data, ONTZORGEN_VELDEN)
    bijstand = ontzorgen.bijstand_vanaf is not None
    if not rules.ontzorgen_van_toepassing(casus.doelgroep, ontzorgen.verblijfsvergunning_asiel, bijstand):
        raise ValidationError(rules.ontzorgen_reden(casus.doelgroep, ontzorgen.verblijfsvergunning_asiel, bijstand))
    _periode_en_evaluatie(ontzorgen, casus.gemeente)
    ontzorgen.full_clean()
    ontzorgen.save()
    lasten = []
    for i, regel in enumerate(vaste_lasten or []):
        last = VasteLast(ontzorgen=ontzorgen)
        try:
            _vaste_last_bewaren(ontzorgen, last, regel)
        except ValidationError as exc:
            exc.vaste_last_regel = i  # which row of `vaste_lasten`: the screen puts the error there
            raise
        lasten.append(last)
    pip = f" Voert de afspraken uit van PIP versie {ontzorgen.pip_versie.versie}." if ontzorgen.pip_versie_id else ""
    omschrijving = (
        f"Start {_d(ontzorgen.bijstand_vanaf)} (eerste dag bijstand), minimaal tot en met {_d(ontzorgen.minimaal_tot)} "
        f"({ontzorgen.minimale_maanden} maanden). Evaluatie uiterlijk {_d(ontzorgen.evaluatie_uiterlijk)}.{pip}"
    )
    if lasten:
        omschrijving += "\nVaste lasten:\n" + "\n".join(_vaste_last_tekst(last) for last in lasten)
    _tijdlijn(casus, door, "Financieel ontzorgen gestart", omschrijving, url=_url("detail", casus))
    return ontzorgen


@service
def ontzorgen_bijwerken(*, ontzorgen: Ontzorgen, data: dict[str, Any], door, versie: int | None = None) -> Ontzorgen:
    """Change the start data (PIP version, permit, start, beschikking); the period follows the start."""
    casus, ontzorgen = casus_en_rij_vergrendelen(ontzorgen, door, versie)
    changed = velden_zetten(ontzorgen, data, ONTZORGEN_VELDEN)
    if not changed:
        return ontzorgen
    if not rules.ontzorgen_van_toepassing(casus.doelgroep, ontzorgen.verblijfsvergunning_asiel, True):
        raise ValidationError(rules.ontzorgen_reden(casus.doelgroep, ontzorgen.verblijfsvergunning_asiel, True))
    if "bijstand_vanaf" in changed:
        if ontzorgen.evaluaties.exists():
            raise ValidationError(
                {"bijstand_vanaf": "Na een evaluatie verandert de start niet meer: de periode is al beoordeeld."}
            )
        eerste = ontzorgen.vaste_lasten.order_by("startdatum").values_list("startdatum", flat=True).first()
        if eerste and eerste < ontzorgen.bijstand_vanaf:
            raise ValidationError(
                {"bijstand_vanaf": f"Er loopt al een betaling vanaf {_d(eerste)}; die ligt vóór deze start."}
            )
        _periode_en_evaluatie(ontzorgen, casus.gemeente)
    ontzorgen.full_clean()
    ontzorgen.save()
    verhoog_versie(ontzorgen)
    omschrijving = f"Gewijzigd: {labels(Ontzorgen, changed)}."
    if "bijstand_vanaf" in changed:
        omschrijving += (
            f" Start {_d(ontzorgen.bijstand_vanaf)}, minimaal tot en met {_d(ontzorgen.minimaal_tot)}, "
            f"evaluatie uiterlijk {_d(ontzorgen.evaluatie_uiterlijk)}."
        )
    _tijdlijn(casus, door, "Financieel ontzorgen gewijzigd", omschrijving, url=_url("detail", casus))
    return ontzorgen


@service
def vaste_last_toevoegen(*, ontzorgen: Ontzorgen, data: dict[str, Any], door) -> VasteLast:
    """Add a fixed cost that the municipality pays from the bijstand."""
    casus, ontzorgen = casus_en_rij_vergrendelen(ontzorgen, door)
    last = VasteLast(ontzorgen=ontzorgen)
    _vaste_last_bewaren(ontzorgen, last, data)
    _tijdlijn(casus, door, f"Vaste last toegevoegd: {last.soort}", _vaste_last_tekst(last), url=_url("detail", casus))
    return last


@service
def vaste_last_wijzigen(*, last: VasteLast, data: dict[str, Any], door, versie: int | None = None) -> VasteLast:
    """Change a fixed cost; a stop date stops the payments (the row stays, with its history)."""
    casus, ontzorgen = casus_en_rij_vergrendelen(last.ontzorgen, door)
    last = VasteLast.objects.select_for_update(of=("self",)).select_related("soort").get(pk=last.pk, ontzorgen=ontzorgen)
    controleer_versie(last, versie)
    was_gestopt = last.einddatum is not None
    changed = _vaste_last_bewaren(ontzorgen, last, data)
    if changed:
        verhoog_versie(last)
        if last.einddatum and not was_gestopt:
            titel, tekst = (
                f"Vaste last gestopt: {last.soort}",
                f"Laatste betaling aan {last.begunstigde} per {_d(last.einddatum)}.",
            )
        else:
            titel, tekst = (
                f"Vaste last gewijzigd: {last.soort}",
                f"Gewijzigd: {labels(VasteLast, changed)}. Nu: {_vaste_last_tekst(last)}",
            )
        _tijdlijn(casus, door, titel, tekst, url=_url("detail", casus))
    return last


@service
def machtiging_wijzigen(*, ontzorgen: Ontzorgen, data: dict[str, Any], door, versie: int | None = None) -> Ontzorgen:
    """Record the status of the person's machtiging.

    A refusal (or a withdrawal) becomes a Participatiewet signal for the bijstand side and a
    timeline entry; it is never an inburgering fine (DOMAIN.md §6, §7).
    """
    casus, ontzorgen = casus_en_rij_vergrendelen(ontzorgen, door, versie)
    vorige = ontzorgen.machtiging
    changed = velden_zetten(ontzorgen, data, MACHTIGING_VELDEN)
    ontzorgen.full_clean()
    if not changed:
        return ontzorgen
    ontzorgen.save()
    verhoog_versie(ontzorgen)
    status = ontzorgen.get_machtiging_display().lower()
    _tijdlijn(
        casus,
        door,
        f"Machtiging ontzorgen: {status}",
        f"Per {_d(ontzorgen.machtiging_datum)}. {ontzorgen.machtiging_toelichting}".strip()
        if ontzorgen.machtiging_datum
        else ontzorgen.machtiging_toelichting,
        url=_url("detail", casus),
    )
    if ontzorgen.machtiging in rules.WEIGERING and vorige != ontzorgen.machtiging:
        signaal = ParticipatiewetSignaal(
            casus=casus,
            ontzorgen=ontzorgen,
            datum=ontzorgen.machtiging_datum,
            aanleiding=ontzorgen.machtiging,
            toelichting=ontzorgen.machtiging_toelichting,
            door=door,
        )
        signaal.full_clean()
        signaal.save()
        _tijdlijn(
            casus,
            door,
            f"Signaal Participatiewet: {signaal.get_aanleiding_display().lower()}",
            "De weigering van de machtiging wordt onder de Participatiewet afgehandeld (een maatregel op de "
            "bijstand), niet met een inburgeringsboete.",
            url=_url("detail", casus),
        )
    return ontzorgen


@service
def ontzorgen_evalueren(
    *,
    ontzorgen: Ontzorgen,
    datum: dt.date,
    besluit: str,
    tot: dt.date | None,
    motivering: str,
    door,
    versie: int | None = None,
) -> OntzorgenEvaluatie:
    """The evaluation before the end of the period: stop, taper off or extend, with a motivation.

    Stopping or tapering sets the last day of ontzorgen and stops the fixed costs still paid
    after it; extending moves the end and plans the next evaluation before the new end. A state
    change of the ontzorgen row: `versie` is the version the user started from, so an evaluation
    submitted twice (or after a colleague's) is a conflict.
    """
    casus, ontzorgen = casus_en_rij_vergrendelen(ontzorgen, door, versie)
    fouten = rules.evaluatie_fouten(
        besluit=besluit, datum=datum, tot=tot, minimaal_tot=ontzorgen.minimaal_tot, huidig_eind=ontzorgen.periode_eind
    )
    if not (motivering or "").strip():
        fouten["motivering"] = "Motiveer het besluit."
    if fouten:
        raise ValidationError(fouten)
    evaluatie = OntzorgenEvaluatie(
        ontzorgen=ontzorgen,
        datum=datum,
        besluit=besluit,
        tot=tot,
        motivering=motivering,
        uiterlijk=ontzorgen.evaluatie_uiterlijk,
        door=door,
    )
    evaluatie.full_clean()
    evaluatie.save()
    gestopt = []
    if besluit == rules.VERLENGEN:
        ontzorgen.verlengd_tot, ontzorgen.einddatum = tot, None
    else:
        ontzorgen.einddatum = tot
        for last in ontzorgen.vaste_lasten.select_for_update(of=("self",)).select_related("soort"):
            if last.einddatum is None or last.einddatum > tot:
                last.einddatum = tot
                last.save(update_fields=["einddatum"])
                verhoog_versie(last)
                gestopt.append(str(last.soort))
    _evaluatie_plannen(ontzorgen, casus.gemeente)
    ontzorgen.save()
    verhoog_versie(ontzorgen)
    titel = {
        rules.STOPPEN: f"Evaluatie ontzorgen: stoppen per {_d(tot)}",
        rules.AFBOUWEN: f"Evaluatie ontzorgen: afbouwen tot en met {_d(tot)}",
        rules.VERLENGEN: f"Evaluatie ontzorgen: verlengd tot en met {_d(tot)}",
    }[besluit]
    omschrijving = motivering.strip()
    if evaluatie.op_tijd is False:
        omschrijving += f"\nDe evaluatie was uiterlijk {_d(evaluatie.uiterlijk)} verwacht."
    if gestopt:
        omschrijving += f"\nBetalingen gestopt per {_d(tot)}: {', '.join(gestopt)}."
    if ontzorgen.evaluatie_uiterlijk:
        omschrijving += f"\nVolgende evaluatie uiterlijk {_d(ontzorgen.evaluatie_uiterlijk)}."
    _tijdlijn(casus, door, titel, omschrijving, url=_url("detail", casus))
    return evaluatie


@service
def training_opslaan(
    *, casus: Casus, data: dict[str, Any], door, versie: int | None = None
) -> TrainingFinancieleZelfredzaamheid:
    """The training financiële zelfredzaamheid: provider, dates, completed (for everyone).

    `versie`: the version the user started from, 0 for a form that records the first training.
    """
    casus = casus_vergrendelen(casus, door)
    training = _bestaande_rij(TrainingFinancieleZelfredzaamheid, casus, versie)
    nieuw = training is None
    training = training or TrainingFinancieleZelfredzaamheid(casus=casus)
    was_afgerond = training.afgerond
    changed = velden_zetten(training, data, TRAINING_VELDEN)
    training.full_clean()
    if nieuw or changed:
        training.save()
        if not nieuw:
            verhoog_versie(training)
        if training.afgerond and not was_afgerond:
            titel = f"Training financiële zelfredzaamheid afgerond op {_d(training.einddatum)}"
        elif nieuw:
            titel = f"Training financiële zelfredzaamheid bij {training.aanbieder} vanaf {_d(training.startdatum)}"
        else:
            titel = "Training financiële zelfredzaamheid gewijzigd"
        tekst = "" if nieuw else f"Gewijzigd: {labels(TrainingFinancieleZelfredzaamheid, changed)}."
        _tijdlijn(casus, door, titel, tekst, url=_url("detail", casus))
    return training


# --------------------------------------------------------------------------------------------
# Maatschappelijke begeleiding
# --------------------------------------------------------------------------------------------


@service
def begeleiding_opslaan(
    *, casus: Casus, data: dict[str, Any], door, versie: int | None = None
) -> MaatschappelijkeBegeleiding:
    """Record (or change) the maatschappelijke begeleiding; asiel doelgroepen only. `versie` as in `training_opslaan`."""
    casus = casus_vergrendelen(casus, door)
    if not rules.maatschappelijke_begeleiding_van_toepassing(casus.doelgroep):
        raise ValidationError(
            f"Maatschappelijke begeleiding hoort niet bij het aanbod voor een {casus.get_doelgroep_display().lower()}."
        )
    begeleiding = _bestaande_rij(MaatschappelijkeBegeleiding, casus, versie)
    nieuw = begeleiding is None
    begeleiding = begeleiding or MaatschappelijkeBegeleiding(casus=casus)
    was_afgesloten = begeleiding.afgesloten_op is not None
    changed = velden_zetten(begeleiding, data, BEGELEIDING_VELDEN)
    if begeleiding.pip_versie_id and (
        begeleiding.pip_versie.casus_id != casus.pk or not begeleiding.pip_versie.is_vastgesteld
    ):
        raise ValidationError({"pip_versie": "Kies een vastgestelde PIP-versie van deze casus."})
    begeleiding.full_clean()
    if not (nieuw or changed):
        return begeleiding
    begeleiding.save()
    if not nieuw:
        verhoog_versie(begeleiding)
    if begeleiding.afgesloten_op and not was_afgesloten:
        titel = f"Maatschappelijke begeleiding afgesloten op {_d(begeleiding.afgesloten_op)}"
        tekst = f"Afsluitend verslag vastgelegd. {begeleiding.uren} uur begeleiding."
    elif nieuw:
        titel = f"Maatschappelijke begeleiding door {begeleiding.aanbieder} vanaf {_d(begeleiding.startdatum)}"
        tekst = "Onderdelen: " + "; ".join(begeleiding.onderdelen) + "."
    else:
        titel = "Maatschappelijke begeleiding gewijzigd"
        tekst = f"Gewijzigd: {labels(MaatschappelijkeBegeleiding, changed)}."
    _tijdlijn(casus, door, titel, tekst, soort="begeleiding", url=_url("participatie", casus))
    return begeleiding


# --------------------------------------------------------------------------------------------
# Participation: activities, participatieladder, uitstroom
# --------------------------------------------------------------------------------------------


@service
def activiteit_opslaan(
    *,
    casus: Casus,
    data: dict[str, Any],
    door,
    activiteit: ParticipatieActiviteit | None = None,
    versie: int | None = None,
) -> ParticipatieActiviteit:
    """Add a participation activity, or change one of this case (`versie`: the version the user started from)."""
    casus = casus_vergrendelen(casus, door)
    if activiteit is None:
        activiteit = ParticipatieActiviteit(casus=casus, vastgelegd_door=door)
    else:
        activiteit = ParticipatieActiviteit.objects.select_for_update().get(pk=activiteit.pk)
        if activiteit.casus_id != casus.pk:
            raise PermissionDenied("Deze activiteit hoort niet bij deze casus.")
        controleer_versie(activiteit, versie)
    nieuw = activiteit.pk is None
    changed = velden_zetten(activiteit, data, ACTIVITEIT_VELDEN)
    activiteit.full_clean()
    if nieuw or changed:
        activiteit.save()
        if not nieuw:
            verhoog_versie(activiteit)
        taal = "Nederlandstalige omgeving" if activiteit.nederlandstalig else "geen Nederlandstalige omgeving"
        if nieuw:
            titel = f"Participatie: {activiteit.get_soort_display().lower()} bij {activiteit.aanbieder}"
            tekst = f"Vanaf {_d(activiteit.startdatum)}; {taal}."
            if activiteit.uren_per_week:
                tekst += f" {activiteit.uren_per_week} uur per week."
        else:
            titel = f"Participatie gewijzigd: {activiteit.get_soort_display().lower()} bij {activiteit.aanbieder}"
            tekst = f"Gewijzigd: {labels(ParticipatieActiviteit, changed)}. Gerealiseerd: {activiteit.uren} uur."
        _tijdlijn(casus, door, titel, tekst, soort="participatie", url=_url("participatie", casus))
    return activiteit


@service
def trede_vastleggen(
    *,
    casus: Casus,
    trede: int,
    datum: dt.date,
    door,
    toelichting: str = "",
    vorige_meting: int | None = None,
) -> TredeMeting:
    """Record the position on the participatieladder after the intake's nulmeting.

    Every change is a new row with its date and who recorded it (the history is never
    overwritten); it needs the nulmeting first and cannot be dated before it. The case row is
    locked; `vorige_meting` is the latest measurement the user saw (`selectors.laatste_meting_id`):
    a measurement recorded since (a colleague's, or this form submitted twice) is a conflict.
    """
    casus = casus_vergrendelen(casus, door)
    if vorige_meting is not None and int(vorige_meting) != selectors.laatste_meting_id(casus):
        raise Conflict()
    nulmeting = selectors.nulmeting(casus)
    if nulmeting is None:
        raise ValidationError("Leg eerst de nulmeting op de participatieladder vast in de brede intake.")
    if trede not in Participatietrede.values:
        raise ValidationError({"trede": "Kies een trede van 1 tot en met 6."})
    if datum < nulmeting.datum:
        raise ValidationError({"datum": f"De nulmeting is van {_d(nulmeting.datum)}; een meting kan niet eerder zijn."})
    laatste = TredeMeting.objects.filter(casus=casus).order_by("-datum", "-vastgelegd_op", "-pk").first()
    if laatste is not None and datum < laatste.datum:
        raise ValidationError(
            {"datum": f"De laatste meting is van {_d(laatste.datum)}; een nieuwe meting kan niet eerder zijn."}
        )
    vorige = laatste.trede if laatste is not None else nulmeting.trede
    meting = TredeMeting(casus=casus, trede=trede, vorige_trede=vorige, datum=datum, toelichting=toelichting, door=door)
    meting.full_clean()
    meting.save()
    if trede == vorige:
        titel = f"Participatieladder: trede {trede} bevestigd"
    else:
        richting = "omhoog" if trede > vorige else "omlaag"
        titel = f"Participatieladder: trede {vorige} → {trede} ({richting})"
    _tijdlijn(
        casus,
        door,
        titel,
        f"Gemeten op {_d(datum)}: {meting.get_trede_display()}. {toelichting}".strip(),
        soort="participatie",
        url=_url("participatie", casus),
    )
    return meting


@service
def uitstroom_vastleggen(*, casus: Casus, data: dict[str, Any], door, versie: int | None = None) -> Uitstroom:
    """The date of uitstroom to work or study. `versie` as in `training_opslaan`."""
    casus = casus_vergrendelen(casus, door)
    uitstroom = _bestaande_rij(Uitstroom, casus, versie)
    nieuw = uitstroom is None
    uitstroom = uitstroom or Uitstroom(casus=casus)
    changed = velden_zetten(uitstroom, data, UITSTROOM_VELDEN)
    uitstroom.full_clean()
    if nieuw or changed:
        uitstroom.save()
        if not nieuw:
            verhoog_versie(uitstroom)
        _tijdlijn(
            casus,
            door,
            f"Uitstroom naar {uitstroom.get_soort_display().lower()} op {_d(uitstroom.datum)}"
            if nieuw
            else "Uitstroom gewijzigd",
            uitstroom.toelichting if nieuw else f"Gewijzigd: {labels(Uitstroom, changed)}.",
            soort="participatie",
            url=_url("participatie", casus),
        )
    return uitstroom
