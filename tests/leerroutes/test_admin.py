"""Configuration in the admin: the functioneel beheerder sets up schools, contracts and API keys."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from inburgering.permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER
from leerroutes.models import Contract, Leerroute, SchoolToken, Taalaanbieder

pytestmark = pytest.mark.django_db


def test_routes_zijn_geseed_met_hun_parameters(world, client):
    assert set(Leerroute.objects.values_list("code", flat=True)) == {"b1", "onderwijs", "z"}
    client.force_login(world.users["fb"])
    z = Leerroute.objects.get(code="z")
    html = client.get(reverse("admin:leerroutes_leerroute_change", args=[z.pk])).content.decode()
    assert "Z-route: minimaal aantal cursusuren" in html and "<strong>800</strong>" in html


def test_beheerder_heeft_de_configuratie_consultant_niet():
    beheer = set(Group.objects.get(name=FUNCTIONEEL_BEHEERDER).permissions.values_list("codename", flat=True))
    consultant = set(Group.objects.get(name=CONSULTANT).permissions.values_list("codename", flat=True))
    for model in ("taalaanbieder", "contract", "contractprijs", "schooltoken", "participatieaanbieder", "leerroute"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= beheer
        assert f"change_{model}" not in consultant
    # case data stays out of the beheerder's reach
    assert "view_inburgeringsaanbod" not in beheer and "view_inburgeringsaanbod" in consultant


def test_school_contract_en_sleutel_via_de_admin(world, client):
    client.force_login(world.users["fb"])
    r = client.post(
        reverse("admin:leerroutes_taalaanbieder_add"),
        {
            "naam": "Taalhuis Elst",
            "actief": "on",
            "keurmerk": "blik_op_werk",
            "bow_nummer": "12345",
            "instellingsnummer": "0123456789",
            "contactpersonen-TOTAL_FORMS": "1",
            "contactpersonen-INITIAL_FORMS": "0",
            "contactpersonen-0-naam": "P. Bakker",
            "contactpersonen-0-functie": "mentor",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    school = Taalaanbieder.objects.get(naam="Taalhuis Elst")
    assert school.contactpersonen.get().functie == "mentor"
    b1 = Leerroute.objects.get(code="b1")
    r = client.post(
        reverse("admin:leerroutes_contract_add"),
        {
            "taalaanbieder": school.pk,
            "gemeenten": [world.gemeente_a.pk],
            "kenmerk": "2024-INB-01",
            "geldig_van": "2024-01-01",
            "geldig_tot": "2025-12-31",
            "prijzen-TOTAL_FORMS": "1",
            "prijzen-INITIAL_FORMS": "0",
            "prijzen-0-leerroute": b1.pk,
            "prijzen-0-prijs": "10250.00",
            "prijzen-0-eenheid": "traject",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Contract.objects.get(kenmerk="2024-INB-01").prijzen.get().prijs == 10250
    r = client.post(
        reverse("admin:leerroutes_schooltoken_add"),
        {"taalaanbieder": school.pk, "omschrijving": "administratie"},
        follow=True,
    )
    html = r.content.decode()
    key = re.search(r"De API-sleutel voor Taalhuis Elst is: (\S+) ", html).group(1)
    token = SchoolToken.objects.get(taalaanbieder=school)
    assert key not in (token.sleutel_hash, token.prefix) and key.startswith(token.prefix)
    assert SchoolToken.zoek(key) == token
    # the key is not shown again
    assert key not in client.get(reverse("admin:leerroutes_schooltoken_change", args=[token.pk])).content.decode()


def test_contract_einde_voor_begin_geweigerd(world, client):
    client.force_login(world.users["fb"])
    school = Taalaanbieder.objects.create(naam="X")
    r = client.post(
        reverse("admin:leerroutes_contract_add"),
        {
            "taalaanbieder": school.pk,
            "gemeenten": [world.gemeente_a.pk],
            "kenmerk": "K",
            "geldig_van": "2025-01-01",
            "geldig_tot": "2024-01-01",
            "prijzen-TOTAL_FORMS": "0",
            "prijzen-INITIAL_FORMS": "0",
        },
    )
    assert r.status_code == 200 and "De einddatum ligt vóór de begindatum" in r.content.decode()
