"""Fixtures of the DUO exchange: gemeenten with an OIN, a standaardteam, the simulator in-process."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.conftest import _valid_bsn

TOKEN = "test-duo-token"
OIN_A = "00000001000001000000"
OIN_B = "00000001000002000000"
VANDAAG = dt.date(2026, 6, 1)


def persoon(bsn: str, **extra) -> dict:
    """A person as the simulator's fixtures describe one."""
    data = {
        "bsn": bsn,
        "inburgeringsplicht": {
            "indicatorInburgeringsplicht": True,
            "begindatum": "2025-09-01",
            "datumKennisgevingInburgeringsplicht": "2025-09-15",
        },
        "doelgroep": {
            "indeling": "Asielstatushouder",
            "begindatum": "2025-09-01",
            "gedetailleerdeDoelgroep": "Asielstatushouder",
        },
        "lbt": {"examennummer": "LBT000000042", "resultaten": []},
        "examens": [],
    }
    data.update(extra)
    return data


@pytest.fixture
def duo_world(world, settings):
    """The world fixture with OINs, a standaardteam for gemeente A and the Notificatie API's credential."""
    from duo.models import DuoInstelling

    settings.DUO_NOTIFICATIE_TOKEN = TOKEN
    settings.DUO_NOTIFICATIE_CERT_HEADER = ""
    settings.DUO_RETRY_BASE_SECONDS = 30
    settings.DUO_RETRY_MAX_SECONDS = 900
    settings.DUO_MAX_POGINGEN = 0
    world.gemeente_a.oin = OIN_A
    world.gemeente_a.save()
    world.gemeente_b.oin = OIN_B
    world.gemeente_b.save()
    instelling = DuoInstelling.objects.get(gemeente=world.gemeente_a)
    instelling.standaard_team = world.team1
    instelling.standaard_consultant = world.users["c2"]
    instelling.save()
    return world


@pytest.fixture
def sim(world):
    """A simulator that knows the world's three people (BSN 1-3) besides its own fixtures."""
    from duo.simulator import DuoSimulator

    s = DuoSimulator(vandaag=VANDAAG)
    s.gemeenten.update({OIN_A: "0001", OIN_B: "0002"})
    for n in (1, 2, 3):
        s.persoon_toevoegen(persoon(_valid_bsn(n)))
    return s


@pytest.fixture
def duo_url(sim, settings):
    """The simulator served on a thread; the product's DUO_API_URL points at it."""
    from duo.simulator import draaien

    with draaien(sim) as url:
        settings.DUO_API_URL = url
        yield url


@pytest.fixture
def duo_plat(settings):
    """DUO down: nothing listens at DUO_API_URL."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    settings.DUO_API_URL = f"http://127.0.0.1:{port}/v1"
    settings.DUO_TIMEOUT_SECONDS = 2
    return settings.DUO_API_URL


def notificatie_posten(
    client,
    *,
    gebeurtenis: str,
    bsn: str | None,
    doel: str = OIN_A,
    bericht_id: str | None = None,
    token: str | None = TOKEN,
    registratie: str = "2026-05-04T09:30:00+02:00",
    **headers,
):
    """POST a notification to the product as DUO does; returns the response."""
    from django.conf import settings

    body = {"registratieDatumTijd": registratie, "gebeurtenisId": gebeurtenis}
    if bsn:
        body["bsn"] = bsn
    hdrs = {"bron": settings.DUO_OIN, "doel": doel, "berichtId": bericht_id or str(uuid.uuid4()), **headers}
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    return client.post("/notificaties", data=body, content_type="application/json", headers=hdrs)
