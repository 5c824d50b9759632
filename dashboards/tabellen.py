"""Every table on the dashboards as data: one `Tabel` feeds the HTML table, its chart and its exports.

Because the chart, the accessible table beside it, the CSV and the XLSX are all made from the same
`Tabel`, they always show the same numbers. Builders take the selectors' aggregates and add the
links to the lists behind the numbers (only for users who may see those lists).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.template.defaultfilters import capfirst, pluralize
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape as escape
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe

from . import rules, selectors

TEKST, AANTAL, PROCENT, EURO, DECIMAAL, PROCENTPUNT = "tekst", "aantal", "procent", "euro", "decimaal", "procentpunt"
JAAR = "jaar"  # a year: a number in XLSX without thousands separator, text elsewhere
NUMERIEK = frozenset({AANTAL, PROCENT, EURO, DECIMAAL, PROCENTPUNT})

# XLSX number formats: numbers stay numbers; Excel/LibreOffice in nl-NL show 1.234 / 92,5% / € 1.234,50
XLSX_FORMAAT = {
    AANTAL: "#,##0",
    PROCENT: "0.0%",
    EURO: "[$€-413] #,##0.00;[$€-413] -#,##0.00",
    DECIMAAL: "#,##0.0",
    PROCENTPUNT: "+0.0;-0.0;0.0",
    JAAR: "0",
}


@dataclass
class Kolom:
    label: str
    soort: str = TEKST


@dataclass
class Cel:
    waarde: object = None
    url: str = ""


@dataclass
class Tabel:
    id: str
    titel: str
    kolommen: list[Kolom]
    rijen: list[list[Cel]] = field(default_factory=list)
    voet: list[Cel] | None = None
    toelichting: str = ""
    grafiek: dict | None = None
    leeg: str = "Nog geen gegevens."
    export: dict[str, str] = field(default_factory=dict)  # format → download URL (`exports_zetten`)

    @property
    def heeft_gegevens(self) -> bool:
        """Whether any count in the table is more than zero (targets and prognoses are no data)."""
        return any(
            isinstance(c.waarde, int) and c.waarde > 0
            for rij in self.rijen
            for c, k in zip(rij, self.kolommen, strict=False)
            if k.soort == AANTAL
        )

    def weergave(self) -> dict:
        """The header, body and foot rows of the HTML table, escaped and ready for `html`.

        Written here rather than cell by cell in the template: a few string joins per cell instead
        of some twenty template nodes (the KPI page has some 400 cells). Same markup as before:
        tests/dashboards/test_weergave.py compares it with the cell-by-cell template."""
        kop = mark_safe(
            "".join(
                f'<th scope="col" class="utrecht-table__header-cell{_KOP_NUMERIEK if k.soort != TEKST else ""}">'
                f"{html.escape(k.label)}</th>"
                for k in self.kolommen
            )
        )
        if self.rijen:
            rijen = mark_safe("".join(_RIJ.format(self._cellen(r)) for r in self.rijen))
        else:
            rijen = format_html(
                '<tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="{}">{}</td></tr>\n',
                len(self.kolommen),
                self.leeg,
            )
        voet = ""
        if self.voet and self.rijen:
            voet = mark_safe(_VOET.format(self._cellen(self.voet, voet=True)))
        return {"kop": kop, "rijen": rijen, "voet": voet}

    def html(self) -> str:
        """The whole table as the pages show it: chart, table, note and export links, escaped.

        Written here rather than in an included template: a page has up to a dozen tables, and each
        one's include, template nodes and filters cost more than the string joins. The chart's canvas
        is an image whose label points to the table; static/js/dashboards.js draws it. Same markup as
        the template it replaces: tests/dashboards/test_weergave.py compares them."""
        w = self.weergave()
        titel = escape(self.titel)
        klein = escape(str(self.titel).lower())
        tid = escape(self.id)
        delen = ["\n"]
        if self.grafiek and self.rijen:
            delen.append(
                '<figure class="app-grafiek">\n<figcaption class="utrecht-paragraph"><strong>Grafiek: '
                f'{titel}</strong> <span class="app-text-subtle">(dezelfde cijfers staan in de tabel hieronder)'
                f"</span></figcaption>\n{json_script(self.grafiek, f'grafiek-{self.id}')}\n"
                f'<canvas data-dashboard-chart="grafiek-{tid}" role="img" aria-label="Grafiek {klein}. '
                f'De cijfers staan in de tabel hieronder.">De cijfers staan in de tabel {klein}.</canvas>\n</figure>'
            )
        delen.append(
            f'\n<div class="table-scroll" tabindex="0" role="region" aria-labelledby="caption-{tid}">\n'
            f'<table class="utrecht-table utrecht-table--html-table" id="tabel-{tid}">\n'
            f'<caption class="utrecht-table__caption" id="caption-{tid}">{titel}</caption>\n'
            f'<thead class="utrecht-table__header"><tr class="utrecht-table__row">\n{w["kop"]}\n</tr></thead>\n'
            f'<tbody class="utrecht-table__body">\n{w["rijen"]}\n</tbody>\n{w["voet"]}\n</table>\n</div>\n'
        )
        if self.toelichting:
            delen.append(f'<p class="app-text-subtle">{escape(self.toelichting)}</p>')
        verborgen = f'<span class="app-visually-hidden"> van {klein}</span>'
        delen.append(
            '\n<p class="app-text-subtle">Download deze tabel: '
            f'<a class="utrecht-link" href="{escape(self.export.get("csv", ""))}">CSV{verborgen}</a> · '
            f'<a class="utrecht-link" href="{escape(self.export.get("xlsx", ""))}">Excel (XLSX){verborgen}</a></p>\n\n'
        )
        return mark_safe("".join(delen))

    def _cellen(self, cellen: list[Cel], voet: bool = False) -> str:
        """The cells of one row as HTML: the first a row header, numbers linked to the list behind them.

        Every text and URL is escaped as the template's autoescape would (Django's `escape` is this
        `html.escape`); plain string joins because this runs for every cell of every table."""
        uit = []
        for i, (c, k) in enumerate(zip(cellen, self.kolommen, strict=False)):
            inhoud = html.escape(tekst(c.waarde, k.soort))
            if c.url and not (voet and i == 0):
                inhoud = f'<a class="utrecht-link" href="{html.escape(c.url)}">{inhoud}</a>'
            voor, na = _CEL_OMHULSEL[i == 0, voet, k.soort in NUMERIEK]
            uit.append(voor + inhoud + na)
        return "".join(uit)


_KOP_NUMERIEK = " utrecht-table__header-cell--numeric"
_RIJ = '<tr class="utrecht-table__row">\n{}\n</tr>\n'
_VOET = '<tfoot class="utrecht-table__footer"><tr class="utrecht-table__row">\n{}\n</tr></tfoot>'


def _cel_omhulsel(eerste: bool, voet: bool, numeriek: bool) -> tuple[str, str]:
    """The HTML before and after the content of a cell: a row header first, then (numeric) cells."""
    if eerste:
        return '<th scope="row" class="utrecht-table__header-cell">', "</th>"
    klasse = "utrecht-table__cell utrecht-table__cell--numeric" if numeriek else "utrecht-table__cell"
    if voet:
        return f'<td class="{klasse}"><strong>', "</strong></td>"
    return f'<td class="{klasse}">', "</td>"


_CEL_OMHULSEL = {sleutel: _cel_omhulsel(*sleutel) for sleutel in itertools.product((False, True), repeat=3)}


def tekst(waarde, soort: str) -> str:
    if waarde is None or waarde == "":
        return "–" if soort in NUMERIEK else ""
    if soort == AANTAL:
        return rules.nl_getal(waarde)
    if soort == PROCENT:
        return rules.nl_procent(waarde)
    if soort == EURO:
        return rules.nl_euro(waarde)
    if soort == DECIMAAL:
        return rules.nl_getal(waarde, 1)
    if soort == PROCENTPUNT:
        return rules.nl_plus_min(waarde)
    return str(waarde)


# ---------------------------------------------------------------------------------------------
# Charts from tables
# ---------------------------------------------------------------------------------------------


def grafiek(
    tabel: Tabel, kolommen: list[int], *, type: str = "bar", gestapeld=False, eenheid="aantal", lijn: int | None = None
) -> dict:
    """A Chart.js spec (read by static/js/dashboards.js) with the numbers of these columns of `tabel`.

    `lijn`: the index of a column drawn as a line (a target) over the bars."""

    def getal(w):
        return None if w is None or w == "" else str(w)

    datasets = []
    for i in kolommen + ([lijn] if lijn is not None else []):
        datasets.append(
            {
                "label": tabel.kolommen[i].label,
                "data": [getal(r[i].waarde) for r in tabel.rijen],
                "lijn": i == lijn,
            }
        )
    return {
        "type": type,
        "gestapeld": gestapeld,
        "eenheid": eenheid,
        "labels": [tekst(r[0].waarde, tabel.kolommen[0].soort) for r in tabel.rijen],
        "datasets": datasets,
        "tabel": tabel.id,
    }


# ---------------------------------------------------------------------------------------------
# Exports of a table: CSV (Dutch: semicolons, decimal comma) and XLSX (numbers with formats)
# ---------------------------------------------------------------------------------------------


def _csv_waarde(waarde, soort: str) -> str:
    if waarde is None:
        return ""
    if soort == AANTAL:
        return str(int(waarde))
    if soort in (PROCENT, DECIMAAL, PROCENTPUNT):
        return rules.nl_getal(waarde, 1).replace(".", "")
    if soort == EURO:
        return rules.nl_getal(waarde, 2).replace(".", "")
    return str(waarde)


def _kop(k: Kolom) -> str:
    return f"{k.label} (%)" if k.soort == PROCENT and "%" not in k.label else k.label


def als_csv(tabel: Tabel) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow([_kop(k) for k in tabel.kolommen])
    for rij in tabel.rijen + ([tabel.voet] if tabel.voet else []):
        w.writerow([_csv_waarde(c.waarde, k.soort) for c, k in zip(rij, tabel.kolommen, strict=False)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx_waarde(waarde, soort: str):
    if waarde is None or waarde == "":
        return None
    if soort == JAAR:
        return waarde if isinstance(waarde, int) else str(waarde)
    if soort == PROCENT:
        return float(Decimal(str(waarde)) / 100)
    if soort == AANTAL:
        return int(waarde)
    if soort in NUMERIEK:
        return float(waarde)
    return str(waarde)


def werkblad(wb, tabel: Tabel, *, eerste: bool = False, titel: str | None = None):
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.active if eerste else wb.create_sheet()
    ws.title = (titel or tabel.titel)[:31].replace("/", "-").replace(":", "")
    ws.append([_kop(k) for k in tabel.kolommen])
    for cel in ws[1]:
        cel.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for rij in tabel.rijen + ([tabel.voet] if tabel.voet else []):
        ws.append([_xlsx_waarde(c.waarde, k.soort) for c, k in zip(rij, tabel.kolommen, strict=False)])
        r = ws.max_row
        for i, k in enumerate(tabel.kolommen, start=1):
            if k.soort in XLSX_FORMAAT:
                ws.cell(row=r, column=i).number_format = XLSX_FORMAAT[k.soort]
    if tabel.voet:
        for cel in ws[ws.max_row]:
            cel.font = Font(bold=True)
    for i, k in enumerate(tabel.kolommen, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(45, len(_kop(k)) + 4))
    return ws


def als_xlsx(tabellen: list[Tabel]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for i, t in enumerate(tabellen):
        werkblad(wb, t, eerste=i == 0)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def exports_zetten(tabellen: Iterable[Tabel], filters: selectors.Filters) -> None:
    """Sets the CSV and XLSX download URLs of each table, with the page's filters (one reverse per page)."""
    sjabloon = reverse("dashboards:tabel_export", args=["TABEL", "FORMAAT"])
    qs = filters.querystring()
    achter = f"?{qs}" if qs else ""
    for t in tabellen:
        basis = sjabloon.replace("TABEL", t.id)
        t.export = {f: basis.replace("FORMAAT", f) + achter for f in ("csv", "xlsx")}


