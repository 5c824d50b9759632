"""The school API: a school's key reads and writes only its own students; bad input gets a 4xx with a
reason; schemathesis against the API's own OpenAPI schema finds no 5xx."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import TijdlijnGebeurtenis
from inburgering.models import Toegangslog
from leerroutes.models import Aanwezigheid, SchoolToken, Signaal, Urenregistratie

from . import scenario as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def scholen(world):
    """School A with c1's own case (S-A), school B with the team case (S-B); a key for each."""
    c1, c2 = world.users["c1"], world.users["c2"]
    eigen = s.met_pip(world.cases["eigen"], c1)
    team = s.met_pip(world.cases["team"], c2)
    a = s.school(naam="School A", gemeente=world.gemeente_a)
    b = s.school(naam="School B", gemeente=world.gemeente_a)
    aanbod_a = s.aanbod(eigen, c1, a, leerlingnummer="S-A")
    aanbod_b = s.aanbod(team, c2, b, leerlingnummer="S-B")
    return {"a": (a, aanbod_a, s.token(a)), "b": (b, aanbod_b, s.token(b))}


def _h(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _post(client, url, body, key):
    return client.post(url, data=json.dumps(body), content_type="application/json", **_h(key))


def url(name, **kw):
    return reverse(f"leerroutes_api:{name}", kwargs=kw or None)


def test_school_ziet_alleen_eigen_studenten(client, scholen):
    _, aanbod_a, key_a = scholen["a"]
    _, aanbod_b, _ = scholen["b"]
    r = client.get(url("inschrijvingen"), **_h(key_a))
    assert r.status_code == 200
    ids = [i["id"] for i in r.json()["results"]]
    assert ids == [aanbod_a.pk]
    assert r.json()["results"][0]["leerlingnummer"] == "S-A"
    assert client.get(url("inschrijving", pk=aanbod_a.pk), **_h(key_a)).status_code == 200
    assert client.get(url("inschrijving", pk=aanbod_b.pk), **_h(key_a)).status_code == 404
    assert client.get(url("uren", pk=aanbod_b.pk), **_h(key_a)).status_code == 404


def test_school_kan_niet_schrijven_voor_andere_school(client, scholen):
    _, _, key_a = scholen["a"]
    _, aanbod_b, _ = scholen["b"]
    body = {"maand": s.maand(1).isoformat(), "soort": "nt2", "uren": "10"}
    assert _post(client, url("uren", pk=aanbod_b.pk), body, key_a).status_code == 404
    body = {"maand": s.maand(1).isoformat(), "geplande_uren": "10", "aanwezige_uren": "1"}
    assert _post(client, url("aanwezigheid", pk=aanbod_b.pk), body, key_a).status_code == 404
    assert not Urenregistratie.objects.exists() and not Aanwezigheid.objects.exists()


def test_school_meldt_uren_idempotent(client, scholen):
    _, aanbod_a, key_a = scholen["a"]
    body = {"maand": (s.maand(1).replace(day=17)).isoformat(), "soort": "nt2", "uren": "42.5"}
    r = _post(client, url("uren", pk=aanbod_a.pk), body, key_a)
    assert r.status_code == 201, r.content
    assert r.json()["maand"] == s.maand(1).isoformat() and r.json()["bron"] == "api"
    assert _post(client, url("uren", pk=aanbod_a.pk), body, key_a).status_code == 200
    assert Urenregistratie.objects.get().uren == Decimal("42.5")
    assert client.get(url("uren", pk=aanbod_a.pk), **_h(key_a)).json()[0]["uren"] == "42.50"
    assert TijdlijnGebeurtenis.objects.filter(casus=aanbod_a.casus, titel__contains="door School A").count() == 1
    row = Urenregistratie.history.first()
    assert row.history_user is None  # the school is not a staff user


def test_lage_aanwezigheid_via_api_geeft_signaal(client, scholen):
    _, aanbod_a, key_a = scholen["a"]
    body = {"maand": s.maand(1).isoformat(), "geplande_uren": "40", "aanwezige_uren": "20"}
    r = _post(client, url("aanwezigheid", pk=aanbod_a.pk), body, key_a)
    assert r.status_code == 201 and r.json()["percentage"] == "50.0"
    assert Signaal.objects.filter(casus=aanbod_a.casus).count() == 1


@pytest.mark.parametrize(
    "body, veld",
    [
        ({"soort": "nt2", "uren": "10"}, "maand"),  # missing month
        ({"maand": "2024-13-01", "soort": "nt2", "uren": "10"}, "maand"),  # no such date
        ({"maand": "MAAND", "soort": "xx", "uren": "10"}, "soort"),  # unknown kind
        ({"maand": "MAAND", "soort": "nt2", "uren": "-1"}, "uren"),  # negative
        ({"maand": "MAAND", "soort": "nt2", "uren": "1000"}, "uren"),  # more than a month has
        ({"maand": "MAAND", "soort": "nt2", "uren": "NaN"}, "uren"),  # not a number
        ({"maand": "TOEKOMST", "soort": "nt2", "uren": "10"}, "non_field_errors"),  # a future month (service rule)
        ({"maand": "2000-01-01", "soort": "nt2", "uren": "10"}, "non_field_errors"),  # before the offer started
    ],
)
def test_ongeldige_uren_geven_400_met_reden(client, scholen, body, veld):
    _, aanbod_a, key_a = scholen["a"]
    toekomst = s.maand(0).replace(year=s.maand(0).year + 1)
    body = {
        k: (s.maand(1).isoformat() if v == "MAAND" else toekomst.isoformat() if v == "TOEKOMST" else v)
        for k, v in body.items()
    }
    r = _post(client, url("uren", pk=aanbod_a.pk), body, key_a)
    assert r.status_code == 400, r.content
    assert veld in r.json() and r.json()[veld][0]
    assert not Urenregistratie.objects.exists()


@pytest.mark.parametrize(
    "data, content_type",
    [
        ("{niet json", "application/json"),  # malformed JSON
        ("[]", "application/json"),  # a list, not an object
        ("maand=2024-01-01", "application/x-www-form-urlencoded"),  # not JSON at all
    ],
)
def test_onleesbare_body_geeft_4xx(client, scholen, data, content_type):
    _, aanbod_a, key_a = scholen["a"]
    r = client.post(url("uren", pk=aanbod_a.pk), data=data, content_type=content_type, **_h(key_a))
    assert 400 <= r.status_code < 500 and r.json()


def test_aanwezigheid_meer_aanwezig_dan_gepland_400(client, scholen):
    _, aanbod_a, key_a = scholen["a"]
    body = {"maand": s.maand(1).isoformat(), "geplande_uren": "10", "aanwezige_uren": "11"}
    r = _post(client, url("aanwezigheid", pk=aanbod_a.pk), body, key_a)
    assert r.status_code == 400 and "aanwezige_uren" in r.json()


def test_zonder_geldige_sleutel_geweigerd_ook_voor_ingelogde_medewerkers(client, scholen, world):
    _, aanbod_a, key_a = scholen["a"]
    assert client.get(url("inschrijvingen")).status_code == 403
    r = client.get(url("inschrijvingen"), HTTP_AUTHORIZATION="Token onzin")
    assert r.status_code == 403 and "API-sleutel" in r.json()["detail"]
    client.force_login(world.users["c1"])  # a staff session is no API key
    assert client.get(url("inschrijving", pk=aanbod_a.pk)).status_code == 403
    SchoolToken.objects.update(ingetrokken_op=timezone.now())
    assert client.get(url("inschrijvingen"), **_h(key_a)).status_code == 403


def test_api_toegang_staat_in_het_toegangslog(client, scholen):
    _, aanbod_a, key_a = scholen["a"]
    client.get(url("inschrijving", pk=aanbod_a.pk), **_h(key_a))
    log = Toegangslog.objects.filter(rol="School (API-sleutel)").get()
    assert log.casus_id == aanbod_a.casus_id and log.gebruikersnaam == "API School A" and log.actie == "bekijken"


def test_schema_is_openapi_met_alleen_de_school_api(client):
    r = client.get(url("schema"))
    assert r.status_code == 200
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/leerroutes/v1/inschrijvingen/",
        "/api/leerroutes/v1/inschrijvingen/{id}/",
        "/api/leerroutes/v1/inschrijvingen/{id}/uren/",
        "/api/leerroutes/v1/inschrijvingen/{id}/aanwezigheid/",
    }
    assert "schoolToken" in schema["components"]["securitySchemes"]


# --- schemathesis ------------------------------------------------------------------------------------


@pytest.fixture
def wsgi_zonder_verbinding_sluiten():
    """The WSGI app runs in the test's own transaction: keep Django from closing the connection
    after each request (the test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_schemathesis_vindt_geen_5xx(scholen, wsgi_zonder_verbinding_sluiten, settings):
    """Property-based requests from the API's own OpenAPI schema, with a valid key and with a
    foreign student's ids: never a server error, responses as documented."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hsettings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    from inburgering.wsgi import application

    settings.DEBUG = False
    _, aanbod_a, key_a = scholen["a"]
    schema = schemathesis.openapi.from_wsgi(url("schema"), application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 6
    seen = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @hsettings(
            max_examples=40,
            deadline=None,
            derandomize=True,
            database=None,  # no .hypothesis folder in the work tree
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            if case.path_parameters and "id" in case.path_parameters and case.path_parameters["id"] % 3 == 0:
                case.path_parameters["id"] = aanbod_a.pk  # reach the real student too
            response = case.call(headers={"Authorization": f"Token {key_a}"})
            seen.add(response.status_code)
            case.validate_response(
                response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
            )

        run()
    assert not any(code >= 500 for code in seen)
    assert {200, 400, 404} <= seen
