"""How the dashboards write their tables, links and filter lists, and read their figures: as done in full.

The tables, KPI definitions and KPI sections are written in Python (`Tabel.weergave`, `Tabel.html`,
`KpiBlok.definitie`, `kpi_secties`), the list links reuse their encoded parts, the filter form reads
each option list once, and the KPI page's reads run SQL compiled once.
Each test holds the straightforward way as the reference and compares.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.template import engines
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
    pagina = tabel.html()
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
def test_filterformulier_leest_elke_keuzelijst_een_keer(world):
    form = dashboard_forms.FilterForm(user=world.users["tl"], kpi=True, vandaag=VANDAAG)
    gemeenten = form.fields["gemeente"].objecten  # the KPI views read them for the targets
    with CaptureQueriesContext(connection) as q:
        html = str(form["gemeente"])
    assert not q.captured_queries
    assert [g.naam for g in gemeenten] == ["Gemeente A"]
    assert f'<option value="{world.gemeente_a.pk}">Gemeente A</option>' in html


@pytest.mark.django_db
def test_keuzelijsten_zijn_wat_de_orm_geeft_met_dezelfde_sql(world):
    for naam in ("tl", "fb", "c1"):
        user = world.users[naam]
        for kpi in (True, False):
            paren = [
                (selectors.keuzes_gemeenten, {"kpi": kpi}, selectors.scope_gemeenten(user, kpi=kpi)),
                (selectors.keuzes_teams, {"kpi": kpi}, selectors.scope_teams(user, kpi=kpi)),
                (selectors.keuzes_consultants, {}, selectors.scope_consultants(user)),
            ]
            for lezen, kw, qs in paren:
                for _ in range(2):  # the first compiles the shape, the second uses it
                    with CaptureQueriesContext(connection) as q:
                        rijen = lezen(user, **kw)
                    with CaptureQueriesContext(connection) as q2:
                        verwacht = list(qs.all())
                    assert [(type(r), r.pk, r.__dict__.keys()) for r in rijen] == [
                        (type(r), r.pk, r.__dict__.keys()) for r in verwacht
                    ]
                    assert [str(r) for r in rijen] == [str(r) for r in verwacht]
                    assert [x["sql"] for x in q.captured_queries] == [x["sql"] for x in q2.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("gebruiker", ["tl", "fb"])
def test_filterformulier_controleert_zoals_een_modelkeuzeveld(world, gebruiker):
    """A submitted value is checked against the rows the form lists: the same result and errors as
    Django's ModelChoiceField with the scope's queryset, and no query of its own."""
    from django import forms

    user = world.users[gebruiker]
    c1 = world.users["c1"].pk
    ander = world.users["c3"].pk

    class Referentie(forms.Form):
        gemeente = forms.ModelChoiceField(queryset=selectors.scope_gemeenten(user, kpi=True), required=False)
        team = forms.ModelChoiceField(queryset=selectors.scope_teams(user, kpi=True), required=False)
        consultant = forms.ModelChoiceField(queryset=selectors.scope_consultants(user), required=False)

    for data in (
        {"gemeente": str(world.gemeente_a.pk), "team": str(world.team1.pk), "consultant": str(c1)},
        {"gemeente": f" 0{world.gemeente_a.pk}", "team": "x", "consultant": str(ander)},
        {"gemeente": str(world.gemeente_b.pk), "team": str(world.team2.pk), "consultant": "1.5"},
        {"gemeente": "99999999", "team": "", "consultant": "-1"},
    ):
        form = dashboard_forms.FilterForm(data, user=user, kpi=True, vandaag=VANDAAG)
        gelezen = [form.fields[v].objecten for v in ("gemeente", "team", "consultant") if v in form.fields]
        assert all(isinstance(rijen, list) for rijen in gelezen)  # the options are read first, as the page does
        with CaptureQueriesContext(connection) as q:
            geldig = form.is_valid()
        assert not q.captured_queries
        referentie = Referentie(data)
        referentie.is_valid()
        velden = [v for v in ("gemeente", "team", "consultant") if v in form.fields]
        assert {v: form.errors.get(v) for v in velden} == {v: referentie.errors.get(v) for v in velden}
        assert geldig == (not any(referentie.errors.get(v) for v in velden))
        for v in velden:
            if v in form.cleaned_data:
                assert form.cleaned_data[v] == referentie.cleaned_data[v]


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


# The markup of a table, a KPI definition and a KPI section as the templates wrote them before
# `Tabel.html`, `KpiBlok.definitie` and `kpi_secties` (the references).
TABEL_SJABLOON = engines["django"].from_string(
    """{% with w=tabel.weergave %}
{% if tabel.grafiek and tabel.rijen %}<figure class="app-grafiek">
<figcaption class="utrecht-paragraph"><strong>Grafiek: {{ tabel.titel }}</strong> <span class="app-text-subtle">(dezelfde cijfers staan in de tabel hieronder)</span></figcaption>
{% with gid="grafiek-"|add:tabel.id %}{{ tabel.grafiek|json_script:gid }}{% endwith %}
<canvas data-dashboard-chart="grafiek-{{ tabel.id }}" role="img" aria-label="Grafiek {{ tabel.titel|lower }}. De cijfers staan in de tabel hieronder.">De cijfers staan in de tabel {{ tabel.titel|lower }}.</canvas>
</figure>{% endif %}
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="caption-{{ tabel.id }}">
<table class="utrecht-table utrecht-table--html-table" id="tabel-{{ tabel.id }}">
<caption class="utrecht-table__caption" id="caption-{{ tabel.id }}">{{ tabel.titel }}</caption>
<thead class="utrecht-table__header"><tr class="utrecht-table__row">
{{ w.kop }}
</tr></thead>
<tbody class="utrecht-table__body">
{{ w.rijen }}
</tbody>
{{ w.voet }}
</table>
</div>
{% if tabel.toelichting %}<p class="app-text-subtle">{{ tabel.toelichting }}</p>{% endif %}
<p class="app-text-subtle">Download deze tabel: <a class="utrecht-link" href="{{ tabel.export.csv }}">CSV<span class="app-visually-hidden"> van {{ tabel.titel|lower }}</span></a> · <a class="utrecht-link" href="{{ tabel.export.xlsx }}">Excel (XLSX)<span class="app-visually-hidden"> van {{ tabel.titel|lower }}</span></a></p>
{% endwith %}
"""
)
DEFINITIE_SJABLOON = engines["django"].from_string(
    """
