"""Reads of the dashboards: who sees what, the dated settings in one query, and the aggregates.

Every read here runs a fixed number of SQL queries whatever the number of cases: counts are
conditional aggregates (`COUNT(*) FILTER (WHERE ...)`) grouped by consultant or cohort, never a
Python loop over cases. The team dashboard reads the live register and the deadline rows of the
termijnen app; the KPI page reads the summary table `CasusKenmerken` (refreshed by beat, see
`services.kenmerken_verversen`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import (
    Avg,
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, TruncQuarter

from cases.models import ASIEL_DOELGROEPEN, Casus
from inburgering import permissions, vastesql
from inburgering.models import Gebruiker, Gemeente, RegelInstelling, Team
from inburgering.regels import default_waarde
from termijnen.models import Termijn

from . import rules
from .models import CasusKenmerken, Verversing

# ---------------------------------------------------------------------------------------------
# Who sees what
# ---------------------------------------------------------------------------------------------


def mag_team_dashboard(user) -> bool:
    """The team dashboard is for team leads (a consultant gets none; the beheerder sees no caseloads)."""
    return permissions.heeft_rol(user, permissions.TEAMLEIDER)


def ziet_alle_gemeenten(user) -> bool:
    """The functioneel beheerder configures every gemeente and has no team: KPI figures of all gemeenten."""
    return bool(getattr(user, "is_superuser", False)) or permissions.heeft_rol(user, permissions.FUNCTIONEEL_BEHEERDER)


def mag_kpi(user) -> bool:
    """KPI pages (aggregates, no personal data): team leads (own teams) and the beheerder (all gemeenten)."""
    return mag_team_dashboard(user) or ziet_alle_gemeenten(user)


def mag_lijsten(user) -> bool:
    """The lists behind a number show persons: only for who may read those cases (team leads)."""
    return mag_team_dashboard(user)


def mag_cbs_export(user) -> bool:
    """The CBS file holds BSNs: only team leads, and only with the cases of their teams."""
    return mag_team_dashboard(user)


def kpi_scope_teams(user) -> list[int] | None:
    """The teams whose KPI rows (CasusKenmerken) a user may aggregate; None: every team (the beheerder)."""
    if ziet_alle_gemeenten(user):
        return None
    if permissions.heeft_rol(user, permissions.TEAMLEIDER):
        return list(permissions.team_ids(user))
    return []


def kpi_scope_q(user) -> Q:
    """The KPI rows (CasusKenmerken) a user may aggregate."""
    teams = kpi_scope_teams(user)
    return Q() if teams is None else Q(team_id__in=teams)


# The filter form's lists: each rule says once which query (a builder and its values) gives the rows;
# `scope_*` is that query as a queryset, `keuzes_*` its rows read with SQL compiled once
# (`inburgering.vastesql`: the form lists them on every dashboard page, and building and compiling the
# three option queries cost more Python than the database needs to answer them).


def _gemeenten_vraag(user, *, kpi: bool):
    if kpi and ziet_alle_gemeenten(user):
        return _alle_gemeenten, {}
    return _gemeenten_van_teams, {"teams": list(permissions.team_ids(user))}  # permissions.zichtbare_gemeenten


def _teams_vraag(user, *, kpi: bool):
    if kpi and ziet_alle_gemeenten(user):
        return _alle_teams, {}
    return _teams, {"teams": list(permissions.team_ids(user))}


def _consultants_vraag(user):
    """Consultants of the lead's teams (the beheerder gets no per-consultant figures)."""
    if not permissions.heeft_rol(user, permissions.TEAMLEIDER):
        return _consultants_van_teams, {"teams": []}
    return _consultants_van_teams, {"teams": list(permissions.team_ids(user))}


def _als_queryset(vraag) -> QuerySet:
    bouw, waarden = vraag
    return bouw(**waarden)


