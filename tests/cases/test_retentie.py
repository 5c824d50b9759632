import datetime as dt

import pytest
from django.db.models import Count
from django.utils import timezone

from cases import retentie, services
from cases.models import Casus, Document, Inburgeraar, StatusOvergang
from inburgering.models import AnonimiseringsRapport
from tests.conftest import caseload_zoeken

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "peildatum, maanden, grens",
    [
        (dt.date(2026, 11, 22), 60, dt.date(2021, 11, 22)),  # five years back
        (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28)),  # leap day to a non-leap year: month end
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),  # month end clipped
    ],
)
def test_grensdatum(peildatum, maanden, grens):
    assert retentie.grensdatum(peildatum, maanden) == grens


def _kpi_counts():
    per = Casus.objects.values_list("doelgroep", "status").annotate(n=Count("pk"))
    return Casus.objects.count(), sorted(per)


def _close(casus, door, when):
    services.casus_status_wijzigen(casus=casus, naar="afgesloten", door=door, toelichting="plicht voldaan, telefoon 0612345678")
    Casus.objects.filter(pk=casus.pk).update(afgesloten_op=when)


def test_dry_run_then_anonymise_keeps_kpi_counts(world, settings):
    settings.ANONIMISEREN_WACHTDAGEN = 7
    c1 = world.users["c1"]
    oud, recent = world.cases["eigen"], world.cases["team"]
    services.inburgeraar_bijwerken(casus=oud, persoon={"telefoon": "0612345678", "straat": "Dorpsstraat 1"}, door=c1)
    _close(oud, c1, timezone.now() - dt.timedelta(days=6 * 365))
    _close(recent, world.users["c2"], timezone.now() - dt.timedelta(days=30))
    persoon = Inburgeraar.objects.get(pk=oud.inburgeraar_id)
    naam, bsn = persoon.achternaam, persoon.bsn
    assert caseload_zoeken(c1, bsn) == [oud.pk]  # found by its BSN until anonymised
    counts_before = _kpi_counts()

    # first run: only a dry-run report, nothing changed
    result = retentie.sweep()
    rapport = AnonimiseringsRapport.objects.get(pk=result["nieuw_rapport"])
    assert rapport.casus_ids == [oud.pk]
    assert Inburgeraar.objects.get(pk=persoon.pk).achternaam == naam

    # a week later: carried out
    result = retentie.sweep(nu=timezone.now() + dt.timedelta(days=8))
    assert result["geanonimiseerd"] == 1
    p = Inburgeraar.objects.get(pk=persoon.pk)
    assert p.geanonimiseerd_op is not None
    assert naam not in p.achternaam and p.telefoon == "" and p.straat == "" and p.bsn == ""
    assert p.geboortedatum == dt.date(persoon.geboortedatum.year, 1, 1)
    assert not Document.objects.filter(casus=oud).exists()
    assert not StatusOvergang.objects.filter(casus=oud).exclude(toelichting="").exists()
    assert not Inburgeraar.history.filter(id=persoon.pk).exists()  # old versions held the data
    assert caseload_zoeken(c1, bsn) == []
    # the recent case is untouched
    assert Inburgeraar.objects.get(pk=recent.inburgeraar_id).geanonimiseerd_op is None
    # KPI counts stay
    counts_after = _kpi_counts()
    assert counts_after == counts_before
    oud.refresh_from_db()
    assert (oud.status, oud.doelgroep) == ("afgesloten", "asielstatushouder")
    assert StatusOvergang.objects.filter(casus=oud).count() >= 2


def test_report_not_carried_out_before_waiting_period(world, settings):
    settings.ANONIMISEREN_WACHTDAGEN = 7
    oud = world.cases["eigen"]
    _close(oud, world.users["c1"], timezone.now() - dt.timedelta(days=6 * 365))
    retentie.sweep()
    result = retentie.sweep(nu=timezone.now() + dt.timedelta(days=3))
    assert result["geanonimiseerd"] == 0
    assert Inburgeraar.objects.get(pk=oud.inburgeraar_id).geanonimiseerd_op is None


def test_retention_period_is_a_dated_setting(world):
    from inburgering.models import RegelInstelling

    oud = world.cases["eigen"]
    _close(oud, world.users["c1"], timezone.now() - dt.timedelta(days=400))
    assert retentie.kandidaten(timezone.localdate()) == []
    RegelInstelling.objects.create(code="bewaartermijn_afgesloten_maanden", waarde=12, ingangsdatum=dt.date(2026, 1, 1))
    assert retentie.kandidaten(timezone.localdate()) == [oud.pk]
