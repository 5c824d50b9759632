"""termijnen.instellingen.Regels answers like inburgering.regels.regel (one query for many cases)."""

import datetime as dt
from decimal import Decimal

import pytest

from inburgering.models import RegelInstelling
from inburgering.regels import regel
from termijnen.bronnen import benodigde_codes
from termijnen.instellingen import Regels

pytestmark = pytest.mark.django_db
D = dt.date


def test_same_answers_as_regel(world):
    a, b = world.gemeente_a, world.gemeente_b
    RegelInstelling.objects.create(
        code="pip_lokale_norm_weken", gemeente=a, waarde=Decimal(6), ingangsdatum=D(2023, 1, 1)
    )
    RegelInstelling.objects.create(
        code="pip_lokale_norm_weken", gemeente=a, waarde=Decimal(8), ingangsdatum=D(2024, 7, 1)
    )
    RegelInstelling.objects.create(
        code="pip_lokale_norm_weken", gemeente=None, waarde=Decimal(9), ingangsdatum=D(2025, 1, 1)
    )
    RegelInstelling.objects.filter(code="lbt_plannen_weken").delete()  # no row at all: the legal default
    regels = Regels(benodigde_codes() + ["lbt_drempel_b1"])
    for code in (
        "pip_lokale_norm_weken",
        "pip_termijn_weken",
        "lbt_plannen_weken",
        "lbt_drempel_b1",
        "termijnenwet_pip_wettelijk",
    ):
        for gemeente in (None, a, b):
            for op in (D(2022, 6, 1), D(2023, 1, 1), D(2023, 4, 12), D(2024, 6, 30), D(2024, 7, 1), D(2025, 6, 1)):
                assert regels.waarde(code, op, gemeente) == regel(code, op=op, gemeente=gemeente), (code, gemeente, op)


def test_unknown_or_unloaded_code():
    regels = Regels(["pip_termijn_weken"])
    with pytest.raises(KeyError):
        regels.waarde("bestaat_niet", D(2023, 1, 1))
    with pytest.raises(KeyError):
        regels.waarde("lbt_plannen_weken", D(2023, 1, 1))
