"""The columns and rows of a list of cases: the caseload and the lists behind the dashboards' numbers.

The table itself (caption, sortable header, pagination) is inburgering.lijsten.Lijst; the rows are written
here with one string format per row (a template loop over the cells cost about 0.1 ms per row)."""

from functools import cache
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString

from inburgering.lijsten import Kolom, Lijst
from inburgering.models import weergavenaam

from .models import Doelgroep, Status
from .rules import maskeer_bsn, volledige_naam

DOELGROEPEN = dict(Doelgroep.choices)
STATUSSEN = dict(Status.choices)

KOLOMMEN = (
    Kolom("naam", "Naam", ("inburgeraar__achternaam", "inburgeraar__voornamen")),
    Kolom("bsn", "BSN"),
    Kolom("doelgroep", "Doelgroep", ("doelgroep",)),
    Kolom("status", "Status", ("status",)),
    Kolom("consultant", "Consultant", ("consultant__first_name", "consultant__last_name")),
    Kolom("gemeente", "Gemeente", ("gemeente__naam",)),
    Kolom("datum_brp_inschrijving", "BRP-inschrijving", ("datum_brp_inschrijving",)),
)
STANDAARD_SORTERING = "naam"
PER_PAGINA = 25
# what a row shows: read as values() rows, so a page of 25 cases builds no model instances
VELDEN = (
    "pk",
    "doelgroep",
    "status",
    "datum_brp_inschrijving",
    "inburgeraar__voornamen",
    "inburgeraar__tussenvoegsel",
    "inburgeraar__achternaam",
    "inburgeraar__bsn_laatste4",
    "consultant__username",
    "consultant__first_name",
    "consultant__last_name",
    "gemeente__naam",
)
LEEG = "Geen casussen gevonden."

# One row; the status cell is the markup of components/status_badge.html.
RIJ = (
    '<tr class="utrecht-table__row">\n<td><a href="{}{}/">{}</a></td>\n<td>{}</td>\n<td>{}</td>\n'
    '<td><span class="utrecht-status-badge app-status-badge app-status-badge--{}">{}</span></td>\n'
    "<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n</tr>"
)


def lijst(params, bijschrift: str) -> Lijst:
    """A list of cases for this request's query (sort and page): the caseload, a list behind a number."""
    return Lijst(params, KOLOMMEN, standaard=STANDAARD_SORTERING, per_pagina=PER_PAGINA, bijschrift=bijschrift)


def html(lijst_: Lijst, rijen: list[dict]) -> SafeString:
    """The table of the list with these rows (dicts of `VELDEN`)."""
    return lijst_.html(rijen_html(rijen), LEEG)


@cache
def _detail_basis() -> str:
    """/casussen/ : one reverse() per process instead of one per row."""
    return escape(reverse("cases:detail", args=[0]).removesuffix("0/"))


def rijen_html(rijen: list[dict]) -> list[str]:
    """The rows (dicts of `VELDEN`) as HTML; every value is escaped (html.escape, as Django's escape)."""
    basis = _detail_basis()
    uit = []
    for r in rijen:
        brp = r["datum_brp_inschrijving"]
        consultant = r["consultant__username"]
        waarden = (
            volledige_naam(r["inburgeraar__voornamen"], r["inburgeraar__tussenvoegsel"], r["inburgeraar__achternaam"]),
            maskeer_bsn(r["inburgeraar__bsn_laatste4"]),
            DOELGROEPEN.get(r["doelgroep"], r["doelgroep"]),
            r["status"],
            STATUSSEN.get(r["status"], r["status"]),
            weergavenaam(r["consultant__first_name"], r["consultant__last_name"], consultant) if consultant else "—",
            r["gemeente__naam"],
            brp.strftime("%d-%m-%Y") if brp else "—",
        )
        uit.append(RIJ.format(basis, r["pk"], *(escape(str(w)) for w in waarden)))
    return uit
