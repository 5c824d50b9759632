"""A team lead checks the SPUK in a real browser: the report, the forecast (Dalfsen, DOMAIN.md §8),
changing the forecast, a manual entry and the tariffs; the charts draw under the CSP; axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from spuk import services
from tests.factories import (
    WACHTWOORD,
    CasusFactory,
    GemeenteFactory,
    InburgeraarFactory,
    TeamFactory,
    TeamleiderFactory,
)

from .axe import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NBSP = "\u00a0"


@pytest.fixture
def teamleider(rollen):
    gemeente = GemeenteFactory(naam="Dalfsen")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Dalfsen", gemeenten=[gemeente])
    user = TeamleiderFactory(username="t.jansen", first_name="Tessa", last_name="Jansen", teams=[team])
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    services.prognose_opslaan(
        gemeente=gemeente, jaren={2022: (25, 3), 2023: (22, 3), 2024: (22, 3), 2025: (22, 3)}, door=user
    )
    for i, (doelgroep, huisvesting) in enumerate(
        [
            ("asielstatushouder", dt.date(2022, 3, 1)),
            ("asielstatushouder", dt.date(2023, 5, 1)),
            ("gezinsmigrant", None),
        ]
    ):
        CasusFactory(
            inburgeraar=InburgeraarFactory(),
            gemeente=gemeente,
            team=team,
            consultant=None,
            doelgroep=doelgroep,
            datum_kennisgeving=dt.date(2022, 2, 1 + i),
            datum_huisvesting=huisvesting,
            overgangen=False,
        )
    return user


def _grafiek_getekend(page, grafiek_id):
    """Chart.js drew on the canvas (it has a size and a Chart instance)."""
    canvas = page.locator(f"canvas[data-chart='{grafiek_id}']")
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("data-chart-initialised", "true")
    assert page.evaluate(
        f"() => Boolean(window.Chart && window.Chart.getChart(document.querySelector(\"canvas[data-chart='{grafiek_id}']\")))"
    )


def test_teamleider_opent_rapport_en_prognose_zonder_toegankelijkheidsproblemen(page, live_server, teamleider):
    login(page, live_server, teamleider.username, WACHTWOORD)

    # the report, from the main navigation
    hoofdnavigatie = page.get_by_role("navigation", name="Hoofdnavigatie")
    hoofdnavigatie.get_by_role("link", name="SPUK").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("spuk:rapport"))))
    expect(page.get_by_role("heading", level=1)).to_contain_text("SPUK: uitkering en besteding")
    expect(hoofdnavigatie.get_by_role("link", name="SPUK")).to_have_attribute("aria-current", "page")
    tabel = page.get_by_role("table", name="Voorlopige en definitieve uitkering per jaar")
    rij_2022 = tabel.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2022"))
    # provisional 134,960 + 1,767; definitive: 1 asielstatushouder housed in 2022 (7,712) + 1 migrant (589)
    expect(rij_2022).to_contain_text(f"€{NBSP}136.727,00")
    expect(rij_2022).to_contain_text(f"€{NBSP}8.301,00")
    _grafiek_getekend(page, "grafiek-uitkering")
    _grafiek_getekend(page, "grafiek-besteding")
    assert_no_axe_violations(page)

    # the forecast: the worked example of DOMAIN.md §8
    page.get_by_role("navigation", name="SPUK-onderdelen").get_by_role("link", name="Prognose").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SPUK-prognose")
    prognose = page.get_by_role("table", name="Prognose per jaar")
    expect(prognose.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2022"))).to_contain_text("17,5")
    expect(prognose.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2023"))).to_contain_text("15,4")
    uitkering = page.get_by_role("table", name="Voorlopige uitkering per jaar, per cohort (huisvestingsjaar)")
    for jaar, bedrag in (("2022", "134.960,00"), ("2023", "70.000,00"), ("2024", "17.500,00")):
        rij = uitkering.get_by_role("row").filter(has=page.get_by_role("rowheader", name=jaar, exact=True))
        expect(rij.get_by_role("cell").first).to_have_text(f"€{NBSP}{bedrag}")  # the cohort 2022 column
        expect(rij).to_contain_text(f"€{NBSP}1.767,00")
    _grafiek_getekend(page, "grafiek-prognose")
    assert_no_axe_violations(page)

    # change the forecast: a taakstelling for 2026
    page.get_by_role("link", name="Prognose Dalfsen wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prognose Dalfsen wijzigen")
    assert_no_axe_violations(page)
    page.get_by_label("Huisvestingstaakstelling 2026").fill("20")
    page.get_by_label("Verwachte gezins- en overige migranten 2026").fill("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Prognose opslaan").click()
    expect(page.get_by_role("status").filter(has_text="De prognose van Dalfsen is opgeslagen.")).to_be_visible()
    rij = (
        page.get_by_role("table", name="Prognose per jaar")
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="2026"))
    )
    expect(rij).to_contain_text("14")  # 20 × 70%

    # a manual entry, then the report warns about the overspend of 2024
    page.get_by_role("navigation", name="SPUK-onderdelen").get_by_role("link", name="Handmatige uitgaven").click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Uitgave toevoegen").click()
    page.get_by_label("Voorziening").select_option(label="Tolken")
    page.get_by_label("Begrotingsjaar").fill("2024")
    page.get_by_label("Bedrag (euro)").fill("25.000,00")
    page.get_by_label("Omschrijving").fill("Factuur tolkencentrale 2024")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Uitgave vastleggen").click()
    expect(page.get_by_role("table")).to_contain_text("Factuur tolkencentrale 2024")
    page.get_by_role("navigation", name="SPUK-onderdelen").get_by_role("link", name="Uitkering en besteding").click()
    expect(page.get_by_text("In 2024 is meer uitgegeven dan de uitkering van dat jaar.")).to_be_visible()
    assert_no_axe_violations(page)

    # the tariffs by year
    page.get_by_role("navigation", name="SPUK-onderdelen").get_by_role("link", name="Tarieven").click()
    expect(page.get_by_role("table", name="Landelijke tarieven op 1 januari van elk jaar")).to_contain_text(
        f"€{NBSP}7.712,00"
    )
    assert_no_axe_violations(page)
