"""The Notificatie API: who may post, what a malformed post gets, idempotency on berichtId."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from duo.api import API_VERSION
from duo.models import Notificatie
from inburgering.models import Toegangslog
from tests.conftest import _valid_bsn
from tests.duo.conftest import OIN_A, TOKEN, notificatie_posten

pytestmark = pytest.mark.django_db


def _leeg(response, status):
    assert response.status_code == status
    assert response["API-Version"] == API_VERSION
    assert response.content == b""  # 201/400/401/403: the spec defines no body


def test_a_valid_notification_is_stored_and_answered_201(duo_world, client):
    bericht_id = str(uuid.uuid4())
    r = notificatie_posten(client, gebeurtenis="SS101", bsn=_valid_bsn(7), bericht_id=bericht_id)
    _leeg(r, 201)
    n = Notificatie.objects.get(bericht_id=bericht_id)
    assert (n.gebeurtenis_id, n.status, n.gemeente) == ("SS101", Notificatie.Status.ONTVANGEN, duo_world.gemeente_a)
    assert n.bsn == _valid_bsn(7) and n.bsn_versleuteld != _valid_bsn(7)  # encrypted at rest
    assert n.registratie_datum_tijd.isoformat() == "2026-05-04T07:30:00+00:00"


def test_the_same_berichtid_twice_is_stored_once_and_answered_201_both_times(duo_world, client):
    bericht_id = str(uuid.uuid4())
    for _ in range(2):
        _leeg(notificatie_posten(client, gebeurtenis="SS102", bsn=_valid_bsn(1), bericht_id=bericht_id), 201)
    assert Notificatie.objects.filter(bericht_id=bericht_id).count() == 1


def test_the_berichtid_is_matched_case_insensitively(duo_world, client):
    bericht_id = str(uuid.uuid4())
    _leeg(notificatie_posten(client, gebeurtenis="SS102", bsn=_valid_bsn(1), bericht_id=bericht_id), 201)
    _leeg(notificatie_posten(client, gebeurtenis="SS102", bsn=_valid_bsn(1), bericht_id=bericht_id.upper()), 201)
    assert Notificatie.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    [
        None,  # no credential at all
        "verkeerd",  # a wrong credential
        "",  # an empty bearer
    ],
)
def test_without_the_credential_the_answer_is_401_and_nothing_is_stored(duo_world, client, token):
    r = notificatie_posten(client, gebeurtenis="SS101", bsn=_valid_bsn(7), token=token)
    _leeg(r, 401)
    assert not Notificatie.objects.exists()


def test_when_no_credential_is_configured_everything_is_refused(duo_world, client, settings):
    settings.DUO_NOTIFICATIE_TOKEN = ""
    _leeg(notificatie_posten(client, gebeurtenis="SS101", bsn=_valid_bsn(7), token=""), 401)


def test_a_logged_in_member_of_staff_is_not_duo(duo_world, client):
    """A session is no credential: a consultant (MFA passed) posting gets 401 like anyone else."""
    client.force_login(duo_world.users["c1"])
    _leeg(notificatie_posten(client, gebeurtenis="SS101", bsn=_valid_bsn(7), token=None), 401)


def test_the_tls_proxy_header_with_duos_oin_authenticates(duo_world, client, settings):
    settings.DUO_NOTIFICATIE_TOKEN = ""
    settings.DUO_NOTIFICATIE_CERT_HEADER = "X-Client-Cert-OIN"
    ok = notificatie_posten(
        client, gebeurtenis="SS101", bsn=_valid_bsn(7), token=None, **{"X-Client-Cert-OIN": settings.DUO_OIN}
    )
    _leeg(ok, 201)
    fout = notificatie_posten(
        client, gebeurtenis="SS101", bsn=_valid_bsn(7), token=None, **{"X-Client-Cert-OIN": OIN_A}
    )
    _leeg(fout, 401)


def test_csrf_does_not_apply_to_the_api(duo_world):
    _leeg(notificatie_posten(Client(enforce_csrf_checks=True), gebeurtenis="SS101", bsn=_valid_bsn(7)), 201)


@pytest.mark.parametrize(
    "wijziging",
    [
        {"headers": {"berichtId": "geen-uuid"}},  # berichtId is a UUID
        {"headers": {"bron": "123"}},  # bron is an OIN of 20 characters
        {"headers": {"doel": "1" * 21}},  # doel is an OIN of 20 characters
        {"zonder": "berichtId"},  # required header
        {"zonder": "bron"},
        {"zonder": "doel"},
        {"body": {"gebeurtenisId": "SS101"}},  # registratieDatumTijd is required
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00+02:00"}},  # gebeurtenisId is required
        {"body": {"registratieDatumTijd": "4 mei 2026", "gebeurtenisId": "SS101"}},  # date-time
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00", "gebeurtenisId": "SS101"}},  # no offset
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "ss101"}},  # ^[0-9A-Z]{1,6}$
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS1010X"}},  # at most 6
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101", "bsn": "12345678"}},
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101", "bsn": 123456782}},
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101", "vNummer": -1}},
        {"body": {"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101", "vNummer": "12"}},
        {"body": ["SS101"]},  # not an object
        {"raw": b"{niet: json"},  # not JSON
        {"raw": b'{"gebeurtenisId": "SS101"}', "content_type": "text/plain"},  # not application/json
    ],
)
def test_a_malformed_post_gets_400_and_nothing_is_stored(duo_world, client, settings, wijziging):
    headers = {
        "bron": settings.DUO_OIN,
        "doel": OIN_A,
        "berichtId": str(uuid.uuid4()),
        "Authorization": f"Bearer {TOKEN}",
    }
    headers.update(wijziging.get("headers", {}))
    headers.pop(wijziging.get("zonder", "-"), None)
    body = wijziging.get("body", {"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101"})
    data = wijziging.get("raw")
    if data is None:
        import json

        data = json.dumps(body)
    r = client.post(
        "/notificaties", data=data, content_type=wijziging.get("content_type", "application/json"), headers=headers
    )
    _leeg(r, 400)
    assert not Notificatie.objects.exists()


def test_authentication_comes_before_validation(duo_world, client):
    """Without the credential a malformed post learns nothing about its errors: 401, not 400."""
    r = client.post("/notificaties", data="{}", content_type="application/json", headers={"berichtId": "x"})
    _leeg(r, 401)


def test_another_bron_than_duo_is_403(duo_world, client):
    r = client.post(
        "/notificaties",
        data={"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101"},
        content_type="application/json",
        headers={"bron": OIN_A, "doel": OIN_A, "berichtId": str(uuid.uuid4()), "Authorization": f"Bearer {TOKEN}"},
    )
    _leeg(r, 403)


def test_a_doel_that_is_no_gemeente_of_this_installation_is_403(duo_world, client):
    _leeg(notificatie_posten(client, gebeurtenis="SS101", bsn=_valid_bsn(7), doel="9" * 20), 403)
    assert not Notificatie.objects.exists()


def test_maintenance_answers_503_with_a_foutmelding(duo_world, client, settings):
    settings.DUO_NOTIFICATIE_ONDERHOUD = True
    r = notificatie_posten(client, gebeurtenis="SS101", bsn=_valid_bsn(7))
    assert r.status_code == 503 and r["API-Version"] == API_VERSION
    assert set(r.json()) == {"fouttekst"} and len(r.json()["fouttekst"]) <= 200


def test_an_internal_error_answers_500_with_the_version_header(duo_world, client, monkeypatch):
    from duo import services

    def kapot(**kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(services, "notificatie_ontvangen", kapot)
    r = notificatie_posten(client, gebeurtenis="SS101", bsn=_valid_bsn(7))
    assert r.status_code == 500 and r["API-Version"] == API_VERSION and r.content == b""


def test_only_post_is_allowed(duo_world, client):
    r = client.get("/notificaties")
    assert r.status_code == 405 and r["Allow"] == "POST"


def test_an_unknown_gebeurtenis_is_stored_for_the_beheerder_not_dropped(duo_world, client):
    r = notificatie_posten(client, gebeurtenis="SS999", bsn=_valid_bsn(1))
    _leeg(r, 201)
    n = Notificatie.objects.get()
    assert n.status == Notificatie.Status.ONBEKEND and "niet verwerkt" in n.resultaat
    client.force_login(duo_world.users["fb"])
    lijst = client.get("/admin/duo/notificatie/?aandacht=ja")
    assert lijst.status_code == 200
    assert "SS999" in lijst.content.decode() and "Onbekende gebeurtenis" in lijst.content.decode()


def test_every_accepted_notification_is_in_the_access_log(duo_world, client):
    bericht_id = str(uuid.uuid4())
    notificatie_posten(client, gebeurtenis="SS102", bsn=_valid_bsn(1), bericht_id=bericht_id)
    regel = Toegangslog.objects.get(object_id=bericht_id)
    assert (regel.gebruikersnaam, regel.url_naam, regel.statuscode) == ("DUO", "duo:notificaties", 201)
    assert regel.inburgeraar_id == duo_world.cases["eigen"].inburgeraar_id
