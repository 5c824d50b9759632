"""The team dashboard: caseload per consultant per phase, deadlines, PIPs on time, and who sees it.

Today is Wednesday 18 November 2026; "this week" runs to Sunday 22 November.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.dashboards.scenario import (
    D,
    casus,
    pip,
    tabel,
    termijn,
    verversen,
)

N = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    """The world's cases (eigen: c1 aangemeld; team: c2 aangemeld; ander: c3 in team 2) plus these.

    The deadlines are rows of the termijnen app (its recompute writes them from every app's data;
    here they are made directly with the dates the test needs)."""
    c = {}
    c["d1"] = casus(world, consultant="c1", status="uitvoering", datum_brp_inschrijving=D(2025, 1, 13))
    pip(c["d1"], D(2025, 2, 20))  # deadline 24 Mar 2025: on time
    termijn(c["d1"], "voortgangsgesprek", D(2026, 11, 10))  # overdue
    c["d2"] = casus(world, consultant="c1", status="uitvoering", datum_brp_inschrijving=D(2025, 1, 13))
    pip(c["d2"], D(2025, 4, 1))  # late
    termijn(c["d2"], "voortgangsgesprek", D(2026, 11, 20))  # due this week
    c["d3"] = casus(
        world, consultant="c1", status="intake", datum_brp_inschrijving=D(2025, 2, 3)
    )  # no PIP, deadline 14 Apr 2025
    termijn(c["d3"], "pip_wettelijk", D(2025, 4, 14))  # overdue
    termijn(c["d3"], "lbt_plannen", D(2025, 3, 3))  # also overdue: the case counts once
    c["d4"] = casus(world, consultant="c2", status="pip_in_voorbereiding", datum_brp_inschrijving=D(2026, 10, 5))
    termijn(c["d4"], "pip_wettelijk", D(2026, 12, 14))  # later
    c["d5"] = casus(world, consultant="c2", status="uitvoering", datum_brp_inschrijving=D(2026, 9, 10))
    pip(c["d5"], D(2026, 10, 20))  # on time
    termijn(c["d5"], "ontzorgen_evaluatie", D(2026, 11, 22))  # due Sunday: this week
    termijn(c["d5"], "pip_wettelijk", D(2026, 11, 1), gesloten=True)  # closed (the PIP came): not counted
    termijn(c["d5"], "schakelen", D(2026, 11, 1), te_laat=False)  # a window that closed cannot be overdue
    c["d6"] = casus(
        world, consultant="c2", status="afronding", doelgroep="gezinsmigrant", datum_kennisgeving=D(2024, 5, 5)
    )
    pip(c["d6"], D(2024, 7, 1))  # on time
    termijn(c["d6"], "termijn_eind", D(2026, 11, 23))  # next Monday: later
    c["d7"] = casus(world, consultant="c2", status="intake", datum_brp_inschrijving=D(2026, 9, 10))  # no PIP
    termijn(c["d7"], "pip_wettelijk", D(2026, 11, 19))  # Thursday: this week
    c["d8"] = casus(world, consultant="c1", status="afgesloten", actief=False, datum_brp_inschrijving=D(2020, 1, 1))
    termijn(c["d8"], "pip_wettelijk", D(2020, 3, 11))  # a closed case is not on the dashboard
    c["d9"] = casus(world, consultant="c2", status="opgeschort")
    c["d10"] = casus(world, consultant=None, status="intake")  # not assigned
    c["d11"] = casus(
        world,
        consultant="c3",
        team=world.team2,
        gemeente=world.gemeente_b,
        status="intake",
        datum_brp_inschrijving=D(2025, 1, 1),
    )
    termijn(c["d11"], "pip_wettelijk", D(2025, 3, 12))  # overdue, but team 2's
    verversen()
    return c


def fasen(warme, intake, pip_, uitvoering, afronding, opgeschort):
    return {
        "Warme overdracht": warme,
        "Intake": intake,
        "PIP in voorbereiding": pip_,
        "Uitvoering": uitvoering,
        "Afronding": afronding,
        "Opgeschort": opgeschort,
    }


def regel(fase, totaal, te_laat, deze_week, op_tijd, beoordeeld, pct):
    return {
        **fase,
        "Totaal actief": totaal,
        "Termijnen te laat": te_laat,
        "Termijnen deze week": deze_week,
        "PIP's op tijd": op_tijd,
        "PIP's beoordeeld": beoordeeld,
        "PIP op tijd": pct,
    }


def dashboard(client, user, **params):
    client.force_login(user)
    return client.get(reverse("dashboards:team"), params)


def test_caseload_per_consultant_per_fase_met_termijnen_en_pips_op_tijd(world, client, team, vandaag):
    r = dashboard(client, world.users["tl"])
    assert r.status_code == 200
    assert tabel(r, "team-caseload") == {
        # c1: eigen (aangemeld), d3 (intake), d1 + d2 (uitvoering); overdue: d1 (gesprek), d3 (PIP and toets); this week: d2;
        # PIP on time: d1 yes, d2 late, d3 overdue without PIP → 1 of 3
        "Consultant1 Test": regel(fasen(1, 1, 0, 2, 0, 0), 4, 2, 1, 1, 3, N("33.3")),
        # c2: team (aangemeld), d7 (intake), d4 (PIP), d5 (uitvoering), d6 (afronding), d9 (opgeschort);
        # this week: d5 (ontzorgen evaluation on Sunday), d7 (PIP deadline Thursday); PIP: d5, d6 on time, d4 and d7 still open → 2 of 2
        "Consultant2 Test": regel(fasen(1, 1, 1, 1, 1, 1), 6, 0, 2, 2, 2, N("100.0")),
        "Niet toegewezen": regel(fasen(0, 1, 0, 0, 0, 0), 1, 0, 0, 0, 0, None),
        # team 2's consultant and case (d11) and the closed case (d8) are not there
        "Totaal": regel(fasen(2, 3, 1, 3, 1, 1), 11, 2, 3, 3, 5, N("60.0")),
    }


def _link(r, rij, kolom):
    t = next(t for t in r.context["tabellen"] if t.id == "team-caseload")
    i = [k.label for k in t.kolommen].index(kolom)
    cel = next(x for x in t.rijen + [t.voet] if x[0].waarde == rij)[i]
    return cel.url


def test_elk_getal_opent_de_lijst_erachter_en_die_wordt_gelogd(world, client, team, vandaag):
    from inburgering.models import Toegangslog

    r = dashboard(client, world.users["tl"])
    url = _link(r, "Consultant1 Test", "Termijnen te laat")
    assert parse_qs(urlsplit(url).query) == {
        "bron": ["team"],
        "termijn": ["te_laat"],
        "consultant": [str(world.users["c1"].pk)],
    }
    lijst = client.get(url)
    assert lijst.status_code == 200
    namen = {rec["pk"] for rec in lijst.context["casussen"]}
    assert namen == {team["d1"].pk, team["d3"].pk}
    log = Toegangslog.objects.filter(url_naam="dashboards:casussen").latest("tijdstip")
    assert (log.gebruiker, log.actie, log.aantal_personen) == (world.users["tl"], "zoeken", 2)

    lijst = client.get(_link(r, "Totaal", "Warme overdracht"))
    assert {rec["pk"] for rec in lijst.context["casussen"]} == {world.cases["eigen"].pk, world.cases["team"].pk}
    lijst = client.get(_link(r, "Niet toegewezen", "Intake"))
    assert {rec["pk"] for rec in lijst.context["casussen"]} == {team["d10"].pk}
    lijst = client.get(_link(r, "Consultant2 Test", "Termijnen deze week"))
    assert {rec["pk"] for rec in lijst.context["casussen"]} == {team["d5"].pk, team["d7"].pk}
    lijst = client.get(_link(r, "Consultant1 Test", "PIP's beoordeeld"))
    assert {rec["pk"] for rec in lijst.context["casussen"]} == {team["d1"].pk, team["d2"].pk, team["d3"].pk}


def test_filters_gemeente_team_consultant_cohort_doelgroep(world, client, team, vandaag):
    r = dashboard(client, world.users["tl"], consultant=world.users["c2"].pk)
    assert list(tabel(r, "team-caseload")) == ["Consultant2 Test", "Totaal"]
    r = dashboard(client, world.users["tl"], doelgroep="gezinsmigrant")
    assert (
        tabel(r, "team-caseload")["Totaal"]["Afronding"] == 1
        and tabel(r, "team-caseload")["Totaal"]["Totaal actief"] == 1
    )
    r = dashboard(client, world.users["tl"], cohort=2024)  # the gezinsmigrant's kennisgeving year
    assert tabel(r, "team-caseload")["Totaal"]["Totaal actief"] == 1
    r = dashboard(client, world.users["tl"], gemeente=world.gemeente_a.pk, team=world.team1.pk)
    assert tabel(r, "team-caseload")["Totaal"]["Totaal actief"] == 11


def test_een_teamleider_ziet_alleen_eigen_teams(world, client, team, vandaag):
    # team 2 (gemeente B) is not the lead's: choosing it is refused, nothing of it is shown
    r = dashboard(client, world.users["tl"], team=world.team2.pk)
    assert r.status_code == 200 and not r.context["geldig"]
    assert r.context["tabellen"] == []
    assert "team" in r.context["form"].errors
    r = dashboard(client, world.users["tl"], gemeente=world.gemeente_b.pk)
    assert not r.context["geldig"]
    # the list behind a number never shows another team's case, even when asked for its consultant
    client.force_login(world.users["tl"])
    lijst = client.get(reverse("dashboards:casussen"), {"bron": "team", "termijn": "te_laat"})
    assert team["d11"].pk not in {rec["pk"] for rec in lijst.context["casussen"]}
    assert (
        client.get(reverse("dashboards:casussen"), {"bron": "team", "consultant": world.users["c3"].pk}).status_code
        == 404
    )
    # the KPI figures of the team lead leave team 2 out as well
    r = client.get(reverse("dashboards:kpi"))
    assert tabel(r, "kpi-pip-wettelijk")["Totaal"]["Niet behaald"] == 3  # d2, d3 and the closed d8; not d11 (team 2)
    # a lead of team 2 sees exactly team 2
    from tests.conftest import make_user

    tl2 = make_user("teamleider2", "teamleider", [world.team2])
    t = tabel(dashboard(client, tl2), "team-caseload")
    assert set(t) == {"Consultant3 Test", "Totaal"}
    assert t["Totaal"]["Totaal actief"] == 2 and t["Totaal"]["Termijnen te laat"] == 1  # ander + d11


def test_een_consultant_krijgt_geen_teamdashboard(world, client, team, vandaag):
    client.force_login(world.users["c1"])
    for url in (
        reverse("dashboards:team"),
        reverse("dashboards:kpi"),
        reverse("dashboards:casussen") + "?bron=team",
        reverse("dashboards:tabel_export", args=["team-caseload", "csv"]),
        reverse("dashboards:exports"),
    ):
        assert client.get(url).status_code == 403, url


def test_de_beheerder_ziet_kpis_zonder_lijsten_maar_geen_teamdashboard(world, client, team, vandaag):
    client.force_login(world.users["fb"])
    assert client.get(reverse("dashboards:team")).status_code == 403
    assert client.get(reverse("dashboards:casussen") + "?bron=kpi").status_code == 403
    r = client.get(reverse("dashboards:kpi"))
    assert r.status_code == 200
    assert "consultant" not in r.context["form"].fields  # no per-consultant figures for the beheerder
    t = next(t for t in r.context["tabellen"] if t.id == "kpi-pip-wettelijk")
    assert not any(c.url for rij in t.rijen for c in rij)  # aggregates only: no links to persons
    assert tabel(r, "kpi-pip-wettelijk")["Totaal"]["Niet behaald"] == 4  # d2, d3, the closed d8 and team 2's d11


def test_termijnen_komen_uit_de_termijnbewaking(world, client, vandaag):
    """Wired to the termijnen app: its recompute writes the rows the dashboard counts."""
    from termijnen.services import termijnen_herberekenen

    oud = casus(world, consultant="c1", status="intake", datum_brp_inschrijving=D(2025, 2, 3))  # PIP due 14 Apr 2025
    nieuw = casus(world, consultant="c2", status="intake", datum_brp_inschrijving=D(2026, 9, 10))  # PIP due 19 Nov 2026
    termijnen_herberekenen(casus_ids=[oud.pk, nieuw.pk], vandaag=vandaag)
    t = tabel(dashboard(client, world.users["tl"]), "team-caseload")
    assert t["Consultant1 Test"]["Termijnen te laat"] == 1
    assert t["Consultant2 Test"]["Termijnen deze week"] == 1
    pip(oud, D(2026, 11, 17))  # the PIP is vastgesteld: its deadline closes
    termijnen_herberekenen(casus_ids=[oud.pk], vandaag=vandaag)
    t = tabel(dashboard(client, world.users["tl"]), "team-caseload")
    assert (
        t["Consultant1 Test"]["Termijnen te laat"] == 0
    )  # the PIP and toets deadlines closed; the first talk is due in December
