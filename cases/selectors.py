"""Reads that are more than a .get(): caseload, team overview, history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from inburgering import crypto, permissions, vastesql
from inburgering.lijsten import Lijst
from inburgering.models import Gebruiker
from inburgering.vastesql import rijen

from . import tables
from .models import Casus, Document, Gezinslid, Inburgeraar
from .rules import elfproef, normaliseer_bsn
from .workflow import Status


@dataclass(frozen=True)
class CaseloadVraag:
    """What the caseload is asked for: whose cases ('mijn' or 'team') and the filters of its form."""

    bereik: str = "mijn"
    zoek: str = ""
    status: str = ""
    doelgroep: str = ""
    actief: bool | None = None
    consultant: int | None = None
    bsn_hmac: str | None = None  # a whole BSN searched through a one-off token; "" when the token is unknown


def zoekvraag(term: str) -> dict | None:
    """A search term as filter values: name words, the last digits of the BSN, or a whole BSN (its HMAC).

    None when nothing can match (a whole BSN that fails the elfproef, 5 to 8 digits)."""
    term = (term or "").strip()
    if not term:
        return {}
    digits = normaliseer_bsn(term)
    if digits.isdigit():
        if len(digits) == 9:
            return {"bsn_hmac": crypto.bsn_hmac(digits)} if elfproef(digits) else None
        return {"laatste": digits} if len(digits) <= 4 else None
    return {"woorden": term.split()}


def _gezocht(qs: QuerySet, woorden: list[str] | None = None, laatste: str | None = None, bsn_hmac: str | None = None):
    if bsn_hmac is not None:
        qs = qs.filter(inburgeraar__bsn_hmac=bsn_hmac)
    if laatste is not None:
        qs = qs.filter(inburgeraar__bsn_laatste4__endswith=laatste)
    for woord in woorden or ():
        qs = qs.filter(
            Q(inburgeraar__voornamen__icontains=woord)
            | Q(inburgeraar__achternaam__icontains=woord)
            | Q(inburgeraar__tussenvoegsel__iexact=woord)
        )
    return qs


def _caseload_query(
    *,
    user_id: int,
    teams: list[int] | None = None,
    status=None,
    doelgroep=None,
    actief=None,
    consultant=None,
    **gezocht,
) -> QuerySet:
    """The cases of the caseload: with `teams` all the user may see (permissions.zichtbaar_q), else the own."""
    qs = Casus.objects.all()
    qs = qs.filter(consultant=user_id) if teams is None else qs.filter(permissions.zichtbaar_q(user_id, teams))
    if status is not None:
        qs = qs.filter(status=status)
    if doelgroep is not None:
        qs = qs.filter(doelgroep=doelgroep)
    if actief is not None:
        qs = qs.filter(actief=actief)
    if consultant is not None:
        qs = qs.filter(consultant=consultant)
    return _gezocht(qs, **gezocht)


def _caseload_rijen(orde: tuple[str, ...], **waarden) -> QuerySet:
    """The list's columns only (cases.tables.VELDEN): the encrypted BSN, addresses and dates stay in the database."""
    return _caseload_query(**waarden).order_by(*orde).values(*tables.VELDEN)


def _caseload_aantal(**waarden) -> QuerySet:
    return _caseload_query(**waarden).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")


def _caseload_waarden(user, vraag: CaseloadVraag) -> dict | None:
    """The values of the caseload's query for this user and question; None when nothing can match."""
    zoek_waarden = zoekvraag(vraag.zoek)
    if zoek_waarden is None or vraag.bsn_hmac == "":
        return None
    if vraag.bsn_hmac is not None:
        if zoek_waarden.get("bsn_hmac", vraag.bsn_hmac) != vraag.bsn_hmac:
            return None
        zoek_waarden["bsn_hmac"] = vraag.bsn_hmac
    waarden = {"user_id": user.pk}
    if vraag.bereik == "team" or not permissions.heeft_rol(user, permissions.CONSULTANT):
        waarden["teams"] = list(permissions.team_ids(user))
    if vraag.actief is not None:
        waarden["actief"] = vastesql.Vast(vraag.actief)
    filters = {"status": vraag.status, "doelgroep": vraag.doelgroep, "consultant": vraag.consultant}
    waarden |= {k: v for k, v in filters.items() if v}
    return waarden | zoek_waarden


def caseload(user, vraag: CaseloadVraag, lijst: Lijst) -> list[dict]:
    """One page of the cases a user works (rows of cases.tables.VELDEN), sorted and counted as `lijst`
    asks (two queries at most).

    The list is the page a consultant opens most: its SQL is compiled once per shape of the question
    (which filters, how many search words, the sort) with inburgering.vastesql, and the page's rows
    are read with LIMIT/OFFSET parameters."""
    if not permissions.mag_casussen_zien(user) or (waarden := _caseload_waarden(user, vraag)) is None:
        lijst.venster(0)
        return []
    (rij,) = vastesql.dicts("cases-caseload-aantal", _caseload_aantal, **waarden)
    venster = lijst.venster(rij["n"])
    if not rij["n"]:
        return []
    orde = vastesql.Vast(lijst.orde)
    return vastesql.dicts("cases-caseload-rijen", _caseload_rijen, venster=venster, orde=orde, **waarden)


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


HIDDEN = {"bsn_versleuteld", "bsn_hmac", "gewijzigd_op", "aangemaakt_op", "bestand"}


def _meegeladen(record, naam):
    """The related row that select_related brought along with a history row, or None."""
    veld = type(record)._meta.get_field(naam)
    return veld.get_cached_value(record) if veld.is_cached(record) else None


