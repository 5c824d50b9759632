"""Contract tests: every request the DUO client sends and every answer of the Notificatie API are
validated against DUO's specifications in ../shared/duo-m2m (openapi-core), read at test time.

Where the specifications are absent these tests skip with the reason; all other tests run.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from openapi_core.testing import MockRequest, MockResponse

from duo import services, spec
from duo.api import API_VERSION
from duo.client import OPERATIES, client_voor
from duo.models import Bericht, DuoInstelling
from tests.duo.conftest import OIN_A, TOKEN, notificatie_posten

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not spec.beschikbaar(), reason=spec.reden_afwezig()),
]
D = dt.date


def test_every_operation_of_the_client_is_in_the_specs_with_its_method_and_path():
    for operatie in OPERATIES.values():
        assert spec.operaties(operatie.api)[operatie.operation_id] == (operatie.methode, operatie.pad), operatie


def test_the_notificatie_api_implements_the_specified_version():
    assert API_VERSION == spec.versie("Notificatie")


def _valideer(uitwisseling) -> None:
    """One exchange with the simulator, request and answer, against the API's specification."""
    operatie = OPERATIES[uitwisseling.operatie]
    openapi = spec.openapi(operatie.api)
    pad = uitwisseling.pad.removeprefix("/v1")
    request = MockRequest(
        "https://duo.example",
        uitwisseling.methode.lower(),
        pad,
        headers=uitwisseling.headers,
        data=uitwisseling.body or None,
        content_type=uitwisseling.headers.get("content-type", "application/json").split(";")[0],
    )
    openapi.validate_request(request)
    antwoord = uitwisseling.antwoord
    response = MockResponse(antwoord.inhoud, status_code=antwoord.status, headers=antwoord.headers)
    openapi.validate_response(request, response)
    specificatie = spec.spec_dict(operatie.api)["paths"][operatie.pad][operatie.methode.lower()]["responses"]
    if not specificatie[str(antwoord.status)].get("content"):
        assert antwoord.body is None, f"{uitwisseling.operatie} {antwoord.status}: the spec has no body"


def test_every_request_the_product_sends_is_valid_and_every_operation_is_used(duo_world, sim, duo_url):
    """The product's own code paths (raadplegingen after notifications, every kind of melding through
    the outbox) against the simulator; each exchange is checked against the specification."""
    from cases.models import Casus
    from intake.models import Leerbaarheidstoets
    from tests.duo.test_meldingen import pip_versie

    DuoInstelling.objects.update(pip_automatisch_melden=False)
    casus = duo_world.cases["eigen"]
    Casus.objects.filter(pk=casus.pk).update(datum_kennisgeving=D(2025, 9, 15), datum_brp_inschrijving=D(2025, 10, 1))
    casus.refresh_from_db()
    door = casus.consultant
    sim.personen[casus.inburgeraar.bsn]["examens"] = [
        {"examendatum": "2026-03-10", "resultaat": "Geslaagd", "onderdeel": "KNM"}
    ]
    sim.personen[casus.inburgeraar.bsn]["gratispogingen"] = [{"onderdeel": "KNM", "gratisPogingenTegoed": 1}]
    client = client_voor(casus.gemeente)

    def verstuur(bericht):
        services.bericht_versturen(bericht_id=bericht.pk)
        bericht.refresh_from_db()
        assert bericht.status == "verzonden", (bericht.operatie, bericht.http_status, bericht.fouten)

    assert services.instellingen_verversen(client=client) == 3
    versie = pip_versie(casus, leerroute="z", niveau="", dagtekening=D(2025, 11, 1))
    verstuur(services.pip_melden(versie=versie, door=door))
    services.casus_verversen(casus_id=casus.pk)  # every raadpleging of a case
    kop = services.contactpersoon_melden(
        casus=casus,
        gebruiker=door,
        naam="Consultant Een",
        email="c1@gemeente.example",
        telefoon="0488 123456",
        door=door,
    )
    verstuur(kop.hangt_af_van)
    verstuur(kop)
    gewijzigd = services.contactpersoon_melden(
        casus=casus,
        gebruiker=door,
        naam="Consultant Een",
        email="c1@gemeente.example",
        telefoon="0488 654321",
        door=door,
    )
    assert gewijzigd.hangt_af_van.operatie == "updateContactpersoonById"
    verstuur(gewijzigd.hangt_af_van)
    verstuur(gewijzigd)
    verstuur(
        services.aanbod_melden(
            casus=casus,
            instellingsnummer="1000000001",
            datum_aanbod=D(2025, 11, 15),
            start=D(2025, 12, 1),
            einde=D(2027, 6, 1),
            alfabetisering="A",
            door=door,
        )
    )
    for soort, uren in (("taallesknm", 40), ("participatietaalles", 320), ("participatieactiviteiten", 210)):
        verstuur(services.uren_melden(casus=casus, soort=soort, uren=uren, door=door))
    verstuur(services.zroute_melden(casus=casus, datum=D(2026, 5, 15), door=door))
    verstuur(services.map_pvt_melden(casus=casus, soort="map", datum=D(2026, 5, 1), verwijtbaar=None, door=door))
    verstuur(services.map_pvt_melden(casus=casus, soort="pvt", datum=D(2026, 4, 1), verwijtbaar=None, door=door))
    Leerbaarheidstoets.objects.create(casus=casus, vrijstelling="visueel", vrijstelling_reden="Slechtziend")
    verstuur(services.lbt_overgeslagen_melden(casus=casus, door=door))
    services.casus_verversen(casus_id=casus.pk)  # now with MAP, PVT and hours at DUO
    # refusals and unknown persons: DUO's error answers are checked too
    assert (
        client.verzoek(
            "postPipByBsn",
            bsn=casus.inburgeraar.bsn,
            body={"dagtekeningPip": "2025-11-02", "leerroute": "O", "niveau": "A2"},
        ).status
        == 403
    )
    assert client.verzoek("getInburgeringsplichtByBsn", bsn="990099990").status == 404

    gebruikt = {u.operatie for u in sim.verzoeken}
    assert gebruikt == set(OPERATIES), sorted(set(OPERATIES) - gebruikt)
    for uitwisseling in sim.verzoeken:
        _valideer(uitwisseling)
    assert Bericht.objects.exclude(status="verzonden").count() == 0