def _als_rijen(vraag) -> list:
    bouw, waarden = vraag
    if any(isinstance(w, list) and not w for w in waarden.values()):
        return []  # an empty IN matches nothing: no query
    return vastesql.rijen(bouw, **waarden)


def scope_gemeenten(user, *, kpi: bool) -> QuerySet:
    return _als_queryset(_gemeenten_vraag(user, kpi=kpi))


def scope_teams(user, *, kpi: bool) -> QuerySet:
    return _als_queryset(_teams_vraag(user, kpi=kpi))


def scope_consultants(user) -> QuerySet:
    return _als_queryset(_consultants_vraag(user))


def keuzes_gemeenten(user, *, kpi: bool) -> list[Gemeente]:
    return _als_rijen(_gemeenten_vraag(user, kpi=kpi))


def keuzes_teams(user, *, kpi: bool) -> list[Team]:
    return _als_rijen(_teams_vraag(user, kpi=kpi))


def keuzes_consultants(user) -> list[Gebruiker]:
    return _als_rijen(_consultants_vraag(user))


def _alle_gemeenten() -> QuerySet:
    return Gemeente.objects.order_by("naam")


def _gemeenten_van_teams(*, teams: list[int]) -> QuerySet:
    return Gemeente.objects.filter(teams__in=teams).distinct().order_by("naam")


def _alle_teams() -> QuerySet:
    return Team.objects.order_by("naam")


def _teams(*, teams: list[int]) -> QuerySet:
    return Team.objects.filter(pk__in=teams).order_by("naam")


def _consultants_van_teams(*, teams: list[int]) -> QuerySet:
    return (
        Gebruiker.objects.filter(teams__in=teams, groups__name=permissions.CONSULTANT)
        .distinct()
        .order_by("first_name", "last_name")
    )


# ---------------------------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    gemeente: int | None = None
    team: int | None = None
    consultant: int | None = None
    cohort: int | None = None
    doelgroep: str | None = None

    def params(self, **extra) -> dict:
        d = {k: v for k, v in self.__dict__.items() if v is not None and v != ""}
        d.update({k: v for k, v in extra.items() if v not in (None, "")})
        return d

    def querystring(self, **extra) -> str:
        return urlencode(self.params(**extra))


ZONDER_COHORT = 0  # the filter value for cases without a cohort date


def cohort_q(jaar: int, prefix: str = "") -> Q:
    """Cases of cohort `jaar` on the live register: the same rule as `rules.cohortdatum`.

    `jaar` 0: cases without a cohort date (asiel without housing date; others without either date)."""
    p = prefix
    asiel = Q(**{f"{p}doelgroep__in": ASIEL_DOELGROEPEN})
    if jaar == ZONDER_COHORT:
        return Q(**{f"{p}datum_huisvesting__isnull": True}) & (asiel | Q(**{f"{p}datum_kennisgeving__isnull": True}))
    return Q(**{f"{p}datum_huisvesting__year": jaar}) | (
        ~asiel & Q(**{f"{p}datum_huisvesting__isnull": True, f"{p}datum_kennisgeving__year": jaar})
    )


def casus_filter_q(f: Filters) -> Q:
    """The filters on the live register (Casus)."""
    q = Q()
    if f.gemeente:
        q &= Q(gemeente_id=f.gemeente)
    if f.team:
        q &= Q(team_id=f.team)
    if f.consultant:
        q &= Q(consultant_id=f.consultant)
    if f.doelgroep:
        q &= Q(doelgroep=f.doelgroep)
    if f.cohort is not None:
        q &= cohort_q(f.cohort)
    return q


def kenmerken_filter_q(f: Filters, prefix: str = "") -> Q:
    """The filters on the summary table (CasusKenmerken); `prefix` 'kenmerken__' from Casus."""
    velden = {"gemeente_id": f.gemeente, "team_id": f.team, "consultant_id": f.consultant, "doelgroep": f.doelgroep}
    q = Q(**{f"{prefix}{k}": v for k, v in velden.items() if v not in (None, "")})
    if f.cohort == ZONDER_COHORT:
        q &= Q(**{f"{prefix}cohort__isnull": True})
    elif f.cohort is not None:
        q &= Q(**{f"{prefix}cohort": f.cohort})
    return q