# the related rows a change can point to come along with the history rows (their names are shown)
def _historie(qs: QuerySet) -> QuerySet:
    return qs.select_related("history_user").order_by("history_date", "history_id")


def _casus_historie(casus_id: int) -> QuerySet:
    return _historie(Casus.history.filter(id=casus_id).select_related("consultant", "team", "gemeente"))


def _persoon_historie(inburgeraar_id: int) -> QuerySet:
    return _historie(Inburgeraar.history.filter(id=inburgeraar_id))


def _gezin_historie(inburgeraar_id: int) -> QuerySet:
    return _historie(Gezinslid.history.filter(inburgeraar_id=inburgeraar_id))


def _document_historie(casus_id: int) -> QuerySet:
    return _historie(Document.history.filter(casus_id=casus_id).select_related("geupload_door"))


def casus_geschiedenis(casus: Casus, limit: int = 100) -> list[Wijziging]:
    """Field-level change history of the case, the person, household and documents (newest first)."""
    sources = [
        (Casus, rijen(_casus_historie, casus_id=casus.pk), "Casus"),
        (Inburgeraar, rijen(_persoon_historie, inburgeraar_id=casus.inburgeraar_id), "Persoon"),
        (Gezinslid, rijen(_gezin_historie, inburgeraar_id=casus.inburgeraar_id), "Gezinslid"),
        (Document, rijen(_document_historie, casus_id=casus.pk), "Document"),
    ]
    records = []
    for model, recs, onderwerp in sources:
        previous: dict = {}
        for rec in recs:
            prev = previous.get(rec.id)
            records.append((model, onderwerp, rec, prev))
            previous[rec.id] = rec
    # the field changes first; then the names of the related rows they mention, one query per related model
    diffs = []
    namen: dict = {}
    nodig: dict = {}
    for model, _onderwerp, rec, prev in records:
        delta = []
        if rec.history_type == "~" and prev is not None:
            delta = [ch for ch in rec.diff_against(prev).changes if ch.field not in HIDDEN]
            for ch in delta:
                field = model._meta.get_field(ch.field)
                if field.is_relation:
                    for record, v in ((prev, ch.old), (rec, ch.new)):
                        obj = _meegeladen(record, ch.field) if v is not None else None
                        if obj is not None:
                            namen[(field.related_model, v)] = str(obj)
                        elif v is not None:
                            nodig.setdefault(field.related_model, set()).add(v)
        diffs.append(delta)
    for fk_model, pks in nodig.items():
        ontbreekt = pks - {pk for m, pk in namen if m is fk_model}
        if ontbreekt:
            namen.update({(fk_model, obj.pk): str(obj) for obj in fk_model._default_manager.filter(pk__in=ontbreekt)})
    changes: list[Wijziging] = []
    for (model, onderwerp, rec, prev), delta in zip(records, diffs, strict=True):
        velden = []
        if rec.history_type == "~" and prev is not None:
            for ch in delta:
                field = model._meta.get_field(ch.field)
                if field.is_relation:
                    old, new = (
                        "—" if v is None else namen.get((field.related_model, v), str(v)) for v in (ch.old, ch.new)
                    )
                else:
                    old, new = _display(prev, ch.field), _display(rec, ch.field)
                velden.append((_label(model, ch.field), old, new))
            if not velden:
                continue
        soort = {"+": "aangemaakt", "~": "gewijzigd", "-": "verwijderd"}[rec.history_type]
        naam = str(rec.instance) if onderwerp in ("Gezinslid", "Document") else onderwerp
        changes.append(Wijziging(rec.history_date, rec.history_user, naam, soort, velden))
    changes.sort(key=lambda w: w.tijdstip, reverse=True)
    return changes[:limit]


# --------------------------------------------------------------------------------------------
# The case page: what its sections share within one request
# --------------------------------------------------------------------------------------------

_GEEN = object()


def leesmemo_aan(casus: Casus) -> Casus:
    """Let the sections of one page share their reads of this case (e.g. the PIP versions, read once).

    Only a page that reads and writes nothing turns it on: a service that changes the case works on
    its own locked copy, and without the memo every read goes to the database as before.
    """
    casus._leesmemo = {}
    return casus


def onthouden(casus: Casus, sleutel: str, lezen):
    """`lezen()` once per page for a case with the read memo on; otherwise every time."""
    memo = getattr(casus, "_leesmemo", None)
    if memo is None:
        return lezen()
    waarde = memo.get(sleutel, _GEEN)
    if waarde is _GEEN:
        waarde = memo[sleutel] = lezen()
    return waarde


def een_op_een(casus: Casus, relatie: str, lezen):
    """The one-to-one row `relatie` of the case (or None): from the page's query when it brought it
    along (select_related), otherwise `lezen()`."""
    if getattr(casus, "_leesmemo", None) is not None:
        veld = Casus._meta.get_field(relatie)
        if veld.is_cached(casus):
            return veld.get_cached_value(casus)
    return lezen()


def pagina_waarde(casus: Casus, naam: str, lezen):
    """An annotation the page's query added to the case (a count, a sum), otherwise `lezen()`."""
    waarde = getattr(casus, naam, _GEEN) if getattr(casus, "_leesmemo", None) is not None else _GEEN
    return lezen() if waarde is _GEEN else waarde


def aantal_in(qs: QuerySet) -> Coalesce:
    """COUNT(*) of `qs` as a scalar subquery, for an annotation on the case page's query."""
    return Coalesce(
        Subquery(qs.order_by().annotate(n=Func(Value(1), function="COUNT")).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


__all__ = [
    "caseload",
    "zoekvraag",
    "team_overzicht",
    "casus_geschiedenis",
    "leesmemo_aan",
    "onthouden",
    "een_op_een",
    "pagina_waarde",
    "aantal_in",
]
