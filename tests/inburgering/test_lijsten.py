"""The sortable, paginated list table (inburgering.lijsten): sort, window, header links and pagination."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs

import pytest
from django.http import QueryDict

from inburgering.lijsten import Kolom, Lijst

KOLOMMEN = (
    Kolom("naam", "Naam", ("achternaam", "voornamen")),
    Kolom("bsn", "BSN"),
    Kolom("plaats", "Plaats & regio", ("plaats",)),
)


def _lijst(query: str = "", **kw) -> Lijst:
    kw = {"standaard": "naam", "per_pagina": 10, "bijschrift": "Mijn caseload"} | kw
    return Lijst(QueryDict(query), KOLOMMEN, **kw)


@pytest.mark.parametrize(
    "query, standaard, orde",
    [
        ("", "naam", ("achternaam", "voornamen", "pk")),
        ("sort=naam", "naam", ("achternaam", "voornamen", "pk")),
        ("sort=-naam", "naam", ("-achternaam", "-voornamen", "-pk")),
        ("sort=plaats", "naam", ("plaats", "pk")),
        ("sort=-plaats", "naam", ("-plaats", "-pk")),
        ("sort=bsn", "naam", ("achternaam", "voornamen", "pk")),  # not sortable: the default
        ("sort=wachtwoord", "naam", ("achternaam", "voornamen", "pk")),  # unknown: the default
        ("sort=--naam", "-plaats", ("-plaats", "-pk")),
        ("", "-plaats", ("-plaats", "-pk")),
    ],
)
def test_the_order_of_each_sort_asked(query, standaard, orde):
    assert _lijst(query, standaard=standaard).orde == orde


@pytest.mark.parametrize(
    "page, totaal, nummer, venster, paginas",
    [
        ("", 0, 1, (10, 0), 1),
        ("1", 25, 1, (10, 0), 3),
        ("2", 25, 2, (10, 10), 3),
        ("3", 25, 3, (10, 20), 3),
        ("4", 25, 3, (10, 20), 3),  # past the last page: the last page
        ("0", 25, 1, (10, 0), 3),
        ("-2", 25, 1, (10, 0), 3),
        ("twee", 25, 1, (10, 0), 3),
        ("2", 20, 2, (10, 10), 2),
        ("2", 10, 1, (10, 0), 1),
    ],
)
def test_the_window_of_each_page_asked(page, totaal, nummer, venster, paginas):
    lijst = _lijst(f"page={page}")
    assert lijst.venster(totaal) == venster
    assert (lijst.nummer, lijst.paginas, lijst.totaal) == (nummer, paginas, totaal)


def _links(html: str) -> dict[str, dict]:
    """Link text (without the hidden parts) -> its query, parsed."""
    uit = {}
    for href, tekst in re.findall(r'<a[^>]*href="\?([^"]*)"[^>]*>(.*?)</a>', html):
        zichtbaar = re.sub(
            r'<span class="app-visually-hidden">.*?</span>|<span[^>]*aria-hidden="true">.*?</span>', "", tekst
        )
        uit[unescape(re.sub(r"<[^>]+>", "", zichtbaar))] = parse_qs(unescape(href))
    return uit


def test_header_caption_sort_state_and_links_keep_the_filters():
    lijst = _lijst("q=haddad&status=intake&sort=-naam&page=2")
    lijst.venster(25)
    html = lijst.html(["<tr><td>rij</td></tr>"])
    assert '<caption class="utrecht-table__caption">Mijn caseload</caption>' in html
    assert html.count('<th scope="col"') == 3
    assert '<th scope="col" aria-sort="descending"><a class="app-sort-link"' in html
    assert '<th scope="col">BSN</th>' in html  # not sortable: no link
    assert "Plaats &amp; regio" in html
    links = _links(html)
    # the sorted column flips; another column starts ascending; both keep the filters and go to page 1
    assert links["Naam"] == {"q": ["haddad"], "status": ["intake"], "sort": ["naam"]}
    assert links["Plaats & regio"] == {"q": ["haddad"], "status": ["intake"], "sort": ["plaats"]}
    assert ", sorteer oplopend</span>" in html and "▼" in html and "↕" in html
    # pagination keeps filters and sort
    assert links["Vorige"] == {"q": ["haddad"], "status": ["intake"], "sort": ["-naam"], "page": ["1"]}
    assert links["Volgende"]["page"] == ["3"] and links["Volgende"]["q"] == ["haddad"]
    assert re.search(r'page=2"[^>]*aria-current="page"', html)
    assert '<p class="app-pagination__status">Pagina 2 van 3</p>' in html
    assert '<nav class="utrecht-pagination app-pagination" aria-label="Paginering">' in html


def test_ascending_sort_offers_descending_next():
    lijst = _lijst("sort=plaats")
    lijst.venster(5)
    html = lijst.html([])
    assert '<th scope="col" aria-sort="ascending">' in html
    assert _links(html)["Plaats & regio"] == {"sort": ["-plaats"]}
    assert ", sorteer aflopend</span>" in html and "▲" in html


def test_one_page_has_no_pagination_and_the_first_page_no_previous_link():
    lijst = _lijst()
    lijst.venster(10)
    assert "Paginering" not in lijst.html(["<tr></tr>"])
    lijst = _lijst()
    lijst.venster(11)
    html = lijst.html(["<tr></tr>"])
    assert "Paginering" in html and "Vorige" not in html and "Volgende" in html


def test_many_pages_are_elided_around_the_current_one():
    lijst = _lijst("page=20")
    lijst.venster(400)
    html = lijst.html(["<tr></tr>"])
    nummers = re.findall(r'<span class="app-visually-hidden">Pagina </span>(\d+)</a>', html)
    assert nummers == ["1", "18", "19", "20", "21", "22", "40"]
    assert html.count('<li class="app-pagination__ellipsis" aria-hidden="true">…</li>') == 2


def test_empty_list_says_so_across_every_column_and_escapes_the_caption():
    lijst = _lijst(bijschrift="<Team> & co")
    lijst.venster(0)
    html = lijst.html([], "Geen casussen gevonden.")
    assert '<td class="utrecht-table__cell" colspan="3">Geen casussen gevonden.</td>' in html
    assert "&lt;Team&gt; &amp; co</caption>" in html


def test_query_values_are_escaped_in_links():
    lijst = _lijst('q="><script>')
    lijst.venster(30)
    html = lijst.html(["<tr></tr>"])
    assert "<script>" not in html
    assert _links(html)["Naam"]["q"] == ['"><script>']