# ---------------------------------------------------------------------------------------------
# Dated settings, loaded once per request
# ---------------------------------------------------------------------------------------------


class Regelboek:
    """The rows of some dated settings in one query; values resolved like `inburgering.regels.regel`."""

    def __init__(self, rijen: Iterable[tuple[str, int | None, dt.date, Decimal]]):
        self._rijen: dict[str, list[tuple[int | None, dt.date, Decimal]]] = defaultdict(list)
        for code, gemeente_id, ingang, waarde in rijen:
            self._rijen[code].append((gemeente_id, ingang, waarde))
        self._cache: dict = {}

    @classmethod
    def laden(cls, codes: Iterable[str]) -> Regelboek:
        rijen = vastesql.dicts("dashboards.regelboek", _regelinstellingen, codes=list(codes))
        return cls((r["code"], r["gemeente_id"], r["ingangsdatum"], r["waarde"]) for r in rijen)

    def waarde(self, code: str, op: dt.date, gemeente_id: int | None = None) -> Decimal:
        key = (code, op, gemeente_id)
        if key not in self._cache:
            w = rules.geldende_waarde(self._rijen.get(code, ()), op, gemeente_id)
            self._cache[key] = w if w is not None else default_waarde(code, op)
        return self._cache[key]

    def int(self, code: str, op: dt.date, gemeente_id: int | None = None) -> int:
        return int(self.waarde(code, op, gemeente_id))


def _regelinstellingen(*, codes: list[str]) -> QuerySet:
    return RegelInstelling.objects.filter(code__in=codes).values("code", "gemeente_id", "ingangsdatum", "waarde")


KPI_REGEL_CODES = tuple({k.doel_code for k in rules.KPIS if k.doel_code} | set(rules.PROGNOSE_CODE.values()))
VENSTER_REGEL_CODES = tuple({k.venster_code for k in rules.VENSTER_KPIS if k.venster_code})


@dataclass
class Doel:
    """The target of a KPI for the gemeenten in view: one value, or different values per gemeente."""

    waarde: Decimal | None
    per_gemeente: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def tekst(self) -> str:
        if self.waarde is not None:
            return rules.nl_procent(self.waarde)
        if self.per_gemeente:
            return "; ".join(f"{naam} {rules.nl_procent(w)}" for naam, w in self.per_gemeente)
        return "geen streefwaarde"


def doel(boek: Regelboek, code: str | None, gemeenten: list[Gemeente], op: dt.date) -> Doel:
    if not code:
        return Doel(None)
    if not gemeenten:
        return Doel(boek.waarde(code, op))
    waarden = [(g.naam, boek.waarde(code, op, g.pk)) for g in gemeenten]
    if len({w for _, w in waarden}) == 1:
        return Doel(waarden[0][1])
    return Doel(None, waarden)


# ---------------------------------------------------------------------------------------------
# The summary table: when it was last refreshed
# ---------------------------------------------------------------------------------------------


def laatste_verversing() -> Verversing | None:
    rij = next(iter(vastesql.dicts("dashboards.laatste_verversing", _laatste_verversing)), None)
    return None if rij is None else Verversing.from_db("default", list(rij), list(rij.values()))


def _laatste_verversing() -> QuerySet:
    velden = [f.attname for f in Verversing._meta.concrete_fields]
    return Verversing.objects.filter(volledig=True, klaar_op__isnull=False).order_by("-klaar_op").values(*velden)[:1]


# ---------------------------------------------------------------------------------------------
# Team dashboard (live register)
# ---------------------------------------------------------------------------------------------


