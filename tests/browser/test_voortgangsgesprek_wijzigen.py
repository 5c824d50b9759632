"""Correcting a recorded voortgangsgesprek in a real browser: the edit page from the overview, an error
and a correction, and a colleague's save in between that gives the conflict; axe on every page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inburgering.concurrency import CONFLICT_MESSAGE
from leerroutes import services
from pip.rules import datum_nl
from tests.factories import WACHTWOORD, TeamleiderFactory
from tests.leerroutes import scenario as s

from .axe import assert_no_axe_violations, login
from .test_leerroutes import _opslaan, casus  # noqa: F401  (the fixture: a consultant's case with an offer)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_voortgangsgesprek_corrigeren_en_conflict(page, live_server, casus):  # noqa: F811
    casus, user = casus
    gesprek = s.gesprek(casus, user, mentor_school="Mevrouw Jansen", afspraken="Extra schrijfles op dinsdg.")
    login(page, live_server, user.username, WACHTWOORD)
    page.goto(live_server.url + reverse("leerroutes:overzicht", kwargs={"casus_pk": casus.pk}))
    tabel = page.get_by_role("table", name="Gehouden voortgangsgesprekken")
    tabel.get_by_role("link", name=f"Wijzigen (voortgangsgesprek van {datum_nl(gesprek.datum)})").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Voortgangsgesprek van {gesprek.datum:%d-%m-%Y} wijzigen"
    )
    expect(page.get_by_label("Datum gesprek")).to_have_value(gesprek.datum.isoformat())
    expect(page.get_by_label("Mentor van de school")).to_have_value("Mevrouw Jansen")
    expect(page.get_by_label("Gemaakte afspraken")).to_have_value("Extra schrijfles op dinsdg.")
    assert_no_axe_violations(page)

    # 1. agreements emptied by mistake: the error summary, then the correction
    page.get_by_label("Gemaakte afspraken").fill("")
    _opslaan(page)
    expect(page.get_by_role("alert").filter(has_text="Er is een probleem")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Gemaakte afspraken").fill("Extra schrijfles op dinsdag.")
    _opslaan(page)
    expect(page.get_by_role("status").filter(has_text="Het voortgangsgesprek is gewijzigd")).to_be_visible()
    expect(tabel).to_contain_text("Extra schrijfles op dinsdag.")
    assert_no_axe_violations(page)

    # 2. a team lead corrects the same talk while the form is open: the save gets the conflict, input kept
    tabel.get_by_role("link", name=f"Wijzigen (voortgangsgesprek van {datum_nl(gesprek.datum)})").click()
    page.get_by_label("Mentor van de school").fill("Meneer De Wit")
    teamleider = TeamleiderFactory(teams=[casus.team])
    services.voortgangsgesprek_wijzigen(
        gesprek=gesprek, data={"toelichting": "Van de teamleider."}, versie=2, door=teamleider
    )
    _opslaan(page)
    expect(page.get_by_role("alert").filter(has_text=CONFLICT_MESSAGE)).to_be_visible()
    expect(page.get_by_label("Mentor van de school")).to_have_value("Meneer De Wit")
    assert_no_axe_violations(page)
    gesprek.refresh_from_db()
    assert (gesprek.mentor_school, gesprek.toelichting, gesprek.versie) == ("Mevrouw Jansen", "Van de teamleider.", 3)
