"""A consultant's first ten weeks in a real browser: a new case, warme overdracht, introductieweek,
brede intake, leerbaarheidstoets, a vastgesteld PIP and its beschikking; axe on every page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from pip.rules import datum_nl
from tests.factories import WACHTWOORD, ConsultantFactory, GemeenteFactory, TeamFactory, make_bsn

from .axe import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultant(rollen, settings):
    from intake.models import IntroductieItem
    from intake.seed import seed_introductie_items

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the beschikking task runs in the live server on commit
    seed_introductie_items(IntroductieItem)  # a transactional test before this one flushed the migration's rows
    gemeente = GemeenteFactory(naam="Overbetuwe", postadres="Postbus 11", postcode_plaats="6660 AA Elst")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Inburgering", gemeenten=[gemeente])
    user = ConsultantFactory(username="s.deboer", first_name="Sanne", last_name="de Boer", teams=[team])
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def _opslaan(page, naam="Opslaan"):
    with page.expect_navigation():
        page.get_by_role("button", name=naam, exact=True).click()


def _bericht(page, tekst):
    expect(page.get_by_role("status").filter(has_text=tekst)).to_be_visible()


def test_consultant_van_nieuwe_casus_tot_vastgesteld_pip(page, live_server, consultant):
    vandaag = timezone.localdate()
    kennisgeving, brp = vandaag - dt.timedelta(days=40), vandaag - dt.timedelta(days=30)
    login(page, live_server, consultant.username, WACHTWOORD)

    # 1. a new case
    page.goto(live_server.url + reverse("cases:nieuw"))
    page.get_by_label("BSN").fill(make_bsn(4_242))
    page.get_by_label("Voornamen").fill("Amina")
    page.get_by_label("Achternaam").fill("Haddad")
    page.get_by_label("Geboortedatum").fill("1991-04-12")
    page.get_by_label("Straat en huisnummer").fill("Dorpsstraat 12")
    page.get_by_label("Postcode").fill("6661 AB")
    page.get_by_label("Woonplaats").fill("Elst")
    page.get_by_label(re.compile(r"^Gemeente")).select_option(label="Overbetuwe")
    page.get_by_label("Doelgroep").select_option("asielstatushouder")
    page.get_by_label("Datum DUO-kennisgeving").fill(kennisgeving.isoformat())
    page.get_by_label("Datum BRP-inschrijving").fill(brp.isoformat())
    assert_no_axe_violations(page)
    _opslaan(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Haddad")
    casus_url = page.url
    pip_sectie = page.get_by_role("region", name="Persoonlijk plan inburgering en participatie (PIP)")
    expect(pip_sectie).to_contain_text("Wettelijke termijn PIP (10 weken)")
    expect(pip_sectie).to_contain_text(datum_nl(brp + dt.timedelta(weeks=10)))
    expect(pip_sectie).to_contain_text("nog 40 dagen")
    expect(pip_sectie).to_contain_text("Eigen streeftermijn PIP")
    assert_no_axe_violations(page)

    # 2. warme overdracht (before housing)
    page.get_by_role("link", name="Warme overdracht", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warme overdracht")
    assert_no_axe_violations(page)
    page.get_by_label("AZC (locatie)").fill("AZC Zeist")
    page.get_by_label("COA-casemanager", exact=True).fill("M. de Vries")
    page.get_by_label("Datum driegesprek").fill((kennisgeving - dt.timedelta(days=5)).isoformat())
    page.get_by_label("Plaats driegesprek").fill("AZC Zeist")
    page.get_by_label("Tolk aanwezig").check()
    page.get_by_label("Voortgang voorinburgering").fill("Module 1 en 2 afgerond.")
    page.get_by_label("Signalen over gezondheid").fill("Slaapt slecht.")
    page.get_by_label("Bijlagen toevoegen").set_input_files(
        files=[{"name": "overdracht.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    _opslaan(page)
    _bericht(page, "De warme overdracht is opgeslagen.")
    expect(page.get_by_role("main")).to_contain_text("Warme overdracht")
    assert_no_axe_violations(page)

    # 3. introductieweek
    page.get_by_role("link", name="Introductieweek", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_label("Wie doet het – DigiD").select_option("inburgeraar")
    page.get_by_label("Gedaan op – DigiD").fill(vandaag.isoformat())
    _opslaan(page)
    _bericht(page, "De introductieweek is opgeslagen.")
    expect(page.get_by_role("main")).to_contain_text("1 van 10 gedaan")

    # 4. brede intake: a conversation with an interpreter, then the life domains and the advice
    page.get_by_role("link", name="Brede intake", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Gesprek vastleggen").click()
    assert_no_axe_violations(page)
    page.get_by_label("Datum").fill(vandaag.isoformat())
    page.get_by_label("Besproken levensdomeinen").fill("opleiding, werk, gezondheid")
    page.get_by_label("Tolk ingezet").check()
    page.get_by_label("Taal van de tolk").fill("Arabisch")
    page.get_by_label("Verslag").fill("Kennismaking; heeft mbo-verpleegkunde gedaan in Syrië.")
    _opslaan(page)
    _bericht(page, "Het intakegesprek is opgeslagen.")
    expect(page.get_by_role("table", name="Intakegesprekken")).to_contain_text("Arabisch")
    page.get_by_label("Hoogst gevolgde opleiding").select_option("mbo")
    page.get_by_label("Ontvangt bijstand (Participatiewet)").check()
    page.get_by_label("Interesse werk").fill("Zorg")
    page.get_by_label("3 – Specifieke diagnose / deelname georganiseerde activiteiten").check()
    page.get_by_label("Routeadvies", exact=True).select_option("b1")
    _opslaan(page)  # advice without motivation: refused
    expect(page.get_by_role("alert")).to_contain_text("Motiveer het routeadvies")
    assert_no_axe_violations(page)
    page.get_by_label("Motivering routeadvies").fill("Leerbaar, mbo-niveau, gemotiveerd voor de zorg.")
    page.get_by_label("Intake afgerond op").fill(vandaag.isoformat())
    _opslaan(page)
    _bericht(page, "De brede intake is opgeslagen.")

    # 5. leerbaarheidstoets
    page.get_by_role("link", name="Leerbaarheidstoets", exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_label("Gepland op").fill(vandaag.isoformat())
    page.get_by_label("Afgenomen op").fill(vandaag.isoformat())
    page.get_by_label(re.compile(r"^Score")).fill("30")
    _opslaan(page)
    _bericht(page, "met score 30 is de B1-route haalbaar (drempel 28)")
    expect(page.get_by_role("main")).to_contain_text("Score 30: B1 haalbaar")
    assert_no_axe_violations(page)

    # 6. the PIP: concept from the intake, complete it, vaststellen
    page.get_by_role("link", name="PIP opstellen").click()
    assert_no_axe_violations(page)
    _opslaan(page, "Concept maken")
    expect(page.get_by_role("heading", level=1)).to_have_text("PIP versie 1 bewerken")
    expect(page.get_by_label("Motivering van de route")).to_have_value(
        "Leerbaar, mbo-niveau, gemotiveerd voor de zorg."
    )
    assert_no_axe_violations(page)
    page.get_by_label("Te behalen niveau").select_option("B1")
    page.get_by_label("Geschatte intensiteit B1-route (uren)").fill("1200")
    page.get_by_label("Begeleiding en ondersteuning bij de leerroute").fill("Taalmaatje en huiswerkbegeleiding.")
    page.get_by_label("MAP: inhoud").fill("Beroepsoriëntatie zorg; praktijkdeel van 40 uur.")
    page.get_by_label("MAP: intensiteit").fill("4 uur per week")
    page.get_by_label("PVT: inhoud").fill("Workshops kernwaarden en een excursie.")
    page.get_by_label("PVT: intensiteit").fill("12 uur")
    _opslaan(page, "Opslaan en naar vaststellen")
    expect(page.get_by_role("heading", level=1)).to_have_text("PIP versie 1 vaststellen")
    assert_no_axe_violations(page)
    _opslaan(page, "PIP vaststellen")
    _bericht(page, "PIP versie 1 is vastgesteld.")
    expect(page).to_have_url(casus_url)

    # 7. the case page: termijn, last switch day and the beschikking to download
    eerste_dag = vandaag + dt.timedelta(days=1)
    pip_sectie = page.get_by_role("region", name="Persoonlijk plan inburgering en participatie (PIP)")
    expect(pip_sectie).to_contain_text("Start inburgeringstermijn")
    expect(pip_sectie).to_contain_text(datum_nl(eerste_dag))
    expect(pip_sectie).to_contain_text("Laatste dag schakelen van route")
    expect(page.get_by_role("main")).to_contain_text("Uitvoering")
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        pip_sectie.get_by_role("link", name=re.compile("Beschikking versie 1 downloaden")).click()
    pdf = open(download_info.value.path(), "rb").read()
    tekst = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Amina Haddad" in tekst and "B1-route" in tekst and "bezwaar maken" in tekst

    # 8. the version page
    pip_sectie.get_by_role("link", name="Versie 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PIP versie 1")
    expect(page.get_by_role("main")).to_contain_text("Een vastgestelde versie verandert niet meer")
    assert_no_axe_violations(page)