def termijn_q(vandaag: dt.date, soort: str) -> Q:
    """Cases with at least one open deadline (termijnen.Termijn) overdue or due this week.

    Overdue: the last day has passed and the deadline can be overdue (a window that simply closes,
    such as the last day to switch leerroute, cannot). This week: due today up to and including
    Sunday. A correlated EXISTS on the deadlines of the case (index on casus_id): the cost follows the
    cases on the dashboard, not the country's open deadlines (an uncorrelated `pk IN (...)` scanned
    every overdue deadline of the register: 250 ms with 100,000 active cases)."""
    open_ = Termijn.objects.filter(casus_id=OuterRef("pk"), gesloten_op__isnull=True)
    if soort == rules.TE_LAAT:
        open_ = open_.filter(uiterlijk__lt=vandaag, te_laat_op__isnull=False)
    else:
        open_ = open_.filter(uiterlijk__gte=vandaag, uiterlijk__lte=rules.week_einde(vandaag))
    return Q(Exists(open_))


def uitkomst_q(veld: str, uitkomst: str, vandaag: dt.date, prefix: str = "") -> Q:
    """The rows of a KPI window with this outcome (rules.uitkomst, as SQL on <veld>_eind / <veld>_op)."""
    eind, op = f"{prefix}{veld}_eind", f"{prefix}{veld}_op"
    behaald = Q(**{f"{op}__lte": F(eind)})
    niet_op_tijd = Q(**{f"{op}__isnull": True}) | Q(**{f"{op}__gt": F(eind)})
    if uitkomst == rules.BEHAALD:
        return behaald
    if uitkomst == rules.NIET_BEHAALD:
        return Q(**{f"{eind}__lt": vandaag}) & niet_op_tijd
    if uitkomst == rules.LOPEND:
        return Q(**{f"{eind}__gte": vandaag}) & niet_op_tijd
    if uitkomst == "bepaald":  # the noemer: achieved, or the window has passed
        return behaald | (Q(**{f"{eind}__lt": vandaag}) & niet_op_tijd)
    raise ValueError(f"Onbekende uitkomst: {uitkomst}")


@dataclass
class ConsultantCijfers:
    consultant_id: int | None
    naam: str
    fasen: dict[str, int]
    totaal: int
    te_laat: int
    deze_week: int
    pip_op_tijd: int
    pip_bepaald: int

    @property
    def pip_pct(self) -> Decimal | None:
        return rules.percentage(self.pip_op_tijd, self.pip_bepaald)


@dataclass
class TeamDashboard:
    regels: list[ConsultantCijfers]
    totaal: ConsultantCijfers


