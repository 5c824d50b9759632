"""The work list in a real browser: from the header count to the place to act and back, checked with axe."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cases import services
from termijnen.models import WerkItem
from termijnen.services import termijnen_sweep, verzoeken_verwerken
from tests.factories import WACHTWOORD, ConsultantFactory, GemeenteFactory, TeamFactory, TeamleiderFactory, make_bsn

from .axe import assert_no_axe_violations, login

pytestmark = [
    pytest.mark.browser,
    # the live server reads what the test writes: committed data (see conftest.rollen)
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def team_met_termijnen(rollen):
    vandaag = timezone.localdate()
    gemeente = GemeenteFactory(naam="Termijnstad")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Termijn", gemeenten=[gemeente])
    carla = ConsultantFactory(username="c.devries", first_name="Carla", last_name="de Vries", teams=[team])
    bram = ConsultantFactory(username="b.jansen", first_name="Bram", last_name="Jansen", teams=[team])
    lead = TeamleiderFactory(username="t.leider", first_name="Tess", last_name="Leider", teams=[team])
    for user in (carla, bram, lead):
        TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    def casus(n, consultant, voornaam, achternaam, brp_dagen_geleden):
        return services.inburgeraar_aanmaken(
            bsn=make_bsn(8_100_000 + n),
            persoon={"voornamen": voornaam, "achternaam": achternaam, "geboortedatum": dt.date(1990, 5, 1)},
            casus={
                "gemeente": gemeente,
                "team": team,
                "consultant": consultant,
                "doelgroep": "asielstatushouder",
                "datum_kennisgeving": vandaag - dt.timedelta(days=brp_dagen_geleden + 10),
                "datum_brp_inschrijving": vandaag - dt.timedelta(days=brp_dagen_geleden),
            },
            door=consultant,
        )

    # Amina: PIP due in 3 days, leerbaarheidstoets overdue; Yusuf and Mariam (Bram's): both overdue
    amina = casus(1, carla, "Amina", "Haddad", 67)
    yusuf = casus(2, carla, "Yusuf", "Demir", 80)
    casus(3, bram, "Mariam", "Tesfay", 90)
    # changed outside a request: the beat tasks recompute and sweep
    verzoeken_verwerken()
    termijnen_sweep()
    return carla, lead, amina, yusuf


def _werkvoorraad_link(page):
    return page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role("link", name=re.compile("^Werkvoorraad"))


def test_consultant_goes_from_the_header_to_the_place_to_act_and_the_item_disappears(
    page, live_server, team_met_termijnen
):
    carla, _, amina, yusuf = team_met_termijnen
    login(page, live_server, carla.username, WACHTWOORD)

    # the count is in the header of every page
    link = _werkvoorraad_link(page)
    expect(link).to_have_text("Werkvoorraad (4 open, 3 te laat)")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad")
    expect(_werkvoorraad_link(page)).to_have_attribute("aria-current", "page")
    main = page.get_by_role("main")
    koppen = main.get_by_role("heading", level=3).all_inner_texts()
    assert koppen == ["Te laat (3)", "Deze week (1)", "Later (0)"] or koppen == [
        "Te laat (3)",
        "Deze week (0)",
        "Later (1)",
    ]
    te_laat = main.get_by_role("table", name="Te laat")
    expect(te_laat.get_by_role("row")).to_have_count(4)  # header + 3
    expect(te_laat).to_contain_text("Yusuf Demir")
    expect(te_laat).to_contain_text("Leerbaarheidstoets plannen")
    assert_no_axe_violations(page)

    # the link goes to the exact place to act: the leerbaarheidstoets of Amina
    te_laat.get_by_role("link", name="Naar leerbaarheidstoets plannen van Amina Haddad").click()
    expect(page).to_have_url(live_server.url + reverse("intake:leerbaarheidstoets", args=[amina.pk]))
    page.get_by_label("Gepland op").fill(timezone.localdate().isoformat())
    with page.expect_navigation():
        page.get_by_role("main").locator("button[type=submit]").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Haddad")

    # planned: the deadline closed after that request, and the item left the work list
    for _ in range(40):
        if not WerkItem.objects.filter(casus=amina, termijn__soort="lbt_plannen", afgehandeld_op__isnull=True).exists():
            break
        time.sleep(0.25)
    page.goto(live_server.url + reverse("termijnen:werkvoorraad"))
    expect(_werkvoorraad_link(page)).to_have_text("Werkvoorraad (3 open, 2 te laat)")
    expect(page.get_by_role("link", name="Naar leerbaarheidstoets plannen van Amina Haddad")).to_have_count(0)
    expect(page.get_by_role("link", name="Naar leerbaarheidstoets plannen van Yusuf Demir")).to_have_count(1)

    # the deadlines and items are on the case timeline
    page.goto(live_server.url + yusuf.get_absolute_url())
    expect(page.get_by_role("main")).to_contain_text("Werkvoorraad: Wettelijke termijn PIP te laat")
    assert_no_axe_violations(page)


def test_team_lead_sees_the_teams_overdue_items_per_consultant(page, live_server, team_met_termijnen):
    _, lead, _, _ = team_met_termijnen
    login(page, live_server, lead.username, WACHTWOORD)
    link = _werkvoorraad_link(page)
    expect(link).to_have_text("Werkvoorraad (0 open, team 5 te laat)")
    link.click()
    main = page.get_by_role("main")
    overzicht = main.get_by_role("table", name="Open en te late werkvoorraad per consultant")
    expect(overzicht.get_by_role("row", name=re.compile("Carla de Vries"))).to_contain_text("3")
    expect(overzicht.get_by_role("row", name=re.compile("Bram Jansen"))).to_contain_text("2")
    overzicht.get_by_role("link", name="Bram Jansen").click()
    expect(main.get_by_role("heading", name="Bram Jansen: 2 te laat")).to_be_visible()
    expect(main.get_by_role("table", name="Te laat bij Bram Jansen")).to_contain_text("Mariam Tesfay")
    assert_no_axe_violations(page)
