"""The columns and rows of a list of cases: the caseload and the lists behind the dashboards' numbers.

The table itself (caption, sortable header, pagination) is inburgering.lijsten.Lijst; the rows are written
here with one string format per row (a template loop over the cells cost about 0.1 ms per row)."""

from functools import cache
from html import escape

from django.urls import reverse

from inburgering.lijsten import Kolom

from .models import Doelgroep, Status

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
LEEG = "Geen casussen gevonden."

# One row; the status cell is the markup of components/status_badge.html.
RIJ = (
    '<tr class="utrecht-table__row">\n<td><a href="{}{}/">{}</a></td>\n<td>{}</td>\n<td>{}</td>\n'
    '<td><span class="utrecht-status-badge app-status-badge app-status-badge--{}">{}</span></td>\n'
    "<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n</tr>"
)


@cache
def _detail_basis() -> str:
    """/casussen/ : one reverse() per process instead of one per row."""
    return escape(reverse("cases:detail", args=[0]).removesuffix("0/"))


def rijen_html(casussen) -> list[str]:
    """The rows of these cases as HTML; every value is escaped (html.escape, as Django's escape)."""
    basis = _detail_basis()
    rijen = []
    for casus in casussen:
        persoon = casus.inburgeraar
        brp = casus.datum_brp_inschrijving
        waarden = (
            persoon.volledige_naam,
            persoon.bsn_gemaskeerd,
            DOELGROEPEN.get(casus.doelgroep, casus.doelgroep),
            casus.status,
            STATUSSEN.get(casus.status, casus.status),
            casus.consultant or "—",
            casus.gemeente.naam,
            brp.strftime("%d-%m-%Y") if brp else "—",
        )
        rijen.append(RIJ.format(basis, casus.pk, *(escape(str(w)) for w in waarden)))
    return rijen
