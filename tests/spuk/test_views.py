"""The SPUK screens: who sees which gemeente, the forecast form, manual entries, the XLSX export."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inburgering.models import Toegangslog
from spuk import services
from spuk.models import Prognose, Uitgave

from . import data
from .data import casus, d

D = Decimal
NBSP = "\u00a0"

pytestmark = pytest.mark.django_db


def dalfsen(gemeente, door):
    services.prognose_opslaan(
        gemeente=gemeente, jaren={2022: (25, 3), 2023: (22, 3), 2024: (22, 3), 2025: (22, 3)}, door=door
    )


def test_team_lead_sees_only_the_gemeenten_of_own_teams(world, client):
    client.force_login(world.users["tl"])
    r = client.get(reverse("spuk:rapport"))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Gemeente A" in html and "Gemeente B" not in html
    assert client.get(reverse("spuk:rapport"), {"gemeente": world.gemeente_b.pk}).status_code == 404
    assert client.get(reverse("spuk:prognose_bewerken", args=[world.gemeente_b.pk])).status_code == 404
    r = client.post(
        reverse("spuk:uitgave_nieuw"),
        {"gemeente": world.gemeente_b.pk, "voorziening": "tolk", "jaar": 2024, "bedrag": "10", "omschrijving": "x"},
    )
    assert r.status_code == 200 and not Uitgave.objects.exists()  # B is not a choice


def test_beheerder_sees_each_gemeente_and_the_sum(world, client):
    dalfsen(world.gemeente_a, world.users["fb"])
    services.prognose_opslaan(gemeente=world.gemeente_b, jaren={2022: (10, 1)}, door=world.users["fb"])
    client.force_login(world.users["fb"])
    r = client.get(reverse("spuk:rapport"), {"jaar": 2022})
    html = r.content.decode()
    assert "Uitkering en besteding per gemeente in 2022" in html
    # A: 134,960 + 1,767; B: 7 × 7,712 + 589 = 54,573; total 191,300
    assert f"€{NBSP}136.727,00" in html and f"€{NBSP}54.573,00" in html and f"€{NBSP}191.300,00" in html
    r = client.get(reverse("spuk:rapport"), {"gemeente": world.gemeente_b.pk})
    assert r.status_code == 200 and "SPUK: uitkering en besteding: Gemeente B" in r.content.decode()


def test_dalfsen_forecast_entered_on_screen_and_shown_in_dutch(world, client):
    client.force_login(world.users["tl"])
    url = reverse("spuk:prognose_bewerken", args=[world.gemeente_a.pk])
    form = {}
    for jaar, taak in {2022: 25, 2023: 22, 2024: 22, 2025: 22}.items():
        form[f"taakstelling_{jaar}"] = taak
        form[f"migranten_{jaar}"] = 3
    r = client.post(url, form)
    assert r.status_code == 302
    assert list(Prognose.objects.values_list("jaar", "huisvestingstaakstelling", "gezinsmigranten")) == [
        (2022, 25, 3),
        (2023, 22, 3),
        (2024, 22, 3),
        (2025, 22, 3),
    ]
    html = client.get(reverse("spuk:prognose"), {"gemeente": world.gemeente_a.pk}).content.decode()
    for tekst in (
        "17,5",
        "15,4",
        "70%",
        f"€{NBSP}134.960,00",
        f"€{NBSP}70.000,00",
        f"€{NBSP}17.500,00",
        f"€{NBSP}1.767,00",
    ):
        assert tekst in html, tekst
    assert 'data-chart="grafiek-prognose"' in html and 'id="grafiek-prognose"' in html  # chart + json_script data
    assert '<caption class="utrecht-table__caption" id="caption-prognose-uitkering">' in html
    assert (
        '<th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric">Cohort 2022</th>'
        in html
    )


def test_forecast_form_errors_are_summarised_and_nothing_is_saved(world, client):
    client.force_login(world.users["tl"])
    url = reverse("spuk:prognose_bewerken", args=[world.gemeente_a.pk])
    r = client.post(url, {"migranten_2024": 3, "taakstelling_2025": -1})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Er is een probleem" in html
    assert 'href="#id_taakstelling_2024"' in html and "Vul de taakstelling van 2024 in" in html
    assert 'href="#id_taakstelling_2025"' in html
    assert not Prognose.objects.exists()


def test_manual_entry_added_counted_and_removed(world, client):
    client.force_login(world.users["tl"])
    r = client.post(
        reverse("spuk:uitgave_nieuw"),
        {
            "gemeente": world.gemeente_a.pk,
            "voorziening": "tolk",
            "jaar": 2024,
            "cohort": 2023,
            "bedrag": "1.250,50",
            "omschrijving": "Factuur T-9",
        },
    )
    assert r.status_code == 302
    u = Uitgave.objects.get()
    assert (u.bedrag, u.cohort, u.vastgelegd_door) == (D("1250.50"), 2023, world.users["tl"])
    html = client.get(reverse("spuk:rapport"), {"gemeente": world.gemeente_a.pk}).content.decode()
    assert f"€{NBSP}1.250,50" in html and "Budget overschreden" in html  # spend without any grant
    html = client.get(reverse("spuk:uitgaven")).content.decode()
    assert "Factuur T-9" in html
    r = client.post(reverse("spuk:uitgave_verwijderen", args=[u.pk]))
    assert r.status_code == 302 and not Uitgave.objects.exists()


def test_manual_entry_refuses_a_bad_amount(world, client):
    client.force_login(world.users["tl"])
    r = client.post(
        reverse("spuk:uitgave_nieuw"),
        {"gemeente": world.gemeente_a.pk, "voorziening": "tolk", "jaar": 2024, "bedrag": "12,345", "omschrijving": "x"},
    )
    assert r.status_code == 200 and "Er is een probleem" in r.content.decode()
    assert not Uitgave.objects.exists()


def test_team_lead_cannot_remove_an_entry_of_another_gemeente(world, client):
    u = data.uitgave(world.gemeente_b, world.users["fb"], voorziening="overig", jaar=2024, bedrag="5")
    client.force_login(world.users["tl"])
    assert client.post(reverse("spuk:uitgave_verwijderen", args=[u.pk])).status_code == 404
    assert Uitgave.objects.filter(pk=u.pk).exists()


def test_report_shows_overspend_and_missing_prices(world, client):
    data.besteding_dataset(world)
    x = casus(world.gemeente_a, world.team1, world.users["c1"], huisvesting=d(2024, 3, 1), kennisgeving=d(2024, 2, 1))
    data.begeleiding(x, d(2022, 3, 10))  # before gemeente A's own kostprijs (2023): national 0 = not set
    client.force_login(world.users["tl"])
    html = client.get(reverse("spuk:rapport"), {"gemeente": world.gemeente_a.pk}).content.decode()
    assert "Budget overschreden" in html
    assert "In 2023 is meer uitgegeven dan de uitkering van dat jaar." in html
    assert "Voor cohort 2023 (gehuisvest in 2023)" in html
    assert "1 keer maatschappelijke begeleiding staat in de registratie zonder kostprijs" in html
    assert f"€{NBSP}11.866,00" in html  # spend 2023 (hand-computed in test_selectors)


def _rapport_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_report_query_count_does_not_grow_with_the_register(world, client, django_assert_max_num_queries):
    """Counts and costs are grouped in SQL: ten times the cases, the same number of queries."""
    client.force_login(world.users["fb"])
    url = reverse("spuk:rapport")
    data.besteding_dataset(world)
    dalfsen(world.gemeente_a, world.users["fb"])
    client.get(url)  # warm up (session, content types)
    weinig = _rapport_queries(client, url)
    for i in range(10):
        x = casus(
            world.gemeente_a,
            world.team1,
            world.users["c1"],
            huisvesting=d(2023 + i % 3, 3, 1 + i),
            kennisgeving=d(2023, 1, 1),
        )
        data.map_traject(x, d(2024, 2, 1 + i))
        data.pvt_traject(x, sessies=[d(2024, 3, 1 + i)])
        data.begeleiding(x, d(2024, 3, 1 + i))
        data.intakegesprek_met_tolk(x, d(2024, 1, 1 + i))
        data.uitgave(world.gemeente_b, world.users["fb"], voorziening="overig", jaar=2024, bedrag="1")
    assert _rapport_queries(client, url) == weinig
    with django_assert_max_num_queries(25):
        client.get(url)
    with django_assert_max_num_queries(25):
        client.get(reverse("spuk:prognose"))


def test_xlsx_export_for_the_annual_accounts(world, client):
    from openpyxl import load_workbook

    dalfsen(world.gemeente_a, world.users["tl"])
    data.besteding_dataset(world)
    client.force_login(world.users["tl"])
    r = client.get(reverse("spuk:export"), {"gemeente": world.gemeente_a.pk})
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r["Content-Disposition"].startswith('attachment; filename="spuk-gemeente-a-')
    wb = load_workbook(BytesIO(r.content))
    assert wb.sheetnames == [
        "Per gemeente",
        "Uitkering",
        "Prognose",
        "Besteding per jaar",
        "Besteding per cohort",
        "Handmatige uitgaven",
    ]

    ws = wb["Uitkering"]
    rijen = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    cel = rijen[2022][2]  # voorlopige uitkering 2022 = 134,960 + 1,767
    assert cel.data_type == "n" and cel.value == 136727
    assert cel.number_format == "[$€-413] #,##0.00;[$€-413] -#,##0.00"  # Dutch currency format, a number

    ws = wb["Besteding per jaar"]
    kop = [c.value for c in ws[1]]
    rijen = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    besteding = rijen[2023][kop.index("Besteding totaal")]
    assert besteding.value == 11866 and besteding.data_type == "n"
    assert rijen[2023][kop.index("Overschreden")].value == "Ja"

    ws = wb["Prognose"]
    assert [c.value for c in ws[2]][:6] == ["Gemeente A", 2022, 25, 0.7, 17.5, 3]
    assert ws.cell(row=2, column=5).number_format == "#,##0.0"

    log = Toegangslog.objects.get(url_naam="spuk:export")
    assert (log.actie, log.gebruiker) == ("exporteren", world.users["tl"])


def test_tariff_page_by_year_and_the_tranche_check(world, client):
    data.regel("spuk_asiel_totaal", "13000", d(2025, 1, 1))
    client.force_login(world.users["fb"])
    html = client.get(reverse("spuk:tarieven")).content.decode()
    assert f"€{NBSP}12.712,00" in html and f"€{NBSP}13.000,00" in html
    assert "niet gelijk aan de som van de drie tranches in: 2025" in html
    assert reverse("admin:inburgering_regelinstelling_changelist") in html  # the beheerder edits them there
    client.force_login(world.users["tl"])
    html = client.get(reverse("spuk:tarieven")).content.decode()
    assert reverse("admin:inburgering_regelinstelling_changelist") not in html


def test_nav_link_for_team_lead_and_beheerder_only(world, client):
    client.force_login(world.users["tl"])
    assert reverse("spuk:rapport") in client.get(reverse("cases:caseload")).content.decode()
    client.force_login(world.users["c1"])
    assert reverse("spuk:rapport") not in client.get(reverse("cases:caseload")).content.decode()