# ---------------------------------------------------------------------------------------------
# Links to the lists behind the numbers
# ---------------------------------------------------------------------------------------------


class Links:
    """Builds the list URL of a number; empty when the user may not see the persons behind it.

    A page makes some 150 of these links with the same filters and a handful of parameter values,
    so each `key=value` part is encoded once (the same encoding as `Filters.querystring`)."""

    def __init__(self, actief: bool, filters: selectors.Filters):
        self.actief = actief
        self.filters = filters
        self.basis = reverse("dashboards:casussen") if actief else ""
        self._delen: dict[tuple[str, str], str] = {}
        self._filters = {k: self._deel(k, str(v)) for k, v in filters.params().items()}

    def __call__(self, **params) -> str:
        if not self.actief:
            return ""
        delen = self._filters.copy()  # a parameter the filters also have keeps the filter's place
        for k, v in params.items():
            if v not in (None, ""):
                delen[k] = self._deel(k, str(v))
        return f"{self.basis}?{'&'.join(delen.values())}"

    def _deel(self, k: str, v: str) -> str:
        deel = self._delen.get((k, v))
        if deel is None:
            deel = self._delen[k, v] = urlencode({k: v})
        return deel


def _cohort_label(cohort) -> str:
    return "Zonder datum" if cohort is None else str(cohort)


