"""The long exports: the quarterly CBS file (record level, with BSN) and the monitoring dataset (aggregates).

Both first refresh the summary rows of their cases (so the file is current, not as old as the
last beat run), then write the file in batches and report progress. The fields of the CBS file
are documented in `dashboards/CBS.md`; `CBS_VELDEN` below is the single source of that list.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from cases.models import Casus, Doelgroep
from inburgering import crypto, permissions
from inburgering.models import Gemeente
from intake.models import BredeIntake
from pip.rules import DUO_LEERROUTE

from . import rules, selectors, services, tabellen
from .models import CasusKenmerken, Export
from .tabellen import AANTAL, EURO, PROCENT, Cel, Kolom, Tabel

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000

Voortgang = Callable[[int, str], None]


@dataclass
class Resultaat:
    bestandsnaam: str
    inhoud: bytes
    content_type: str
    aantal_rijen: int
    aantal_personen: int | None


def maak(export: Export, voortgang: Voortgang) -> Resultaat:
    if export.soort == Export.Soort.CBS:
        return cbs_bestand(export.aangevraagd_door, voortgang=voortgang, **export.parameters)
    if export.soort == Export.Soort.MONITORING:
        return monitoring_dataset(export.aangevraagd_door, voortgang=voortgang, **export.parameters)
    raise ValueError(f"Onbekende export: {export.soort}")


def _fase(voortgang: Voortgang, van: int, tot: int, stap: str):
    def melden(gedaan: int, totaal: int) -> None:
        voortgang(van + (tot - van) * gedaan // max(totaal, 1), f"{stap} ({gedaan} van {totaal})")

    return melden


# ---------------------------------------------------------------------------------------------
# CBS: Statistiek Wet inburgering, one row per person in the register during the quarter
# ---------------------------------------------------------------------------------------------


def _datum(d: dt.date | None, eind: dt.date) -> str:
    """JJJJMMDD; empty when unknown or after the end of the quarter (the file describes the quarter)."""
    if d is None or d > eind:
        return ""
    return f"{d:%Y%m%d}"


def _jn(w: bool | None) -> str:
    return "" if w is None else ("J" if w else "N")


# (column name, description) — the order of the file; documented in dashboards/CBS.md
CBS_VELDEN: tuple[tuple[str, str], ...] = (
    ("gemeentecode", "CBS-gemeentecode van de verantwoordelijke gemeente (GMxxxx)"),
    ("verslagperiode", "Jaar en kwartaal van de levering (JJJJKn, bijvoorbeeld 2026K3)"),
    ("bsn", "Burgerservicenummer (9 cijfers)"),
    ("geboortedatum", "Geboortedatum (JJJJMMDD)"),
    ("geslacht", "M, V of X (anders/onbekend)"),
    ("nationaliteit", "Nationaliteit zoals geregistreerd (tekst)"),
    (
        "doelgroep",
        "1 = asielstatushouder (art. 13-1-a), 2 = gezinslid asielstatushouder (art. 13-1-b), 3 = gezinsmigrant, 4 = overige migrant",
    ),
    ("datum_kennisgeving", "Datum DUO-kennisgeving (start inburgeringsplicht)"),
    ("datum_huisvesting", "Datum huisvesting in de gemeente"),
    ("datum_brp_inschrijving", "Datum inschrijving BRP in de gemeente"),
    ("cohort", "Jaar van huisvesting (of kennisgeving bij gezins- en overige migranten zonder huisvestingsdatum)"),
    ("datum_brede_intake", "Datum brede intake afgerond"),
    ("trede_nulmeting", "Participatieladder bij de nulmeting (1-6)"),
    ("trede_laatste", "Participatieladder bij de laatste meting (1-6)"),
    ("datum_leerbaarheidstoets", "Datum leerbaarheidstoets afgenomen"),
    ("score_leerbaarheidstoets", "Score leerbaarheidstoets (0-40)"),
    ("b1_haalbaar", "B1-route haalbaar volgens de toets (J/N)"),
    ("vrijstelling_leerbaarheidstoets", "Vrijgesteld van de toets: V = visuele, A = auditieve beperking"),
    ("routeadvies", "Routeadvies uit de brede intake: B, O of Z (DUO-codes)"),
    ("datum_eerste_pip", "Dagtekening eerste vastgestelde PIP"),
    ("pip_op_tijd", "Eerste PIP binnen de wettelijke termijn (J/N; leeg zolang de termijn loopt zonder PIP)"),
    ("datum_huidige_pip", "Dagtekening huidige (laatst vastgestelde) PIP-versie"),
    ("aantal_pip_versies", "Aantal vastgestelde PIP-versies (stand bij de export)"),
    ("leerroute", "Leerroute van het PIP aan het einde van het kwartaal: B, O of Z (DUO-codes)"),
    ("niveau", "Te behalen taalniveau van dat PIP (A2/B1)"),
    ("datum_start_termijn", "Eerste dag van de inburgeringstermijn"),
    ("datum_einde_termijn", "Laatste dag van de inburgeringstermijn"),
    ("aantal_schakelingen", "Aantal PIP-versies met reden schakelen (stand bij de export)"),
    ("aantal_afschalingen", "Aantal PIP-versies met reden afschalen (stand bij de export)"),
    ("aanbod", "Inburgeringsaanbod: I = ingekocht door de gemeente, A = advies (persoon betaalt zelf)"),
    ("datum_start_leerroute", "Startdatum van het eerste inburgeringsaanbod bij een taalschool"),
    ("datum_route_afgerond", "Datum leerroute afgerond (alle examens gehaald, of Z-route afgerond)"),
    ("datum_map_eindgesprek", "Datum eindgesprek MAP"),
    ("datum_pvt_ondertekend", "Datum ondertekening participatieverklaring"),
    ("datum_participatie", "Startdatum eerste participatieactiviteit (of uitstroom)"),
    ("bijstand", "Bijstand volgens de registratie (J/N)"),
    ("datum_uitstroom", "Datum uitstroom naar werk of studie"),
    ("uitstroom_naar", "W = werk, S = studie"),
    ("aantal_boetes", "Aantal opgelegde boetes (boetebeschikkingen; stand bij de export)"),
    ("bedrag_boetes", "Totaal opgelegd boetebedrag in euro, decimaalkomma (stand bij de export)"),
    ("casusstatus", "Status van de casus bij de export (aangemeld … afgesloten)"),
    ("datum_afgesloten", "Datum waarop de casus is afgesloten"),
)
DOELGROEP_CODE = {
    Doelgroep.ASIELSTATUSHOUDER: "1",
    Doelgroep.GEZINSLID_ASIELSTATUSHOUDER: "2",
    Doelgroep.GEZINSMIGRANT: "3",
    Doelgroep.OVERIGE_MIGRANT: "4",
}


def _route_op(r: dict, eind: dt.date) -> str:
    """The leerroute at the end of the quarter: the current PIP's when it dates from then, else the first PIP's."""
    if r.get("huidige_pip_op") and r["huidige_pip_op"] <= eind:
        return r.get("leerroute") or ""
    if r.get("pip_op") and r["pip_op"] <= eind:
        return r.get("eerste_leerroute") or ""
    return ""


def cbs_rij(r: dict, *, gemeentecode: str, periode: str, eind: dt.date) -> list[str]:
    """One line of the CBS file from plain values (a case, its person and its summary row)."""
    d = lambda veld: _datum(r.get(veld), eind)  # noqa: E731
    pip_op = r.get("pip_op")
    # as at the end of the quarter: a deadline on its last day has passed the day after
    pip_op_tijd = rules.uitkomst(
        r.get("pip_eind"), pip_op if pip_op and pip_op <= eind else None, eind + dt.timedelta(days=1)
    )
    afgesloten = r.get("afgesloten_op")
    return [
        gemeentecode,
        periode,
        r["bsn"],
        f"{r['geboortedatum']:%Y%m%d}",
        r.get("geslacht") or "X",
        r.get("nationaliteit") or "",
        DOELGROEP_CODE.get(r["doelgroep"], ""),
        d("datum_kennisgeving"),
        d("datum_huisvesting"),
        d("datum_brp_inschrijving"),
        str(r["cohort"]) if r.get("cohort") and (r.get("cohortdatum") is None or r["cohortdatum"] <= eind) else "",
        d("intake_afgerond_op"),
        str(r["trede_nulmeting"] or "") if r.get("intake_afgerond_op") and r["intake_afgerond_op"] <= eind else "",
        str(r["trede_laatste"] or ""),
        d("lbt_op"),
        str(r["lbt_score"]) if r.get("lbt_score") is not None and r.get("lbt_op") and r["lbt_op"] <= eind else "",
        _jn(r.get("lbt_haalbaar")) if r.get("lbt_op") and r["lbt_op"] <= eind else "",
        {"visueel": "V", "auditief": "A"}.get(r.get("lbt_vrijstelling") or "", ""),
        DUO_LEERROUTE.get(r.get("routeadvies") or "", ""),
        d("pip_op"),
        {rules.BEHAALD: "J", rules.NIET_BEHAALD: "N"}.get(pip_op_tijd, ""),
        d("huidige_pip_op"),
        str(r.get("pip_versies") or 0),
        DUO_LEERROUTE.get(_route_op(r, eind), ""),
        (r.get("niveau") or "") if _route_op(r, eind) else "",
        d("termijn_start"),
        d("termijn_eind") if r.get("termijn_start") and r["termijn_start"] <= eind else "",
        str(r.get("schakelingen") or 0),
        str(r.get("afschalingen") or 0),
        {"inkoop": "I", "advies": "A"}.get(r.get("aanbod_soort") or "", "")
        if r.get("gestart_op") and r["gestart_op"] <= eind
        else "",
        d("gestart_op"),
        d("geslaagd_op"),
        d("map_eindgesprek_op"),
        d("pvt_ondertekend_op"),
        d("participerend_op"),
        _jn(r.get("bijstand")),
        d("uitstroom_op"),
        {"werk": "W", "studie": "S"}.get(r.get("uitstroom_soort") or "", "")
        if r.get("uitstroom_op") and r["uitstroom_op"] <= eind
        else "",
        str(r.get("hh_boetes") or 0),
        rules.nl_getal(r.get("hh_boete_bedrag") or 0, 2).replace(".", ""),
        r.get("status") or "",
        _datum(timezone.localtime(afgesloten).date() if afgesloten else None, eind),
    ]


KENMERK_VELDEN = tuple(
    f.name
    for f in CasusKenmerken._meta.concrete_fields
    if f.name not in ("casus", "gemeente", "team", "consultant", "status", "bijgewerkt_op")
)


def cbs_casussen(user, gemeente: Gemeente, start: dt.date, eind: dt.date):
    """The cases of the lead's teams in `gemeente` that were in the register during [start, eind].

    A case is in the register from its first known date (kennisgeving, koppeling, huisvesting, BRP
    inschrijving, or else the day it was registered) until the day it was closed."""
    geregistreerd = TruncDate("aangemaakt_op")
    begin = Least(
        *(
            Coalesce(veld, geregistreerd)
            for veld in ("datum_kennisgeving", "datum_koppeling", "datum_huisvesting", "datum_brp_inschrijving")
        ),
        geregistreerd,
        output_field=DateField(),
    )
    return (
        permissions.zichtbare_casussen(user, Casus.objects.all())
        .filter(gemeente=gemeente, team_id__in=permissions.team_ids(user), inburgeraar__geanonimiseerd_op__isnull=True)
        .alias(begin=begin)
        .filter(begin__lte=eind)
        .filter(Q(afgesloten_op__isnull=True) | Q(afgesloten_op__date__gte=start))
    )


def cbs_bestand(user, *, gemeente: int, jaar: int, kwartaal: int, voortgang: Voortgang) -> Resultaat:
    if not selectors.mag_cbs_export(user):
        raise PermissionDenied("Alleen een teamleider kan het CBS-bestand maken.")
    g = permissions.zichtbare_gemeenten(user).filter(pk=gemeente).first()
    if g is None:
        raise PermissionDenied("U werkt niet voor deze gemeente.")
    start, eind = rules.kwartaal_grenzen(jaar, kwartaal)
    periode = f"{jaar}K{kwartaal}"
    ids = list(cbs_casussen(user, g, start, eind).order_by("pk").values_list("pk", flat=True))
    voortgang(1, f"{len(ids)} casussen gevonden")
    services.kenmerken_verversen(casus_ids=ids, voortgang=_fase(voortgang, 1, 60, "Cijfers bijwerken"))

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([naam for naam, _ in CBS_VELDEN])
    melden = _fase(voortgang, 60, 99, "Bestand schrijven")
    for i in range(0, len(ids), CHUNK):
        deel = ids[i : i + CHUNK]
        personen = {
            r["pk"]: r
            for r in Casus.objects.filter(pk__in=deel).values(
                "pk",
                "doelgroep",
                "status",
                "datum_kennisgeving",
                "datum_huisvesting",
                "datum_brp_inschrijving",
                "afgesloten_op",
                "inburgeraar__bsn_versleuteld",
                "inburgeraar__geboortedatum",
                "inburgeraar__geslacht",
                "inburgeraar__nationaliteit",
            )
        }
        kenmerken = {
            r["casus_id"]: r
            for r in CasusKenmerken.objects.filter(casus_id__in=deel).values("casus_id", *KENMERK_VELDEN)
        }
        for cid in deel:
            p = personen[cid]
            r = {**kenmerken.get(cid, {}), **{k: v for k, v in p.items() if not k.startswith("inburgeraar__")}}
            r["bsn"] = crypto.decrypt(p["inburgeraar__bsn_versleuteld"])
            r["geboortedatum"] = p["inburgeraar__geboortedatum"]
            r["geslacht"] = p["inburgeraar__geslacht"]
            r["nationaliteit"] = p["inburgeraar__nationaliteit"]
            w.writerow(cbs_rij(r, gemeentecode=g.cbs_code, periode=periode, eind=eind))
        melden(min(i + CHUNK, len(ids)), len(ids))
    inhoud = ("\ufeff" + buf.getvalue()).encode("utf-8")
    return Resultaat(
        bestandsnaam=f"cbs-wet-inburgering-{g.cbs_code}-{periode}.csv",
        inhoud=inhoud,
        content_type="text/csv; charset=utf-8",
        aantal_rijen=len(ids),
        aantal_personen=len(ids),
    )


# ---------------------------------------------------------------------------------------------
# Monitoring dataset for the ministry: aggregates per gemeente, cohort and doelgroep
# ---------------------------------------------------------------------------------------------

DOELGROEP_LABEL = dict(Doelgroep.choices)
OPLEIDING_LABEL = dict(BredeIntake.Opleiding.choices)


def _groepen(qs, velden: tuple[str, ...], aggregaten: dict) -> list[dict]:
    return list(qs.values(*velden).annotate(**aggregaten).order_by(*velden))


def _sleutel_cellen(r: dict) -> list[Cel]:
    return [
        Cel(r["gemeente__naam"]),
        Cel(r["cohort"] if r["cohort"] is not None else "Zonder datum"),
        Cel(DOELGROEP_LABEL.get(r["doelgroep"], r["doelgroep"])),
    ]


SLEUTEL = ("gemeente__naam", "cohort", "doelgroep")
SLEUTEL_KOLOMMEN = [Kolom("Gemeente"), Kolom("Cohort", tabellen.JAAR), Kolom("Doelgroep")]


def _tabel(id_, titel, kolommen, rijen, cellen) -> Tabel:
    t = Tabel(id=id_, titel=titel, kolommen=SLEUTEL_KOLOMMEN + kolommen)
    t.rijen = [_sleutel_cellen(r) + cellen(r) for r in rijen]
    return t


def monitoring_tabellen(user, gemeente: int | None, vandaag: dt.date) -> list[Tabel]:
    """The sheets of the monitoring dataset; one aggregate query each."""
    qs = CasusKenmerken.objects.filter(selectors.kpi_scope_q(user))
    if gemeente:
        qs = qs.filter(gemeente_id=gemeente)
    routes = rules.ROUTES
    uit: list[Tabel] = []

    rijen = _groepen(
        qs,
        SLEUTEL,
        {
            "personen": Count("pk"),
            "aanbod": Count("pk", filter=Q(gestart_op__isnull=False)),
            "inkoop": Count("pk", filter=Q(aanbod_soort="inkoop")),
            "advies": Count("pk", filter=Q(aanbod_soort="advies")),
            **{f"r_{r}": Count("pk", filter=Q(aanbod_route=r)) for r, _ in routes},
            "map": Count("pk", filter=Q(map_eindgesprek_op__isnull=False)),
            "pvt": Count("pk", filter=Q(pvt_ondertekend_op__isnull=False)),
            "afgerond": Count("pk", filter=Q(geslaagd_op__isnull=False)),
        },
    )
    uit.append(
        _tabel(
            "monitoring-trajecten",
            "Aangeboden trajecten",
            [
                Kolom("Personen", AANTAL),
                Kolom("Met inburgeringsaanbod", AANTAL),
                Kolom("Ingekocht", AANTAL),
                Kolom("Advies", AANTAL),
            ]
            + [Kolom(f"Aanbod {label}", AANTAL) for _, label in routes]
            + [Kolom("MAP afgerond", AANTAL), Kolom("PVT ondertekend", AANTAL), Kolom("Leerroute afgerond", AANTAL)],
            rijen,
            lambda r: (
                [Cel(r["personen"]), Cel(r["aanbod"]), Cel(r["inkoop"]), Cel(r["advies"])]
                + [Cel(r[f"r_{x}"]) for x, _ in routes]
                + [Cel(r["map"]), Cel(r["pvt"]), Cel(r["afgerond"])]
            ),
        )
    )

    pip_wet, pip_lok = (
        selectors.uitkomst_q("pip", rules.BEHAALD, vandaag),
        selectors.uitkomst_q("pip_lokaal", rules.BEHAALD, vandaag),
    )
    rijen = _groepen(
        qs,
        SLEUTEL,
        {
            "pip": Count("pk", filter=Q(pip_op__isnull=False)),
            "bepaald": Count("pk", filter=selectors.uitkomst_q("pip", "bepaald", vandaag)),
            "wet": Count("pk", filter=pip_wet),
            "lokaal_bepaald": Count("pk", filter=selectors.uitkomst_q("pip_lokaal", "bepaald", vandaag)),
            "lokaal": Count("pk", filter=pip_lok),
            **{f"e_{r}": Count("pk", filter=Q(eerste_leerroute=r)) for r, _ in routes},
            **{f"h_{r}": Count("pk", filter=Q(leerroute=r)) for r, _ in routes},
        },
    )
    uit.append(
        _tabel(
            "monitoring-pip",
            "PIP's vastgesteld",
            [
                Kolom("PIP vastgesteld", AANTAL),
                Kolom("Binnen wettelijke termijn", AANTAL),
                Kolom("Wettelijke termijn beoordeeld", AANTAL),
                Kolom("Binnen wettelijke termijn", PROCENT),
                Kolom("Binnen lokale streeftermijn", AANTAL),
                Kolom("Lokale streeftermijn beoordeeld", AANTAL),
                Kolom("Binnen lokale streeftermijn", PROCENT),
            ]
            + [Kolom(f"Eerste PIP {label}", AANTAL) for _, label in routes]
            + [Kolom(f"Huidig PIP {label}", AANTAL) for _, label in routes],
            rijen,
            lambda r: (
                [
                    Cel(r["pip"]),
                    Cel(r["wet"]),
                    Cel(r["bepaald"]),
                    Cel(rules.percentage(r["wet"], r["bepaald"])),
                    Cel(r["lokaal"]),
                    Cel(r["lokaal_bepaald"]),
                    Cel(rules.percentage(r["lokaal"], r["lokaal_bepaald"])),
                ]
                + [Cel(r[f"e_{x}"]) for x, _ in routes]
                + [Cel(r[f"h_{x}"]) for x, _ in routes]
            ),
        )
    )

    banden = ((0, 10), (11, 20), (21, 27), (28, 30), (31, 40))
    rijen = _groepen(
        qs,
        SLEUTEL,
        {
            "afgenomen": Count("pk", filter=Q(lbt_score__isnull=False)),
            "haalbaar": Count("pk", filter=Q(lbt_haalbaar=True)),
            "niet_haalbaar": Count("pk", filter=Q(lbt_haalbaar=False)),
            "vrijgesteld": Count("pk", filter=~Q(lbt_vrijstelling="")),
            **{f"b_{a}": Count("pk", filter=Q(lbt_score__gte=a, lbt_score__lte=b)) for a, b in banden},
            **{f"a_{r}": Count("pk", filter=Q(routeadvies=r)) for r, _ in routes},
        },
    )
    uit.append(
        _tabel(
            "monitoring-leerbaarheidstoets",
            "Leerbaarheidstoets en routeadvies",
            [
                Kolom("Toets afgenomen", AANTAL),
                Kolom("B1 haalbaar", AANTAL),
                Kolom("B1 niet haalbaar", AANTAL),
                Kolom("Vrijgesteld", AANTAL),
            ]
            + [Kolom(f"Score {a}-{b}", AANTAL) for a, b in banden]
            + [Kolom(f"Advies {label}", AANTAL) for _, label in routes],
            rijen,
            lambda r: (
                [Cel(r["afgenomen"]), Cel(r["haalbaar"]), Cel(r["niet_haalbaar"]), Cel(r["vrijgesteld"])]
                + [Cel(r[f"b_{a}"]) for a, _ in banden]
                + [Cel(r[f"a_{x}"]) for x, _ in routes]
            ),
        )
    )

    # Route choice: advice of the intake against the route in the current PIP
    keuze = Tabel(
        id="monitoring-routekeuze",
        titel="Routeadvies tegenover route in het PIP",
        kolommen=[Kolom("Routeadvies")]
        + [Kolom(f"PIP {label}", AANTAL) for _, label in routes]
        + [Kolom("Nog geen PIP-route", AANTAL)],
    )
    matrix = {
        r["routeadvies"]: r
        for r in qs.values("routeadvies")
        .annotate(
            **{f"p_{x}": Count("pk", filter=Q(leerroute=x)) for x, _ in routes},
            geen=Count("pk", filter=Q(leerroute="")),
        )
        .order_by("routeadvies")
    }
    for code, label in [*routes, ("", "Geen advies")]:
        r = matrix.get(code, {})
        keuze.rijen.append([Cel(label)] + [Cel(r.get(f"p_{x}", 0)) for x, _ in routes] + [Cel(r.get("geen", 0))])
    uit.append(keuze)

    rijen = _groepen(
        qs,
        SLEUTEL,
        {
            "pip": Count("pk", filter=Q(pip_op__isnull=False)),
            "geschakeld": Count("pk", filter=Q(schakelingen__gt=0)),
            "afgeschaald": Count("pk", filter=Q(afschalingen__gt=0)),
            "v_schakelen": Coalesce(Sum("schakelingen"), 0),
            "v_afschalen": Coalesce(Sum("afschalingen"), 0),
        },
    )
    uit.append(
        _tabel(
            "monitoring-schakelen",
            "Afschalen en schakelen",
            [
                Kolom("Met vastgesteld PIP", AANTAL),
                Kolom("Geschakeld (personen)", AANTAL),
                Kolom("Afgeschaald (personen)", AANTAL),
                Kolom("PIP-versies schakelen", AANTAL),
                Kolom("PIP-versies afschalen", AANTAL),
            ],
            rijen,
            lambda r: [
                Cel(r["pip"]),
                Cel(r["geschakeld"]),
                Cel(r["afgeschaald"]),
                Cel(r["v_schakelen"]),
                Cel(r["v_afschalen"]),
            ],
        )
    )
    wissels = Tabel(
        id="monitoring-wissels",
        titel="Schakelen van route naar route",
        kolommen=[Kolom("Van"), Kolom("Naar"), Kolom("Personen", AANTAL)],
    )
    for r in (
        qs.exclude(schakel_van="")
        .values("schakel_van", "schakel_naar")
        .annotate(n=Count("pk"))
        .order_by("schakel_van", "schakel_naar")
    ):
        wissels.rijen.append(
            [
                Cel(rules.ROUTE_LABEL.get(r["schakel_van"], r["schakel_van"])),
                Cel(rules.ROUTE_LABEL.get(r["schakel_naar"], r["schakel_naar"])),
                Cel(r["n"]),
            ]
        )
    uit.append(wissels)

    opleiding = Tabel(
        id="monitoring-opleiding",
        titel="Opleidingsniveau en leerroute",
        kolommen=[Kolom("Hoogst gevolgde opleiding"), Kolom("Personen", AANTAL)]
        + [Kolom(f"PIP {label}", AANTAL) for _, label in routes],
    )
    for r in (
        qs.values("opleiding")
        .annotate(n=Count("pk"), **{f"p_{x}": Count("pk", filter=Q(leerroute=x)) for x, _ in routes})
        .order_by("opleiding")
    ):
        opleiding.rijen.append(
            [Cel(OPLEIDING_LABEL.get(r["opleiding"], "Geen brede intake")), Cel(r["n"])]
            + [Cel(r[f"p_{x}"]) for x, _ in routes]
        )
    uit.append(opleiding)

    rijen = _groepen(
        qs,
        SLEUTEL,
        {
            "personen": Count("pk", filter=Q(hh_procedures__gt=0)),
            "bedrag": Coalesce(Sum("hh_boete_bedrag"), Decimal("0")),
            **{v: Coalesce(Sum(v), 0) for v, _ in selectors.HH_VELDEN},
        },
    )
    uit.append(
        _tabel(
            "monitoring-handhaving",
            "Handhaving",
            [Kolom("Personen met een procedure", AANTAL)]
            + [Kolom(label, AANTAL) for _, label in selectors.HH_VELDEN]
            + [Kolom("Opgelegd bedrag", EURO)],
            rijen,
            lambda r: (
                [Cel(r["personen"])]
                + [Cel(r[v]) for v, _ in selectors.HH_VELDEN]
                + [Cel(Decimal(str(r["bedrag"])).quantize(Decimal("0.01")))]
            ),
        )
    )
    return uit


def monitoring_dataset(user, *, gemeente: int | None = None, voortgang: Voortgang) -> Resultaat:
    if not selectors.mag_kpi(user):
        raise PermissionDenied("U mag geen monitoringsgegevens exporteren.")
    if gemeente and not selectors.scope_gemeenten(user, kpi=True).filter(pk=gemeente).exists():
        raise PermissionDenied("U werkt niet voor deze gemeente.")
    vandaag = timezone.localdate()
    qs = Casus.objects.all()
    if not selectors.ziet_alle_gemeenten(user):
        qs = qs.filter(team_id__in=permissions.team_ids(user))
    if gemeente:
        qs = qs.filter(gemeente_id=gemeente)
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    voortgang(1, f"{len(ids)} casussen gevonden")
    services.kenmerken_verversen(casus_ids=ids, voortgang=_fase(voortgang, 1, 80, "Cijfers bijwerken"))
    voortgang(85, "Tabellen maken")
    bladen = monitoring_tabellen(user, gemeente, vandaag)
    toelichting = Tabel(
        id="monitoring-toelichting",
        titel="Toelichting",
        kolommen=[Kolom("Onderwerp"), Kolom("Toelichting")],
        rijen=[
            [Cel("Peildatum"), Cel(f"{vandaag:%d-%m-%Y}")],
            [
                Cel("Gemeente(n)"),
                Cel(Gemeente.objects.get(pk=gemeente).naam if gemeente else "Alle gemeenten in beeld"),
            ],
            [Cel("Personen"), Cel(str(len(ids)))],
            [
                Cel("Cohort"),
                Cel(
                    "Jaar van huisvesting; gezins- en overige migranten zonder huisvestingsdatum: jaar van de DUO-kennisgeving."
                ),
            ],
            [Cel("Persoonsgegevens"), Cel("Geen: alleen aantallen per gemeente, cohort en doelgroep.")],
        ]
        + [[Cel(k.titel), Cel(k.definitie)] for k in rules.KPIS],
    )
    voortgang(95, "Werkmap opslaan")
    return Resultaat(
        bestandsnaam=f"monitoring-inburgering-{vandaag:%Y%m%d}.xlsx",
        inhoud=tabellen.als_xlsx([toelichting, *bladen]),
        content_type=XLSX,
        aantal_rijen=sum(len(t.rijen) for t in bladen),
        aantal_personen=None,
    )
