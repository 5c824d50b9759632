"""The uitvoering in a real browser: a consultant records hours, a voortgangsgesprek and an exam result
for a person with a vastgesteld PIP, and sees the journey task list change; axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.conftest import make_case
from tests.factories import WACHTWOORD, ConsultantFactory, GemeenteFactory, TeamFactory
from tests.leerroutes import scenario as s

from .axe import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def casus(rollen, settings):
    from leerroutes.models import Leerroute

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the PIP's beschikking is made on commit
    # a transactional test flushes the tables after itself: the seeded routes may be gone
    for code, naam in (("b1", "B1-route"), ("onderwijs", "Onderwijsroute"), ("z", "Z-route")):
        Leerroute.objects.get_or_create(code=code, defaults={"naam": naam})
    gemeente = GemeenteFactory(naam="Overbetuwe")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Inburgering", gemeenten=[gemeente])
    user = ConsultantFactory(username="s.deboer", first_name="Sanne", last_name="de Boer", teams=[team])
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    casus = make_case(consultant=user, team=team, gemeente=gemeente, door=user, n=77)
    casus = s.met_pip(casus, user)
    s.aanbod(casus, user, s.school(naam="Taalschool De Brug", gemeente=gemeente), leerlingnummer="DB-77")
    return casus, user


def _opslaan(page, naam="Opslaan"):
    with page.expect_navigation():
        page.get_by_role("button", name=naam, exact=True).click()


def _sectie(page):
    return page.get_by_role("region", name="Uitvoering: leerroute, MAP en PVT")


def test_uren_voortgangsgesprek_en_examen_vastleggen(page, live_server, casus):
    casus, user = casus
    login(page, live_server, user.username, WACHTWOORD)
    page.goto(live_server.url + casus.get_absolute_url())
    sectie = _sectie(page)
    expect(sectie).to_contain_text("Taalschool De Brug")
    expect(sectie).to_contain_text("Nog geen uren")
    expect(sectie).to_contain_text("Niet van toepassing")  # the Z-route part, for a B1-route
    assert_no_axe_violations(page)

    # 1. hours: first a mistake (no hours), then right
    sectie.get_by_role("link", name="Uren registreren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uren registreren")
    assert_no_axe_violations(page)
    maand = s.maand(1)
    page.get_by_label("Soort uren").select_option("nt2")
    page.get_by_label("Maand").fill(maand.strftime("%Y-%m"))
    _opslaan(page)
    expect(page.get_by_role("alert").filter(has_text="Er is een probleem")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Aantal uren").fill("42,5")
    _opslaan(page)
    expect(page.get_by_role("status").filter(has_text="De uren zijn geregistreerd")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uitvoering")
    uren = page.get_by_role("table", name="Uren en aanwezigheid per maand")
    expect(uren).to_contain_text("42,5")
    assert_no_axe_violations(page)

    # 2. a voortgangsgesprek with the school's mentor
    page.get_by_role("link", name="Voortgangsgesprek vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Voortgangsgesprek vastleggen")
    assert_no_axe_violations(page)
    gesprek_datum = s.vandaag() - dt.timedelta(days=2)
    page.get_by_label("Datum gesprek").fill(gesprek_datum.isoformat())
    page.get_by_label("Mentor van de school").fill("Mevrouw Jansen")
    page.get_by_label("Schrijven").select_option("onvoldoende")
    page.get_by_label("Spreken").select_option("op_schema")
    page.get_by_label("Gemaakte afspraken").fill("Twee keer per week extra schrijfles.")
    _opslaan(page)
    expect(page.get_by_role("status").filter(has_text="Het voortgangsgesprek is vastgelegd")).to_be_visible()
    expect(page.get_by_role("table", name="Gehouden voortgangsgesprekken")).to_contain_text("Mevrouw Jansen")
    assert_no_axe_violations(page)

    # 3. an exam result
    page.get_by_role("link", name="Examenresultaat vastleggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Examenresultaat vastleggen")
    assert_no_axe_violations(page)
    page.get_by_label("Examenonderdeel").select_option("LE")
    page.get_by_label("Niveau").select_option("B1")
    page.get_by_label("Examendatum").fill((s.vandaag() - dt.timedelta(days=1)).isoformat())
    page.get_by_role("radio", name="Geslaagd", exact=True).check()
    _opslaan(page)
    expect(page.get_by_role("status").filter(has_text="poging 1, gratis")).to_be_visible()
    examens = page.get_by_role("table", name="Examenonderdelen en pogingen")
    expect(examens.get_by_role("row", name="Lezen")).to_contain_text("Behaald")
    assert_no_axe_violations(page)

    # 4. the journey at a glance on the case page
    page.goto(live_server.url + casus.get_absolute_url())
    sectie = _sectie(page)
    expect(sectie).to_contain_text("NT2 42,5 uur")
    expect(sectie).to_contain_text("1 gehouden")
    expect(sectie).to_contain_text("1 van 5 onderdelen behaald")
    assert_no_axe_violations(page)


def test_csv_inlezen_met_voorbeeld(page, live_server, casus, tmp_path):
    casus, user = casus
    login(page, live_server, user.username, WACHTWOORD)
    page.goto(live_server.url + reverse("leerroutes:import_nieuw"))
    assert_no_axe_violations(page)
    bestand = tmp_path / "uren.csv"
    m = s.maand(1).strftime("%Y-%m")
    bestand.write_text(
        f"leerlingnummer;maand;nt2_uren;knm_uren;geplande_uren;aanwezige_uren\nDB-77;{m};40;4;48;30\nXX-1;{m};1;;;\n"
    )
    page.get_by_label("Taalschool").select_option(label="Taalschool De Brug")
    page.get_by_label("CSV-bestand").set_input_files(str(bestand))
    _opslaan(page, "Voorbeeld bekijken")
    expect(page.get_by_role("alert")).to_contain_text("Er is niets ingelezen")
    expect(page.get_by_role("alert")).to_contain_text("Regel 3")
    assert_no_axe_violations(page)
    bestand.write_text(f"leerlingnummer;maand;nt2_uren;knm_uren;geplande_uren;aanwezige_uren\nDB-77;{m};40;4;48;30\n")
    page.goto(live_server.url + reverse("leerroutes:import_nieuw"))
    page.get_by_label("Taalschool").select_option(label="Taalschool De Brug")
    page.get_by_label("CSV-bestand").set_input_files(str(bestand))
    _opslaan(page, "Voorbeeld bekijken")
    _opslaan(page, "Alle 1 regels verwerken")
    expect(page.get_by_role("status").filter(has_text="Het bestand is verwerkt")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + casus.get_absolute_url())
    expect(page.get_by_role("alert").filter(has_text="lage aanwezigheid")).to_be_visible()
