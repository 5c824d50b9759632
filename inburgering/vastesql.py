"""The SQL of queries that run on every request, compiled once; their rows as the ORM makes them.

Django builds and compiles a queryset on every execution. For the queries every page runs (the session,
the logged-in user with roles, teams and TOTP devices, the header's work-list counts) and the small reads
of the case page's sections, that costs 0.5-1.5 ms of Python each, more than the database needs to answer
them. Their SQL differs between requests only in a
few values, so `sql()` compiles the queryset once per database and shape, with marker values in those
places, and later calls put the real values in the markers' parameter positions.

Values may be integers, strings, dates, datetimes or lists of those (a list's length is part of the shape,
as `IN (%s, %s)` has one placeholder per element). A string may also stand in a LIKE pattern (`contains`,
`startswith`, `endswith` and their `i` forms): it is escaped as the ORM escapes it. A value that changes the
SQL itself (an ordering, a yes/no filter) is passed as `Vast(value)`: it is part of the shape and reaches
the builder as is. The queryset builder must give the same SQL for the same shape.

`rijen()` / `eerste()` turn the rows into model instances (with select_related rows and annotations) and
`dicts()` into the dicts of a values() queryset, with the ORM's converters: the same objects and types as
the queryset gives. See docs/adr/0004-python-per-verzoek.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import InsertQuery

_VORMEN: dict[tuple, Vorm] = {}
# Shapes a process keeps at most. Lists of values (the search words of the caseload, for instance) make a
# shape per length, so users could make many; past this number all are forgotten and compiled again.
MAX_VORMEN = 2000
_MARKER_INT = -(10**15)  # far below any primary key or count
_MARKER_TEKST = "vastesql-marker-"  # a '-' never occurs in a session key


@dataclass(frozen=True)
class Vast:
    """A value that is part of the shape: the builder gets it as is, and each value has its own SQL."""

    waarde: object


@dataclass(frozen=True)
class Vorm:
    """The compiled SQL and, per parameter, where its value comes from or the constant it has.

    A place is (name, list position or None, LIKE pattern or None): the pattern is the ORM's, such as
    "%{}%" for `contains`, filled with the value escaped for LIKE."""

    sql: str
    plekken: tuple[tuple[str, int | None, str | None] | None, ...]
    constanten: tuple

    def parameters(self, connection, waarden: dict) -> list:
        uit = []
        for plek, constante in zip(self.plekken, self.constanten, strict=True):
            if plek is None:
                uit.append(constante)
                continue
            naam, i, patroon = plek
            waarde = waarden[naam] if i is None else waarden[naam][i]
            if patroon:
                uit.append(patroon.format(connection.ops.prep_for_like_query(waarde)))
            else:
                uit.append(_aangepast(connection, waarde))
        return uit


def _marker(waarde, n: int):
    if isinstance(waarde, bool) or waarde is None:
        raise TypeError(f"vastesql: {waarde!r} kan geen markering krijgen")
    if isinstance(waarde, int):
        return _MARKER_INT - n
    if isinstance(waarde, str):
        return f"{_MARKER_TEKST}{n}"
    if isinstance(waarde, dt.datetime):
        return dt.datetime(1000 + n, 1, 1, tzinfo=waarde.tzinfo)
    if isinstance(waarde, dt.date):
        return dt.date(1000 + n, 1, 1)
    raise TypeError(f"vastesql: geen markering voor {type(waarde).__name__}")


def _aangepast(connection, waarde):
    """The value as the compiler hands it to the driver (dates as text on SQLite, for instance)."""
    if isinstance(waarde, dt.datetime):
        return connection.ops.adapt_datetimefield_value(waarde)
    if isinstance(waarde, dt.date):
        return connection.ops.adapt_datefield_value(waarde)
    return waarde


def _compileer(connection, using: str, bouw: Callable[..., QuerySet], waarden: dict) -> Vorm:
    teller = itertools.count(1)
    markers: dict = {}
    posities: dict = {}
    for naam, waarde in waarden.items():
        if isinstance(waarde, Vast):
            markers[naam] = waarde.waarde
        elif isinstance(waarde, (list, tuple)):
            markers[naam] = [_marker(w, next(teller)) for w in waarde]
            for i, m in enumerate(markers[naam]):
                posities[_aangepast(connection, m)] = (naam, i)
        else:
            markers[naam] = _marker(waarde, next(teller))
            posities[_aangepast(connection, markers[naam])] = (naam, None)
    sql, params = bouw(**markers).query.get_compiler(using=using).as_sql()
    plekken = tuple(_plek(p, posities) for p in params)
    ontbreekt = set(posities.values()) - {plek[:2] for plek in plekken if plek}
    if ontbreekt:
        raise ValueError(f"vastesql: {sorted(n for n, _ in ontbreekt)} komt niet als parameter in de SQL")
    return Vorm(sql, plekken, tuple(None if plek else p for plek, p in zip(plekken, params, strict=True)))


def _plek(param, posities: dict) -> tuple[str, int | None, str | None] | None:
    """Where a compiled parameter's value comes from: a marker itself, or a marker in a LIKE pattern."""
    if not _hashbaar(param):
        return None
    if param in posities:
        return (*posities[param], None)
    if isinstance(param, str) and _MARKER_TEKST in param:
        kern = param.strip("%")
        if kern in posities:
            return (*posities[kern], param.replace(kern, "{}"))
    return None