def _cohort_param(cohort) -> int:
    return selectors.ZONDER_COHORT if cohort is None else cohort


# ---------------------------------------------------------------------------------------------
# Team dashboard
# ---------------------------------------------------------------------------------------------


def team_tabellen(d: selectors.TeamDashboard, links: Links) -> list[Tabel]:
    kolommen = [Kolom("Consultant")]
    kolommen += [Kolom(label, AANTAL) for _, label in rules.FASEN]
    kolommen += [
        Kolom("Totaal actief", AANTAL),
        Kolom("Termijnen te laat", AANTAL),
        Kolom("Termijnen deze week", AANTAL),
        Kolom("PIP's op tijd", AANTAL),
        Kolom("PIP's beoordeeld", AANTAL),
        Kolom("PIP op tijd", PROCENT),
    ]
    t = Tabel(
        id="team-caseload",
        titel="Caseload per consultant, per fase, met termijnen en PIP's op tijd",
        kolommen=kolommen,
        toelichting=(
            "Actieve casussen. Termijnen: casussen met ten minste één open termijn uit de termijnbewaking (PIP, "
            "leerbaarheidstoets, voortgangsgesprek, einde inburgeringstermijn, ontzorgen, bezwaar, boete) die verstreken "
            "is, of die deze week (tot en met zondag) verloopt. PIP op tijd: eerste PIP vastgesteld binnen de wettelijke "
            "termijn, van de PIP's waarvan de uitkomst vaststaat."
        ),
        leeg="Er zijn geen consultants of casussen in uw team(s) met deze filters.",
    )

    def cellen(r: selectors.ConsultantCijfers, totaal=False):
        wie = {} if totaal else ({"consultant": r.consultant_id} if r.consultant_id else {"zonder_consultant": 1})
        rij = [Cel(r.naam)]
        rij += [Cel(r.fasen[code], links(bron="team", fase=code, **wie)) for code, _ in rules.FASEN]
        rij += [
            Cel(r.totaal, links(bron="team", **wie)),
            Cel(r.te_laat, links(bron="team", termijn=rules.TE_LAAT, **wie)),
            Cel(r.deze_week, links(bron="team", termijn=rules.DEZE_WEEK, **wie)),
            Cel(r.pip_op_tijd, links(bron="team", kpi="pip-wettelijk", uitkomst=rules.BEHAALD, **wie)),
            Cel(r.pip_bepaald, links(bron="team", kpi="pip-wettelijk", uitkomst="bepaald", **wie)),
            Cel(r.pip_pct),
        ]
        return rij

    t.rijen = [cellen(r) for r in d.regels]
    t.voet = cellen(d.totaal, totaal=True)
    t.grafiek = grafiek(t, list(range(1, len(rules.FASEN) + 1)), gestapeld=True)
    return [t]


