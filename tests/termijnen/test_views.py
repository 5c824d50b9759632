"""The Werkvoorraad page and the header counts on every page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inburgering.models import Toegangslog
from termijnen.models import WerkItem
from termijnen.services import termijnen_sweep

from .scenario import termijn_maken

pytestmark = pytest.mark.django_db


def vandaag():
    return timezone.localdate()


def dagen(n):
    return vandaag() + timezone.timedelta(days=n)


@pytest.fixture
def lijst(world):
    """c1: two overdue items, one this week, one later; c2 (same team): one overdue; c3 (other team): one overdue."""
    eigen, team, ander = world.cases["eigen"], world.cases["team"], world.cases["ander"]
    termijn_maken(eigen, uiterlijk=dagen(-3), soort="pip_wettelijk", url=f"/casussen/{eigen.pk}/pip/nieuw/")
    termijn_maken(eigen, uiterlijk=dagen(-1), soort="lbt_plannen", url=f"/casussen/{eigen.pk}/leerbaarheidstoets/")
    einde_week = 6 - vandaag().weekday()
    termijn_maken(eigen, uiterlijk=dagen(einde_week), soort="voortgangsgesprek", signaal_dagen=30)
    termijn_maken(eigen, uiterlijk=dagen(einde_week + 10), soort="ontzorgen_evaluatie", signaal_dagen=30)
    termijn_maken(team, uiterlijk=dagen(-2), soort="pip_wettelijk")
    termijn_maken(ander, uiterlijk=dagen(-2), soort="pip_wettelijk")
    termijn_maken(eigen, uiterlijk=dagen(100), soort="termijn_eind")  # not due: no item
    termijnen_sweep()
    return world


def test_consultant_sees_overdue_first_then_this_week_then_later_with_links(lijst, client):
    c1 = lijst.users["c1"]
    eigen = lijst.cases["eigen"]
    client.force_login(c1)
    r = client.get(reverse("termijnen:werkvoorraad"))
    assert r.status_code == 200
    html = r.content.decode()
    groepen = r.context["werkvoorraad"].groepen
    assert [(g.code, [x.termijn.soort for x in g.regels]) for g in groepen] == [
        ("te_laat", ["pip_wettelijk", "lbt_plannen"]),
        ("deze_week", ["voortgangsgesprek"]),
        ("later", ["ontzorgen_evaluatie"]),
    ]
    assert html.index("Te laat (2)") < html.index("Deze week (1)") < html.index("Later (1)")
    assert f'href="/casussen/{eigen.pk}/pip/nieuw/"' in html  # the exact place to act
    assert f'href="/casussen/{eigen.pk}/leerbaarheidstoets/"' in html
    assert "3 dagen te laat" in html
    assert eigen.inburgeraar.volledige_naam in html
    assert lijst.cases["team"].inburgeraar.volledige_naam not in html  # a colleague's item
    # personal data on screen: the access log says who saw how many persons
    log = Toegangslog.objects.filter(url_naam="termijnen:werkvoorraad").latest("pk")
    assert (log.gebruiker, log.actie, log.aantal_personen) == (c1, "zoeken", 1)


def test_team_lead_sees_the_teams_overdue_items_per_consultant(lijst, client):
    client.force_login(lijst.users["tl"])
    r = client.get(reverse("termijnen:werkvoorraad"))
    html = r.content.decode()
    team = {c.naam: (c.te_laat, c.open, [x.casus.pk for x in c.regels]) for c in r.context["werkvoorraad"].team}
    c1, c2 = str(lijst.users["c1"]), str(lijst.users["c2"])
    assert team[c1] == (2, 4, [lijst.cases["eigen"].pk, lijst.cases["eigen"].pk])
    assert team[c2] == (1, 1, [lijst.cases["team"].pk])
    assert str(lijst.users["c3"]) not in team  # another team
    assert lijst.cases["ander"].inburgeraar.volledige_naam not in html
    assert f"{c1}: 2 te laat" in html and f"{c2}: 1 te laat" in html


def test_the_page_has_a_fixed_number_of_queries(lijst, client, django_assert_max_num_queries):
    for n in range(30):
        termijn_maken(lijst.cases["eigen"], uiterlijk=dagen(-5), soort="bezwaar_beslissen", sleutel=f"b{n}")
    termijnen_sweep()
    client.force_login(lijst.users["tl"])
    client.get(reverse("termijnen:werkvoorraad"))
    with django_assert_max_num_queries(14):
        r = client.get(reverse("termijnen:werkvoorraad"))
    assert len(r.context["werkvoorraad"].team[0].regels) == 32


def _header(html):
    m = re.search(r'<li class="app-nav__item"><a class="app-nav__link" href="/werkvoorraad/"[^>]*>(.*?)</a></li>', html)
    return re.sub(r"<[^>]+>", "", m.group(1)) if m else None


def test_header_counts_on_every_page_in_one_query(lijst, client):
    client.force_login(lijst.users["c1"])
    for url in (reverse("cases:caseload"), reverse("cases:detail", args=[lijst.cases["eigen"].pk])):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        assert _header(html) == "Werkvoorraad (4 open, 2 te laat)"
        eigen = [q for q in ctx.captured_queries if "termijnen_werkitem" in q["sql"]]
        assert len(eigen) == 1  # one aggregate query per request


def test_header_for_a_team_lead_shows_the_teams_overdue(lijst, client):
    client.force_login(lijst.users["tl"])
    assert _header(client.get(reverse("cases:team")).content.decode()) == "Werkvoorraad (0 open, team 3 te laat)"


def test_no_work_list_for_the_beheerder(lijst, client):
    client.force_login(lijst.users["fb"])
    assert client.get(reverse("termijnen:werkvoorraad")).status_code == 403
    html = client.get(reverse("admin:index")).content.decode()
    assert "Werkvoorraad" not in html


def test_items_leave_the_list_when_the_deadline_closes(lijst, client):
    from termijnen.services import termijnen_herberekenen

    # the rows were made directly; the sources want none of them (no dates, no PIP): a recompute closes them
    termijnen_herberekenen(casus_ids=[lijst.cases["eigen"].pk])
    assert not WerkItem.objects.filter(casus=lijst.cases["eigen"], afgehandeld_op__isnull=True).exists()
    client.force_login(lijst.users["c1"])
    assert _header(client.get(reverse("termijnen:werkvoorraad")).content.decode()) == "Werkvoorraad (0 open)"
