"""The journey at a glance: the right parts per doelgroep and route, with their state, on the case page."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from leerroutes import selectors, services

from . import scenario as s

pytestmark = pytest.mark.django_db


def _taken(casus, mag_bewerken=True, vandaag=None):
    stand = selectors.traject_stand(casus, vandaag=vandaag or s.vandaag(), mag_bewerken=mag_bewerken)
    return {t.naam.split(" (")[0].split(":")[0]: t for t in stand.taken}


def test_geen_pip_nog_niets(world):
    stand = selectors.traject_stand(world.cases["eigen"], vandaag=s.vandaag(), mag_bewerken=True)
    assert [t.status for t in stand.taken] == ["Start na het vastgestelde PIP"]


def test_asielstatushouder_b1_route(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    taken = _taken(casus)
    assert list(taken) == [
        "Inburgeringsaanbod",
        "Uren en aanwezigheid",
        "Voortgangsgesprekken",
        "Examens",
        "Z-route",
        "MAP",
        "PVT",
    ]
    eerste, _ = selectors.pip_eerste_en_huidige(casus)
    assert taken["Inburgeringsaanbod"].status == "Nog niet gestart"
    assert taken["Examens"].status.startswith("Nog niet gestart, uiterlijk")
    assert str(eerste.termijn_eind.year) in taken["Examens"].status
    assert taken["Z-route"].status == "Niet van toepassing"
    assert taken["MAP"].variant == "neutral" and "uiterlijk" in taken["MAP"].status
    assert "uiterlijk" in taken["PVT"].status
    # 200 days after the PIP without any gesprek: the first (monthly) one is overdue
    assert taken["Voortgangsgesprekken"].variant == "error"

    school = s.school(gemeente=casus.gemeente)
    s.aanbod(casus, c1, school)
    services.voortgangsgesprek_vastleggen(casus=casus, data={"datum": s.vandaag(), "afspraken": "Doorgaan."}, door=c1)
    services.examen_registreren(casus=casus, onderdeel="KNM", datum=s.vandaag(), resultaat="geslaagd", door=c1)
    taken = _taken(casus)
    assert taken["Inburgeringsaanbod"].variant == "ok" and "Taalschool Noord" in taken["Inburgeringsaanbod"].status
    assert taken["Voortgangsgesprekken"].variant == "info" and taken["Voortgangsgesprekken"].status.startswith(
        "1 gehouden"
    )
    assert taken["Examens"].status.startswith("1 van 5 onderdelen behaald")


def test_onderwijsroute_geen_map(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="onderwijs")
    taken = _taken(casus)
    assert taken["MAP"].status == "Niet van toepassing (onderwijsroute)" and taken["MAP"].url == ""
    assert "uiterlijk" in taken["Examens"].status
    assert taken["Z-route"].status == "Niet van toepassing"
    assert "uiterlijk" in taken["PVT"].status


def test_zroute_gezinsmigrant(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="z", doelgroep="gezinsmigrant")
    taken = _taken(casus)
    assert "Advies leerroute" in taken and "Inburgeringsaanbod" not in taken
    assert taken["Examens"].status == "Niet van toepassing (Z-route)"
    assert "uiterlijk" in taken["Z-route"].status and taken["Z-route"].url
    assert "uiterlijk" in taken["MAP"].status
    s.aanbod(casus, c1, s.school(naam="Eigen keuze"))
    for i in range(5):
        services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(i), uren=Decimal("170"), door=c1)
    services.zroute_afronden(casus=casus, eindgesprek_op=s.vandaag(), verslag="Afgerond.", door=c1)
    taken = _taken(casus)
    assert taken["Z-route"].variant == "ok" and taken["Z-route"].status.startswith("Afgerond op")


def test_te_laat_na_einde_termijn(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    eerste, _ = selectors.pip_eerste_en_huidige(casus)
    taken = _taken(casus, vandaag=eerste.termijn_eind + dt.timedelta(days=1))
    assert taken["PVT"].variant == "error" and taken["PVT"].status.startswith("Te laat")
    assert taken["MAP"].variant == "error"


def test_alleen_lezen_geeft_geen_bewerklinks(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    assert all(
        t.url == "" or "uitvoering/" in t.url and t.url.endswith("uitvoering/") for t in _taken(casus, False).values()
    )


def test_casuspagina_toont_het_traject(world, client):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="onderwijs")
    client.force_login(c1)
    html = client.get(reverse("cases:detail", kwargs={"casus_pk": casus.pk})).content.decode()
    sectie = html[html.index('id="kop-uitvoering"') :]
    sectie = sectie[: sectie.index("</section>")]
    assert "Niet van toepassing (onderwijsroute)" in sectie
    assert re.search(r"PVT \(participatieverklaringstraject\)", sectie)
    assert reverse("leerroutes:overzicht", kwargs={"casus_pk": casus.pk}) in sectie


def test_casuspagina_querys_begrensd(world, client, django_assert_max_num_queries):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    school = s.school(gemeente=casus.gemeente)
    aanbod = s.aanbod(casus, c1, school)
    for i in range(4):
        services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(i), uren=Decimal("40"), door=c1)
        services.aanwezigheid_registreren(aanbod=aanbod, maand=s.maand(i), geplande_uren=40, aanwezige_uren=20, door=c1)
    client.force_login(c1)
    url = reverse("leerroutes:overzicht", kwargs={"casus_pk": casus.pk})
    with django_assert_max_num_queries(35):
        assert client.get(url).status_code == 200