# ---------------------------------------------------------------------------------------------
# KPI page
# ---------------------------------------------------------------------------------------------


@dataclass
class KpiContext:
    per_cohort: dict
    totaal: dict
    doelen: dict[str, selectors.Doel]
    prognose: dict[str, selectors.Doel]
    links: Links


def _venster_tabel(k: rules.KpiDef, ctx: KpiContext) -> Tabel:
    doel = ctx.doelen[k.code]
    t = Tabel(
        id=f"kpi-{k.code}",
        titel=f"{k.titel}, per cohort",
        kolommen=[
            Kolom("Cohort"),
            Kolom("Behaald", AANTAL),
            Kolom("Niet behaald", AANTAL),
            Kolom("Noemer", AANTAL),
            Kolom("Percentage", PROCENT),
            Kolom("Streefwaarde", PROCENT),
            Kolom("Termijn loopt nog", AANTAL),
        ],
    )
    v = k.veld

    def cellen(r, cohort=None, totaal=False):
        behaald, niet, lopend = r.get(f"{v}__behaald", 0), r.get(f"{v}__niet_behaald", 0), r.get(f"{v}__lopend", 0)
        c = {} if totaal else {"cohort": _cohort_param(cohort)}
        return [
            Cel("Totaal" if totaal else _cohort_label(cohort)),
            Cel(behaald, ctx.links(bron="kpi", kpi=k.code, uitkomst=rules.BEHAALD, **c)),
            Cel(niet, ctx.links(bron="kpi", kpi=k.code, uitkomst=rules.NIET_BEHAALD, **c)),
            Cel(behaald + niet, ctx.links(bron="kpi", kpi=k.code, uitkomst="bepaald", **c)),
            Cel(rules.percentage(behaald, behaald + niet)),
            Cel(doel.waarde),
            Cel(lopend, ctx.links(bron="kpi", kpi=k.code, uitkomst=rules.LOPEND, **c)),
        ]

    t.rijen = [
        cellen(r, cohort)
        for cohort, r in ctx.per_cohort.items()
        if r.get(f"{v}__behaald") or r.get(f"{v}__niet_behaald") or r.get(f"{v}__lopend")
    ]
    t.voet = cellen(ctx.totaal, totaal=True)
    t.grafiek = grafiek(t, [4], eenheid="procent", lijn=5 if doel.waarde is not None else None)
    return t


