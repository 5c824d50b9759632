"""Pure rules of the dashboards and KPIs: plain values in, plain values out (no ORM, no request).

The selectors turn these into SQL conditions or apply them while refreshing the summary table
(`CasusKenmerken`); the tests check them from tables. The KPI definitions (text, target setting,
window setting) are data here, so the page, the exports and the documentation say the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from leerroutes.rules import EXAMENONDERDELEN, examen_behaald, examenniveau
from pip.rules import ASIEL, B1_ROUTE, ONDERWIJSROUTE, Z_ROUTE, laatste_dag_periode

D = Decimal
EEN_DAG = dt.timedelta(days=1)

# ---------------------------------------------------------------------------------------------
# Phases of the journey (issue 9): the case statuses of cases/workflow.py grouped for team leads
# ---------------------------------------------------------------------------------------------

WARME_OVERDRACHT, INTAKE, PIP_PENDING, UITVOERING, AFRONDING, OPGESCHORT = (
    "warme_overdracht",
    "intake",
    "pip",
    "uitvoering",
    "afronding",
    "opgeschort",
)
FASEN: tuple[tuple[str, str], ...] = (
    (WARME_OVERDRACHT, "Warme overdracht"),
    (INTAKE, "Intake"),
    (PIP_PENDING, "PIP in voorbereiding"),
    (UITVOERING, "Uitvoering"),
    (AFRONDING, "Afronding"),
    (OPGESCHORT, "Opgeschort"),
)
FASE_LABEL = dict(FASEN)
# status (cases.workflow.Status value) -> phase. A closed case (afgesloten) has no phase.
STATUS_FASE = {
    "aangemeld": WARME_OVERDRACHT,  # registered, the warme overdracht is the next step
    "warme_overdracht": WARME_OVERDRACHT,
    "intake": INTAKE,
    "pip_in_voorbereiding": PIP_PENDING,
    "uitvoering": UITVOERING,
    "afronding": AFRONDING,
    "opgeschort": OPGESCHORT,  # suspended: shown apart, it can come from intake, PIP or uitvoering
}


def fase(status: str) -> str | None:
    """The dashboard phase of a case status; None for a closed case."""
    return STATUS_FASE.get(status)


def fase_statussen(code: str) -> list[str]:
    """The case statuses that make up phase `code` (in workflow order)."""
    return [s for s, f in STATUS_FASE.items() if f == code]


# ---------------------------------------------------------------------------------------------
# Cohort and start dates
# ---------------------------------------------------------------------------------------------


def cohortdatum(doelgroep: str, huisvesting: dt.date | None, kennisgeving: dt.date | None) -> dt.date | None:
    """The date that puts a person in a cohort (the year of housing).

    Asielstatushouders (art. 13-1-a and 13-1-b): the housing date in the gemeente. Gezins- and
    overige migranten are not housed by the gemeente: their housing date when recorded, else the
    DUO kennisgeving (the start of the plicht). None: not (yet) in a cohort.
    """
    if doelgroep in ASIEL:
        return huisvesting
    return huisvesting or kennisgeving


def cohort(doelgroep: str, huisvesting: dt.date | None, kennisgeving: dt.date | None) -> int | None:
    datum = cohortdatum(doelgroep, huisvesting, kennisgeving)
    return datum.year if datum else None


def pip_start(kennisgeving: dt.date | None, brp_inschrijving: dt.date | None) -> dt.date | None:
    """Start of the PIP term: the later of DUO kennisgeving and BRP inschrijving (one known: that one)."""
    bekend = [d for d in (kennisgeving, brp_inschrijving) if d is not None]
    return max(bekend) if bekend else None


def venster_eind(gebeurtenis: dt.date | None, maanden: int) -> dt.date | None:
    """Last day of a window of `maanden` months after an event.

    Like every legal term the window starts the day after the event: housed on 10 January,
    "within 3 months" ends on 10 April (2024-01-10 → 2024-04-10).
    """
    if gebeurtenis is None:
        return None
    return laatste_dag_periode(gebeurtenis + EEN_DAG, maanden)


def termijn_eind(termijn_start: dt.date | None, maanden: int) -> dt.date | None:
    """Last day of a window that starts ON `termijn_start` (the inburgeringstermijn starts the day after the PIP)."""
    if termijn_start is None:
        return None
    return laatste_dag_periode(termijn_start, maanden)


# ---------------------------------------------------------------------------------------------
# The outcome of a KPI with a window: achieved in time, not achieved, or still open
# ---------------------------------------------------------------------------------------------

BEHAALD, NIET_BEHAALD, LOPEND = "behaald", "niet_behaald", "lopend"
UITKOMSTEN = (
    (BEHAALD, "Behaald binnen de termijn"),
    (NIET_BEHAALD, "Niet behaald binnen de termijn"),
    (LOPEND, "Termijn loopt nog"),
)
UITKOMST_LABEL = dict(UITKOMSTEN)


def uitkomst(eind: dt.date | None, behaald_op: dt.date | None, peildatum: dt.date) -> str | None:
    """The outcome of one person for a KPI with a window ending on `eind` (inclusive).

    behaald: achieved on or before `eind` (also when the window is still open);
    niet_behaald: the window has passed (`eind` before the peildatum) without it;
    lopend: the window is still open and it has not been achieved yet;
    None: no window (the start date is unknown): the person is not in this KPI.
    """
    if eind is None:
        return None
    if behaald_op is not None and behaald_op <= eind:
        return BEHAALD
    if eind < peildatum:
        return NIET_BEHAALD
    return LOPEND


def percentage(teller: int, noemer: int) -> Decimal | None:
    """teller / noemer as a percentage with one decimal (half up); None without a noemer."""
    if not noemer:
        return None
    return (D(teller) * 100 / D(noemer)).quantize(D("0.1"), rounding=ROUND_HALF_UP)


def doel_gehaald(pct: Decimal | None, doel: Decimal | None) -> bool | None:
    if pct is None or doel is None:
        return None
    return pct >= doel


# ---------------------------------------------------------------------------------------------
# Passed, participating, out to work or study, the ladder
# ---------------------------------------------------------------------------------------------


def geslaagd_op(
    *,
    leerroute: str,
    pip_niveau: str,
    afgeschaald: Iterable[str] = (),
    examens: Iterable[tuple[str, str, dt.date]] = (),
    zroute_afgerond_op: dt.date | None = None,
) -> dt.date | None:
    """The day the person finished the leerroute; None when not (yet).

    B1- and onderwijsroute: every exam part (lezen, luisteren, schrijven, spreken, KNM) passed at
    the level the PIP asks (A2 for a part that was afgeschaald); the day of the last part needed.
    `examens` are the PASSED attempts as (onderdeel, niveau, datum). Z-route: the day the route
    was completed (hours and eindgesprek, leerroutes.ZrouteAfronding). No route: None.
    """
    if leerroute == Z_ROUTE:
        return zroute_afgerond_op
    if leerroute not in (B1_ROUTE, ONDERWIJSROUTE):
        return None
    afgeschaald = set(afgeschaald)
    eerste: dict[str, dt.date] = {}
    for onderdeel, niveau, datum in examens:
        vereist = examenniveau(onderdeel, pip_niveau, onderdeel in afgeschaald)
        if examen_behaald(True, niveau, vereist) and (onderdeel not in eerste or datum < eerste[onderdeel]):
            eerste[onderdeel] = datum
    if any(o not in eerste for o in EXAMENONDERDELEN):
        return None
    return max(eerste.values())


def eerste_datum(*datums: dt.date | None) -> dt.date | None:
    bekend = [d for d in datums if d is not None]
    return min(bekend) if bekend else None


def participerend_op(eerste_activiteit: dt.date | None, uitstroom_op: dt.date | None) -> dt.date | None:
    """Participating from: the first participation activity, or the day out to work or study."""
    return eerste_datum(eerste_activiteit, uitstroom_op)


def op_bijstand(*, intake_bijstand: bool, ontzorgd: bool, pip_bijstand: bool) -> bool:
    """On bijstand per the register: the brede intake, a PIP version or financieel ontzorgen says so."""
    return bool(intake_bijstand or ontzorgd or pip_bijstand)


GESTEGEN, GELIJK, GEDAALD = "gestegen", "gelijk", "gedaald"


def trede_beweging(nulmeting: int | None, laatste: int | None) -> str | None:
    """Movement on the participatieladder from the nulmeting to the latest measurement."""
    if nulmeting is None or laatste is None:
        return None
    if laatste > nulmeting:
        return GESTEGEN
    if laatste < nulmeting:
        return GEDAALD
    return GELIJK


# ---------------------------------------------------------------------------------------------
# Deadlines on the team dashboard
# ---------------------------------------------------------------------------------------------

TE_LAAT, DEZE_WEEK = "te_laat", "deze_week"


def week_einde(vandaag: dt.date) -> dt.date:
    """The Sunday of the calendar week of `vandaag` ("this week" = today up to and including Sunday,
    as on the work list of the termijnen app)."""
    return vandaag + dt.timedelta(days=6 - vandaag.weekday())


# ---------------------------------------------------------------------------------------------
# Dated settings from loaded rows (the same precedence as inburgering.regels.regel)
# ---------------------------------------------------------------------------------------------


def geldende_waarde(
    rijen: Iterable[tuple[int | None, dt.date, Decimal]], op: dt.date, gemeente_id: int | None
) -> Decimal | None:
    """The value on `op` from rows (gemeente_id or None, ingangsdatum, waarde): a row of the gemeente
    wins over a national row; within each the latest ingangsdatum on or before `op`. None: no row."""
    eigen = landelijk = None
    for rij_gemeente, ingang, waarde in rijen:
        if ingang > op:
            continue
        if rij_gemeente is None:
            if landelijk is None or ingang > landelijk[0]:
                landelijk = (ingang, waarde)
        elif gemeente_id is not None and rij_gemeente == gemeente_id:
            if eigen is None or ingang > eigen[0]:
                eigen = (ingang, waarde)
    gekozen = eigen or landelijk
    return gekozen[1] if gekozen else None


# ---------------------------------------------------------------------------------------------
# Route mix against the rijksprognose
# ---------------------------------------------------------------------------------------------

ROUTES = ((ONDERWIJSROUTE, "Onderwijsroute"), (B1_ROUTE, "B1-route"), (Z_ROUTE, "Z-route"))
ROUTE_LABEL = dict(ROUTES)
PROGNOSE_CODE = {
    ONDERWIJSROUTE: "prognose_onderwijsroute_pct",
    B1_ROUTE: "prognose_b1route_pct",
    Z_ROUTE: "prognose_zroute_pct",
}


def routemix(aantallen: dict[str, int]) -> dict[str, Decimal | None]:
    """The share (percentage, one decimal) of each route among the people with a route."""
    totaal = sum(aantallen.get(r, 0) for r, _ in ROUTES)
    return {r: percentage(aantallen.get(r, 0), totaal) for r, _ in ROUTES}


def afwijking(pct: Decimal | None, prognose: Decimal | None) -> Decimal | None:
    """Percentage points above (+) or below (−) the prognosis."""
    if pct is None or prognose is None:
        return None
    return (pct - prognose).quantize(D("0.1"))


# ---------------------------------------------------------------------------------------------
# Quarters (CBS delivery, trends)
# ---------------------------------------------------------------------------------------------


def kwartaal(datum: dt.date) -> tuple[int, int]:
    return datum.year, (datum.month - 1) // 3 + 1


def kwartaal_label(jaar: int, k: int) -> str:
    return f"{jaar} K{k}"


def kwartaal_grenzen(jaar: int, k: int) -> tuple[dt.date, dt.date]:
    """First and last day of quarter `k` (1-4) of `jaar`."""
    if k not in (1, 2, 3, 4):
        raise ValueError("Een kwartaal is 1, 2, 3 of 4.")
    start = dt.date(jaar, 3 * (k - 1) + 1, 1)
    eind = dt.date(jaar + 1, 1, 1) - EEN_DAG if k == 4 else dt.date(jaar, 3 * k + 1, 1) - EEN_DAG
    return start, eind


def vorig_kwartaal(vandaag: dt.date) -> tuple[int, int]:
    """The last completed quarter (the one a CBS delivery is due for)."""
    jaar, k = kwartaal(vandaag)
    return (jaar - 1, 4) if k == 1 else (jaar, k - 1)


def cbs_leverdatum(jaar: int, k: int, weken: int = 4) -> dt.date:
    """CBS wants the file within `weken` weeks after the quarter (DOMAIN.md §9)."""
    return kwartaal_grenzen(jaar, k)[1] + dt.timedelta(weeks=weken)


def in_registratie(
    aangemaakt: dt.date, afgesloten: dt.date | None, periode_start: dt.date, periode_eind: dt.date
) -> bool:
    """Whether a case was in the register during [periode_start, periode_eind]."""
    return aangemaakt <= periode_eind and (afgesloten is None or afgesloten >= periode_start)


# ---------------------------------------------------------------------------------------------
# Long exports: a run that outlived its task's hard time limit has died
# ---------------------------------------------------------------------------------------------

# Beyond the hard time limit: room for the clock of the worker that wrote the start of a run and the
# clock of the server that checks it to differ a little.
EXPORT_MARGE = dt.timedelta(minutes=1)


def export_afgebroken_voor(nu: dt.datetime, tijdslimiet_seconden: int) -> dt.datetime:
    """A run of an export task that started before this moment is no longer running: the worker killed it
    at its hard time limit, or the worker itself died."""
    return nu - dt.timedelta(seconds=tijdslimiet_seconden) - EXPORT_MARGE


# ---------------------------------------------------------------------------------------------
# Dutch number formats (pages and CSV; XLSX gets numbers with a number format instead)
# ---------------------------------------------------------------------------------------------


def nl_getal(waarde, decimalen: int = 0) -> str:
    """1234567 → '1.234.567'; 12.345 with 1 decimal → '12,3'. None → '–'."""
    if waarde is None:
        return "–"
    if type(waarde) is int and not decimalen:  # the common case (counts): no Decimal needed
        return f"{waarde:,}".replace(",", ".")
    q = D(str(waarde)).quantize(D(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    teken = "-" if q < 0 else ""
    heel, _, frac = f"{abs(q):f}".partition(".")
    groepen = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    tekst = ".".join(groepen)
    return f"{teken}{tekst},{frac}" if decimalen else f"{teken}{tekst}"


def nl_procent(pct) -> str:
    """Decimal('92.5') → '92,5%'. None → '–'."""
    return "–" if pct is None else f"{nl_getal(pct, 1)}%"


def nl_euro(bedrag) -> str:
    return "–" if bedrag is None else f"€ {nl_getal(bedrag, 2)}"


def nl_plus_min(waarde) -> str:
    """Percentage points with a sign: +2,5 / −1,0 / 0,0."""
    if waarde is None:
        return "–"
    if waarde > 0:
        return f"+{nl_getal(waarde, 1)}"
    if waarde < 0:
        return f"−{nl_getal(-waarde, 1)}"
    return nl_getal(waarde, 1)


# ---------------------------------------------------------------------------------------------
# The KPIs: definition, target and window as data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiDef:
    code: str
    titel: str
    definitie: str
    teller: str
    noemer: str
    doel_code: str | None = None  # percentage target (dated setting)
    venster_code: str | None = None  # length of the window (dated setting)
    venster_eenheid: str = ""  # "maanden" | "jaren" | "weken"
    veld: str = ""  # prefix of the <veld>_eind / <veld>_op columns of CasusKenmerken


VENSTER_KPIS: tuple[KpiDef, ...] = (
    KpiDef(
        code="gestart",
        titel="Gestart binnen 3 maanden na huisvesting",
        definitie=(
            "Het aandeel inburgeraars dat binnen de termijn na de huisvesting met de leerroute is begonnen "
            "(startdatum van het eerste inburgeringsaanbod bij een taalschool). De termijn begint de dag na de "
            "huisvesting; voor gezins- en overige migranten zonder huisvestingsdatum de dag na de DUO-kennisgeving."
        ),
        teller="gestart op of vóór de laatste dag van de termijn",
        noemer="iedereen met een huisvestings- (of kennisgevings)datum bij wie de uitkomst vaststaat: gestart, of de termijn is voorbij",
        doel_code="kpi_gestart_3mnd_pct",
        venster_code="kpi_gestart_maanden",
        venster_eenheid="maanden",
        veld="gestart",
    ),
    KpiDef(
        code="pip-wettelijk",
        titel="PIP binnen de wettelijke termijn",
        definitie=(
            "Het aandeel eerste PIP's dat is vastgesteld (dagtekening) binnen de wettelijke termijn na de laatste "
            "van DUO-kennisgeving en BRP-inschrijving in de gemeente."
        ),
        teller="eerste PIP met een dagtekening op of vóór de wettelijke uiterste datum",
        noemer="iedereen met een kennisgevings- of BRP-datum bij wie het PIP is vastgesteld of de termijn voorbij is",
        doel_code="kpi_pip_wettelijk_pct",
        venster_code="pip_termijn_weken",
        venster_eenheid="weken",
        veld="pip",
    ),
    KpiDef(
        code="pip-lokaal",
        titel="PIP binnen de eigen streeftermijn",
        definitie=(
            "Hetzelfde als hierboven, maar gemeten tegen de eigen (lokale) streeftermijn van de gemeente, "
            "die strenger kan zijn dan de wet (bijvoorbeeld 6 weken)."
        ),
        teller="eerste PIP met een dagtekening op of vóór de lokale streefdatum",
        noemer="iedereen met een kennisgevings- of BRP-datum bij wie het PIP is vastgesteld of de streeftermijn voorbij is",
        doel_code="kpi_pip_lokaal_pct",
        venster_code="pip_lokale_norm_weken",
        venster_eenheid="weken",
        veld="pip_lokaal",
    ),
    KpiDef(
        code="geslaagd",
        titel="Geslaagd binnen 3 jaar",
        definitie=(
            "Het aandeel inburgeraars dat de leerroute binnen de termijn na de start van de inburgeringstermijn "
            "(de dag na de dagtekening van het eerste PIP) heeft afgerond. B1- en onderwijsroute: alle "
            "examenonderdelen (lezen, luisteren, schrijven, spreken, KNM) gehaald op het niveau uit het PIP "
            "(A2 voor een afgeschaald onderdeel). Z-route: de route is afgerond (uren en eindgesprek)."
        ),
        teller="route afgerond op of vóór de laatste dag van de termijn",
        noemer="iedereen met een vastgesteld PIP bij wie de uitkomst vaststaat: afgerond, of de termijn is voorbij",
        doel_code="kpi_geslaagd_3jr_pct",
        venster_code="kpi_geslaagd_jaren",
        venster_eenheid="jaren",
        veld="geslaagd",
    ),
    KpiDef(
        code="participerend",
        titel="Participerend binnen 3 jaar",
        definitie=(
            "Het aandeel inburgeraars dat binnen de termijn na de huisvesting participeert: een geregistreerde "
            "participatieactiviteit (taalstage, vrijwilligerswerk, werkervaringsplaats, betaald werk, opleiding, "
            "dagbesteding, sport of cultuur) is begonnen, of de persoon is uitgestroomd naar werk of studie."
        ),
        teller="eerste activiteit of uitstroom op of vóór de laatste dag van de termijn",
        noemer="iedereen met een huisvestings- (of kennisgevings)datum bij wie de uitkomst vaststaat",
        doel_code="kpi_participerend_3jr_pct",
        venster_code="kpi_participerend_jaren",
        venster_eenheid="jaren",
        veld="participerend",
    ),
    KpiDef(
        code="uitstroom",
        titel="Statushouders in de bijstand uitgestroomd binnen 2 jaar",
        definitie=(
            "Het aandeel asielstatushouders (art. 13-1-a en 13-1-b) met bijstand dat binnen de termijn na de "
            "huisvesting is uitgestroomd naar werk of studie. Bijstand volgens de registratie: de brede intake, "
            "een PIP-versie of financieel ontzorgen."
        ),
        teller="uitgestroomd naar werk of studie op of vóór de laatste dag van de termijn",
        noemer="asielstatushouders met bijstand en een huisvestingsdatum bij wie de uitkomst vaststaat",
        doel_code="kpi_uitstroom_2jr_pct",
        venster_code="kpi_uitstroom_jaren",
        venster_eenheid="jaren",
        veld="uitstroom",
    ),
)

OVERIGE_KPIS: tuple[KpiDef, ...] = (
    KpiDef(
        code="routemix",
        titel="Routemix tegenover de rijksprognose",
        definitie=(
            "De verdeling van de leerroutes in het huidige (laatst vastgestelde) PIP, naast de rijksprognose "
            "(onderwijsroute, B1-route, Z-route). Afwijking in procentpunten."
        ),
        teller="inburgeraars met deze route in hun huidige PIP",
        noemer="inburgeraars met een vastgesteld PIP met een leerroute",
    ),
    KpiDef(
        code="schakelen",
        titel="Afschalen en schakelen",
        definitie=(
            "Het aandeel inburgeraars met een vastgesteld PIP bij wie ten minste één latere PIP-versie de "
            "leerroute wijzigde (schakelen) of B1-onderdelen naar A2 bracht (afschalen)."
        ),
        teller="inburgeraars met ten minste één PIP-versie met reden schakelen (of afschalen)",
        noemer="inburgeraars met een vastgesteld PIP",
    ),
    KpiDef(
        code="handhaving",
        titel="Boetes en hun uitkomst",
        definitie=(
            "Handhavingsprocedures (van signaal tot afgeronde boete), opgelegde boetes (boetebeschikkingen) met "
            "het opgelegde bedrag, en hoe ze afliepen: betaald, in invordering, kwijtgescholden, ingetrokken "
            "na bezwaar, afgezien van een boete of doorgezet naar de Participatiewet."
        ),
        teller="aantallen procedures en boetes",
        noemer="geen: dit zijn aantallen",
    ),
    KpiDef(
        code="participatieladder",
        titel="Beweging op de participatieladder",
        definitie=(
            "Van de nulmeting in de brede intake naar de laatste meting op de participatieladder (treden 1-6): "
            "hoeveel inburgeraars stegen, gelijk bleven of daalden, en de gemiddelde trede."
        ),
        teller="inburgeraars die stegen (of gelijk bleven, of daalden)",
        noemer="inburgeraars met een nulmeting en een latere meting",
    ),
)

KPIS: tuple[KpiDef, ...] = VENSTER_KPIS + OVERIGE_KPIS
KPI_PER_CODE = {k.code: k for k in KPIS}
VENSTER_PER_CODE = {k.code: k for k in VENSTER_KPIS}
