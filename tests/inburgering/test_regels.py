import datetime as dt
from decimal import Decimal

import pytest

from inburgering.models import RegelInstelling
from inburgering.regels import DEFAULTS, regel, regel_int

D = dt.date


@pytest.mark.django_db
def test_every_default_is_seeded_by_the_data_migration():
    for code, r in DEFAULTS.items():
        for ingang, waarde in r.waarden:
            assert RegelInstelling.objects.filter(code=code, gemeente=None, ingangsdatum=ingang, waarde=waarde).exists(), code


@pytest.mark.django_db
@pytest.mark.parametrize(
    "op, expected",
    [
        (D(2022, 1, 1), Decimal("31")),  # first day of the law: 31
        (D(2023, 4, 11), Decimal("31")),  # the day before the change
        (D(2023, 4, 12), Decimal("28")),  # on the day of the change
        (D(2026, 1, 1), Decimal("28")),  # after the change
    ],
)
def test_lbt_threshold_by_effective_date(op, expected):
    assert regel("lbt_drempel_b1", op) == expected


@pytest.mark.django_db
def test_new_row_applies_from_its_effective_date_only():
    RegelInstelling.objects.create(code="boete_brede_intake", waarde=Decimal("300"), ingangsdatum=D(2027, 1, 1))
    assert regel("boete_brede_intake", D(2026, 12, 31)) == Decimal("250")  # before
    assert regel("boete_brede_intake", D(2027, 1, 1)) == Decimal("300")  # on
    assert regel("boete_brede_intake", D(2030, 6, 1)) == Decimal("300")  # after


@pytest.mark.django_db
def test_gemeente_value_wins_over_national(world):
    RegelInstelling.objects.create(
        code="pip_lokale_norm_weken", gemeente=world.gemeente_a, waarde=Decimal("6"), ingangsdatum=D(2024, 1, 1)
    )
    assert regel_int("pip_lokale_norm_weken", D(2024, 1, 1), gemeente=world.gemeente_a) == 6
    assert regel_int("pip_lokale_norm_weken", D(2023, 12, 31), gemeente=world.gemeente_a) == 10  # before: national
    assert regel_int("pip_lokale_norm_weken", D(2024, 1, 1), gemeente=world.gemeente_b) == 10  # other gemeente


@pytest.mark.django_db
def test_missing_row_falls_back_to_legal_default():
    RegelInstelling.objects.filter(code="pip_termijn_weken").delete()
    assert regel_int("pip_termijn_weken", D(2025, 1, 1)) == 10


def test_unknown_code_is_an_error():
    with pytest.raises(KeyError):
        regel("bestaat_niet", D(2025, 1, 1))


@pytest.mark.django_db
def test_onthouden_reads_the_settings_once_and_gives_the_same_values(world, django_assert_num_queries):
    from inburgering.regels import onthouden

    RegelInstelling.objects.create(
        code="pip_lokale_norm_weken", gemeente=world.gemeente_a, waarde=Decimal("6"), ingangsdatum=D(2024, 1, 1)
    )
    RegelInstelling.objects.filter(code="pip_termijn_weken").delete()  # no row: the legal default
    vragen = [
        ("pip_lokale_norm_weken", D(2024, 1, 1), world.gemeente_a),
        ("pip_lokale_norm_weken", D(2023, 12, 31), world.gemeente_a),
        ("pip_lokale_norm_weken", D(2024, 1, 1), world.gemeente_b.pk),
        ("lbt_drempel_b1", D(2023, 4, 11), None),
        ("lbt_drempel_b1", D(2023, 4, 12), world.gemeente_a),
        ("pip_termijn_weken", D(2025, 1, 1), world.gemeente_a),
    ]
    zonder = [regel(code, op, gemeente=g) for code, op, g in vragen]
    assert zonder == [Decimal("6"), Decimal("10"), Decimal("10"), Decimal("31"), Decimal("28"), Decimal("10")]
    with onthouden():
        with django_assert_num_queries(3):  # once for gemeente A, once for gemeente B, once for national only
            assert [regel(code, op, gemeente=g) for code, op, g in vragen] == zonder
        # a setting saved within the block is seen at once
        RegelInstelling.objects.create(
            code="pip_lokale_norm_weken", gemeente=world.gemeente_a, waarde=Decimal("5"), ingangsdatum=D(2024, 6, 1)
        )
        assert regel_int("pip_lokale_norm_weken", D(2024, 6, 1), gemeente=world.gemeente_a) == 5
    with django_assert_num_queries(2):  # after the block every call reads again (gemeente row, national row)
        assert regel_int("pip_lokale_norm_weken", D(2024, 6, 1), gemeente=world.gemeente_b) == 10