def _routemix_tabellen(ctx: KpiContext) -> list[Tabel]:
    cohort_t = Tabel(
        id="kpi-routemix",
        titel="Leerroute in het huidige PIP, per cohort",
        kolommen=[Kolom("Cohort")]
        + [Kolom(label, AANTAL) for _, label in rules.ROUTES]
        + [Kolom("Totaal met route", AANTAL)]
        + [Kolom(f"Aandeel {label.lower()}", PROCENT) for _, label in rules.ROUTES],
    )

    def cellen(r, cohort=None, totaal=False):
        c = {} if totaal else {"cohort": _cohort_param(cohort)}
        aantallen = {route: r.get(f"route__{route}", 0) for route, _ in rules.ROUTES}
        mix = rules.routemix(aantallen)
        return (
            [Cel("Totaal" if totaal else _cohort_label(cohort))]
            + [Cel(aantallen[route], ctx.links(bron="kpi", route=route, **c)) for route, _ in rules.ROUTES]
            + [Cel(sum(aantallen.values()))]
            + [Cel(mix[route]) for route, _ in rules.ROUTES]
        )

    cohort_t.rijen = [
        cellen(r, cohort) for cohort, r in ctx.per_cohort.items() if any(r.get(f"route__{x}") for x, _ in rules.ROUTES)
    ]
    cohort_t.voet = cellen(ctx.totaal, totaal=True)

    vergelijk = Tabel(
        id="kpi-routemix-prognose",
        titel="Routemix tegenover de rijksprognose (alle cohorten)",
        kolommen=[
            Kolom("Leerroute"),
            Kolom("Aantal", AANTAL),
            Kolom("Aandeel", PROCENT),
            Kolom("Rijksprognose", PROCENT),
            Kolom("Afwijking (procentpunt)", PROCENTPUNT),
        ],
    )
    aantallen = {route: ctx.totaal.get(f"route__{route}", 0) for route, _ in rules.ROUTES}
    mix = rules.routemix(aantallen)
    for route, label in rules.ROUTES:
        prognose = ctx.prognose[route].waarde
        vergelijk.rijen.append(
            [
                Cel(label),
                Cel(aantallen[route], ctx.links(bron="kpi", route=route)),
                Cel(mix[route]),
                Cel(prognose),
                Cel(rules.afwijking(mix[route], prognose)),
            ]
        )
    vergelijk.grafiek = grafiek(vergelijk, [2, 3], eenheid="procent")
    return [vergelijk, cohort_t]


def _schakelen_tabel(ctx: KpiContext) -> Tabel:
    t = Tabel(
        id="kpi-schakelen",
        titel="Afschalen en schakelen, per cohort",
        kolommen=[
            Kolom("Cohort"),
            Kolom("Met vastgesteld PIP", AANTAL),
            Kolom("Geschakeld (personen)", AANTAL),
            Kolom("Geschakeld", PROCENT),
            Kolom("Afgeschaald (personen)", AANTAL),
            Kolom("Afgeschaald", PROCENT),
            Kolom("PIP-versies schakelen", AANTAL),
            Kolom("PIP-versies afschalen", AANTAL),
        ],
    )

    def cellen(r, cohort=None, totaal=False):
        n, s, a = r.get("pip__n", 0), r.get("schakelen__personen", 0), r.get("afschalen__personen", 0)
        c = {} if totaal else {"cohort": _cohort_param(cohort)}
        return [
            Cel("Totaal" if totaal else _cohort_label(cohort)),
            Cel(n, ctx.links(bron="kpi", kenmerk="pip", **c)),
            Cel(s, ctx.links(bron="kpi", kenmerk="geschakeld", **c)),
            Cel(rules.percentage(s, n)),
            Cel(a, ctx.links(bron="kpi", kenmerk="afgeschaald", **c)),
            Cel(rules.percentage(a, n)),
            Cel(r.get("schakelen__versies", 0)),
            Cel(r.get("afschalen__versies", 0)),
        ]

    t.rijen = [cellen(r, c) for c, r in ctx.per_cohort.items() if r.get("pip__n")]
    t.voet = cellen(ctx.totaal, totaal=True)
    t.grafiek = grafiek(t, [3, 5], eenheid="procent")
    return t


