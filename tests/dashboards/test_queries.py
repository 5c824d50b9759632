"""Pinned query counts: the dashboard and KPI views read with a fixed number of queries, whatever the number of cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboards.scenario import (
    D,
    aanbod,
    casus,
    examen,
    intake,
    pip,
    procedure,
    termijn,
    trede,
    verversen,
    voortgangsgesprek,
)  # noqa: F401

pytestmark = pytest.mark.django_db

# Every page: session, user, MFA device, roles (4) and the base layout's work-list count (1).
MAX = {
    # + THE aggregate per consultant, consultant names, last refresh, filter form (gemeenten, teams, consultants)
    "dashboards:team": 11,
    # + gemeenten (targets), dated settings, THE aggregate per cohort, last refresh, filter form (3)
    "dashboards:kpi": 12,
    # the same plus the per-quarter aggregate
    "dashboards:kpi_detail": 13,
    # the KPI page's reads without the layout and the form rendering
    "dashboards:tabel_export": 8,
}


def maak_casussen(world, aantal, start):
    for i in range(aantal):
        consultant = ("c1", "c2")[i % 2]
        c = casus(
            world,
            consultant=consultant,
            status=("intake", "uitvoering", "afronding")[i % 3],
            datum_huisvesting=D(2023 + i % 3, 1 + i % 12, 1),
            datum_brp_inschrijving=D(2023 + i % 3, 1 + i % 12, 5),
        )
        p = pip(c, D(2023 + i % 3, 1 + i % 12, 20))
        aanbod(c, D(2023 + i % 3, 1 + i % 12, 25))
        examen(c, "LE", D(2025, 6, 1))
        intake(c, trede=2, bijstand=bool(i % 2))
        trede(c, D(2025, 1, 1), 3, 2)
        voortgangsgesprek(c, D(2026, 10, 1), D(2026, 11, 1 + i % 28))
        termijn(c, "voortgangsgesprek", D(2026, 11, 1 + i % 28))
        if i % 4 == 0:
            procedure(c, "betaald", boete=100)
        assert p


def tellen(client, name, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse(name, kwargs=kwargs or None))
    assert r.status_code == 200
    return len(ctx.captured_queries)


VIEWS = [
    ("dashboards:team", {}),
    ("dashboards:kpi", {}),
    ("dashboards:kpi_detail", {"code": "geslaagd"}),
    ("dashboards:tabel_export", {"tabel": "kpi-gestart", "formaat": "xlsx"}),
]


def test_dashboard_en_kpi_lezen_met_een_vast_aantal_queries(world, client, vandaag, django_assert_max_num_queries):
    client.force_login(world.users["tl"])
    maak_casussen(world, 4, 0)
    verversen()
    for name, kwargs in VIEWS:  # warm-up: caches that fill on the first request of a fresh database
        tellen(client, name, **kwargs)
    weinig = {}
    for name, kwargs in VIEWS:
        with django_assert_max_num_queries(MAX[name]):
            weinig[name] = tellen(client, name, **kwargs)
    maak_casussen(world, 40, 4)
    verversen()
    for name, kwargs in VIEWS:
        with django_assert_max_num_queries(MAX[name]):
            veel = tellen(client, name, **kwargs)
        assert veel == weinig[name], f"{name}: {weinig[name]} queries with 7 cases, {veel} with 47"
