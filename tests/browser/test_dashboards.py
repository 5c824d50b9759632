"""A team lead's dashboards in a real browser: the team dashboard, a list behind a number, the KPI page with
its charts (drawn under the CSP) and a monitoring export with its download; axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import WACHTWOORD, CasusFactory, ConsultantFactory, GemeenteFactory, TeamFactory, TeamleiderFactory

from .axe import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def teamleider(rollen, settings):
    from dashboards.services import kenmerken_verversen
    from pip.models import PipVersie
    from pip.rules import inburgeringstermijn

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the export task runs in the live server on commit
    vandaag = timezone.localdate()
    gemeente = GemeenteFactory(naam="Overbetuwe")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Inburgering Overbetuwe", gemeenten=[gemeente])
    lead = TeamleiderFactory(username="m.jansen", first_name="Marieke", last_name="Jansen", teams=[team])
    TOTPDevice.objects.create(user=lead, name="authenticator", confirmed=True)
    sanne = ConsultantFactory(first_name="Sanne", last_name="de Boer", teams=[team])
    ahmed = ConsultantFactory(first_name="Ahmed", last_name="Yilmaz", teams=[team])
    for i, (consultant, status) in enumerate(
        [
            (sanne, "intake"),
            (sanne, "uitvoering"),
            (sanne, "uitvoering"),
            (ahmed, "pip_in_voorbereiding"),
            (ahmed, "uitvoering"),
            (ahmed, "afronding"),
        ]
    ):
        huisvesting = vandaag - dt.timedelta(days=500 + 40 * i)
        casus = CasusFactory(
            gemeente=gemeente,
            team=team,
            consultant=consultant,
            **{status: True},
            datum_huisvesting=huisvesting,
            datum_brp_inschrijving=huisvesting + dt.timedelta(days=3),
        )
        if status in ("uitvoering", "afronding"):
            dagtekening = huisvesting + dt.timedelta(days=50 + 20 * i)
            start, eind = inburgeringstermijn(dagtekening)
            PipVersie.objects.create(
                casus=casus,
                versie=1,
                status="vastgesteld",
                leerroute=("b1", "onderwijs", "z")[i % 3],
                niveau="B1" if i % 3 != 2 else "",
                dagtekening=dagtekening,
                termijn_start=start,
                termijn_eind=eind,
                aangemaakt_door=consultant,
            )
    kenmerken_verversen()
    return lead


def _grafiek_getekend(page, tabel_id):
    """Chart.js drew on the canvas (it has a Chart instance)."""
    selector = f"canvas[data-dashboard-chart='grafiek-{tabel_id}']"
    canvas = page.locator(selector)
    expect(canvas).to_be_visible()
    expect(canvas).to_have_attribute("data-chart-initialised", "true")
    assert page.evaluate(f'() => Boolean(window.Chart && window.Chart.getChart(document.querySelector("{selector}")))')


def test_teamleider_opent_dashboard_en_kpis_zonder_toegankelijkheidsproblemen(page, live_server, teamleider):
    login(page, live_server, teamleider.username, WACHTWOORD)
    hoofdnavigatie = page.get_by_role("navigation", name="Hoofdnavigatie")

    # the team dashboard: per consultant per phase, with a chart beside the table
    hoofdnavigatie.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("dashboards:team"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamdashboard")
    expect(hoofdnavigatie.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    tabel = page.get_by_role("table", name="Caseload per consultant, per fase, met termijnen en PIP's op tijd")
    sanne = tabel.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Sanne de Boer"))
    expect(sanne.get_by_role("cell").nth(3)).to_have_text("2")  # uitvoering
    expect(tabel.get_by_role("columnheader", name="Warme overdracht")).to_be_visible()
    _grafiek_getekend(page, "team-caseload")
    assert_no_axe_violations(page)

    # filter on a consultant, then open the list behind a number
    page.get_by_label("Consultant", exact=True).select_option(label="Ahmed Yilmaz")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    tabel = page.get_by_role("table", name="Caseload per consultant, per fase, met termijnen en PIP's op tijd")
    expect(tabel.get_by_role("rowheader", name="Sanne de Boer")).to_have_count(0)
    ahmed = tabel.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Ahmed Yilmaz"))
    with page.expect_navigation():
        # warme overdracht and intake are 0; the first 1 is PIP in voorbereiding
        ahmed.get_by_role("link", name="1", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Casussen")
    expect(page.get_by_role("status")).to_have_text("1 casus.")
    assert_no_axe_violations(page)

    # the KPI page: definitions, targets, charts and tables
    hoofdnavigatie.get_by_role("link", name="KPI's").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("KPI's")
    expect(page.get_by_role("heading", level=2, name="PIP binnen de wettelijke termijn")).to_be_visible()
    expect(page.get_by_role("table", name="De KPI's in één oogopslag (alle cohorten samen)")).to_contain_text(
        "Gestart binnen 3 maanden na huisvesting"
    )
    expect(page.get_by_role("table", name="Routemix tegenover de rijksprognose (alle cohorten)")).to_contain_text(
        "60,0%"
    )
    _grafiek_getekend(page, "kpi-routemix-prognose")
    _grafiek_getekend(page, "kpi-pip-wettelijk")
    assert_no_axe_violations(page)

    # one KPI over time
    page.get_by_role("link", name="PIP binnen de wettelijke termijn: definitie en ontwikkeling in de tijd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("PIP binnen de wettelijke termijn")
    expect(page.get_by_role("table", name=re.compile("per kwartaal"))).to_be_visible()
    assert_no_axe_violations(page)

    # a monitoring export: made on the background, then downloaded
    page.goto(live_server.url + reverse("dashboards:exports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Monitoringsdataset maken").click()
    expect(page.get_by_role("status")).to_contain_text("Klaar")
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download monitoring-inburgering-")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