def team_dashboard(user, f: Filters, vandaag: dt.date) -> TeamDashboard:
    """Per consultant of the lead's teams: active cases per phase, deadlines overdue / this week, PIPs on time.

    Two queries: one aggregate grouped by consultant, one for the names."""
    teams = permissions.team_ids(user)
    qs = Casus.objects.filter(team_id__in=teams, actief=True).filter(casus_filter_q(f))
    aggregaten = {
        f"fase_{code}": Count("pk", filter=Q(status__in=rules.fase_statussen(code))) for code, _ in rules.FASEN
    }
    aggregaten.update(
        totaal=Count("pk"),
        te_laat=Count("pk", filter=termijn_q(vandaag, rules.TE_LAAT)),
        deze_week=Count("pk", filter=termijn_q(vandaag, rules.DEZE_WEEK)),
        pip_op_tijd=Count("pk", filter=uitkomst_q("pip", rules.BEHAALD, vandaag, "kenmerken__")),
        pip_bepaald=Count("pk", filter=uitkomst_q("pip", "bepaald", vandaag, "kenmerken__")),
    )
    rijen = {r["consultant"]: r for r in qs.values("consultant").annotate(**aggregaten).order_by()}

    namen_qs = Gebruiker.objects.filter(
        Q(pk__in=[c for c in rijen if c is not None]) | Q(teams__in=teams, groups__name=permissions.CONSULTANT)
    )
    if f.consultant:
        namen_qs = namen_qs.filter(pk=f.consultant)
    namen = {u.pk: str(u) for u in namen_qs.distinct().only("pk", "first_name", "last_name", "username")}

    def maak(cid, naam, r):
        r = r or {}
        return ConsultantCijfers(
            consultant_id=cid,
            naam=naam,
            fasen={code: r.get(f"fase_{code}", 0) for code, _ in rules.FASEN},
            totaal=r.get("totaal", 0),
            te_laat=r.get("te_laat", 0),
            deze_week=r.get("deze_week", 0),
            pip_op_tijd=r.get("pip_op_tijd", 0),
            pip_bepaald=r.get("pip_bepaald", 0),
        )

    regels = [maak(cid, naam, rijen.get(cid)) for cid, naam in sorted(namen.items(), key=lambda kv: kv[1].lower())]
    if None in rijen:
        regels.append(maak(None, "Niet toegewezen", rijen[None]))
    totaal = maak(None, "Totaal", {})
    for r in regels:
        for code in totaal.fasen:
            totaal.fasen[code] += r.fasen[code]
        totaal.totaal += r.totaal
        totaal.te_laat += r.te_laat
        totaal.deze_week += r.deze_week
        totaal.pip_op_tijd += r.pip_op_tijd
        totaal.pip_bepaald += r.pip_bepaald
    return TeamDashboard(regels, totaal)


# ---------------------------------------------------------------------------------------------
# KPI page (summary table)
# ---------------------------------------------------------------------------------------------

HH_VELDEN = (
    ("hh_procedures", "Procedures"),
    ("hh_open", "Lopend"),
    ("hh_boetes", "Boetes opgelegd"),
    ("hh_betaald", "Betaald"),
    ("hh_invordering", "In invordering"),
    ("hh_kwijtgescholden", "Kwijtgescholden"),
    ("hh_ingetrokken", "Ingetrokken"),
    ("hh_afgezien", "Afgezien van boete"),
    ("hh_participatiewet", "Naar Participatiewet"),
    ("hh_bezwaren", "Bezwaren"),
    ("hh_bezwaar_gegrond", "Bezwaar (deels) gegrond"),
)


def _kpi_aggregaten(vandaag: dt.date) -> dict:
    a: dict = {"n": Count("pk")}
    for k in rules.VENSTER_KPIS:
        for u in (rules.BEHAALD, rules.NIET_BEHAALD, rules.LOPEND):
            a[f"{k.veld}__{u}"] = Count("pk", filter=uitkomst_q(k.veld, u, vandaag))
    for r, _ in rules.ROUTES:
        a[f"route__{r}"] = Count("pk", filter=Q(leerroute=r))
    a["pip__n"] = Count("pk", filter=Q(pip_op__isnull=False))
    a["schakelen__personen"] = Count("pk", filter=Q(schakelingen__gt=0))
    a["afschalen__personen"] = Count("pk", filter=Q(afschalingen__gt=0))
    a["schakelen__versies"] = Coalesce(Sum("schakelingen"), 0)
    a["afschalen__versies"] = Coalesce(Sum("afschalingen"), 0)
    for veld, _ in HH_VELDEN:
        a[f"hh__{veld}"] = Coalesce(Sum(veld), 0)
    a["hh__personen"] = Count("pk", filter=Q(hh_procedures__gt=0))
    a["hh__bedrag"] = Sum("hh_boete_bedrag")
    beide = Q(trede_nulmeting__isnull=False, trede_laatste__isnull=False)
    a["ladder__n"] = Count("pk", filter=beide)
    a["ladder__gestegen"] = Count("pk", filter=beide & Q(trede_laatste__gt=F("trede_nulmeting")))
    a["ladder__gelijk"] = Count("pk", filter=beide & Q(trede_laatste=F("trede_nulmeting")))
    a["ladder__gedaald"] = Count("pk", filter=beide & Q(trede_laatste__lt=F("trede_nulmeting")))
    a["ladder__nulmeting"] = Avg("trede_nulmeting", filter=beide)
    a["ladder__laatste"] = Avg("trede_laatste", filter=beide)
    a["ladder__alleen_nulmeting"] = Count("pk", filter=Q(trede_nulmeting__isnull=False, trede_laatste__isnull=True))
    return a