<dl class="app-summary-list">
<div class="app-summary-list__row"><dt class="app-summary-list__key">Definitie</dt><dd class="app-summary-list__value">{{ blok.kpi.definitie }}</dd></div>
<div class="app-summary-list__row"><dt class="app-summary-list__key">Teller</dt><dd class="app-summary-list__value">{{ blok.kpi.teller|capfirst }}</dd></div>
<div class="app-summary-list__row"><dt class="app-summary-list__key">Noemer</dt><dd class="app-summary-list__value">{{ blok.kpi.noemer|capfirst }}</dd></div>
{% if blok.venster %}<div class="app-summary-list__row"><dt class="app-summary-list__key">Termijn</dt><dd class="app-summary-list__value">{{ blok.venster }} <span class="app-text-subtle">(instelling {{ blok.kpi.venster_code }})</span></dd></div>{% endif %}
<div class="app-summary-list__row"><dt class="app-summary-list__key">Streefwaarde</dt><dd class="app-summary-list__value">{{ blok.doel.tekst }}{% if blok.kpi.doel_code %} <span class="app-text-subtle">(instelling {{ blok.kpi.doel_code }})</span>{% endif %}</dd></div>
{% if blok.noemer is not None %}<div class="app-summary-list__row"><dt class="app-summary-list__key">Resultaat</dt><dd class="app-summary-list__value">{% if blok.noemer %}<strong>{{ blok.waarde_tekst }}</strong> ({{ blok.teller }} van {{ blok.noemer }}){% if blok.gehaald is True %}: streefwaarde gehaald{% elif blok.gehaald is False %}: streefwaarde niet gehaald{% endif %}{% else %}Nog geen gegevens{% endif %}{% if blok.lopend %}; bij {{ blok.lopend }} perso{{ blok.lopend|pluralize:"on,nen" }} loopt de termijn nog{% endif %}</dd></div>{% endif %}
</dl>
"""
)
SECTIES_SJABLOON = engines["django"].from_string(
    """{% with qs=filters.querystring %}{% for blok in blokken %}
