"""The beat task that refreshes the KPI summary table."""

from __future__ import annotations

import pytest
from celery.schedules import crontab

pytestmark = pytest.mark.django_db


def test_beat_ververst_de_samenvatting_elk_uur():
    from inburgering.celery import app

    app.loader.import_default_modules()
    app.finalize()
    entry = app.conf.beat_schedule["kpi-samenvatting"]
    assert entry["task"] == "dashboards.tasks.samenvatting_verversen"
    assert entry["schedule"] == crontab(minute=20)


def test_de_taak_ververst_het_hele_register_en_ruimt_oude_exports_op(world):
    from dashboards.models import CasusKenmerken, Verversing
    from dashboards.tasks import samenvatting_verversen

    assert samenvatting_verversen() == 3  # the world's three cases
    assert set(CasusKenmerken.objects.values_list("casus_id", flat=True)) == {c.pk for c in world.cases.values()}
    assert samenvatting_verversen() == 3  # again: the same rows, nothing twice
    assert CasusKenmerken.objects.count() == 3
    assert Verversing.objects.filter(volledig=True, klaar_op__isnull=False).count() == 2


def test_het_log_van_verversingen_blijft_kort(world):
    from dashboards import services
    from dashboards.models import Verversing

    for _ in range(5):
        services.kenmerken_verversen(casus_ids=[])
    assert services.verversingen_opruimen(bewaar=2) == 3
    assert Verversing.objects.count() == 2


def test_een_verversing_schrijft_alleen_gewijzigde_rijen(world):
    from dashboards import services
    from dashboards.models import CasusKenmerken
    from tests.dashboards.scenario import D, pip

    services.kenmerken_verversen()
    voor = dict(CasusKenmerken.objects.values_list("casus_id", "bijgewerkt_op"))
    pip(world.cases["team"], D(2026, 1, 5))
    services.kenmerken_verversen()
    na = dict(CasusKenmerken.objects.values_list("casus_id", "bijgewerkt_op"))
    gewijzigd = {cid for cid in voor if voor[cid] != na[cid]}
    assert gewijzigd == {world.cases["team"].pk}  # only the case with a new PIP was written
    assert CasusKenmerken.objects.get(casus=world.cases["team"]).pip_op == D(2026, 1, 5)
