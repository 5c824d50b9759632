"""What DUO delivers moves the version of the row on: a form opened before the notification is stale,
gets the Dutch conflict message, and does not overwrite DUO's value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Casus
from inburgering.concurrency import CONFLICT_MESSAGE
from intake import services as intake_services
from intake.models import Leerbaarheidstoets
from tests.conftest import _valid_bsn
from tests.duo.test_verwerking import replay
from tests.intake.formulier import formdata, verborgen_versie

pytestmark = pytest.mark.django_db


def _openen(client, gebruiker, url_naam, casus):
    """`gebruiker` opens the form: (url, the form as shown, the version on the page)."""
    client.force_login(gebruiker)
    url = reverse(url_naam, kwargs={"casus_pk": casus.pk})
    r = client.get(url)
    return url, r.context["form"], verborgen_versie(r.content.decode())


@pytest.mark.parametrize(
    ("gebeurtenis", "veld", "duo_waarde"),
    [
        ("SS124", "doelgroep", "gezinsmigrant"),  # _doelgroep
        ("SS101", "datum_kennisgeving", dt.date(2025, 9, 15)),  # _casus_openen_of_bijwerken on a known case
    ],
)
def test_a_case_form_opened_before_a_duo_notification_gets_the_conflict(
    duo_world, duo_url, client, sim, gebeurtenis, veld, duo_waarde
):
    casus = duo_world.cases["eigen"]
    sim.personen[_valid_bsn(1)]["doelgroep"] = {
        "indeling": "Gezinsmigrant en overige migrant",
        "gedetailleerdeDoelgroep": "Gezinsvormer",
    }
    url, form, gezien = _openen(client, duo_world.users["c1"], "cases:bewerken", casus)
    assert gezien == casus.versie

    n = replay(client, gebeurtenis, _valid_bsn(1))
    casus.refresh_from_db()
    assert getattr(casus, veld) == duo_waarde and casus.versie == gezien + 1, n.resultaat

    client.force_login(duo_world.users["c1"])
    r = client.post(url, formdata(form, datum_huisvesting="2026-06-01"))  # the stale form, one field changed
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    casus = Casus.objects.get(pk=casus.pk)
    assert getattr(casus, veld) == duo_waarde and casus.datum_huisvesting is None  # DUO's value kept


def test_a_toets_form_opened_before_duo_delivers_the_result_gets_the_conflict(duo_world, duo_url, client, sim):
    casus, c1 = duo_world.cases["eigen"], duo_world.users["c1"]
    intake_services.leerbaarheidstoets_opslaan(casus=casus, data={"gepland_op": dt.date(2026, 4, 20)}, door=c1)
    url, form, gezien = _openen(client, c1, "intake:leerbaarheidstoets", casus)
    assert gezien == 1

    sim.personen[_valid_bsn(1)]["lbt"]["resultaten"] = [
        {
            "resultaat": "B1-route haalbaar",
            "behaaldeScore": "30,00",
            "benodigdeScore": "28,00",
            "datumAfname": "2026-04-20",
        }
    ]
    replay(client, "SS131", _valid_bsn(1))  # _lbt_resultaat
    toets = Leerbaarheidstoets.objects.get(casus=casus)
    assert (toets.score, toets.haalbaar, toets.versie) == (30, True, 2)

    client.force_login(c1)
    r = client.post(url, formdata(form, gepland_op="2026-04-27"))  # the stale form: planned, no score
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    toets.refresh_from_db()
    assert (toets.gepland_op, toets.score, toets.haalbaar, toets.versie) == (dt.date(2026, 4, 20), 30, True, 2)


def test_a_toets_duo_plans_makes_an_empty_form_stale(duo_world, duo_url, client):
    casus, c1 = duo_world.cases["eigen"], duo_world.users["c1"]
    url, form, gezien = _openen(client, c1, "intake:leerbaarheidstoets", casus)
    assert gezien == 0  # no toets yet

    replay(client, "SS137", _valid_bsn(1))  # _lbt_aangemeld: a new row, version 1
    assert Leerbaarheidstoets.objects.get(casus=casus).gepland_op == dt.date(2026, 5, 4)

    client.force_login(c1)
    r = client.post(url, formdata(form, gepland_op="2026-06-01"))
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    assert Leerbaarheidstoets.objects.get(casus=casus).gepland_op == dt.date(2026, 5, 4)
