"""A consultant's daily path through the register, in a real browser, checked with axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cases import services
from tests.factories import (
    WACHTWOORD,
    CasusFactory,
    ConsultantFactory,
    GemeenteFactory,
    InburgeraarFactory,
    TeamFactory,
    make_bsn,
)

from .axe import assert_no_axe_violations, login

pytestmark = [
    pytest.mark.browser,
    # The live server reads what the test writes, so the data is committed (see conftest.rollen).
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def consultant_met_caseload(rollen):
    gemeente = GemeenteFactory(naam="Browserstad")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Browser", gemeenten=[gemeente])
    consultant = ConsultantFactory(username="c.devries", first_name="Carla", last_name="de Vries", teams=[team])
    TOTPDevice.objects.create(user=consultant, name="authenticator", confirmed=True)
    casus = services.inburgeraar_aanmaken(
        bsn=make_bsn(7_654_321),
        persoon={"voornamen": "Amina", "achternaam": "Haddad", "geboortedatum": dt.date(1991, 4, 12)},
        casus={"gemeente": gemeente, "team": team, "consultant": consultant, "doelgroep": "asielstatushouder"},
        door=consultant,
    )
    for voornaam, achternaam in (("Yusuf", "Demir"), ("Mariam", "Tesfay")):
        CasusFactory(
            inburgeraar=InburgeraarFactory(voornamen=voornaam, achternaam=achternaam),
            gemeente=gemeente,
            team=team,
            consultant=consultant,
        )
    return consultant, casus


def test_consultant_vindt_en_opent_een_casus_zonder_toegankelijkheidsproblemen(
    page, live_server, consultant_met_caseload
):
    consultant, casus = consultant_met_caseload

    page.goto(live_server.url + reverse("login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_no_axe_violations(page)

    login(page, live_server, consultant.username, WACHTWOORD)

    # lands on the caseload, with name, role and the current page marked in the navigation
    expect(page).to_have_url(re.compile(re.escape(reverse("cases:caseload"))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn caseload")
    expect(page.get_by_role("banner")).to_contain_text("Carla de Vries")
    expect(page.get_by_role("banner")).to_contain_text("Consultant")
    hoofdnavigatie = page.get_by_role("navigation", name="Hoofdnavigatie")
    expect(hoofdnavigatie.get_by_role("link", name="Mijn caseload")).to_have_attribute("aria-current", "page")
    expect(hoofdnavigatie.get_by_role("link", name="Team")).to_have_count(0)
    expect(page.get_by_role("table")).to_contain_text("Demir")
    assert_no_axe_violations(page)

    page.get_by_label("Zoeken", exact=True).fill("Haddad")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    tabel = page.get_by_role("table")
    expect(tabel.get_by_role("link", name="Amina Haddad")).to_be_visible()
    expect(tabel).not_to_contain_text("Demir")
    expect(tabel).not_to_contain_text("Tesfay")
    assert_no_axe_violations(page)

    tabel.get_by_role("link", name="Amina Haddad").click()
    expect(page).to_have_url(live_server.url + casus.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Haddad")
    assert_no_axe_violations(page)


def test_mislukte_inlog_toont_een_foutsamenvatting_met_focus(page, live_server, consultant_met_caseload):
    consultant, _ = consultant_met_caseload
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill(consultant.username)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()

    samenvatting = page.get_by_role("alert")
    expect(samenvatting.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    expect(samenvatting).to_be_focused()
    link = samenvatting.get_by_role("link", name=re.compile("Wachtwoord"))
    expect(link).to_have_attribute("href", "#id_password")
    wachtwoord = page.get_by_label("Wachtwoord")
    expect(wachtwoord).to_have_attribute("aria-invalid", "true")
    expect(wachtwoord).to_have_attribute("aria-describedby", "id_password_error")
    assert_no_axe_violations(page)

    link.click()
    expect(wachtwoord).to_be_focused()


def test_formulier_met_fouten_toont_foutsamenvatting_en_404_is_toegankelijk(page, live_server, consultant_met_caseload):
    consultant, _ = consultant_met_caseload
    login(page, live_server, consultant.username, WACHTWOORD)

    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Nieuwe inburgeraar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe inburgeraar")
    assert_no_axe_violations(page)

    with page.expect_navigation():
        page.get_by_role("main").locator("button[type=submit]").last.click()
    samenvatting = page.locator("[data-error-summary]")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_have_attribute("role", "alert")
    links = samenvatting.get_by_role("link")
    expect(links.first).to_be_visible()
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        veld = page.locator(href)
        expect(veld).to_have_count(1)
        expect(veld).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/bestaat-niet/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    assert_no_axe_violations(page)