def _handhaving_tabel(ctx: KpiContext) -> Tabel:
    t = Tabel(
        id="kpi-handhaving",
        titel="Boetes en hun uitkomst, per cohort",
        kolommen=[Kolom("Cohort"), Kolom("Personen met een procedure", AANTAL)]
        + [Kolom(label, AANTAL) for _, label in selectors.HH_VELDEN[:3]]
        + [Kolom("Opgelegd bedrag", EURO)]
        + [Kolom(label, AANTAL) for _, label in selectors.HH_VELDEN[3:]],
    )

    def cellen(r, cohort=None, totaal=False):
        c = {} if totaal else {"cohort": _cohort_param(cohort)}
        return (
            [
                Cel("Totaal" if totaal else _cohort_label(cohort)),
                Cel(r.get("hh__personen", 0), ctx.links(bron="kpi", kenmerk="handhaving", **c)),
            ]
            + [Cel(r.get(f"hh__{veld}", 0)) for veld, _ in selectors.HH_VELDEN[:3]]
            + [Cel(Decimal(str(r.get("hh__bedrag") or 0)).quantize(Decimal("0.01")))]
            + [Cel(r.get(f"hh__{veld}", 0)) for veld, _ in selectors.HH_VELDEN[3:]]
        )

    t.rijen = [cellen(r, c) for c, r in ctx.per_cohort.items() if r.get("hh__hh_procedures")]
    t.voet = cellen(ctx.totaal, totaal=True)
    # outcomes: betaald, invordering, kwijtgescholden, ingetrokken, afgezien, participatiewet
    t.grafiek = grafiek(t, [6, 7, 8, 9, 10, 11], gestapeld=True)
    return t


def _ladder_tabel(ctx: KpiContext) -> Tabel:
    t = Tabel(
        id="kpi-participatieladder",
        titel="Beweging op de participatieladder, per cohort",
        kolommen=[
            Kolom("Cohort"),
            Kolom("Nulmeting en latere meting", AANTAL),
            Kolom("Gestegen", AANTAL),
            Kolom("Gelijk", AANTAL),
            Kolom("Gedaald", AANTAL),
            Kolom("Gestegen", PROCENT),
            Kolom("Gemiddelde trede nulmeting", DECIMAAL),
            Kolom("Gemiddelde trede nu", DECIMAAL),
            Kolom("Alleen nulmeting", AANTAL),
        ],
    )
    t.kolommen[5].label = "Aandeel gestegen"

    def gem(w):
        return None if w is None else Decimal(str(w)).quantize(Decimal("0.1"))

    def cellen(r, cohort=None, totaal=False):
        n = r.get("ladder__n", 0)
        c = {} if totaal else {"cohort": _cohort_param(cohort)}
        return [
            Cel("Totaal" if totaal else _cohort_label(cohort)),
            Cel(n, ctx.links(bron="kpi", kenmerk="ladder", **c)),
            Cel(r.get("ladder__gestegen", 0), ctx.links(bron="kpi", kenmerk="ladder_gestegen", **c)),
            Cel(r.get("ladder__gelijk", 0), ctx.links(bron="kpi", kenmerk="ladder_gelijk", **c)),
            Cel(r.get("ladder__gedaald", 0), ctx.links(bron="kpi", kenmerk="ladder_gedaald", **c)),
            Cel(rules.percentage(r.get("ladder__gestegen", 0), n)),
            Cel(gem(r.get("ladder__nulmeting"))),
            Cel(gem(r.get("ladder__laatste"))),
            Cel(r.get("ladder__alleen_nulmeting", 0)),
        ]

    t.rijen = [
        cellen(r, c) for c, r in ctx.per_cohort.items() if r.get("ladder__n") or r.get("ladder__alleen_nulmeting")
    ]
    t.voet = cellen(ctx.totaal, totaal=True)
    t.grafiek = grafiek(t, [2, 3, 4], gestapeld=True)
    return t


