"""The caseload list: each filter, search and sort gives the rows it asks for, page by page."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import reverse

from cases import selectors, tables
from cases.models import Casus, Inburgeraar
from inburgering.lijsten import Lijst
from tests.conftest import make_case

pytestmark = pytest.mark.django_db

NAMEN = {100: "van der Berg", 101: "50% Korting", 102: "a_b", 103: "Bergman", 104: "Haddad"}


@pytest.fixture
def lijst_world(world):
    """c1 gets 30 more cases with varied names, statuses, target groups and activity."""
    c1 = world.users["c1"]
    for n in range(100, 130):
        doelgroep = "gezinsmigrant" if n % 3 == 0 else "asielstatushouder"
        casus = make_case(consultant=c1, team=world.team1, gemeente=world.gemeente_a, door=c1, n=n, doelgroep=doelgroep)
        velden = {"status": "uitvoering" if n % 2 else "intake", "actief": n % 7 != 0}
        Casus.objects.filter(pk=casus.pk).update(**velden)
        if n in NAMEN:
            Inburgeraar.objects.filter(pk=casus.inburgeraar_id).update(achternaam=NAMEN[n])
    return world


def _alle(user, vraag, sort="naam", per_pagina=7):
    """Every page of the list, in order, and the total it reports."""
    rijen, pagina = [], 1
    while True:
        lijst = Lijst(
            QueryDict(f"sort={sort}&page={pagina}"),
            tables.KOLOMMEN,
            standaard="naam",
            per_pagina=per_pagina,
            bijschrift="",
        )
        rijen += selectors.caseload(user, vraag, lijst)
        if pagina >= lijst.paginas:
            return rijen, lijst.totaal
        pagina += 1


def _verwacht(user, bereik, **filters):
    """The reference: the ORM over the cases the user works, filtered in Python."""
    qs = Casus.objects.select_related("inburgeraar")
    qs = qs.filter(consultant=user) if bereik == "mijn" else qs.filter(team__in=user.teams.all())
    uit = []
    for c in qs:
        if all(getattr(c, k) == v for k, v in filters.items()):
            uit.append(c.pk)
    return uit


@pytest.mark.parametrize(
    "vraag, filters",
    [
        ({}, {}),
        ({"status": "uitvoering"}, {"status": "uitvoering"}),
        ({"doelgroep": "gezinsmigrant"}, {"doelgroep": "gezinsmigrant"}),
        ({"actief": False}, {"actief": False}),
        ({"actief": True, "status": "intake"}, {"actief": True, "status": "intake"}),
        ({"bereik": "team"}, {}),
        (
            {"bereik": "team", "status": "intake", "doelgroep": "asielstatushouder"},
            {"status": "intake", "doelgroep": "asielstatushouder"},
        ),
    ],
)
def test_each_filter_gives_the_cases_it_asks_for(lijst_world, vraag, filters):
    c1 = lijst_world.users["c1"]
    rijen, totaal = _alle(c1, selectors.CaseloadVraag(**vraag))
    verwacht = _verwacht(c1, vraag.get("bereik", "mijn"), **filters)
    assert sorted(c["pk"] for c in rijen) == sorted(verwacht)
    assert totaal == len(verwacht) > 0


@pytest.mark.parametrize(
    "zoek, achternamen",
    [
        ("berg", {"van der Berg", "Bergman"}),
        ("BERG van", {"van der Berg"}),  # every word must match; case does not matter
        ("50%", {"50% Korting"}),  # % and _ are letters, not wildcards
        ("a_b", {"a_b"}),
        ("_", {"a_b"}),
        ("Persoon104", {"Haddad"}),
        ("onbekend", set()),
    ],
)
def test_search_by_name_words(lijst_world, zoek, achternamen):
    rijen, totaal = _alle(lijst_world.users["c1"], selectors.CaseloadVraag(zoek=zoek))
    assert {c["inburgeraar__achternaam"] for c in rijen} == achternamen
    assert totaal == len(achternamen)


def test_search_by_last_digits_or_whole_bsn(lijst_world):
    c1 = lijst_world.users["c1"]
    casus = Casus.objects.filter(consultant=c1).order_by("pk").last()
    bsn = casus.inburgeraar.bsn
    rijen, _ = _alle(c1, selectors.CaseloadVraag(zoek=bsn[-4:]))
    assert casus.pk in {c["pk"] for c in rijen}
    assert all(c["inburgeraar__bsn_laatste4"].endswith(bsn[-4:]) for c in rijen)
    assert [c["pk"] for c in _alle(c1, selectors.CaseloadVraag(zoek=bsn))[0]] == [casus.pk]
    assert _alle(c1, selectors.CaseloadVraag(zoek="123456789"))[1] == 0  # fails the elfproef
    assert _alle(c1, selectors.CaseloadVraag(zoek="12345"))[1] == 0  # neither last digits nor a BSN
    assert _alle(c1, selectors.CaseloadVraag(bsn_hmac=""))[1] == 0  # an unknown search token


@pytest.mark.parametrize(
    "sort", ["naam", "-naam", "status", "-doelgroep", "consultant", "datum_brp_inschrijving", "-gemeente"]
)
def test_pages_split_the_sorted_list_without_overlap(lijst_world, sort):
    c1 = lijst_world.users["c1"]
    rijen, totaal = _alle(c1, selectors.CaseloadVraag(bereik="team"), sort=sort)
    kolom = next(k for k in tables.KOLOMMEN if k.naam == sort.removeprefix("-"))
    teken = "-" if sort.startswith("-") else ""
    verwacht = list(
        Casus.objects.filter(team=lijst_world.team1)
        .order_by(*(teken + v for v in kolom.sorteer), f"{teken}pk")
        .values_list("pk", flat=True)
    )
    assert [c["pk"] for c in rijen] == verwacht
    assert totaal == len(verwacht) == 32


def test_the_page_shows_count_sorted_rows_and_pagination(lijst_world, client):
    client.force_login(lijst_world.users["c1"])
    html = client.get(reverse("cases:caseload"), {"sort": "-naam", "page": "2", "status": "intake"}).content.decode()
    aantal = Casus.objects.filter(consultant=lijst_world.users["c1"], status="intake").count()
    assert f"{aantal} casussen gevonden." in html
    assert '<th scope="col" aria-sort="descending">' in html
    assert "Pagina 1 van 1" not in html  # one page: no pagination
    assert html.count('<tr class="utrecht-table__row">') == aantal + 1  # the header row


def test_an_invalid_filter_says_why_and_lists_nothing(lijst_world, client):
    client.force_login(lijst_world.users["c1"])
    html = client.get(reverse("cases:caseload"), {"status": "bestaat-niet"}).content.decode()
    assert "Selecteer een geldige keuze" in html
    assert "0 casussen gevonden." in html and "Geen casussen gevonden." in html


def test_a_whole_bsn_is_searched_through_a_token_and_never_in_the_url(lijst_world, client):
    c1 = lijst_world.users["c1"]
    casus = Casus.objects.filter(consultant=c1).order_by("pk").last()
    client.force_login(c1)
    r = client.post(reverse("cases:caseload"), {"q": casus.inburgeraar.bsn, "bereik": "mijn"})
    assert r.status_code == 302 and casus.inburgeraar.bsn not in r.headers["Location"]
    html = client.get(r.headers["Location"]).content.decode()
    assert "1 casus gevonden." in html and f'href="/casussen/{casus.pk}/"' in html
    onbekend = client.get(reverse("cases:caseload"), {"bsn": "verzonnen"}).content.decode()
    assert "0 casussen gevonden." in onbekend


def test_team_lead_filters_on_a_consultant_of_the_own_team_only(lijst_world, client):
    client.force_login(lijst_world.users["tl"])
    html = client.get(reverse("cases:caseload"), {"consultant": lijst_world.users["c2"].pk}).content.decode()
    assert "1 casus gevonden." in html and "Achternaam2" in html
    ander = client.get(reverse("cases:caseload"), {"consultant": lijst_world.users["c3"].pk}).content.decode()
    assert "Selecteer een geldige keuze" in ander and "0 casussen gevonden." in ander
    assert f'<option value="{lijst_world.users["c1"].pk}">' in html


def test_a_case_without_consultant_shows_a_dash(lijst_world, client):
    casus = lijst_world.cases["team"]
    Casus.objects.filter(pk=casus.pk).update(consultant=None)
    client.force_login(lijst_world.users["tl"])
    html = client.get(reverse("cases:caseload"), {"q": casus.inburgeraar.achternaam}).content.decode()
    rij = html[
        html.index(f'href="/casussen/{casus.pk}/"') : html.index("</tr>", html.index(f'href="/casussen/{casus.pk}/"'))
    ]
    assert "<td>—</td>" in rij


@pytest.mark.parametrize(
    "delen, naam",
    [
        (("Amina", "", "Haddad"), "Amina Haddad"),
        (("Jan", "van der", "Berg"), "Jan van der Berg"),
        (("", "", "Berg"), "Berg"),
    ],
)
def test_full_name_of_a_person(delen, naam):
    from cases.rules import volledige_naam

    assert volledige_naam(*delen) == naam


@pytest.mark.parametrize(
    "delen, naam",
    [(("Sanne", "de Boer", "sanne"), "Sanne de Boer"), (("", "", "sanne"), "sanne"), (("Sanne", "", "s"), "Sanne")],
)
def test_display_name_of_staff(delen, naam):
    from inburgering.models import weergavenaam

    assert weergavenaam(*delen) == naam
