"""A sortable, paginated table of records, written out in Python: the caseload and the lists behind the dashboards.

`Lijst` reads the sort column (`?sort=naam`, `?sort=-naam`) and the page (`?page=2`) from the request, gives
the caller the ORDER BY fields and the window of rows to fetch, and writes the table: a caption, a header
whose sortable columns are links with `aria-sort` on the sorted one, the rows the caller wrote, and a
pagination `<nav>` with `aria-current` on the current page. Links keep the other query parameters (the
filters), a sort link starts again at page 1.

The rows are the caller's: it knows its records. Everything here runs on every list request, so it is
plain string work; a template per table, cell and link cost several milliseconds per request (see
docs/adr/0004-python-per-verzoek.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.safestring import SafeString, mark_safe

SORTEER = "sort"
PAGINA = "page"


@dataclass(frozen=True)
class Kolom:
    naam: str  # the column's name in `?sort=`
    kop: str  # the header text
    sorteer: tuple[str, ...] = ()  # the ORDER BY fields; none: the column cannot be sorted


class Lijst:
    def __init__(self, params, kolommen: tuple[Kolom, ...], *, standaard: str, per_pagina: int, bijschrift: str):
        """`params`: the request's query (request.GET); `standaard`: the sort when none (or an unknown one) is asked."""
        self.params = params
        self.kolommen = kolommen
        self.per_pagina = per_pagina
        self.bijschrift = bijschrift
        sorteerbaar = {k.naam: k for k in kolommen if k.sorteer}
        gevraagd = params.get(SORTEER, "")
        if gevraagd.removeprefix("-") not in sorteerbaar:
            gevraagd = standaard
        self.sortering = gevraagd.removeprefix("-")
        self.aflopend = gevraagd.startswith("-")
        self.totaal = 0
        self.nummer = 1
        self.paginas = 1
        # the other parameters (the filters), kept in every link
        self._filters = [(k, v) for k, waarden in params.lists() if k not in (SORTEER, PAGINA) for v in waarden]

    @property
    def orde(self) -> tuple[str, ...]:
        """The ORDER BY of the sorted column, the primary key last so that pages never overlap."""
        velden = next(k.sorteer for k in self.kolommen if k.naam == self.sortering)
        return (*(f"-{v}" if self.aflopend else v for v in velden), "-pk" if self.aflopend else "pk")

    def venster(self, totaal: int) -> tuple[int, int]:
        """(number of rows, offset) of the asked page for `totaal` rows; past the last page: the last page."""
        self.totaal = totaal
        self.paginas = max(1, math.ceil(totaal / self.per_pagina))
        try:
            gevraagd = int(self.params.get(PAGINA, 1))
        except ValueError:
            gevraagd = 1
        self.nummer = min(max(gevraagd, 1), self.paginas)
        return self.per_pagina, (self.nummer - 1) * self.per_pagina

    def html(self, rijen: list[str], leeg: str = "Geen resultaten gevonden.") -> SafeString:
        """The table with the rows (HTML, escaped by the caller) and the pagination."""
        if not rijen:
            rijen = [
                f'<tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="{len(self.kolommen)}">'
                f"{escape(leeg)}</td></tr>"
            ]
        koppen = "\n".join(self._kop(k) for k in self.kolommen)
        regels = "\n".join(rijen)
        return mark_safe(
            '<div class="utrecht-table-container app-table-container">\n'
            '<table class="utrecht-table utrecht-table--html-table">\n'
            f'<caption class="utrecht-table__caption">{escape(self.bijschrift)}</caption>\n'
            f'<thead class="utrecht-table__header">\n<tr class="utrecht-table__row">\n{koppen}\n</tr>\n</thead>\n'
            f'<tbody class="utrecht-table__body">\n{regels}\n</tbody>\n</table>\n</div>\n{self._paginering()}'
        )

    def _link(self, **nieuw) -> str:
        """This page's query with its sort and page replaced by `nieuw` (None: left out), as an escaped href."""
        return escape(f"?{urlencode([*self._filters, *((k, v) for k, v in nieuw.items() if v is not None)])}")

    def _pagina_link(self, nummer: int) -> str:
        return self._link(**{SORTEER: self.params.get(SORTEER), PAGINA: str(nummer)})

    def _kop(self, k: Kolom) -> str:
        tekst = escape(k.kop)
        if not k.sorteer:
            return f'<th scope="col">{tekst}</th>'
        gesorteerd = k.naam == self.sortering
        volgende = f"-{k.naam}" if gesorteerd and not self.aflopend else k.naam
        richting = "aflopend" if gesorteerd and not self.aflopend else "oplopend"
        icoon = ("▼" if self.aflopend else "▲") if gesorteerd else "↕"
        aria = f' aria-sort="{"descending" if self.aflopend else "ascending"}"' if gesorteerd else ""
        return (
            f'<th scope="col"{aria}><a class="app-sort-link" href="{self._link(**{SORTEER: volgende})}">'
            f'{tekst}<span class="app-visually-hidden">, sorteer {richting}</span>'
            f'<span class="app-sort-icon" aria-hidden="true">{icoon}</span></a></th>'
        )

    def _paginering(self) -> str:
        if self.paginas <= 1:
            return ""
        n = self.nummer
        items = []
        if n > 1:
            items.append(
                '<li><a class="utrecht-pagination__relative-link utrecht-pagination__relative-link--prev" rel="prev" '
                f'href="{self._pagina_link(n - 1)}">Vorige<span class="app-visually-hidden"> pagina</span></a></li>'
            )
        for p in Paginator(range(self.totaal), self.per_pagina).get_elided_page_range(n, on_each_side=2, on_ends=1):
            if p == Paginator.ELLIPSIS:
                items.append('<li class="app-pagination__ellipsis" aria-hidden="true">…</li>')
                continue
            huidig = (" utrecht-pagination__page-link--current", ' aria-current="page"') if p == n else ("", "")
            items.append(
                f'<li><a class="utrecht-pagination__page-link{huidig[0]}" href="{self._pagina_link(p)}"'
                f'{huidig[1]}><span class="app-visually-hidden">Pagina </span>{p}</a></li>'
            )
        if n < self.paginas:
            items.append(
                '<li><a class="utrecht-pagination__relative-link utrecht-pagination__relative-link--next" rel="next" '
                f'href="{self._pagina_link(n + 1)}">Volgende<span class="app-visually-hidden"> pagina</span></a></li>'
            )
        lijst = "\n".join(items)
        return (
            '<nav class="utrecht-pagination app-pagination" aria-label="Paginering">\n'
            f'<p class="app-pagination__status">Pagina {n} van {self.paginas}</p>\n'
            f'<ul class="app-pagination__list">\n{lijst}\n</ul>\n</nav>\n'
        )