def kpi_basis(user, f: Filters) -> QuerySet:
    return CasusKenmerken.objects.filter(kpi_scope_q(user)).filter(kenmerken_filter_q(f))


def kpi_per_cohort(user, f: Filters, vandaag: dt.date) -> dict[int | None, dict]:
    """Every KPI's counts per cohort (year of housing) in ONE aggregate query over the summary table.

    Building and compiling its ~50 conditional aggregates was most of the Python time of the KPI
    page; the SQL only differs per request in its values, so it is compiled once per shape of
    scope and filters (`inburgering.vastesql`). The cohort, a small integer without room for
    vastesql's marker, is part of the key instead (a handful of years)."""
    teams = kpi_scope_teams(user)
    if teams == []:
        return {}  # no KPI rows for this user: no query, as the ORM does for an empty IN
    waarden = {"vandaag": vandaag} | ({} if teams is None else {"teams": teams})
    waarden |= {k: v for k, v in f.params().items() if k != "cohort"}
    bouw = functools.partial(_per_cohort, cohort=f.cohort)
    rijen = vastesql.dicts(f"dashboards.kpi_per_cohort.{f.cohort}", bouw, **waarden)
    return {r["cohort"]: r for r in rijen}


def _per_cohort(*, vandaag: dt.date, teams: list[int] | None = None, **filters) -> QuerySet:
    qs = CasusKenmerken.objects.all() if teams is None else CasusKenmerken.objects.filter(team_id__in=teams)
    return (
        qs.filter(kenmerken_filter_q(Filters(**filters)))
        .values("cohort")
        .annotate(**_kpi_aggregaten(vandaag))
        .order_by("cohort")
    )


def tel_op(rijen: Iterable[dict]) -> dict:
    """The total over cohort rows (sums; averages weighted by their number)."""
    totaal: dict = defaultdict(int)
    gewogen: dict = defaultdict(Decimal)
    for r in rijen:
        for k, v in r.items():
            if k == "cohort" or v is None:
                continue
            if k in ("ladder__nulmeting", "ladder__laatste"):
                gewogen[k] += Decimal(str(v)) * r["ladder__n"]
            elif k == "hh__bedrag":
                totaal[k] = totaal.get(k, 0) + Decimal(str(v))
            else:
                totaal[k] += v
    for k, v in gewogen.items():
        totaal[k] = (v / totaal["ladder__n"]) if totaal.get("ladder__n") else None
    return dict(totaal)


def kpi_per_kwartaal(user, f: Filters, kpi: rules.KpiDef, vandaag: dt.date) -> list[dict]:
    """A window KPI over time: per quarter in which the outcome became certain (achieved, or the window passed)."""
    veld = kpi.veld
    behaald = uitkomst_q(veld, rules.BEHAALD, vandaag)
    uitkomstdatum = Case(When(behaald, then=F(f"{veld}_op")), default=F(f"{veld}_eind"), output_field=DateField())
    rijen = (
        kpi_basis(user, f)
        .filter(uitkomst_q(veld, "bepaald", vandaag))
        .annotate(kwartaal=TruncQuarter(uitkomstdatum, output_field=DateField()))
        .values("kwartaal")
        .annotate(behaald=Count("pk", filter=behaald), noemer=Count("pk"))
        .order_by("kwartaal")
    )
    return list(rijen)


