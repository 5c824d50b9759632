"""Who may do what: the one place for role checks and case visibility.

Roles are groups (created by a data migration):
- consultant: edits own caseload; reads the cases of own team(s);
- teamleider: reads, edits and reassigns every case of own team(s);
- functioneel_beheerder: configuration in the admin; no case content.

Visibility is a queryset filter (SQL), never a per-object permission table.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

CONSULTANT = "consultant"
TEAMLEIDER = "teamleider"
FUNCTIONEEL_BEHEERDER = "functioneel_beheerder"
ROLLEN = {
    CONSULTANT: "Consultant",
    TEAMLEIDER: "Teamleider",
    FUNCTIONEEL_BEHEERDER: "Functioneel beheerder",
}


def _laad(user) -> None:
    """Roles and team ids of `user` in one query, cached on the user object for the request."""
    from inburgering.models import Gebruiker

    rows = Gebruiker.objects.filter(pk=user.pk).values_list("groups__name", "teams__id")
    user._rollen_cache = frozenset(g for g, _ in rows if g in ROLLEN)
    user._team_ids_cache = sorted({t for _, t in rows if t is not None})


def rollen(user) -> frozenset[str]:
    """The role names of `user`."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if getattr(user, "_rollen_cache", None) is None:
        _laad(user)
    return user._rollen_cache


def heeft_rol(user, *namen: str) -> bool:
    return bool(rollen(user) & set(namen))


def rol_label(user) -> str:
    r = rollen(user)
    return ", ".join(ROLLEN[n] for n in ROLLEN if n in r)


def team_ids(user) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, "_team_ids_cache", None) is None:
        _laad(user)
    return user._team_ids_cache


def mag_casussen_zien(user) -> bool:
    return heeft_rol(user, CONSULTANT, TEAMLEIDER)


def zichtbare_casussen(user, qs: QuerySet | None = None, *, via: str = "") -> QuerySet:
    """Cases `user` may open (read): own caseload plus own teams' cases.

    `via` filters rows of another model by their case in the same query (e.g. "casus__" for work items)."""
    from cases.models import Casus

    qs = Casus.objects.all() if qs is None else qs
    if not mag_casussen_zien(user):
        return qs.none()
    return qs.filter(zichtbaar_q(user.pk, team_ids(user), via=via))


def zichtbaar_q(user_id: int, teams: list[int], *, via: str = "") -> Q:
    """The visibility rule of `zichtbare_casussen` as a condition on ids, for a user who may see cases
    (for queries compiled once with inburgering.vastesql, which take ids, not the user)."""
    return Q(**{f"{via}consultant": user_id}) | Q(**{f"{via}team_id__in": teams})


def bewerkbare_casussen(user, qs: QuerySet | None = None) -> QuerySet:
    """Cases `user` may change: a consultant their own, a team lead all of their teams."""
    from cases.models import Casus

    qs = Casus.objects.all() if qs is None else qs
    if heeft_rol(user, TEAMLEIDER):
        return qs.filter(Q(consultant=user) | Q(team_id__in=team_ids(user)))
    if heeft_rol(user, CONSULTANT):
        return qs.filter(consultant=user)
    return qs.none()


def mag_casus_zien(user, casus) -> bool:
    if not mag_casussen_zien(user):
        return False
    return casus.consultant_id == user.pk or casus.team_id in team_ids(user)


def mag_casus_bewerken(user, casus) -> bool:
    if heeft_rol(user, TEAMLEIDER):
        return casus.consultant_id == user.pk or casus.team_id in team_ids(user)
    if heeft_rol(user, CONSULTANT):
        return casus.consultant_id == user.pk
    return False


def mag_toewijzen(user, casus=None) -> bool:
    if not heeft_rol(user, TEAMLEIDER):
        return False
    return casus is None or casus.team_id in team_ids(user)


def zichtbare_gemeenten(user) -> QuerySet:
    from inburgering.models import Gemeente

    return Gemeente.objects.filter(teams__in=team_ids(user)).distinct()