<section class="app-section" aria-labelledby="kpi-{{ blok.kpi.code }}">
<h2 class="utrecht-heading-2" id="kpi-{{ blok.kpi.code }}">{{ blok.kpi.titel }}</h2>
{{ blok.definitie }}
{% if not blok.heeft_gegevens %}<div class="utrecht-alert utrecht-alert--info app-banner app-banner--info"><div class="utrecht-alert__content"><p class="utrecht-alert__message app-banner__message">Nog geen gegevens: in de registratie staat (nog) niets waaruit deze KPI te berekenen is{% if not verversing %}, of de cijfers zijn nog niet berekend{% endif %}.</p></div></div>{% endif %}
{% for tabel in blok.tabellen %}{{ tabel.html }}{% endfor %}
<p><a class="utrecht-link" href="{% url 'dashboards:kpi_detail' blok.kpi.code %}{% if qs %}?{{ qs }}{% endif %}">{{ blok.kpi.titel }}: definitie en ontwikkeling in de tijd</a></p>
</section>
{% endfor %}{% endwith %}"""
)


def _met_grafiek(t: Tabel, toelichting: str = "") -> Tabel:
    t.grafiek = tabellen.grafiek(t, [1, 2], lijn=3) if t.rijen else {"type": "bar", "labels": []}
    t.toelichting = toelichting
    return t


@pytest.mark.parametrize(
    ("tabel", "filters"),
    [
        (voorbeeld(), selectors.Filters()),
        (_met_grafiek(voorbeeld(), 'Toelichting <met> & "tekens"\''), selectors.Filters(gemeente=3, cohort=0)),
        (_met_grafiek(voorbeeld(rijen=False)), selectors.Filters(doelgroep="gezinsmigrant")),  # no chart without rows
        (Tabel(id="kpi-<x>&", titel="Titel <B> & 'C'", kolommen=[Kolom("a")]), None),  # no export links set
    ],
)
def test_tabel_html_is_de_markup_van_het_sjabloon(tabel, filters):
    if filters is not None:
        tabellen.exports_zetten([tabel], filters)
    assert tabel.html() == TABEL_SJABLOON.render({"tabel": tabel})


def _blokken(**wijzig) -> list[tabellen.KpiBlok]:
    from dashboards import rules

    blokken = []
    varianten = [
        {"waarde": Decimal("92.5"), "teller": 1234, "noemer": 1334, "lopend": 1, "venster": "3 maanden"},
        {"waarde": Decimal("10"), "teller": 1, "noemer": 10, "lopend": 7, "venster": "3 / 6 maanden"},
        {"waarde": None, "teller": 0, "noemer": 0, "lopend": 0, "venster": ""},
        {"waarde": None, "teller": None, "noemer": None, "lopend": None, "venster": ""},
    ]
    doelen = [
        selectors.Doel(Decimal("90")),
        selectors.Doel(None, [("Gemeente <A>", Decimal("80")), ("B & C", Decimal("85.5"))]),
        selectors.Doel(None),
    ]
    for i, k in enumerate((*rules.VENSTER_KPIS, *rules.KPIS)):
        v = varianten[i % len(varianten)] | wijzig
        tabel = voorbeeld() if i % 3 else voorbeeld(rijen=False)
        tabellen.exports_zetten([tabel], selectors.Filters())
        blokken.append(
            tabellen.KpiBlok(
                k,
                doelen[i % len(doelen)],
                v["waarde"],
                v["teller"],
                v["noemer"],
                v["lopend"],
                [tabel] if i % 2 else [tabel, voorbeeld(voet=False)],
                venster=v["venster"],
            )
        )
    return blokken


def test_kpi_definitie_is_de_markup_van_het_sjabloon():
    blokken = _blokken() + _blokken(waarde=Decimal("95"), noemer=5, lopend=2)
    assert {b.gehaald for b in blokken} == {True, False, None}
    for b in blokken:
        assert b.definitie() == DEFINITIE_SJABLOON.render({"blok": b})


@pytest.mark.parametrize("berekend", [True, False])
@pytest.mark.parametrize(
    "filters", [selectors.Filters(), selectors.Filters(gemeente=1, team=2, cohort=0, doelgroep="gezinsmigrant")]
)
def test_kpi_secties_zijn_de_markup_van_het_sjabloon(filters, berekend):
    blokken = _blokken()
    assert {b.heeft_gegevens for b in blokken} == {True, False}
    verwacht = SECTIES_SJABLOON.render({"blokken": blokken, "filters": filters, "verversing": berekend or None})
    assert tabellen.kpi_secties(blokken, filters, berekend) == verwacht