def _hashbaar(waarde) -> bool:
    try:
        hash(waarde)
    except TypeError:
        return False
    return True


def sql(sleutel: str, bouw: Callable[..., QuerySet], *, using: str = "default", **waarden) -> tuple[str, list]:
    """(sql, params) of `bouw(**waarden)`, compiled once per `sleutel`, database and shape of the values."""
    connection = connections[using]
    vorm_sleutel = _sleutel(sleutel, using, waarden)
    vorm = _VORMEN.get(vorm_sleutel)
    if vorm is None:
        if len(_VORMEN) >= MAX_VORMEN:
            vergeet()
        vorm = _VORMEN[vorm_sleutel] = _compileer(connection, using, bouw, waarden)
    return vorm.sql, vorm.parameters(connection, waarden)


def vergeet() -> None:
    """Forget every compiled shape and row reader: they are made again on their next use."""
    _VORMEN.clear()
    _RIJLEZERS.clear()
    _DICTLEZERS.clear()


def vorm(sleutel: str, *, using: str = "default", **waarden) -> Vorm | None:
    """The compiled shape for these values, once `sql()` has made it (for tests)."""
    return _VORMEN.get(_sleutel(sleutel, using, waarden))


def _sleutel(sleutel: str, using: str, waarden: dict) -> tuple:
    return (sleutel, using, tuple(_vormdeel(k, v) for k, v in waarden.items()))


def _vormdeel(naam: str, waarde):
    if isinstance(waarde, Vast):
        return (naam, waarde)
    if isinstance(waarde, (list, tuple)):
        return (naam, len(waarde))
    return naam


def _uitgepakt(waarden: dict) -> dict:
    """The values as the builder takes them (a `Vast` unwrapped)."""
    return {k: v.waarde if isinstance(v, Vast) else v for k, v in waarden.items()}


# ----------------------------------------------------------------------------------------------
# Rows as the ORM makes them: model instances (rijen, eerste) or dicts of a values() queryset (dicts)
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rijlezer:
    """What Django's ModelIterable takes from a compiled queryset to turn its rows into model instances."""

    model: type[Model]
    velden: tuple[str, ...]  # the attnames of the model's own columns, in SELECT order
    van: int
    tot: int
    gerelateerd: tuple  # one RelatedPopulator per select_related row
    annotaties: tuple[tuple[str, int], ...]
    omzetters: tuple  # (column, (the database's converters, expression)) per column that has them

    @classmethod
    def van_queryset(cls, qs: QuerySet, using: str) -> _Rijlezer:
        compiler = qs.query.get_compiler(using=using)
        compiler.as_sql()  # fills select, klass_info and annotation_col_map
        select, info = compiler.select, compiler.klass_info
        van, tot = info["select_fields"][0], info["select_fields"][-1] + 1
        omzetters = compiler.get_converters([kolom for kolom, _sql, _alias in select[: compiler.col_count]])
        return cls(
            model=info["model"],
            velden=tuple(kolom.target.attname for kolom, _sql, _alias in select[van:tot]),
            van=van,
            tot=tot,
            gerelateerd=tuple(get_related_populators(info, select, using)),
            annotaties=tuple(compiler.annotation_col_map.items()),
            omzetters=tuple(omzetters.items()),
        )

    def object(self, rij, connection, using: str) -> Model:
        rij = _omgezet(rij, self.omzetters, connection)
        obj = self.model.from_db(using, self.velden, rij[self.van : self.tot])
        for populator in self.gerelateerd:
            populator.populate(rij, obj)
        for naam, pos in self.annotaties:
            setattr(obj, naam, rij[pos])
        return obj


_RIJLEZERS: dict[tuple, _Rijlezer] = {}  # per shape, as the SQL (a shape may select other columns)