def routemix_per_kwartaal(user, f: Filters) -> list[dict]:
    """The route of the first PIP per quarter of its dagtekening (the route choices over time)."""
    a = {f"route__{r}": Count("pk", filter=Q(eerste_leerroute=r)) for r, _ in rules.ROUTES}
    return list(
        kpi_basis(user, f)
        .filter(pip_op__isnull=False)
        .annotate(kwartaal=TruncQuarter("pip_op", output_field=DateField()))
        .values("kwartaal")
        .annotate(**a)
        .order_by("kwartaal")
    )


# ---------------------------------------------------------------------------------------------
# The lists behind the numbers (persons: permission filter, access log in the view)
# ---------------------------------------------------------------------------------------------

UITKOMST_KEUZES = (rules.BEHAALD, rules.NIET_BEHAALD, rules.LOPEND, "bepaald")
_BEIDE_METINGEN = Q(trede_nulmeting__isnull=False, trede_laatste__isnull=False)
# The other numbers of the KPI page: code → (label of the list, condition on CasusKenmerken)
KENMERKEN: dict[str, tuple[str, Q]] = {
    "pip": ("met een vastgesteld PIP", Q(pip_op__isnull=False)),
    "geschakeld": ("geschakeld van leerroute", Q(schakelingen__gt=0)),
    "afgeschaald": ("afgeschaald naar A2", Q(afschalingen__gt=0)),
    "handhaving": ("met een handhavingsprocedure", Q(hh_procedures__gt=0)),
    "boete": ("met een opgelegde boete", Q(hh_boetes__gt=0)),
    "ladder": ("met een nulmeting en een latere meting", _BEIDE_METINGEN),
    "ladder_gestegen": (
        "gestegen op de participatieladder",
        _BEIDE_METINGEN & Q(trede_laatste__gt=F("trede_nulmeting")),
    ),
    "ladder_gelijk": (
        "gelijk gebleven op de participatieladder",
        _BEIDE_METINGEN & Q(trede_laatste=F("trede_nulmeting")),
    ),
    "ladder_gedaald": ("gedaald op de participatieladder", _BEIDE_METINGEN & Q(trede_laatste__lt=F("trede_nulmeting"))),
}


@dataclass(frozen=True)
class LijstVraag:
    bron: str = "team"  # team: live register (active cases); kpi: summary table
    fase: str | None = None
    termijn: str | None = None
    kpi: str | None = None
    uitkomst: str | None = None
    route: str | None = None
    kenmerk: str | None = None
    zonder_consultant: bool = False


def lijst(user, f: Filters, vraag: LijstVraag, vandaag: dt.date) -> QuerySet:
    """The cases behind one number of the dashboard or the KPI page, within what the user may read."""
    qs = permissions.zichtbare_casussen(
        user, Casus.objects.select_related("inburgeraar", "consultant", "gemeente", "team")
    ).filter(team_id__in=permissions.team_ids(user))
    if vraag.bron == "kpi":
        qs = qs.filter(kenmerken__isnull=False).filter(kenmerken_filter_q(f, "kenmerken__"))
    else:
        qs = qs.filter(actief=True).filter(casus_filter_q(f))
    if vraag.zonder_consultant:
        qs = qs.filter(consultant__isnull=True)
    if vraag.fase:
        qs = qs.filter(status__in=rules.fase_statussen(vraag.fase))
    if vraag.termijn:
        qs = qs.filter(termijn_q(vandaag, vraag.termijn))
    if vraag.kpi and vraag.uitkomst:
        k = rules.VENSTER_PER_CODE[vraag.kpi]
        qs = qs.filter(uitkomst_q(k.veld, vraag.uitkomst, vandaag, "kenmerken__"))
    if vraag.route:
        qs = qs.filter(kenmerken__leerroute=vraag.route)
    if vraag.kenmerk:
        qs = qs.filter(pk__in=CasusKenmerken.objects.filter(KENMERKEN[vraag.kenmerk][1]).values("casus_id"))
    return qs
