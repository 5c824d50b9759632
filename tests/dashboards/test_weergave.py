"""How the dashboards write their tables, links and filter lists, and read their figures: as done in full.

The tables are written in Python (`Tabel.weergave`), the list links reuse their encoded parts, the
filter form reuses the gemeenten the view read, and the KPI page's reads run SQL compiled once.
Each test holds the straightforward way as the reference and compares.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.template import engines
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards import forms as dashboard_forms
from dashboards import selectors, tabellen
from dashboards.tabellen import AANTAL, DECIMAAL, EURO, JAAR, PROCENT, PROCENTPUNT, Cel, Kolom, Tabel
from tests.dashboards.scenario import VANDAAG, D, casus, intake, pip, procedure, trede, verversen

# The table markup as _tabel.html wrote it cell by cell before `Tabel.weergave` (the reference).
CEL_VOOR_CEL = engines["django"].from_string(
    """<thead class="utrecht-table__header"><tr class="utrecht-table__row">
{% for k in tabel.kolommen %}<th scope="col" class="utrecht-table__header-cell{% if k.soort != 'tekst' %} utrecht-table__header-cell--numeric{% endif %}">{{ k.label }}</th>{% endfor %}
</tr></thead>
<tbody class="utrecht-table__body">
{% for rij in w.rijen %}<tr class="utrecht-table__row">
{% for cel in rij %}{% if forloop.first %}<th scope="row" class="utrecht-table__header-cell">{% if cel.url %}<a class="utrecht-link" href="{{ cel.url }}">{{ cel.tekst }}</a>{% else %}{{ cel.tekst }}{% endif %}</th>{% else %}<td class="utrecht-table__cell{% if cel.numeriek %} utrecht-table__cell--numeric{% endif %}">{% if cel.url %}<a class="utrecht-link" href="{{ cel.url }}">{{ cel.tekst }}</a>{% else %}{{ cel.tekst }}{% endif %}</td>{% endif %}{% endfor %}
</tr>
{% empty %}<tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="{{ tabel.kolommen|length }}">{{ tabel.leeg }}</td></tr>
{% endfor %}
</tbody>
{% if w.voet and w.rijen %}<tfoot class="utrecht-table__footer"><tr class="utrecht-table__row">
{% for cel in w.voet %}{% if forloop.first %}<th scope="row" class="utrecht-table__header-cell">{{ cel.tekst }}</th>{% else %}<td class="utrecht-table__cell{% if cel.numeriek %} utrecht-table__cell--numeric{% endif %}"><strong>{% if cel.url %}<a class="utrecht-link" href="{{ cel.url }}">{{ cel.tekst }}</a>{% else %}{{ cel.tekst }}{% endif %}</strong></td>{% endif %}{% endfor %}
</tr></tfoot>{% endif %}"""
)


def cel_voor_cel(t: Tabel) -> str:
    def rij(cellen):
        return [
            {"tekst": tabellen.tekst(c.waarde, k.soort), "url": c.url, "numeriek": k.soort in tabellen.NUMERIEK}
            for c, k in zip(cellen, t.kolommen, strict=False)
        ]

    w = {"rijen": [rij(r) for r in t.rijen], "voet": rij(t.voet) if t.voet else None}
    return CEL_VOOR_CEL.render({"tabel": t, "w": w})


def voorbeeld(rijen=True, voet=True) -> Tabel:
    t = Tabel(
        id="kpi-test",
        titel="Test",
        kolommen=[
            Kolom("Cohort <\"&'>"),
            Kolom("Aantal", AANTAL),
            Kolom("Aandeel", PROCENT),
            Kolom("Bedrag", EURO),
            Kolom("Gemiddeld", DECIMAAL),
            Kolom("Afwijking", PROCENTPUNT),
            Kolom("Jaar", JAAR),
            Kolom("Opmerking"),
        ],
        leeg="Geen <gegevens> & zo.",
    )
    if rijen:
        t.rijen = [
            [
                Cel("2024 <b>", "/lijst/?a=1&b=<2>"),  # a row header with a link
                Cel(1234567, "/lijst/?cohort=2024&kpi=x"),
                Cel(Decimal("92.45")),
                Cel(Decimal("1234.5")),
                Cel(Decimal("2.25")),
                Cel(Decimal("-1.5")),
                Cel(2024),
                Cel("\"quote\" & 'apostrof'"),
            ],
            [Cel(None), Cel(0), Cel(None), Cel(None), Cel(None), Cel(Decimal("0")), Cel(""), Cel(None)],
            [Cel(-12), Cel(-1234, "/x"), Cel(Decimal("100")), Cel(Decimal("0")), Cel(1), Cel(2), Cel(None), Cel("")],
        ]
    if voet:
        t.voet = [Cel("Totaal", "/genegeerd"), Cel(1234555, "/lijst/?t=1&u=2")] + [Cel(None)] * 5 + [Cel("<i>")]
    return t


@pytest.mark.parametrize(
    "tabel",
    [
        voorbeeld(),  # links, escaping, every kind of number, a foot
        voorbeeld(voet=False),  # no foot
        voorbeeld(rijen=False),  # empty: the 'leeg' row, and no foot without rows
    ],
)
def test_tabel_weergave_is_de_markup_van_cel_voor_cel(tabel):
    tabellen.exports_zetten([tabel], selectors.Filters())
    pagina = get_template("dashboards/_tabel.html").render({"tabel": tabel})
    assert pagina[pagina.index("<thead") : pagina.index("</table>")] == cel_voor_cel(tabel) + "\n"


def test_exports_per_pagina_zijn_de_export_url_met_de_filters():
    ts = [voorbeeld(), Tabel(id="team-caseload", titel="x", kolommen=[Kolom("a")])]
    for f in (selectors.Filters(), selectors.Filters(gemeente=3, cohort=0, doelgroep="gezinsmigrant")):
        tabellen.exports_zetten(ts, f)
        for t in ts:
            for formaat in ("csv", "xlsx"):
                qs = f.querystring()
                verwacht = reverse("dashboards:tabel_export", args=[t.id, formaat]) + (f"?{qs}" if qs else "")
                assert t.export[formaat] == verwacht


@pytest.mark.parametrize(
    "filters",
    [
        selectors.Filters(),
        selectors.Filters(gemeente=1, team=2, consultant=3, cohort=2024, doelgroep="gezinsmigrant"),
        selectors.Filters(cohort=0),  # a link's own cohort replaces the filter's, in the filter's place
    ],
)
def test_links_zijn_de_lijst_url_met_filters_en_parameters(filters):
    links = tabellen.Links(True, filters)
    for params in (
        {},
        {"bron": "kpi", "kpi": "pip-wettelijk", "uitkomst": "behaald", "cohort": 2023},
        {"bron": "team", "fase": "intake", "zonder_consultant": 1, "termijn": None, "route": ""},
        {"bron": "kpi", "kenmerk": "ladder_gestegen", "cohort": 0},
        {"bron": "kpi", "kpi": "pip-wettelijk", "uitkomst": "behaald", "cohort": 2023},  # again: the stored parts
    ):
        assert links(**params) == f"{reverse('dashboards:casussen')}?{filters.querystring(**params)}"
    assert tabellen.Links(False, filters)(bron="kpi") == ""


@pytest.mark.django_db
def test_filterformulier_leest_de_gemeenten_die_de_view_al_las_niet_opnieuw(world):
    form = dashboard_forms.FilterForm(user=world.users["tl"], kpi=True, vandaag=VANDAAG)
    gemeenten = list(form.fields["gemeente"].queryset)  # the KPI views read them for the targets
    with CaptureQueriesContext(connection) as q:
        html = str(form["gemeente"])
    assert not q.captured_queries
    assert [g.naam for g in gemeenten] == ["Gemeente A"]
    assert f'<option value="{world.gemeente_a.pk}">Gemeente A</option>' in html


@pytest.mark.django_db
def test_kpi_per_cohort_geeft_wat_de_orm_geeft_met_dezelfde_sql(world):
    for jaar in (2024, 2025):
        casus(world, datum_huisvesting=D(jaar, 2, 1))
        c = casus(world, datum_huisvesting=D(jaar, 3, 1), doelgroep="gezinsmigrant")
        pip(c, D(jaar, 4, 1))
        intake(c, trede=2)
        trede(c, D(2025, 6, 1), 3, 2)
        procedure(c, "betaald", boete=125)
    casus(world, datum_huisvesting=None, datum_kennisgeving=None)  # no cohort
    casus(world, team=world.team2, gemeente=world.gemeente_b, consultant="c3", datum_huisvesting=D(2025, 1, 1))
    verversen()
    for user in (world.users["tl"], world.users["fb"], world.users["c1"]):
        for f in (
            selectors.Filters(),
            selectors.Filters(cohort=2025),
            selectors.Filters(gemeente=world.gemeente_a.pk, cohort=2024, consultant=world.users["c1"].pk),
            selectors.Filters(team=world.team1.pk, cohort=selectors.ZONDER_COHORT, doelgroep="gezinsmigrant"),
            selectors.Filters(doelgroep="gezinsmigrant"),
        ):
            for _ in range(2):  # the first compiles the shape, the second uses it
                with CaptureQueriesContext(connection) as q:
                    per_cohort = selectors.kpi_per_cohort(user, f, VANDAAG)
                geheel = (
                    selectors.kpi_basis(user, f)
                    .values("cohort")
                    .annotate(**selectors._kpi_aggregaten(VANDAAG))
                    .order_by("cohort")
                )
                with CaptureQueriesContext(connection) as q2:
                    verwacht = {r["cohort"]: r for r in geheel}
                assert per_cohort == verwacht
                assert {k: {n: type(w) for n, w in r.items()} for k, r in per_cohort.items()} == {
                    k: {n: type(w) for n, w in r.items()} for k, r in verwacht.items()
                }
                kenmerken = [x["sql"] for x in q.captured_queries if "dashboards_casuskenmerken" in x["sql"]]
                assert kenmerken == [x["sql"] for x in q2.captured_queries]  # the same SQL with the same values
    per_cohort = selectors.kpi_per_cohort(world.users["tl"], selectors.Filters(), VANDAAG)
    assert set(per_cohort) == {None, 2024, 2025} and per_cohort[2025]["ladder__nulmeting"] == 2.0


@pytest.mark.django_db
def test_regelboek_en_laatste_verversing_zoals_de_orm_ze_geeft(world):
    from dashboards.models import Verversing
    from inburgering.models import RegelInstelling

    codes = list(selectors.KPI_REGEL_CODES + selectors.VENSTER_REGEL_CODES)
    assert selectors.laatste_verversing() is None
    verversen()
    for _ in range(2):
        boek = selectors.Regelboek.laden(codes)
        orm = selectors.Regelboek(
            RegelInstelling.objects.filter(code__in=codes).values_list("code", "gemeente_id", "ingangsdatum", "waarde")
        )
        assert boek._rijen == orm._rijen and boek._rijen
        laatste = selectors.laatste_verversing()
        verwacht = Verversing.objects.filter(volledig=True, klaar_op__isnull=False).order_by("-klaar_op").first()
        assert (laatste.pk, laatste.klaar_op, laatste.peildatum, laatste.aantal) == (
            verwacht.pk,
            verwacht.klaar_op,
            verwacht.peildatum,
            verwacht.aantal,
        )
        assert not laatste._state.adding and laatste._state.db == "default"