@dataclass
class KpiBlok:
    kpi: rules.KpiDef
    doel: selectors.Doel
    waarde: Decimal | None
    teller: int | None
    noemer: int | None
    lopend: int | None
    tabellen: list[Tabel]
    venster: str = ""

    @property
    def waarde_tekst(self) -> str:
        return rules.nl_procent(self.waarde)

    @property
    def gehaald(self) -> bool | None:
        return rules.doel_gehaald(self.waarde, self.doel.waarde)

    @property
    def heeft_gegevens(self) -> bool:
        return any(t.heeft_gegevens for t in self.tabellen)

    def definitie(self) -> str:
        """The KPI's definition, count, target and result as a summary list (KPI page and detail page).

        Written here for the same reason as `Tabel.html`; tests/dashboards/test_weergave.py compares
        it with the template it replaces."""
        k = self.kpi
        rij = '<div class="app-summary-list__row"><dt class="app-summary-list__key">{}</dt><dd class="app-summary-list__value">{}</dd></div>\n'
        delen = [
            '\n<dl class="app-summary-list">\n',
            rij.format("Definitie", escape(k.definitie)),
            rij.format("Teller", escape(capfirst(k.teller))),
            rij.format("Noemer", escape(capfirst(k.noemer))),
        ]
        if self.venster:
            instelling = f' <span class="app-text-subtle">(instelling {escape(k.venster_code)})</span>'
            delen.append(rij.format("Termijn", escape(self.venster) + instelling).removesuffix("\n"))
        delen.append("\n")
        doel = escape(self.doel.tekst)
        if k.doel_code:
            doel += f' <span class="app-text-subtle">(instelling {escape(k.doel_code)})</span>'
        delen.append(rij.format("Streefwaarde", doel))
        if self.noemer is not None:
            if self.noemer:
                uitslag = (
                    f"<strong>{escape(self.waarde_tekst)}</strong> ({_getal(self.teller)} van {_getal(self.noemer)})"
                )
                if self.gehaald is True:
                    uitslag += ": streefwaarde gehaald"
                elif self.gehaald is False:
                    uitslag += ": streefwaarde niet gehaald"
            else:
                uitslag = "Nog geen gegevens"
            if self.lopend:
                uitslag += f"; bij {_getal(self.lopend)} perso{pluralize(self.lopend, 'on,nen')} loopt de termijn nog"
            delen.append(rij.format("Resultaat", uitslag).removesuffix("\n"))
        delen.append("\n</dl>\n")
        return mark_safe("".join(delen))


def kpi_secties(blokken: Iterable[KpiBlok], filters: selectors.Filters, berekend: bool) -> str:
    """The KPI page's section of every KPI: heading, definition, tables and the link to its detail page.

    `berekend`: whether the summary table was ever refreshed (the no-data notice says so). Written
    here like the tables; tests/dashboards/test_weergave.py compares it with the template it replaces."""
    qs = filters.querystring()
    detail = reverse("dashboards:kpi_detail", args=["KPI"])  # one reverse per page: the codes are slugs
    achter = escape(f"?{qs}") if qs else ""
    geen = "" if berekend else ", of de cijfers zijn nog niet berekend"
    delen = []
    for b in blokken:
        code, titel = escape(b.kpi.code), escape(b.kpi.titel)
        delen.append(
            f'\n<section class="app-section" aria-labelledby="kpi-{code}">\n'
            f'<h2 class="utrecht-heading-2" id="kpi-{code}">{titel}</h2>\n{b.definitie()}\n'
        )
        if not b.heeft_gegevens:
            delen.append(_GEEN_GEGEVENS.format(geen))
        delen.append("\n")
        delen.extend(t.html() for t in b.tabellen)
        delen.append(
            f'\n<p><a class="utrecht-link" href="{escape(detail.replace("KPI", b.kpi.code))}{achter}">'
            f"{titel}: definitie en ontwikkeling in de tijd</a></p>\n</section>\n"
        )
    return mark_safe("".join(delen))


_GEEN_GEGEVENS = (
    '<div class="utrecht-alert utrecht-alert--info app-banner app-banner--info"><div class="utrecht-alert__content">'
    '<p class="utrecht-alert__message app-banner__message">Nog geen gegevens: in de registratie staat (nog) niets '
    "waaruit deze KPI te berekenen is{}.</p></div></div>"
)


def _getal(waarde) -> str:
    """A number as the template shows `{{ waarde }}` (localized, escaped)."""
    return escape(str(localize(waarde)))


