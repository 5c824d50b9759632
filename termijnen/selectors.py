"""Reads of the work list: a user's items in groups, the team lead's overdue items per consultant, the header counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Func, IntegerField, Q, Subquery

from inburgering import permissions, vastesql
from inburgering.models import Gebruiker

from . import rules
from .models import Soort, WerkItem

SOORT_LABELS = dict(Soort.choices)
GROEPEN = (
    (rules.GROEP_TE_LAAT, "Te laat"),
    (rules.GROEP_DEZE_WEEK, "Deze week"),
    (rules.GROEP_LATER, "Later"),
)


@dataclass
class Regel:
    item: WerkItem
    groep: str
    dagen: str

    @property
    def termijn(self):
        return self.item.termijn

    @property
    def casus(self):
        return self.item.casus

    @property
    def soort(self) -> str:
        return SOORT_LABELS[self.item.termijn.soort]

    @property
    def url(self) -> str:
        return self.item.termijn.url or self.item.casus.get_absolute_url()


@dataclass
class Groep:
    code: str
    titel: str
    regels: list[Regel] = field(default_factory=list)


@dataclass
class ConsultantTeLaat:
    consultant: Gebruiker | None
    open: int = 0
    te_laat: int = 0
    regels: list[Regel] = field(default_factory=list)

    @property
    def naam(self) -> str:
        return str(self.consultant) if self.consultant else "Niet toegewezen"


@dataclass
class Werkvoorraad:
    groepen: list[Groep]
    team: list[ConsultantTeLaat] | None = None

    @property
    def aantal(self) -> int:
        return sum(len(g.regels) for g in self.groepen)

    @property
    def personen(self) -> int:
        ids = {r.item.casus.inburgeraar_id for g in self.groepen for r in g.regels}
        for c in self.team or ():
            ids |= {r.item.casus.inburgeraar_id for r in c.regels}
        return len(ids)


def _open_items():
    return WerkItem.objects.filter(afgehandeld_op__isnull=True).select_related("termijn", "casus", "casus__inburgeraar")


def _eigen_open_items(user_id: int, teams: list[int]):
    """Open items the user is responsible for, on cases the user may see, soonest first."""
    return (
        _open_items()
        .filter(termijn__verantwoordelijke=user_id)
        .filter(permissions.zichtbaar_q(user_id, teams, via="casus__"))
        .order_by("uiterlijk", "pk")
    )


def werkvoorraad(user, *, vandaag: dt.date) -> Werkvoorraad:
    """The user's open items (overdue, this week, later; soonest first); for a team lead also the
    overdue items of the team(s), per consultant. Three queries at most, whatever the number of items;
    the first is compiled once per number of teams (inburgering.vastesql)."""
    eigen = []
    if permissions.mag_casussen_zien(user):
        eigen = vastesql.rijen(_eigen_open_items, user_id=user.pk, teams=list(permissions.team_ids(user)))
    groepen = {code: Groep(code, titel) for code, titel in GROEPEN}
    for item in eigen:
        g = rules.groep(item.uiterlijk, vandaag)
        groepen[g].regels.append(Regel(item, g, rules.dagen_tekst(item.uiterlijk, vandaag)))
    resultaat = Werkvoorraad(groepen=list(groepen.values()))
    if permissions.heeft_rol(user, permissions.TEAMLEIDER):
        resultaat.team = team_te_laat(user, vandaag=vandaag)
    return resultaat


def team_te_laat(user, *, vandaag: dt.date) -> list[ConsultantTeLaat]:
    """Per consultant of the lead's team(s) (and 'niet toegewezen'): open and overdue items, and the overdue ones."""
    teams = permissions.team_ids(user)
    per: dict[int | None, ConsultantTeLaat] = {}
    tellingen = (
        WerkItem.objects.filter(afgehandeld_op__isnull=True, casus__team_id__in=teams)
        .values("termijn__verantwoordelijke")
        .annotate(open=Count("pk"), te_laat=Count("pk", filter=Q(uiterlijk__lt=vandaag)))
    )
    for rij in tellingen:
        per[rij["termijn__verantwoordelijke"]] = ConsultantTeLaat(None, rij["open"], rij["te_laat"])
    consultants = Gebruiker.objects.filter(
        Q(pk__in=[k for k in per if k]) | Q(teams__in=teams, groups__name=permissions.CONSULTANT)
    ).distinct()
    for c in consultants:
        per.setdefault(c.pk, ConsultantTeLaat(None)).consultant = c
    for item in _open_items().filter(casus__team_id__in=teams, uiterlijk__lt=vandaag).order_by("uiterlijk", "pk"):
        key = item.termijn.verantwoordelijke_id
        per.setdefault(key, ConsultantTeLaat(None)).regels.append(
            Regel(item, rules.GROEP_TE_LAAT, rules.dagen_tekst(item.uiterlijk, vandaag))
        )
    return sorted(per.values(), key=lambda c: (-c.te_laat, c.consultant is None, c.naam))


@dataclass(frozen=True)
class Telling:
    open: int
    te_laat: int
    team_te_laat: int | None

    def __bool__(self):
        return True


def _aantal(qs) -> Subquery:
    """COUNT(*) of `qs` as a scalar subquery (a plain function, so no GROUP BY)."""
    return Subquery(
        qs.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n"), output_field=IntegerField()
    )


def _telling_query(user_id: int, vandaag: dt.date, teams: list[int] | None = None):
    open_ = WerkItem.objects.filter(afgehandeld_op__isnull=True)
    eigen = open_.filter(termijn__verantwoordelijke=user_id)
    velden = {"open": _aantal(eigen), "te_laat": _aantal(eigen.filter(uiterlijk__lt=vandaag))}
    if teams:
        velden["team_te_laat"] = _aantal(open_.filter(casus__team_id__in=teams, uiterlijk__lt=vandaag))
    return Gebruiker.objects.filter(pk=user_id).annotate(**velden).values(*velden)


def telling(user, *, vandaag: dt.date) -> Telling:
    """The header counts in one query: own open and overdue items; for a team lead the team's overdue.

    Each count is its own scalar subquery, so each can use its index (the deadline's responsible user;
    the case's team): one aggregate over `own OR team` made PostgreSQL join every case of the country
    (75-87 ms per page for a team lead with 100,000 active cases). The query runs on every page, so its
    SQL is compiled once per number of teams (inburgering.vastesql)."""
    is_teamleider = permissions.heeft_rol(user, permissions.TEAMLEIDER)
    waarden = {"user_id": user.pk, "vandaag": vandaag}
    if is_teamleider and (teams := list(permissions.team_ids(user))):
        waarden["teams"] = teams
    (rij,) = vastesql.dicts("werkvoorraad-telling", _telling_query, **waarden)
    return Telling(rij["open"], rij["te_laat"], rij.get("team_te_laat", 0) if is_teamleider else None)
