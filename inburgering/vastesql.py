"""The SQL of the few queries that run on every request, compiled once.

Django builds and compiles a queryset on every execution. For the queries every page runs (the session,
the logged-in user with roles, teams and TOTP devices, the header's work-list counts) that costs 0.5-1.5 ms
of Python each, more than the database needs to answer them. Their SQL differs between requests only in a
few values, so `sql()` compiles the queryset once per database and shape, with marker values in those
places, and later calls put the real values in the markers' parameter positions.

Values may be integers, strings, dates, datetimes or lists of those (a list's length is part of the shape,
as `IN (%s, %s)` has one placeholder per element). The queryset builder must give the same SQL for the same
shape: anything else that changes the SQL belongs in the key.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

_VORMEN: dict[tuple, Vorm] = {}
_MARKER_INT = -(10**15)  # far below any primary key or count
_MARKER_TEKST = "vastesql-marker-"  # a '-' never occurs in a session key


@dataclass(frozen=True)
class Vorm:
    """The compiled SQL and, per parameter, the name and list position of a value or the constant it has."""

    sql: str
    plekken: tuple[tuple[str, int | None] | None, ...]
    constanten: tuple

    def parameters(self, connection, waarden: dict) -> list:
        uit = []
        for plek, constante in zip(self.plekken, self.constanten, strict=True):
            if plek is None:
                uit.append(constante)
                continue
            naam, i = plek
            waarde = waarden[naam] if i is None else waarden[naam][i]
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
        if isinstance(waarde, (list, tuple)):
            markers[naam] = [_marker(w, next(teller)) for w in waarde]
            for i, m in enumerate(markers[naam]):
                posities[_aangepast(connection, m)] = (naam, i)
        else:
            markers[naam] = _marker(waarde, next(teller))
            posities[_aangepast(connection, markers[naam])] = (naam, None)
    sql, params = bouw(**markers).query.get_compiler(using=using).as_sql()
    plekken = tuple(posities.get(p) if _hashbaar(p) else None for p in params)
    ontbreekt = set(posities.values()) - set(plekken)
    if ontbreekt:
        raise ValueError(f"vastesql: {sorted(n for n, _ in ontbreekt)} komt niet als parameter in de SQL")
    return Vorm(sql, plekken, tuple(None if plek else p for plek, p in zip(plekken, params, strict=True)))


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
        vorm = _VORMEN[vorm_sleutel] = _compileer(connection, using, bouw, waarden)
    return vorm.sql, vorm.parameters(connection, waarden)


def vorm(sleutel: str, *, using: str = "default", **waarden) -> Vorm | None:
    """The compiled shape for these values, once `sql()` has made it (for tests)."""
    return _VORMEN.get(_sleutel(sleutel, using, waarden))


def _sleutel(sleutel: str, using: str, waarden: dict) -> tuple:
    return (sleutel, using, tuple((k, len(v)) if isinstance(v, (list, tuple)) else k for k, v in waarden.items()))
