"""A team lead's export whose run outlived the task's hard time limit, in a real browser: the exports list and
the export's page show it failed with the Dutch reason, and *Opnieuw starten* makes a new export with the same
settings; axe on every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from dashboards import rules
from dashboards.models import Export
from tests.factories import WACHTWOORD, GemeenteFactory, TeamFactory, TeamleiderFactory

from .axe import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OMSCHRIJVING = "Monitoringsdataset alle gemeenten"
REDEN = "De export duurde te lang en is afgebroken. Start hem opnieuw."


@pytest.fixture
def teamleider(rollen, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the export task runs in the live server on commit
    gemeente = GemeenteFactory(naam="Overbetuwe")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Inburgering Overbetuwe", gemeenten=[gemeente])
    lead = TeamleiderFactory(username="m.jansen", first_name="Marieke", last_name="Jansen", teams=[team])
    TOTPDevice.objects.create(user=lead, name="authenticator", confirmed=True)
    return lead


@pytest.fixture
def vastgelopen_export(teamleider, settings):
    """A monitoring export still "bezig" whose run started longer ago than the time limit and its margin."""
    te_oud = settings.CELERY_TASK_TIME_LIMIT + int(rules.EXPORT_MARGE.total_seconds()) + 1
    return Export.objects.create(
        soort=Export.Soort.MONITORING,
        parameters={"gemeente": None},
        omschrijving=OMSCHRIJVING,
        aangevraagd_door=teamleider,
        status=Export.Status.BEZIG,
        gestart_op=timezone.now() - dt.timedelta(seconds=te_oud),
        voortgang=40,
        stap="Cijfers bijwerken",
    )


def _statussen(page) -> list[str]:
    """The status column of 'Mijn exports', newest first."""
    tabel = page.get_by_role("table", name="Exports die u hebt aangevraagd")
    expect(tabel).to_be_visible()
    return [rij.get_by_role("cell").nth(1).inner_text() for rij in tabel.locator("tbody").get_by_role("row").all()]


def test_vastgelopen_export_is_mislukt_met_reden_en_start_opnieuw(page, live_server, teamleider, vastgelopen_export):
    login(page, live_server, teamleider.username, WACHTWOORD)

    # the list: the dead export is failed, not "bezig"
    page.goto(live_server.url + reverse("dashboards:exports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Exports")
    assert _statussen(page) == ["Mislukt"]
    assert_no_axe_violations(page)

    # its page: the reason in the status region, no progress bar, a button to start it again
    with page.expect_navigation():
        page.get_by_role("link", name=OMSCHRIJVING).click()
    expect(page).to_have_url(live_server.url + reverse("dashboards:export_detail", args=[vastgelopen_export.uuid]))
    expect(page.get_by_role("heading", level=1)).to_have_text(OMSCHRIJVING)
    expect(page.get_by_role("status")).to_have_text(f"Het maken van deze export is mislukt. {REDEN}")
    expect(page.get_by_role("progressbar")).to_have_count(0)
    expect(page.get_by_role("link", name="Vernieuwen")).to_have_count(0)
    opnieuw = page.get_by_role("button", name="Opnieuw starten")
    expect(opnieuw).to_be_visible()
    assert_no_axe_violations(page)

    # start it again: the new export's page, made by its task with the same settings
    with page.expect_navigation():
        opnieuw.click()
    nieuw = Export.objects.exclude(pk=vastgelopen_export.pk).get()
    expect(page).to_have_url(live_server.url + reverse("dashboards:export_detail", args=[nieuw.uuid]))
    expect(page.get_by_role("heading", level=1)).to_have_text(OMSCHRIJVING)
    expect(page.get_by_role("status")).to_contain_text("Klaar")
    expect(page.get_by_role("link", name=re.compile("Download monitoring-inburgering-"))).to_be_visible()
    expect(page.get_by_role("button", name="Opnieuw starten")).to_have_count(0)
    assert_no_axe_violations(page)
    assert (nieuw.soort, nieuw.parameters, nieuw.status) == (
        Export.Soort.MONITORING,
        {"gemeente": None},
        Export.Status.KLAAR,
    )

    # the failed one stays as it was, with its reason, beside the new one
    with page.expect_navigation():
        page.get_by_role("link", name="Terug naar de exports").click()
    assert _statussen(page) == ["Klaar", "Mislukt"]
    vastgelopen_export.refresh_from_db()
    assert (vastgelopen_export.status, vastgelopen_export.fout) == (Export.Status.MISLUKT, REDEN)
