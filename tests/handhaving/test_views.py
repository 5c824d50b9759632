"""Screens of handhaving: the case-page section, the step pages, refusals shown in Dutch, the overview."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from handhaving.models import Handhavingsprocedure
from inburgering.models import Toegangslog
from tests.handhaving.scenario import met_pip, procedure_tot, stap_url

D = dt.date
pytestmark = pytest.mark.django_db


def test_case_page_shows_the_section_and_its_actions(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "opgelegd")
    client.force_login(world.users["c1"])
    html = client.get(gezin.get_absolute_url()).content.decode()
    assert "Handhaving en bezwaar" in html
    assert "Afspraken uit het PIP niet nagekomen" in html and "€ 25,00" in html
    assert procedure.beschikking.kenmerk in html
    assert reverse("handhaving:nieuw", args=[gezin.pk]) in html
    assert reverse("handhaving:bezwaar_nieuw", args=[gezin.pk]) in html
    # a colleague may read but not act
    client.force_login(world.users["c2"])
    html = client.get(gezin.get_absolute_url()).content.decode()
    assert "Handhaving en bezwaar" in html and reverse("handhaving:nieuw", args=[gezin.pk]) not in html


def test_register_a_signal_through_the_form(world, gezin, client):
    client.force_login(world.users["c1"])
    r = client.post(
        reverse("handhaving:nieuw", args=[gezin.pk]),
        {"soort": "pip", "datum_constatering": "2025-03-03", "feiten": "Drie lessen gemist."},
    )
    procedure = Handhavingsprocedure.objects.get(casus=gezin)
    assert r.status_code == 302 and r["Location"] == procedure.get_absolute_url()
    page = client.get(procedure.get_absolute_url()).content.decode()
    assert "Verwijtbaarheid beoordelen" in page and "Wacht op: <strong>Consultant</strong>" in page


def test_motivation_required_shown_as_error_summary(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "signaal")
    client.force_login(world.users["c1"])
    r = client.post(
        stap_url(procedure, "verwijtbaarheid"), {"verwijtbaarheid": "normaal", "motivering": "", "datum": "2025-03-05"}
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "Er is een probleem" in html
    procedure.refresh_from_db()
    assert procedure.status == "signaal"


def test_service_refusal_is_shown_and_nothing_is_written(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "beoordeeld")
    client.force_login(world.users["c1"])
    page = client.get(stap_url(procedure, "voornemen")).content.decode()
    assert "Het beleid vraagt een schriftelijke waarschuwing" in page  # warned before pressing the button
    assert "€ 25,00" in page  # the amount of the rules, with its explanation
    voor = TijdlijnGebeurtenis.objects.filter(casus=gezin).count()
    r = client.post(stap_url(procedure, "voornemen"), {"datum": "2025-04-01"})
    assert r.status_code == 200
    assert "Leg eerst de waarschuwing vast." in r.content.decode()
    procedure.refresh_from_db()
    assert procedure.status == "beoordeeld" and procedure.bedrag is None
    assert TijdlijnGebeurtenis.objects.filter(casus=gezin).count() == voor


def test_step_not_allowed_now_redirects_with_a_message(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "signaal")
    client.force_login(world.users["c1"])
    r = client.get(stap_url(procedure, "opleggen"), follow=True)
    assert "kan niet in de stap" in r.content.decode()
    assert client.get(stap_url(procedure, "bestaat-niet")).status_code == 404


def test_lower_amount_in_dutch_notation(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "gewaarschuwd")
    client.force_login(world.users["c1"])
    r = client.post(
        stap_url(procedure, "voornemen"),
        {"datum": "2025-04-01", "bedrag": "12,50", "verlaging_motivering": "Schulden."},
    )
    assert r.status_code == 302
    procedure.refresh_from_db()
    assert procedure.bedrag == Decimal("12.50")


def test_pdf_download_is_logged(world, gezin, client):
    from django.core.files.base import ContentFile

    procedure = procedure_tot(gezin, world.users["c1"], "opgelegd")
    beschikking = procedure.beschikking
    beschikking.pdf.save("b.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    beschikking.save(update_fields=["pdf"])
    client.force_login(world.users["c2"])  # a reader of the case may download
    r = client.get(reverse("handhaving:pdf", args=[gezin.pk, procedure.pk]))
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert Toegangslog.objects.filter(url_naam="handhaving:pdf", actie="downloaden", casus_id=gezin.pk).exists()


def test_bezwaar_form_preselects_the_beschikking(world, gezin, client):
    procedure = procedure_tot(gezin, world.users["c1"], "opgelegd")
    client.force_login(world.users["c1"])
    waarde = f"boete-{procedure.beschikking.pk}"
    html = client.get(reverse("handhaving:bezwaar_nieuw", args=[gezin.pk]) + f"?beschikking={waarde}").content.decode()
    assert f'value="{waarde}" selected' in html
    assert "PIP versie 1, dagtekening 01-03-2023" in html  # PIP versions are beschikkingen too
    r = client.post(
        reverse("handhaving:bezwaar_nieuw", args=[gezin.pk]),
        {"beschikking": waarde, "ontvangen_op": "2025-05-01", "gronden": "Te hoog."},
    )
    assert r.status_code == 302
    procedure.refresh_from_db()
    assert procedure.status == "in_bezwaar"
    detail = client.get(r["Location"]).content.decode()
    assert "Beslissen vóór" in detail and "8 juli 2025" in detail


def test_overview_for_team_leads_by_step_and_waiting_for_whom(world, gezin, client, django_assert_max_num_queries):
    c1 = world.users["c1"]
    procedure_tot(gezin, c1, "signaal")
    procedure_tot(gezin, c1, "voornemen")
    procedure_tot(gezin, c1, "gehoord")
    asiel = met_pip(world.cases["team"])
    procedure_tot(asiel, world.users["c2"], "gehoord")
    procedure_tot(met_pip(world.cases["ander"]), world.users["c3"], "signaal")  # another team: not shown
    client.force_login(world.users["tl"])
    client.get(reverse("handhaving:overzicht"))  # warm up session/permission caches
    with django_assert_max_num_queries(10):  # constant: no query per row
        r = client.get(reverse("handhaving:overzicht"))
    html = r.content.decode()
    assert r.status_code == 200
    assert len(re.findall(r'href="/casussen/\d+/handhaving/\d+/"', html)) == 4  # own teams only
    assert "<strong>Jurist</strong>: Juridische toets (asielstatushouder)" in html
    assert "<strong>Consultant</strong>: Boetebeschikking opleggen" in html
    assert "<strong>Consultant</strong>: Verwijtbaarheid beoordelen" in html
    assert "Zienswijze verwerken" in html  # the zienswijze term of 2025 is over
    assert world.cases["ander"].inburgeraar.volledige_naam not in html
    log = Toegangslog.objects.filter(url_naam="handhaving:overzicht").latest("pk")
    assert (log.actie, log.aantal_personen) == ("zoeken", 2)
    client.force_login(c1)
    assert client.get(reverse("handhaving:overzicht")).status_code == 403


def test_overview_link_in_the_navigation_for_team_leads_only(world, client):
    client.force_login(world.users["tl"])
    assert reverse("handhaving:overzicht") in client.get(reverse("cases:caseload")).content.decode()
    client.force_login(world.users["c1"])
    assert reverse("handhaving:overzicht") not in client.get(reverse("cases:caseload")).content.decode()


def test_pip_version_page_fragment_lists_its_bezwaren(world, gezin):
    """`{% pip_bezwaren versie %}`: ready for a one-line include on the PIP version page (pip's template)."""
    from django.template import Context, Template

    from handhaving import services
    from pip.models import PipVersie

    versie = PipVersie.objects.get(casus=gezin, versie=1)
    services.bezwaar_registreren(
        casus=gezin, pip_versie=versie, ontvangen_op=D(2023, 3, 20), gronden="Route past niet.", door=world.users["c1"]
    )
    html = Template("{% load handhaving_tags %}{% pip_bezwaren versie %}").render(
        Context({"casus": gezin, "versie": versie, "mag_bewerken": True})
    )
    assert "Bezwaar tegen deze versie" in html and "open, beslissen vóór 24 mei 2023" in html
    assert f"?beschikking=pip-{versie.pk}" in html
