"""Writes of the dashboards app: refreshing the summary table and running long exports.

`kenmerken_verversen` reads every app's data for a batch of cases with one query per source
(a fixed number per batch, never per case), derives each case's KPI facts with the pure rules in
`dashboards.rules`, and upserts `CasusKenmerken`. It is idempotent: run it twice and the table is
the same. Beat runs it for the whole register; an export runs it first for its own cases.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from cases.models import ASIEL_DOELGROEPEN, Casus
from handhaving.models import Bezwaar, Boetebeschikking, Handhavingsprocedure
from handhaving.workflow import Status as HhStatus
from intake.models import BredeIntake, Leerbaarheidstoets
from leerroutes.models import (
    Afschaling,
    Examen,
    Inburgeringsaanbod,
    MapTraject,
    PvtTraject,
    Schakeling,
    ZrouteAfronding,
)
from ontzorgen.models import Ontzorgen, ParticipatieActiviteit, TredeMeting, Uitstroom
from pip.models import PipVersie

from . import rules, selectors
from .models import CasusKenmerken, Export, Verversing

log = logging.getLogger(__name__)

BATCH = 2000
REGEL_CODES = ("pip_termijn_weken", "pip_lokale_norm_weken", *selectors.VENSTER_REGEL_CODES)
MAANDEN_PER = {"maanden": 1, "jaren": 12}
# why an export failed when its run outlived the task's time limit
TE_LANG = "De export duurde te lang en is afgebroken. Start hem opnieuw."

CASUS_VELDEN = (
    "pk",
    "gemeente_id",
    "team_id",
    "consultant_id",
    "doelgroep",
    "status",
    "actief",
    "datum_kennisgeving",
    "datum_huisvesting",
    "datum_brp_inschrijving",
)
HH_STATUS_VELD = {
    HhStatus.BETAALD: "hh_betaald",
    HhStatus.INVORDERING: "hh_invordering",
    HhStatus.KWIJTGESCHOLDEN: "hh_kwijtgescholden",
    HhStatus.INGETROKKEN: "hh_ingetrokken",
    HhStatus.AFGEZIEN: "hh_afgezien",
    HhStatus.PARTICIPATIEWET: "hh_participatiewet",
}
BIJWERK_VELDEN = [f.name for f in CasusKenmerken._meta.concrete_fields if f.name != "casus"]
# the values that say whether a row changed (attnames: gemeente_id, ...); not the time of the change
VERGELIJK_VELDEN = [f.attname for f in CasusKenmerken._meta.concrete_fields if f.name != "bijgewerkt_op"]


def _waarden(k: CasusKenmerken) -> tuple:
    return tuple(getattr(k, veld) for veld in VERGELIJK_VELDEN)


def _bronnen(ids: list[int]) -> dict[str, dict]:
    """Everything the KPIs need of these cases: one query per source table."""
    b: dict[str, dict] = defaultdict(dict)

    pips = defaultdict(list)
    for row in (
        PipVersie.objects.filter(casus_id__in=ids, status=PipVersie.Status.VASTGESTELD)
        .order_by("casus_id", "versie")
        .values_list(
            "casus_id", "dagtekening", "leerroute", "niveau", "reden", "termijn_start", "termijn_eind", "bijstand"
        )
    ):
        pips[row[0]].append(row[1:])
    b["pips"] = pips

    for cid, start, soort, route in (
        Inburgeringsaanbod.objects.filter(casus_id__in=ids)
        .order_by("casus_id", "-startdatum", "-pk")
        .values_list("casus_id", "startdatum", "soort", "leerroute")
    ):
        b["aanbod"][cid] = (start, soort, route)  # the earliest wins (ordered newest first)

    examens = defaultdict(list)
    for cid, onderdeel, niveau, datum in Examen.objects.filter(
        casus_id__in=ids, resultaat=Examen.Resultaat.GESLAAGD
    ).values_list("casus_id", "onderdeel", "niveau", "datum"):
        examens[cid].append((onderdeel, niveau, datum))
    b["examens"] = examens

    afgeschaald = defaultdict(set)
    for cid, onderdelen in Afschaling.objects.filter(
        casus_id__in=ids, pip_versie__status=PipVersie.Status.VASTGESTELD
    ).values_list("casus_id", "onderdelen"):
        afgeschaald[cid].update(onderdelen or ())
    b["afgeschaald"] = afgeschaald

    for cid, van, naar in (
        Schakeling.objects.filter(casus_id__in=ids)
        .order_by("casus_id", "aangevraagd_op", "pk")
        .values_list("casus_id", "van_route", "naar_route")
    ):
        vorige = b["schakeling"].get(cid)
        b["schakeling"][cid] = (vorige[0] if vorige else van, naar)  # first van → last naar

    b["zroute"] = dict(ZrouteAfronding.objects.filter(casus_id__in=ids).values_list("casus_id", "afgerond_op"))
    b["map"] = dict(MapTraject.objects.filter(casus_id__in=ids).values_list("casus_id", "eindgesprek_op"))
    b["pvt"] = dict(PvtTraject.objects.filter(casus_id__in=ids).values_list("casus_id", "ondertekend_op"))
    b["activiteit"] = dict(
        ParticipatieActiviteit.objects.filter(casus_id__in=ids)
        .values("casus_id")
        .annotate(eerste=Min("startdatum"))
        .values_list("casus_id", "eerste")
    )
    b["uitstroom"] = {
        cid: (d, s)
        for cid, d, s in Uitstroom.objects.filter(casus_id__in=ids).values_list("casus_id", "datum", "soort")
    }
    b["ontzorgd"] = set(Ontzorgen.objects.filter(casus_id__in=ids).values_list("casus_id", flat=True))
    b["intake"] = {
        r[0]: r[1:]
        for r in BredeIntake.objects.filter(casus_id__in=ids).values_list(
            "casus_id", "bijstand", "participatieladder_trede", "opleiding_niveau", "routeadvies", "afgerond_op"
        )
    }
    b["lbt"] = {
        r[0]: r[1:]
        for r in Leerbaarheidstoets.objects.filter(casus_id__in=ids).values_list(
            "casus_id", "afgenomen_op", "score", "haalbaar", "vrijstelling"
        )
    }
    for cid, trede in (
        TredeMeting.objects.filter(casus_id__in=ids)
        .order_by("casus_id", "datum", "vastgelegd_op", "pk")
        .values_list("casus_id", "trede")
    ):
        b["trede"][cid] = trede  # the last one wins

    hh = defaultdict(lambda: defaultdict(int))
    for cid, status, n in (
        Handhavingsprocedure.objects.filter(casus_id__in=ids)
        .values("casus_id", "status")
        .annotate(n=Count("pk"))
        .values_list("casus_id", "status", "n")
    ):
        hh[cid]["hh_procedures"] += n
        hh[cid][HH_STATUS_VELD.get(status, "hh_open")] += n
    for cid, n, bedrag in (
        Boetebeschikking.objects.filter(casus_id__in=ids)
        .values("casus_id")
        .annotate(n=Count("pk"), bedrag=Sum("bedrag"))
        .values_list("casus_id", "n", "bedrag")
    ):
        hh[cid]["hh_boetes"] += n
        hh[cid]["hh_boete_bedrag"] = Decimal(str(bedrag or 0)).quantize(Decimal("0.01"))
    for cid, uitkomst, n in (
        Bezwaar.objects.filter(casus_id__in=ids, boetebeschikking__isnull=False)
        .values("casus_id", "uitkomst")
        .annotate(n=Count("pk"))
        .values_list("casus_id", "uitkomst", "n")
    ):
        hh[cid]["hh_bezwaren"] += n
        if uitkomst in ("gegrond", "deels_gegrond"):
            hh[cid]["hh_bezwaar_gegrond"] += n
    b["hh"] = hh
    return b


def _venster_maanden(boek: selectors.Regelboek, kpi: rules.KpiDef, op: dt.date, gemeente_id: int) -> int:
    return boek.int(kpi.venster_code, op, gemeente_id) * MAANDEN_PER[kpi.venster_eenheid]


KPI = rules.VENSTER_PER_CODE


def kenmerken_van(casus: dict, b: dict, boek: selectors.Regelboek, nu) -> CasusKenmerken:
    """The summary row of one case from its plain values (no queries)."""
    cid, gid = casus["pk"], casus["gemeente_id"]
    doelgroep = casus["doelgroep"]
    asiel = doelgroep in ASIEL_DOELGROEPEN
    cdatum = rules.cohortdatum(doelgroep, casus["datum_huisvesting"], casus["datum_kennisgeving"])
    k = CasusKenmerken(
        casus_id=cid,
        gemeente_id=gid,
        team_id=casus["team_id"],
        consultant_id=casus["consultant_id"],
        doelgroep=doelgroep,
        status=casus["status"],
        actief=casus["actief"],
        cohort=cdatum.year if cdatum else None,
        cohortdatum=cdatum,
        asiel=asiel,
        bijgewerkt_op=nu,
    )

    # PIP: the deadlines use the weeks valid on the start date in this gemeente (like pip.selectors)
    start = rules.pip_start(casus["datum_kennisgeving"], casus["datum_brp_inschrijving"])
    k.pip_start = start
    if start:
        k.pip_eind = start + dt.timedelta(weeks=boek.int("pip_termijn_weken", start, gid))
        k.pip_lokaal_eind = start + dt.timedelta(weeks=boek.int("pip_lokale_norm_weken", start, gid))
    versies = b["pips"].get(cid, [])
    if versies:
        dagtekening, route, niveau, _, termijn_start, termijn_eind, _ = versies[0]
        huidig = versies[-1]
        k.pip_op = k.pip_lokaal_op = dagtekening
        k.huidige_pip_op = huidig[0]
        k.eerste_leerroute = route or ""
        k.leerroute = huidig[1] or ""
        k.niveau = huidig[2] or ""
        k.termijn_start, k.termijn_eind = termijn_start, termijn_eind
        k.pip_versies = len(versies)
        k.schakelingen = sum(1 for v in versies if v[3] == "schakelen")
        k.afschalingen = sum(1 for v in versies if v[3] == "afschalen")
    schakeling = b["schakeling"].get(cid)
    if schakeling:
        k.schakel_van, k.schakel_naar = schakeling

    # Gestart: first offer at a school, within the window after the cohort date
    aanbod = b["aanbod"].get(cid)
    if aanbod:
        k.gestart_op, k.aanbod_soort, k.aanbod_route = aanbod
    if cdatum:
        k.gestart_eind = rules.venster_eind(cdatum, _venster_maanden(boek, KPI["gestart"], cdatum, gid))
        k.participerend_eind = rules.venster_eind(cdatum, _venster_maanden(boek, KPI["participerend"], cdatum, gid))

    # Geslaagd: route finished within the window from the start of the inburgeringstermijn
    k.zroute_afgerond_op = b["zroute"].get(cid)
    if k.termijn_start:
        k.geslaagd_eind = rules.termijn_eind(
            k.termijn_start, _venster_maanden(boek, KPI["geslaagd"], k.termijn_start, gid)
        )
        k.geslaagd_op = rules.geslaagd_op(
            leerroute=k.leerroute,
            pip_niveau=k.niveau,
            afgeschaald=b["afgeschaald"].get(cid, ()),
            examens=b["examens"].get(cid, ()),
            zroute_afgerond_op=k.zroute_afgerond_op,
        )

    # Participerend and uitstroom
    uitstroom = b["uitstroom"].get(cid)
    if uitstroom:
        k.uitstroom_op, k.uitstroom_soort = uitstroom
    k.participerend_op = rules.participerend_op(b["activiteit"].get(cid), k.uitstroom_op)
    intake = b["intake"].get(cid)
    k.bijstand = rules.op_bijstand(
        intake_bijstand=bool(intake and intake[0]),
        ontzorgd=cid in b["ontzorgd"],
        pip_bijstand=any(v[6] for v in versies),
    )
    if asiel and k.bijstand and casus["datum_huisvesting"]:
        huisvesting = casus["datum_huisvesting"]
        k.uitstroom_eind = rules.venster_eind(huisvesting, _venster_maanden(boek, KPI["uitstroom"], huisvesting, gid))

    # Intake, leerbaarheidstoets, ladder
    if intake:
        _, k.trede_nulmeting, k.opleiding, k.routeadvies, k.intake_afgerond_op = intake
        k.opleiding = k.opleiding or ""
        k.routeadvies = k.routeadvies or ""
    lbt = b["lbt"].get(cid)
    if lbt:
        k.lbt_op, k.lbt_score, k.lbt_haalbaar, k.lbt_vrijstelling = lbt
        k.lbt_vrijstelling = k.lbt_vrijstelling or ""
    k.trede_laatste = b["trede"].get(cid)
    k.map_eindgesprek_op = b["map"].get(cid)
    k.pvt_ondertekend_op = b["pvt"].get(cid)

    for veld, waarde in b["hh"].get(cid, {}).items():
        setattr(k, veld, waarde)
    return k


def kenmerken_verversen(
    *,
    casus_ids: Iterable[int] | None = None,
    batch: int = BATCH,
    voortgang: Callable[[int, int], None] | None = None,
) -> Verversing:
    """Recompute the summary rows of `casus_ids` (None: the whole register). Idempotent.

    A fixed number of queries per batch of cases: the sources (one query each), one upsert.
    `voortgang(gedaan, totaal)` is called after every batch (export progress)."""
    nu = timezone.now()
    volledig = casus_ids is None
    run = Verversing.objects.create(gestart_op=nu, peildatum=timezone.localdate(), volledig=volledig)
    boek = selectors.Regelboek.laden(REGEL_CODES)
    if volledig:
        ids = list(Casus.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(casus_ids))
    totaal = len(ids)
    gewijzigd_totaal = 0
    for i in range(0, totaal, batch):
        deel = ids[i : i + batch]
        casussen = list(Casus.objects.filter(pk__in=deel).values(*CASUS_VELDEN))
        bronnen = _bronnen(deel)
        rijen = [kenmerken_van(c, bronnen, boek, nu) for c in casussen]
        # write only new and changed rows: an hourly refresh of an unchanged register writes nothing
        # (no dead rows for the database to clean up, and a fast refresh)
        bestaand = set(CasusKenmerken.objects.filter(casus_id__in=deel).values_list(*VERGELIJK_VELDEN))
        gewijzigd = [k for k in rijen if _waarden(k) not in bestaand]
        if gewijzigd:
            with transaction.atomic():
                CasusKenmerken.objects.bulk_create(
                    gewijzigd, update_conflicts=True, unique_fields=["casus"], update_fields=BIJWERK_VELDEN
                )
        gewijzigd_totaal += len(gewijzigd)
        if voortgang:
            voortgang(min(i + batch, totaal), totaal)
    Verversing.objects.filter(pk=run.pk).update(klaar_op=timezone.now(), aantal=totaal)
    run.refresh_from_db()
    log.info(
        "Samenvatting ververst: %s casussen (%s gewijzigd) in %s",
        totaal,
        gewijzigd_totaal,
        run.klaar_op - run.gestart_op,
    )
    return run


# ---------------------------------------------------------------------------------------------
# Long exports
# ---------------------------------------------------------------------------------------------


def export_aanvragen(*, soort: str, parameters: dict, omschrijving: str, door) -> Export:
    """Register an export and queue its task once the transaction commits."""
    if soort == Export.Soort.CBS and not selectors.mag_cbs_export(door):
        raise PermissionDenied("Het CBS-bestand bevat BSN's: alleen een teamleider kan het maken.")
    if soort == Export.Soort.MONITORING and not selectors.mag_kpi(door):
        raise PermissionDenied("U mag geen monitoringsgegevens exporteren.")
    if soort not in Export.Soort.values:
        raise ValidationError("Onbekende soort export.")
    export = Export.objects.create(soort=soort, parameters=parameters, omschrijving=omschrijving, aangevraagd_door=door)
    transaction.on_commit(lambda: _export_inplannen(export.pk))
    return export


def _export_inplannen(export_id: int) -> None:
    """On commit, best effort: with the broker down the export waits in the queue for `export_sweep`."""
    from inburgering.celery import inplannen

    from .tasks import export_maken

    inplannen(export_maken, export_id)


def export_opnieuw(*, export: Export, door) -> Export:
    """Start a failed export again: a new export with the same soort and parameters, queued like the first.
    The failed one stays as it was, with its reason."""
    if export.aangevraagd_door_id != door.pk:
        raise PermissionDenied("U kunt alleen uw eigen exports opnieuw starten.")
    if export.status != Export.Status.MISLUKT:
        raise ValidationError("Alleen een mislukte export kunt u opnieuw starten.")
    return export_aanvragen(
        soort=export.soort, parameters=export.parameters, omschrijving=export.omschrijving, door=door
    )


def _export_claimen(export_id: int) -> dt.datetime | None:
    """Take a waiting export, once: a second delivery of its task (the sweep and a late queueing) finds
    it taken. A run older than the task time limit has died (worker lost): its export may be taken again.
    Returns the start of this run, which marks the run as the export's own (`_eigen_run`); None when
    the export was not taken."""
    nu = timezone.now()
    dood = nu - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    genomen = (
        Export.objects.filter(pk=export_id)
        .filter(Q(status=Export.Status.WACHTRIJ) | Q(status=Export.Status.BEZIG, gestart_op__lt=dood))
        .update(status=Export.Status.BEZIG, gestart_op=nu, voortgang=0, fout="")
    )
    return nu if genomen else None


def _eigen_run(export_id: int, gestart_op: dt.datetime) -> Export | None:
    """Lock the export (in the caller's transaction) when it is still this run's: running since `gestart_op`.

    None when it is not: `exports_afbreken` marked it failed because the run outlived its time limit, or a
    later run took it. The run then writes nothing: the user was told it failed and may have started it
    again, so a late result does not turn it back into a finished export."""
    export = (
        Export.objects.select_for_update()
        .filter(pk=export_id, status=Export.Status.BEZIG, gestart_op=gestart_op)
        .first()
    )
    if export is None:
        log.warning(
            "Export %s: de run van %s is niet meer die van de export (afgebroken of opnieuw genomen); "
            "uitkomst niet bewaard",
            export_id,
            gestart_op,
        )
    return export


def export_voortgang(export_id: int, procent: int, stap: str) -> None:
    Export.objects.filter(pk=export_id).update(voortgang=max(0, min(100, procent)), stap=stap[:200])


def export_uitvoeren(export_id: int) -> None:
    """Run one export (from the task). Safe to run twice: an export that is running, finished or failed
    is left alone (`_export_claimen`); a run that ends after its export was marked failed changes nothing
    (`_eigen_run`)."""
    from . import exports

    gestart_op = _export_claimen(export_id)
    if gestart_op is None:
        return
    export = Export.objects.select_related("aangevraagd_door").get(pk=export_id)
    try:
        resultaat = exports.maak(export, lambda procent, stap: export_voortgang(export_id, procent, stap))
    except Exception as exc:  # noqa: BLE001 - the user sees that it failed; the log has the trace
        log.exception("Export %s mislukt", export_id)
        fout = TE_LANG if isinstance(exc, SoftTimeLimitExceeded) else str(exc)[:1000]
        with transaction.atomic():
            if _eigen_run(export_id, gestart_op):
                Export.objects.filter(pk=export_id).update(status=Export.Status.MISLUKT, fout=fout)
        return
    with transaction.atomic():
        export = _eigen_run(export_id, gestart_op)
        if export is None:
            return
        if export.bestand:
            export.bestand.delete(save=False)
        export.bestand.save(resultaat.bestandsnaam, ContentFile(resultaat.inhoud), save=False)
        Export.objects.filter(pk=export_id).update(
            status=Export.Status.KLAAR,
            voortgang=100,
            stap="Klaar",
            bestand=export.bestand.name,
            bestandsnaam=resultaat.bestandsnaam,
            content_type=resultaat.content_type,
            aantal_rijen=resultaat.aantal_rijen,
            aantal_personen=resultaat.aantal_personen,
            klaar_op=timezone.now(),
        )


def _afgebroken_voor(nu: dt.datetime | None) -> dt.datetime:
    return rules.export_afgebroken_voor(nu or timezone.now(), settings.CELERY_TASK_TIME_LIMIT)


def exports_afbreken(*, nu: dt.datetime | None = None, pks: Iterable[int] | None = None) -> int:
    """Mark as failed every running export (of `pks`, or all) whose run has died, with the reason TE_LANG.

    A task killed at its hard time limit (CELERY_TASK_TIME_LIMIT), or whose worker died, never reaches
    its own error handling: without this its export stays "bezig" for ever. A row that a finishing run
    holds locked is skipped: that run decides it, and the next call sees what it wrote. Returns how many
    were marked."""
    qs = Export.objects.filter(status=Export.Status.BEZIG, gestart_op__lt=_afgebroken_voor(nu))
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    with transaction.atomic():
        dood = list(qs.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Export.objects.filter(pk__in=dood).update(status=Export.Status.MISLUKT, fout=TE_LANG)
    if dood:
        log.warning("Exports %s duurden langer dan de tijdslimiet van de taak: afgebroken", dood)
    return len(dood)


def exports_bijwerken(exports: Iterable[Export], *, nu: dt.datetime | None = None) -> None:
    """Before a page shows these exports: store the ones whose run has died as failed (`exports_afbreken`),
    so nobody waits on a dead export, also when beat is down. No query unless one of them has died."""
    grens = _afgebroken_voor(nu)
    dood = [e for e in exports if e.status == Export.Status.BEZIG and e.gestart_op and e.gestart_op < grens]
    if dood:
        exports_afbreken(nu=nu, pks=[e.pk for e in dood])
        for e in dood:
            e.refresh_from_db()


def exports_opruimen(vandaag: dt.date | None = None) -> int:
    """Delete export files (they may hold BSNs) older than the dated setting `export_bewaardagen`."""
    from inburgering.regels import regel_int

    vandaag = vandaag or timezone.localdate()
    dagen = regel_int("export_bewaardagen", op=vandaag)
    grens = timezone.now() - dt.timedelta(days=dagen)
    oud = list(Export.objects.filter(aangemaakt_op__lt=grens))
    for export in oud:
        if export.bestand:
            export.bestand.delete(save=False)
    Export.objects.filter(pk__in=[e.pk for e in oud]).delete()
    return len(oud)


def verversingen_opruimen(bewaar: int = 200) -> int:
    """Keep the log of summary refreshes short: the newest `bewaar` runs (it is housekeeping, not a record)."""
    oud = Verversing.objects.order_by("-gestart_op", "-pk").values_list("pk", flat=True)[bewaar:]
    return Verversing.objects.filter(pk__in=list(oud)).delete()[0]
