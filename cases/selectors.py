"""Reads that are more than a .get(): caseload, team overview, history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from inburgering import crypto, permissions
from inburgering.models import Gebruiker

from .models import Casus, Document, Gezinslid, Inburgeraar
from .rules import elfproef, normaliseer_bsn
from .workflow import Status


def caseload(user, bereik: str = "mijn") -> QuerySet:
    """The cases a user works: own caseload ('mijn') or all visible cases of own teams ('team')."""
    qs = Casus.objects.select_related("inburgeraar", "consultant", "gemeente", "team")
    if bereik == "team" or not permissions.heeft_rol(user, permissions.CONSULTANT):
        return permissions.zichtbare_casussen(user, qs)
    return qs.filter(consultant=user)


def zoek(qs: QuerySet, term: str) -> QuerySet:
    """Search by name, by the last digits of the BSN, or by a whole BSN (through its HMAC)."""
    term = (term or "").strip()
    if not term:
        return qs
    digits = normaliseer_bsn(term)
    if digits.isdigit():
        if len(digits) == 9:
            if not elfproef(digits):
                return qs.none()
            return qs.filter(inburgeraar__bsn_hmac=crypto.bsn_hmac(digits))
        if len(digits) <= 4:
            return qs.filter(inburgeraar__bsn_laatste4__endswith=digits)
        return qs.none()
    cond = Q()
    for word in term.split():
        cond &= (
            Q(inburgeraar__voornamen__icontains=word)
            | Q(inburgeraar__achternaam__icontains=word)
            | Q(inburgeraar__tussenvoegsel__iexact=word)
        )
    return qs.filter(cond)


@dataclass
class ConsultantRegel:
    consultant: Gebruiker
    per_status: dict[str, int]
    totaal: int


def team_overzicht(user) -> list[ConsultantRegel]:
    """Per consultant in the lead's teams: active cases by status (one aggregate query)."""
    teams = permissions.team_ids(user)
    aggregates = {
        f"n_{s}": Count("caseload", filter=Q(caseload__status=s, caseload__team_id__in=teams)) for s in Status.values
    }
    consultants = (
        Gebruiker.objects.filter(teams__in=teams, groups__name=permissions.CONSULTANT)
        .distinct()
        .annotate(**aggregates)
        .order_by("first_name", "last_name")
    )
    rows = []
    for c in consultants:
        per_status = {s: getattr(c, f"n_{s}") for s in Status.values}
        rows.append(ConsultantRegel(c, per_status, sum(v for s, v in per_status.items() if s != Status.AFGESLOTEN)))
    return rows


@dataclass
class Wijziging:
    tijdstip: object
    door: object
    onderwerp: str
    soort: str
    velden: list[tuple[str, str, str]]  # (label, oud, nieuw)


def _label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:
        return field_name


def _display(record, field_name):
    value = getattr(record, field_name, None)
    getter = getattr(record, f"get_{field_name}_display", None)
    if getter is not None:
        value = getter()
    if value is None or value == "":
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _fk_display(model, field_name, raw, names):
    return names.get((field_name, raw), str(raw)) if raw is not None else "—"


HIDDEN = {"bsn_versleuteld", "bsn_hmac", "gewijzigd_op", "aangemaakt_op", "bestand"}


def casus_geschiedenis(casus: Casus, limit: int = 100) -> list[Wijziging]:
    """Field-level change history of the case, the person, household and documents (newest first)."""
    sources = [
        (Casus, Casus.history.filter(id=casus.pk), "Casus"),
        (Inburgeraar, Inburgeraar.history.filter(id=casus.inburgeraar_id), "Persoon"),
        (Gezinslid, Gezinslid.history.filter(inburgeraar_id=casus.inburgeraar_id), "Gezinslid"),
        (Document, Document.history.filter(casus_id=casus.pk), "Document"),
    ]
    fk_cache: dict = {}
    user_ids = set()
    records = []
    for model, qs, onderwerp in sources:
        recs = list(qs.order_by("history_date", "history_id"))
        previous: dict = {}
        for rec in recs:
            user_ids.add(rec.history_user_id)
            prev = previous.get(rec.id)
            records.append((model, onderwerp, rec, prev))
            previous[rec.id] = rec
    users = {u.pk: u for u in Gebruiker.objects.filter(pk__in=[u for u in user_ids if u])}
    changes: list[Wijziging] = []
    for model, onderwerp, rec, prev in records:
        velden = []
        if rec.history_type == "~" and prev is not None:
            delta = rec.diff_against(prev)
            for ch in delta.changes:
                if ch.field in HIDDEN:
                    continue
                field = model._meta.get_field(ch.field)
                if field.is_relation:
                    fk_model = field.related_model
                    for v in (ch.old, ch.new):
                        if v is not None and (ch.field, v) not in fk_cache:
                            obj = fk_model._default_manager.filter(pk=v).first()
                            fk_cache[(ch.field, v)] = str(obj) if obj else str(v)
                    old = _fk_display(model, ch.field, ch.old, fk_cache)
                    new = _fk_display(model, ch.field, ch.new, fk_cache)
                else:
                    old, new = _display(prev, ch.field), _display(rec, ch.field)
                velden.append((_label(model, ch.field), old, new))
            if not velden:
                continue
        soort = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}[rec.history_type]
        naam = str(rec.instance) if onderwerp in ("Gezinslid", "Document") else onderwerp
        changes.append(Wijziging(rec.history_date, users.get(rec.history_user_id), naam if onderwerp != naam else onderwerp, soort, velden))
    changes.sort(key=lambda w: w.tijdstip, reverse=True)
    return changes[:limit]


__all__ = ["caseload", "zoek", "team_overzicht", "casus_geschiedenis"]
