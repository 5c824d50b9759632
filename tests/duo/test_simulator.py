"""The DUO simulator: serves the specified endpoints from fixtures, enforces DUO's rules, is idempotent
on berichtId, can be down, and posts notifications to the product."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests
from django.conf import settings

from duo import spec
from duo.simulator import DuoSimulator, draaien

BRON = "00000001000001000000"


def kop(**extra):
    return {
        "bron": BRON,
        "doel": settings.DUO_OIN,
        "berichtId": str(uuid.uuid4()),
        "content-type": "application/json",
        **extra,
    }


@pytest.fixture
def sim():
    return DuoSimulator()


def test_raadpleging_from_fixtures(sim):
    a = sim.afhandelen("GET", "/v1/personen/990043563/PIP", kop(), b"")
    assert a.status == 200 and a.body["gemeentecode"] == "0202" and a.headers["API-Version"]
    assert sim.afhandelen("GET", "/v1/personen/990099990/inburgeringsplicht", kop(), b"").status == 404
    assert sim.afhandelen("GET", "/v1/personen/990007819/inburgeringstermijn", kop(), b"").status == 404  # none yet
    assert len(sim.afhandelen("GET", "/v1/instellingen", kop(), b"").body) == 3


def test_in_demo_mode_every_bsn_is_an_inburgeringsplichtige():
    demo = DuoSimulator(iedereen_bekend=True)
    a = demo.afhandelen("GET", "/v1/personen/123456782/inburgeringsplicht", kop(), b"")
    assert a.status == 200 and a.body["indicatorInburgeringsplicht"] is True
    body = json.dumps({"dagtekeningPip": "2025-11-01", "leerroute": "B"}).encode()
    assert demo.afhandelen("POST", "/v1/personen/123456782/PIP", kop(), body).status == 201


def test_an_unknown_path_is_404_and_a_wrong_doel_403(sim):
    assert sim.afhandelen("GET", "/v1/onbekend", kop(), b"").status == 404
    assert sim.afhandelen("GET", "/v2/instellingen", kop(), b"").status == 404
    assert sim.afhandelen("GET", "/v1/instellingen", kop(doel="9" * 20), b"").status == 403


def test_headers_are_required(sim):
    assert sim.afhandelen("GET", "/v1/instellingen", {"bron": BRON}, b"").status == 400


@pytest.mark.skipif(not spec.beschikbaar(), reason=spec.reden_afwezig())
def test_a_request_that_is_not_as_specified_is_400(sim):
    body = json.dumps({"dagtekeningPip": "2025-11-01", "leerroute": "X"}).encode()
    assert sim.afhandelen("POST", "/v1/personen/990007819/PIP", kop(), body).status == 400


def test_duos_pip_rules_are_enforced_with_foutmeldingen(sim):
    body = json.dumps({"dagtekeningPip": "2025-08-01", "leerroute": "O", "niveau": "A2"}).encode()
    a = sim.afhandelen("POST", "/v1/personen/990007819/PIP", kop(), body)
    assert a.status == 403
    teksten = [f["fouttekst"] for f in a.body]
    assert any("start van de inburgeringsplicht" in t for t in teksten)
    assert any("onderwijsroute" in t for t in teksten)
    assert all(len(t) <= 200 for t in teksten)
    assert "pip" not in sim.personen["990007819"]


def test_a_first_pip_starts_the_termijn_and_defaults_niveau_b1(sim):
    body = json.dumps({"dagtekeningPip": "2025-11-01", "leerroute": "B"}).encode()
    assert sim.afhandelen("POST", "/v1/personen/990007819/PIP", kop(), body).status == 201
    persoon = sim.personen["990007819"]
    assert persoon["pip"]["pip"]["niveau"] == "B1"
    assert persoon["termijn"] == {
        "startdatum": "2025-11-02",
        "einddatum": "2028-11-02",
        "wijzigingsdatum": persoon["termijn"]["wijzigingsdatum"],
    }


def test_the_same_berichtid_twice_has_one_effect(sim):
    h = kop()
    body = json.dumps({"naam": "Jan Jansen", "email": "jan@x.nl", "telefoonnummer": "0488 123456"}).encode()
    eerste = sim.afhandelen("POST", "/v1/contactpersonen", h, body)
    tweede = sim.afhandelen("POST", "/v1/contactpersonen", h, body)
    assert eerste.status == tweede.status == 201 and eerste.body == tweede.body
    assert len(sim.contactpersonen) == 1 and sim.verzoeken[-1].herhaling


def test_down_means_503_for_everything(sim):
    assert sim.afhandelen("POST", "/_sim/storing", {}, b'{"aan": true}').body == {"storing": True}
    assert sim.afhandelen("GET", "/v1/instellingen", kop(), b"").status == 503
    sim.afhandelen("POST", "/_sim/storing", {}, b'{"aan": false}')
    assert sim.afhandelen("GET", "/v1/instellingen", kop(), b"").status == 200
    log = sim.afhandelen("GET", "/_sim/verzoeken", {}, b"").body
    assert [v["status"] for v in log] == [503, 200]


def test_served_over_http_on_a_thread(sim):
    with draaien(sim) as url:
        r = requests.get(f"{url}/personen/990007819/doelgroep", headers=kop(), timeout=5)
    assert r.status_code == 200 and r.json()["indeling"] == "Asielstatushouder" and r.headers["API-Version"]
    with pytest.raises(requests.ConnectionError):  # stopped: nobody listens any more
        requests.get(f"{url}/instellingen", headers=kop(), timeout=2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_simulator_posts_notifications_to_the_product(live_server, settings):
    """End to end over HTTP: a notification from the simulator, and the SS102 DUO sends after a first PIP."""
    from duo.models import Notificatie
    from inburgering.models import Gemeente, Organisatie

    settings.DUO_NOTIFICATIE_TOKEN = "geheim"
    organisatie = Organisatie.objects.create(naam="Sociale Dienst Sim")
    Gemeente.objects.create(organisatie=organisatie, naam="Simdorp", cbs_code="GM0001", oin=BRON)
    sim = DuoSimulator(product_url=live_server.url, product_token="geheim")
    r = sim.notificatie_sturen(bsn="990007819", gebeurtenis_id="SS101", doel=BRON)
    assert r.status_code == 201
    assert Notificatie.objects.get().gebeurtenis_id == "SS101"
    body = json.dumps({"dagtekeningPip": "2025-11-01", "leerroute": "Z"}).encode()
    assert sim.afhandelen("POST", "/v1/personen/990007819/PIP", kop(), body).status == 201
    for _ in range(50):
        if Notificatie.objects.filter(gebeurtenis_id="SS102").exists():
            break
        time.sleep(0.1)
    assert Notificatie.objects.filter(gebeurtenis_id="SS102", doel=BRON).count() == 1
    assert sim.afhandelen(
        "POST",
        "/_sim/notificaties",
        {},
        json.dumps({"bsn": "990007819", "gebeurtenisId": "SS137", "doel": BRON}).encode(),
    ).body == {"status": 201}


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_manage_duo_sim_serves_the_apis_make_duo_sim():
    poort = _vrije_poort()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "duo_sim", "--port", str(poort)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "inburgering.settings"},
    )
    try:
        for _ in range(100):
            try:
                # the first answer can be slow on a loaded machine (the simulator loads the specs)
                r = requests.get(f"http://127.0.0.1:{poort}/v1/instellingen", headers=kop(), timeout=15)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        else:
            pytest.fail(proc.stdout.read1().decode() if proc.poll() is not None else "duo_sim did not start")
        assert r.status_code == 200 and len(r.json()) == 3
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    assert b"DUO-simulator op" in proc.stdout.read()