def kpi_blokken(ctx: KpiContext, code: str | None = None) -> list[KpiBlok]:
    """The block of every KPI, or only of the KPI `code` (its detail page builds no other tables)."""
    blokken = []
    for k in rules.VENSTER_KPIS:
        if code not in (None, k.code):
            continue
        v = k.veld
        behaald, niet, lopend = (
            ctx.totaal.get(f"{v}__{u}", 0) for u in (rules.BEHAALD, rules.NIET_BEHAALD, rules.LOPEND)
        )
        blokken.append(
            KpiBlok(
                k,
                ctx.doelen[k.code],
                rules.percentage(behaald, behaald + niet),
                behaald,
                behaald + niet,
                lopend,
                [_venster_tabel(k, ctx)],
            )
        )
    overige = {
        "routemix": _routemix_tabellen,
        "schakelen": lambda c: [_schakelen_tabel(c)],
        "handhaving": lambda c: [_handhaving_tabel(c)],
        "participatieladder": lambda c: [_ladder_tabel(c)],
    }
    for k in rules.OVERIGE_KPIS:
        if code in (None, k.code):
            blokken.append(KpiBlok(k, selectors.Doel(None), None, None, None, None, overige[k.code](ctx)))
    return blokken


def overzicht_tabel(blokken: list[KpiBlok]) -> Tabel:
    t = Tabel(
        id="kpi-overzicht",
        titel="De KPI's in één oogopslag (alle cohorten samen)",
        kolommen=[
            Kolom("KPI"),
            Kolom("Resultaat", PROCENT),
            Kolom("Streefwaarde", PROCENT),
            Kolom("Streefwaarde gehaald"),
            Kolom("Teller", AANTAL),
            Kolom("Noemer", AANTAL),
            Kolom("Termijn loopt nog", AANTAL),
        ],
    )
    for b in blokken:
        if b.noemer is None:
            continue
        gehaald = {True: "Ja", False: "Nee", None: "–" if b.noemer else "Nog geen gegevens"}[b.gehaald]
        t.rijen.append(
            [
                Cel(b.kpi.titel, reverse("dashboards:kpi_detail", args=[b.kpi.code])),
                Cel(b.waarde),
                Cel(b.doel.waarde),
                Cel(gehaald),
                Cel(b.teller),
                Cel(b.noemer),
                Cel(b.lopend),
            ]
        )
    return t


def kwartaal_tabel(k: rules.KpiDef, rijen: list[dict], doel: selectors.Doel) -> Tabel:
    t = Tabel(
        id=f"kpi-{k.code}-kwartaal",
        titel=f"{k.titel}, per kwartaal waarin de uitkomst vaststond",
        kolommen=[
            Kolom("Kwartaal"),
            Kolom("Behaald", AANTAL),
            Kolom("Noemer", AANTAL),
            Kolom("Percentage", PROCENT),
            Kolom("Streefwaarde", PROCENT),
        ],
    )
    for r in rijen:
        kw = r["kwartaal"]
        if isinstance(kw, dt.datetime):
            kw = kw.date()
        t.rijen.append(
            [
                Cel(rules.kwartaal_label(*rules.kwartaal(kw))),
                Cel(r["behaald"]),
                Cel(r["noemer"]),
                Cel(rules.percentage(r["behaald"], r["noemer"])),
                Cel(doel.waarde),
            ]
        )
    t.grafiek = grafiek(t, [3], type="line", eenheid="procent", lijn=4 if doel.waarde is not None else None)
    return t


def routemix_kwartaal_tabel(rijen: list[dict]) -> Tabel:
    t = Tabel(
        id="kpi-routemix-kwartaal",
        titel="Leerroute in het eerste PIP, per kwartaal van de dagtekening",
        kolommen=[Kolom("Kwartaal")]
        + [Kolom(label, AANTAL) for _, label in rules.ROUTES]
        + [Kolom(f"Aandeel {label.lower()}", PROCENT) for _, label in rules.ROUTES],
    )
    for r in rijen:
        kw = r["kwartaal"]
        if isinstance(kw, dt.datetime):
            kw = kw.date()
        aantallen = {route: r.get(f"route__{route}", 0) for route, _ in rules.ROUTES}
        mix = rules.routemix(aantallen)
        t.rijen.append(
            [Cel(rules.kwartaal_label(*rules.kwartaal(kw)))]
            + [Cel(aantallen[route]) for route, _ in rules.ROUTES]
            + [Cel(mix[route]) for route, _ in rules.ROUTES]
        )
    t.grafiek = grafiek(t, [1, 2, 3], gestapeld=True)
    return t