def test_notifications_processed_against_the_simulator_use_valid_raadplegingen(duo_world, sim, duo_url, client):
    for gebeurtenis, bsn in (
        ("SS101", "990007819"),
        ("SS121", "990043563"),
        ("SS137", "990007819"),
        ("SS131", "990007819"),
        ("SS199", "990007819"),
        ("SS102", "990043563"),
    ):
        r = notificatie_posten(client, gebeurtenis=gebeurtenis, bsn=bsn)
        assert r.status_code == 201
        from duo.models import Notificatie

        services.notificatie_verwerken(notificatie_id=Notificatie.objects.latest("pk").pk)
    assert sim.verzoeken
    for uitwisseling in sim.verzoeken:
        _valideer(uitwisseling)


# --- the Notificatie API's answers ------------------------------------------------------------


def _geldig_verzoek() -> MockRequest:
    body = {
        "registratieDatumTijd": "2026-05-04T09:30:00+02:00",
        "gebeurtenisId": "SS101",
        "bsn": "990007819",
        "vNummer": 1234567890,
    }
    headers = {"bron": "0" * 20, "doel": OIN_A, "berichtId": str(uuid.uuid4())}
    return MockRequest(
        "https://gemeente.example", "post", "/notificaties", headers=headers, data=json.dumps(body).encode()
    )


def test_the_notification_duo_sends_is_valid_for_the_spec():
    from duo.simulator import DuoSimulator

    headers, body = DuoSimulator(valideren=False).notificatie(
        bsn="990007819", gebeurtenis_id="SS101", doel=OIN_A, v_nummer=12
    )
    request = MockRequest(
        "https://gemeente.example", "post", "/notificaties", headers=headers, data=json.dumps(body).encode()
    )
    spec.openapi("Notificatie").validate_request(request)


@pytest.mark.parametrize(
    "geval, status",
    [
        ("geldig", 201),
        ("herhaling", 201),
        ("zonder_token", 401),
        ("misvormd", 400),
        ("andere_bron", 403),
        ("onderhoud", 503),
        ("interne_fout", 500),
    ],
)
def test_every_answer_of_the_notificatie_api_is_as_specified(duo_world, client, settings, monkeypatch, geval, status):
    kwargs = {"gebeurtenis": "SS101", "bsn": "990007819"}
    if geval == "herhaling":
        kwargs["bericht_id"] = str(uuid.uuid4())
        notificatie_posten(client, **kwargs)
    elif geval == "zonder_token":
        kwargs["token"] = None
    elif geval == "misvormd":
        kwargs["gebeurtenis"] = "ss-101"
    elif geval == "onderhoud":
        settings.DUO_NOTIFICATIE_ONDERHOUD = True
    elif geval == "interne_fout":
        monkeypatch.setattr(services, "notificatie_ontvangen", lambda **kw: 1 / 0)
    if geval == "andere_bron":
        r = client.post(
            "/notificaties",
            content_type="application/json",
            data={"registratieDatumTijd": "2026-05-04T09:30:00Z", "gebeurtenisId": "SS101"},
            headers={
                "bron": "0" * 20,
                "doel": OIN_A,
                "berichtId": str(uuid.uuid4()),
                "Authorization": f"Bearer {TOKEN}",
            },
        )
    else:
        r = notificatie_posten(client, **kwargs)
    assert r.status_code == status
    headers = {k: v for k, v in r.items()}
    response = MockResponse(
        r.content, status_code=r.status_code, headers=headers, content_type=r.get("Content-Type", "application/json")
    )
    spec.openapi("Notificatie").validate_response(_geldig_verzoek(), response)
    responses = spec.spec_dict("Notificatie")["paths"]["/notificaties"]["post"]["responses"]
    assert str(status) in responses
    if not responses[str(status)].get("content"):
        assert r.content == b""
