"""The main navigation in the header of every page, per role: `{% hoofdnavigatie %}` in base.html.

The menu is a table: each item names its URL, the roles that see it and the pages on which it is the
current one (`aria-current="page"`). Written out here because it is on every page and its template
(a `{% url %}`, two conditions and a comparison per item) cost more than the rest of the layout; an
item whose URL does not resolve is left out, so the layout also renders on error pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

CONSULTANT, TEAMLEIDER, BEHEERDER = "is_consultant", "is_teamleider", "is_beheerder"


@dataclass(frozen=True)
class Item:
    label: str
    url_naam: str
    rollen: tuple[str, ...]  # the context flags (inburgering.context_processors.rol) of who sees it
    actief: tuple[str, ...] = ()  # the view names on which it is the current page
    app: str = ""  # or: every view of this app


WERKVOORRAAD = "termijnen:werkvoorraad"

ITEMS = (
    Item("Mijn caseload", "cases:caseload", (CONSULTANT, TEAMLEIDER), ("cases:caseload",)),
    Item("Werkvoorraad", WERKVOORRAAD, (), (WERKVOORRAAD,)),  # for whoever has a work list
    Item("Dashboard", "dashboards:team", (TEAMLEIDER,), ("dashboards:team", "dashboards:casussen")),
    Item(
        "KPI's",
        "dashboards:kpi",
        (TEAMLEIDER, BEHEERDER),
        ("dashboards:kpi", "dashboards:kpi_detail", "dashboards:exports", "dashboards:export_detail"),
    ),
    Item("Team", "cases:team", (TEAMLEIDER,), ("cases:team",)),
    Item("Handhaving", "handhaving:overzicht", (TEAMLEIDER,), ("handhaving:overzicht",)),
    Item("Nieuwe inburgeraar", "cases:nieuw", (CONSULTANT, TEAMLEIDER), ("cases:nieuw",)),
    Item("SPUK", "spuk:rapport", (TEAMLEIDER, BEHEERDER), app="spuk"),
    Item("Beheer", "admin:index", (BEHEERDER,), app="admin"),
)


def _url(naam: str) -> str | None:
    try:
        return reverse(naam)
    except NoReverseMatch:
        return None


def _werkvoorraad_label(telling) -> str:
    """The label "Werkvoorraad (3 open, 1 te laat, team 2 te laat)"; the word "open" for screen readers only."""
    tekst = f'Werkvoorraad <span class="app-nav__count">({telling.open}<span class="app-visually-hidden"> open</span>'
    if telling.te_laat:
        tekst += f", {telling.te_laat} te laat"
    if telling.team_te_laat:
        tekst += f", team {telling.team_te_laat} te laat"
    return tekst + ")</span>"


def html(context) -> SafeString:
    """The `<nav>` for the template context's user: its role flags, work-list counts, page and CSRF token."""
    match = getattr(context.get("request"), "resolver_match", None)
    view_naam, app = (match.view_name, match.app_name) if match else (None, None)
    telling = context.get("werkvoorraad_telling")
    regels = []
    for item in ITEMS:
        if item.url_naam == WERKVOORRAAD:
            if not telling:
                continue
            label = _werkvoorraad_label(telling)
        elif not any(context.get(rol) for rol in item.rollen):
            continue
        else:
            label = item.label  # a constant of this module, written as is (like a template literal)
        url = _url(item.url_naam)
        if url is None:
            continue
        huidig = view_naam in item.actief or (item.app and app == item.app)
        aria = ' aria-current="page"' if huidig else ""
        regels.append(f'<li class="app-nav__item"><a class="app-nav__link" href="{escape(url)}"{aria}>{label}</a></li>')
    uitloggen = _url("logout")
    if uitloggen:
        token = escape(str(context.get("csrf_token", "")))
        regels.append(
            '<li class="app-nav__item app-nav__item--end"><form class="app-nav__form" method="post" '
            f'action="{escape(uitloggen)}"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<button type="submit" class="app-nav__button">Uitloggen</button></form></li>'
        )
    items = "\n".join(regels)
    return SafeString(
        f'<nav class="app-nav" aria-label="Hoofdnavigatie">\n<ul class="app-nav__list app-width-container">\n'
        f"{items}\n</ul>\n</nav>"
    )
