"""The screens through the test client: the journey from a new case to a vastgesteld PIP, and the case page."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cases.models import Casus
from intake.models import BredeIntake, IntroductieItem, Leerbaarheidstoets, WarmeOverdracht
from pip.models import PipVersie
from tests.pip.scenario import INHOUD, met_datums, vastgesteld

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def _inhoud_post(**extra):
    data = {k: v for k, v in INHOUD.items()}
    data.update(
        alfabetisering="NVT",
        bijstand="on",
        training_financiele_zelfredzaamheid="on",
        maatschappelijke_begeleiding="on",
        **extra,
    )
    return data


def test_journey_through_the_screens(client, world, django_capture_on_commit_callbacks):
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    client.force_login(c1)
    kw = {"casus_pk": casus.pk}

    r = client.post(
        reverse("intake:warme_overdracht", kwargs=kw),
        {
            "gesprek_datum": "2023-01-10",
            "gesprek_plaats": "AZC Zeist",
            "aanwezig_inburgeraar": "on",
            "aanwezig_coa": "on",
            "aanwezig_consultant": "on",
            "voorinburgering": "Module 1 gedaan.",
        },
    )
    assert r.status_code == 302 and WarmeOverdracht.objects.filter(casus=casus).exists()

    item = IntroductieItem.objects.get(naam="DigiD")
    r = client.post(
        reverse("intake:introductieweek", kwargs=kw),
        {f"item-{item.pk}-uitvoerder": "inburgeraar", f"item-{item.pk}-gedaan_op": "2023-02-02"},
    )
    assert r.status_code == 302

    r = client.post(
        reverse("intake:gesprek_nieuw", kwargs=kw),
        {"datum": "2023-02-05", "verslag": "Kennismaking", "tolk_ingezet": "on", "tolk_taal": "Arabisch"},
    )
    assert r.status_code == 302

    r = client.post(
        reverse("intake:brede_intake", kwargs=kw),
        {
            "opleiding_niveau": "mbo",
            "alfabetisering": "NVT",
            "nederlands_niveau": "A1",
            "gezondheid_lichamelijk": "geen",
            "gezondheid_psychisch": "geen",
            "sociaal_netwerk": "laag",
            "financiele_zelfredzaamheid": "gemiddeld",
            "bijstand": "on",
            "participatieladder_trede": "3",
            "routeadvies": "b1",
            "routeadvies_motivatie": "Leerbaar, mbo-niveau.",
            "afgerond_op": "2023-02-20",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert BredeIntake.objects.get(casus=casus).participatieladder_trede == 3

    r = client.post(
        reverse("intake:leerbaarheidstoets", kwargs=kw),
        {"gepland_op": "2023-02-14", "afgenomen_op": "2023-02-14", "score": "30"},
    )
    assert (
        r.status_code == 302 and Leerbaarheidstoets.objects.get(casus=casus).haalbaar is False
    )  # 30 < 31 before 12 April 2023

    r = client.post(reverse("pip:nieuw", kwargs=kw))
    versie = PipVersie.objects.get(casus=casus)
    assert r.status_code == 302 and r["Location"] == reverse("pip:bewerken", kwargs={**kw, "versie_pk": versie.pk})
    r = client.post(r["Location"], _inhoud_post(vaststellen="1"))
    assert r.status_code == 302 and r["Location"].endswith("/vaststellen/")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(r["Location"], {"dagtekening": "2023-03-01", "ondertekend_op": "2023-02-28"})
    assert r.status_code == 302
    versie.refresh_from_db()
    assert versie.is_vastgesteld and versie.ondertekend_op == D(2023, 2, 28) and versie.pdf
    assert Casus.objects.get(pk=casus.pk).status == "uitvoering"

    pagina = client.get(casus.get_absolute_url()).content.decode()
    assert "Start inburgeringstermijn" in pagina and "2 maart 2023" in pagina
    assert "Laatste dag schakelen van route" in pagina and "1 september 2024" in pagina
    assert reverse("pip:pdf", kwargs={**kw, "versie_pk": versie.pk}) in pagina
    assert client.get(reverse("pip:pdf", kwargs={**kw, "versie_pk": versie.pk})).status_code == 200


def test_case_page_shows_deadlines_with_days_left(client, world, monkeypatch):
    from django.utils import timezone

    casus = met_datums(world.cases["eigen"], kennisgeving=D(2023, 1, 2), brp=D(2023, 1, 31))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2023, 4, 1))
    client.force_login(world.users["c1"])
    pagina = client.get(casus.get_absolute_url()).content.decode()
    tekst = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", pagina))
    assert "Wettelijke termijn PIP (10 weken) 11 april 2023 nog 10 dagen" in tekst
    assert "Eigen streeftermijn PIP (10 weken)" in tekst
    assert "Warme overdracht en intake" in tekst and "Introductieweek 0 van 10 gedaan" in tekst
    assert reverse("pip:nieuw", kwargs={"casus_pk": casus.pk}) in pagina


def test_read_only_colleague_sees_sections_without_links(client, world):
    casus = met_datums(world.cases["team"])
    client.force_login(world.users["c1"])
    pagina = client.get(casus.get_absolute_url()).content.decode()
    assert "Warme overdracht en intake" in pagina
    assert reverse("pip:nieuw", kwargs={"casus_pk": casus.pk}) not in pagina
    assert reverse("intake:brede_intake", kwargs={"casus_pk": casus.pk}) not in pagina


def test_vastgestelde_versie_edit_screen_refuses(client, world):
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    versie = vastgesteld(casus, c1)
    client.force_login(c1)
    url = reverse("pip:bewerken", kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk})
    r = client.post(url, _inhoud_post(leerroute="z"), follow=True)
    assert "kan niet meer worden gewijzigd" in r.content.decode()
    assert PipVersie.objects.get(pk=versie.pk).leerroute == "b1"
    r = client.post(
        reverse("pip:vaststellen", kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk}),
        {"dagtekening": "2023-05-01", "ondertekend_op": "2023-05-01"},
    )
    assert r.status_code == 302 and PipVersie.objects.get(pk=versie.pk).dagtekening == D(2023, 3, 1)


def test_vaststellen_screen_shows_duo_refusals_in_dutch(client, world):
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    client.force_login(c1)
    client.post(reverse("pip:nieuw", kwargs={"casus_pk": casus.pk}))
    versie = PipVersie.objects.get(casus=casus)
    client.post(
        reverse("pip:bewerken", kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk}), _inhoud_post(niveau="A2")
    )
    url = reverse("pip:vaststellen", kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk})
    assert (
        "eerste PIP kan de B1-route niet op niveau A2" in client.get(url).content.decode()
    )  # shown before pressing the button
    r = client.post(url, {"dagtekening": "2023-01-30", "ondertekend_op": "2023-01-30"})
    body = r.content.decode()
    assert r.status_code == 200 and "Er is een probleem" in body
    assert "vóór de vestiging in de gemeente" in body and "DUO weigert" in body
    assert not PipVersie.objects.get(pk=versie.pk).is_vastgesteld


def test_later_version_screen(client, world):
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    vastgesteld(casus, c1)
    client.force_login(c1)
    url = reverse("pip:nieuw", kwargs={"casus_pk": casus.pk})
    assert "Reden" in client.get(url).content.decode()
    r = client.post(url, {"reden": "verhuizing", "reden_toelichting": ""})
    assert r.status_code == 200 and PipVersie.objects.filter(casus=casus).count() == 1
    r = client.post(url, {"reden": "verhuizing", "reden_toelichting": "Verhuisd binnen de gemeente."})
    assert r.status_code == 302 and PipVersie.objects.get(casus=casus, versie=2).reden == "verhuizing"


@pytest.mark.parametrize(
    "name",
    [
        "intake:warme_overdracht",
        "intake:introductieweek",
        "intake:brede_intake",
        "intake:gesprek_nieuw",
        "intake:leerbaarheidstoets",
        "pip:nieuw",
    ],
)
def test_screens_render(client, world, name):
    client.force_login(world.users["c1"])
    r = client.get(reverse(name, kwargs={"casus_pk": world.cases["eigen"].pk}))
    assert r.status_code == 200
    assert (
        'style="' not in r.content.decode() and "<script>" not in r.content.decode()
    )  # strict CSP: no inline styles or scripts