def rijen(bouw: Callable[..., QuerySet], *, using: str = "default", **waarden) -> list:
    """The model instances of the queryset `bouw(**waarden)`, with its select_related rows and annotations.

    The sections of the case page run a dozen small queries whose SQL differs per request only in the
    case's ids; Django would build and compile each of them again on every request. Here the SQL is
    compiled once per shape (`sql()`, keyed by the builder's name) and the rows become instances as the ORM makes them
    (without the ORM's link back to a related manager's instance). `bouw` is a module-level function
    whose queryset depends on its keyword arguments only: integers, strings, dates or lists of those.
    """
    sleutel = f"{bouw.__module__}.{bouw.__qualname__}"
    if "<" in sleutel:  # a lambda or a nested function: two of them could share a name
        raise ValueError(f"rijen: {sleutel} is not a module-level function (its SQL is kept under its name)")
    tekst, params = sql(sleutel, bouw, using=using, **waarden)
    vorm_sleutel = _sleutel(sleutel, using, waarden)
    lezer = _RIJLEZERS.get(vorm_sleutel)
    if lezer is None:
        lezer = _RIJLEZERS[vorm_sleutel] = _Rijlezer.van_queryset(bouw(**_uitgepakt(waarden)), using)
    connection = connections[using]
    return [lezer.object(rij, connection, using) for rij in _lees(connection, tekst, params, None)]


def _lees(connection, tekst: str, params: list, venster: tuple[int, int] | None) -> list[tuple]:
    """The rows of the SQL; `venster=(aantal, vanaf)`: one page of them, with LIMIT and OFFSET as
    parameters, so every page of a list shares the SQL (the queryset itself is not sliced)."""
    if venster is not None:
        tekst, params = f"{tekst} LIMIT %s OFFSET %s", [*params, *venster]
    with connection.cursor() as cursor:
        cursor.execute(tekst, params)
        return cursor.fetchall()


def eerste(bouw: Callable[..., QuerySet], **waarden):
    """The first instance of `rijen(bouw, ...)`, or None (`bouw` limits its queryset to one row)."""
    return next(iter(rijen(bouw, **waarden)), None)


_DICTLEZERS: dict[tuple, tuple[list[str], tuple]] = {}  # per shape, as the SQL


def dicts(
    sleutel: str,
    bouw: Callable[..., QuerySet],
    *,
    using: str = "default",
    venster: tuple[int, int] | None = None,
    **waarden,
) -> list[dict]:
    """The rows of the values() queryset `bouw(**waarden)`, as the ORM gives them.

    The SQL is compiled once per shape of the values; the column names and the ORM's converters are
    taken once from the queryset's compiler, so every value has the type a queryset gives (a float for
    an average, dates and decimals on SQLite). `venster=(aantal, vanaf)` reads one page (see `_lees`)."""
    tekst, params = sql(sleutel, bouw, using=using, **waarden)
    vorm_sleutel = _sleutel(sleutel, using, waarden)
    lezer = _DICTLEZERS.get(vorm_sleutel)
    if lezer is None:
        query = bouw(**_uitgepakt(waarden)).query
        compiler = query.get_compiler(using=using)
        compiler.setup_query()
        namen = [*query.extra_select, *query.values_select, *query.annotation_select]
        kolommen = [s[0] for s in compiler.select[: compiler.col_count]]
        lezer = _DICTLEZERS[vorm_sleutel] = (namen, tuple(compiler.get_converters(kolommen).items()))
    namen, omzetters = lezer
    connection = connections[using]
    rijen_ = _lees(connection, tekst, params, venster)
    return [dict(zip(namen, _omgezet(rij, omzetters, connection), strict=True)) for rij in rijen_]


def _omgezet(rij, omzetters, connection):
    """The row with the database's converters applied (as the ORM applies them to its rows)."""
    if not omzetters:
        return rij
    rij = list(rij)
    for pos, (convs, expressie) in omzetters:
        for omzetter in convs:
            rij[pos] = omzetter(rij[pos], expressie, connection)
    return rij


# ----------------------------------------------------------------------------------------------
# Inserts: the INSERT of a model compiled once
# ----------------------------------------------------------------------------------------------

_INSERTS: dict[tuple, tuple[str, tuple]] = {}


def invoegen(obj: Model, *, using: str = "default") -> None:
    """INSERT `obj` (a new instance; its primary key is the database's) with the model's SQL compiled once.

    For a row written on every request (the access log): the values are those `save()` writes (each
    field's `pre_save`, such as auto_now_add, and its database preparation), without `save()`'s
    signals and without reading the new primary key back."""
    connection = connections[using]
    sleutel = (type(obj), using)
    ingang = _INSERTS.get(sleutel)
    if ingang is None:
        velden = tuple(f for f in obj._meta.local_concrete_fields if not f.primary_key)
        query = InsertQuery(type(obj))
        query.insert_values(velden, [obj])
        ((tekst, _params),) = query.get_compiler(using=using).as_sql()
        ingang = _INSERTS[sleutel] = (tekst, velden)
    tekst, velden = ingang
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in velden]
    with connection.cursor() as cursor:
        cursor.execute(tekst, params)
