"""Handhaving in a real browser: from a signal to an imposed fine for an asielstatushouder (warning,
voornemen, zienswijze, legal review), the guards refusing in Dutch, the boetebeschikking PDF, and the
team lead's overview; axe on every page."""

from __future__ import annotations

import io
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.factories import (
    WACHTWOORD,
    CasusFactory,
    ConsultantFactory,
    GemeenteFactory,
    InburgeraarFactory,
    TeamFactory,
    TeamleiderFactory,
)
from tests.handhaving.scenario import met_pip

from .axe import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def wereld(rollen, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the boetebeschikking task runs in the live server on commit
    gemeente = GemeenteFactory(naam="Overbetuwe", postadres="Postbus 11", postcode_plaats="6660 AA Elst")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Inburgering", gemeenten=[gemeente])
    consultant = ConsultantFactory(username="s.deboer", first_name="Sanne", last_name="de Boer", teams=[team])
    teamleider = TeamleiderFactory(username="t.bakker", first_name="Tom", last_name="Bakker", teams=[team])
    for user in (consultant, teamleider):
        TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    casus = CasusFactory(
        inburgeraar=InburgeraarFactory(voornamen="Amina", achternaam="Haddad"),
        gemeente=gemeente,
        team=team,
        consultant=consultant,
        uitvoering=True,
    )
    return consultant, teamleider, met_pip(casus)


def _verstuur(page, naam):
    with page.expect_navigation():
        page.get_by_role("button", name=naam, exact=True).click()


def _stap(page, naam):
    page.get_by_role("list", name="Volgende stappen").get_by_role("link", name=naam, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(naam)


def _bericht(page, tekst):
    expect(page.get_by_role("status").filter(has_text=tekst)).to_be_visible()


def test_van_signaal_tot_opgelegde_boete(page, live_server, wereld):
    consultant, teamleider, casus = wereld
    login(page, live_server, consultant.username, WACHTWOORD)

    # 1. the case page: the handhaving section
    page.goto(live_server.url + casus.get_absolute_url())
    sectie = page.get_by_role("region", name="Handhaving en bezwaar")
    expect(sectie).to_contain_text("Er zijn geen handhavingssignalen.")
    assert_no_axe_violations(page)
    sectie.get_by_role("link", name="Signaal registreren").click()

    # 2. the signal
    expect(page.get_by_role("heading", level=1)).to_have_text("Signaal registreren")
    assert_no_axe_violations(page)
    page.get_by_label("Afspraken uit het PIP niet nagekomen").check()
    page.get_by_label("Wat is er gebeurd?").fill("Drie weken niet naar de taalschool geweest, zonder bericht.")
    _verstuur(page, "Signaal registreren")
    _bericht(page, "Het signaal is geregistreerd.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Handhaving PIP-afspraken – Amina Haddad")
    expect(page.get_by_role("main")).to_contain_text("Wacht op: Consultant – Verwijtbaarheid beoordelen")
    assert_no_axe_violations(page)
    procedure_url = page.url

    # 3. culpability: a motivation is required
    _stap(page, "Verwijtbaarheid beoordelen")
    page.get_by_label("Normale verwijtbaarheid", exact=True).check()
    _verstuur(page, "Verwijtbaarheid vastleggen")
    expect(page.get_by_role("alert")).to_contain_text("Er is een probleem")
    assert_no_axe_violations(page)
    page.get_by_label("Motivering").fill("Geen bericht van ziekte of zorg; wist van de afspraken (tolk bij het PIP).")
    _verstuur(page, "Verwijtbaarheid vastleggen")
    _bericht(page, "De verwijtbaarheid is vastgelegd.")

    # 4. the voornemen is refused without the written warning the policy requires
    _stap(page, "Voornemen tot boete vastleggen")
    expect(page.get_by_role("main")).to_contain_text("Het beleid vraagt een schriftelijke waarschuwing")
    expect(page.get_by_role("main")).to_contain_text("€ 25,00")
    assert_no_axe_violations(page)
    _verstuur(page, "Voornemen vastleggen")
    expect(page.get_by_role("alert")).to_contain_text("Leg eerst de waarschuwing vast.")
    assert_no_axe_violations(page)
    page.goto(procedure_url)

    # 5. the warning, then the voornemen with the amount from the ladder
    _stap(page, "Schriftelijke waarschuwing vastleggen")
    assert_no_axe_violations(page)
    page.get_by_label("Inhoud van de waarschuwing").fill("Ga weer naar de lessen; anders volgt een boete.")
    _verstuur(page, "Waarschuwing vastleggen")
    _bericht(page, "De schriftelijke waarschuwing is vastgelegd.")
    _stap(page, "Voornemen tot boete vastleggen")
    expect(page.get_by_role("main")).to_contain_text(
        "1e boete voor het niet nakomen van het PIP in deze casus: trede 1 van de boeteladder, € 50,00."
    )
    _verstuur(page, "Voornemen vastleggen")
    _bericht(page, "Het voornemen is vastgelegd.")
    expect(page.get_by_role("main")).to_contain_text("Wacht op: Inburgeraar – Zienswijze indienen")

    # 6. the zienswijze
    _stap(page, "Zienswijze of horen vastleggen")
    assert_no_axe_violations(page)
    page.get_by_label("Schriftelijke zienswijze ontvangen").check()
    page.get_by_label("Samenvatting en wat u ermee doet").fill("Geen oppas gevonden; geen reden om af te zien.")
    _verstuur(page, "Zienswijze vastleggen")
    _bericht(page, "De zienswijze is vastgelegd.")
    expect(page.get_by_role("main")).to_contain_text("Wacht op: Jurist – Juridische toets (asielstatushouder)")
    assert_no_axe_violations(page)

    # 7. imposing is refused before the legal review of an asielstatushouder's fine
    _stap(page, "Boetebeschikking opleggen")
    _verstuur(page, "Boete opleggen")
    expect(page.get_by_role("alert")).to_contain_text("eerst juridisch getoetst")
    page.goto(procedure_url)
    _stap(page, "Juridische toets vastleggen")
    assert_no_axe_violations(page)
    page.get_by_label("Jurist").fill("mr. J. de Wit")
    page.get_by_label("Akkoord: de boete mag worden opgelegd").check()
    page.get_by_label("Motivering").fill("Herhaald en zonder reden weggebleven; boete van € 25 is evenredig.")
    _verstuur(page, "Juridische toets vastleggen")
    _bericht(page, "De juridische toets is vastgelegd.")

    # 8. the boetebeschikking
    _stap(page, "Boetebeschikking opleggen")
    assert_no_axe_violations(page)
    _verstuur(page, "Boete opleggen")
    _bericht(page, "De boete is opgelegd.")
    expect(page.get_by_role("main")).to_contain_text("Boete opgelegd")
    expect(page.get_by_role("main")).to_contain_text("Wacht op: Inburgeraar – Boete betalen")
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Boetebeschikking downloaden (PDF)").click()
    pdf = open(download_info.value.path(), "rb").read()
    tekst = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Amina Haddad" in tekst and "€ 25,00" in tekst and "normale verwijtbaarheid" in tekst
    assert re.search(r"binnen 6 weken na de dag waarop deze brief is verzonden bezwaar maken", tekst)

    # 9. the case page: the fine and its steps on the timeline
    page.goto(live_server.url + casus.get_absolute_url())
    sectie = page.get_by_role("region", name="Handhaving en bezwaar")
    expect(sectie).to_contain_text("Boete opgelegd")
    expect(sectie).to_contain_text("€ 25,00")
    tijdlijn = page.get_by_role("region", name="Tijdlijn")
    expect(tijdlijn).to_contain_text("juridische toets akkoord (mr. J. de Wit)")
    expect(tijdlijn).to_contain_text("boetebeschikking van € 25,00 opgelegd")
    assert_no_axe_violations(page)

    # 10. the team lead's overview: the fine waits for the person to pay
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()
    login(page, live_server, teamleider.username, WACHTWOORD)
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name="Handhaving").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Handhaving")
    rij = page.get_by_role("row").filter(has_text="Amina Haddad")
    expect(rij).to_contain_text("Inburgeraar: Boete betalen")
    expect(rij).to_contain_text("€ 25,00")
    assert_no_axe_violations(page)
