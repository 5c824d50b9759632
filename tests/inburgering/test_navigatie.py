"""The main navigation written in Python (inburgering.navigatie) is the one base.html's template wrote,
for every role, page and work-list count (navigatie_oud/nav.html is that template)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve

from inburgering import navigatie
from termijnen.selectors import Telling

OUD = Template((Path(__file__).parent / "navigatie_oud" / "nav.html").read_text())

ROLLEN = [
    {},
    {"is_consultant": True},
    {"is_teamleider": True},
    {"is_beheerder": True},
    {"is_consultant": True, "is_teamleider": True, "is_beheerder": True},
]
PAGINAS = ["/caseload/", "/werkvoorraad/", "/dashboard/", "/kpi/", "/spuk/", "/admin/", "/team/", "/handhaving/", None]
TELLINGEN = [None, Telling(0, 0, None), Telling(4, 1, None), Telling(7, 0, 3), Telling(2, 2, 0)]


class _Gebruiker:
    is_authenticated = True


def _regels(html: str) -> list[str]:
    return [r for r in html.splitlines() if r.strip()]


def _context(rollen, pad, telling):
    request = RequestFactory().get(pad or "/")
    request.resolver_match = resolve(pad) if pad else None
    context = {"request": request, "user": _Gebruiker(), "csrf_token": "token<&>", **rollen}
    if telling is not None:
        context["werkvoorraad_telling"] = telling
    return context


@pytest.mark.parametrize("rollen, pad, telling", list(itertools.product(ROLLEN, PAGINAS, TELLINGEN)))
def test_the_same_navigation_as_the_template(rollen, pad, telling):
    context = _context(rollen, pad, telling)
    nieuw = navigatie.html(Context(context))
    assert _regels(nieuw) == _regels(OUD.render(Context(context)))


def test_current_page_and_counts():
    html = navigatie.html(Context(_context({"is_teamleider": True}, "/kpi/", Telling(7, 1, 3))))
    assert '<a class="app-nav__link" href="/kpi/" aria-current="page">KPI\'s</a>' in html
    assert html.count('aria-current="page"') == 1
    assert '(7<span class="app-visually-hidden"> open</span>, 1 te laat, team 3 te laat)' in html
    assert 'value="token&lt;&amp;&gt;"' in html  # the CSRF token, escaped
    geen = navigatie.html(Context(_context({}, None, None)))
    assert "app-nav__link" not in geen and "Uitloggen" in geen
