"""Recompute after a change in another app, without edits there: a request row in the same transaction
(post_save), processed after the web request's response, or by the beat task outside a request."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Casus
from termijnen.models import HerberekenVerzoek, Termijn
from tests.pip.scenario import met_datums

from .scenario import herbereken, open_termijnen


def _met_recente_datums(casus):
    vandaag = timezone.localdate()
    casus = met_datums(casus, kennisgeving=vandaag - dt.timedelta(days=20), brp=vandaag - dt.timedelta(days=10))
    herbereken(casus, vandaag)
    return casus


@pytest.mark.django_db
def test_the_request_row_is_part_of_the_changing_transaction(world):
    casus = world.cases["eigen"]
    HerberekenVerzoek.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        Casus.objects.get(pk=casus.pk).save()
        assert HerberekenVerzoek.objects.filter(casus_id=casus.pk).exists()
        raise RuntimeError("rolled back")
    assert not HerberekenVerzoek.objects.exists()  # rolled back with the change
    Casus.objects.get(pk=casus.pk).save()
    assert list(HerberekenVerzoek.objects.values_list("casus_id", flat=True)) == [casus.pk]


@pytest.mark.django_db
def test_outside_a_request_the_beat_task_recomputes(world):
    from intake import services as intake_services
    from termijnen.tasks import verzoeken

    casus = _met_recente_datums(world.cases["eigen"])
    assert open_termijnen(casus, "lbt_plannen")
    intake_services.leerbaarheidstoets_opslaan(
        casus=casus, data={"gepland_op": timezone.localdate()}, door=world.users["c1"]
    )
    assert open_termijnen(casus, "lbt_plannen")  # not yet: a task or command changed it
    assert verzoeken() >= 1
    assert not open_termijnen(casus, "lbt_plannen")
    assert not HerberekenVerzoek.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_web_request_recomputes_right_after_its_response(rollen, world, client):
    casus = _met_recente_datums(world.cases["eigen"])
    lbt = Termijn.objects.get(casus=casus, soort="lbt_plannen", gesloten_op__isnull=True)
    HerberekenVerzoek.objects.all().delete()  # those of the fixture (made outside a request)
    client.force_login(world.users["c1"])
    r = client.post(
        reverse("intake:leerbaarheidstoets", kwargs={"casus_pk": casus.pk}),
        {"gepland_op": timezone.localdate().isoformat()},
    )
    assert r.status_code == 302
    lbt.refresh_from_db()
    assert lbt.gesloten_op is not None  # closed by the request that planned the toets
    assert not HerberekenVerzoek.objects.exists()  # the request's own rows are processed and gone


@pytest.mark.django_db
def test_command_recomputes_every_active_case_and_sweeps(world):
    from io import StringIO

    from django.core.management import call_command

    from termijnen.models import WerkItem

    vandaag = timezone.localdate()
    Casus.objects.filter(pk=world.cases["eigen"].pk).update(
        datum_kennisgeving=vandaag - dt.timedelta(days=90), datum_brp_inschrijving=vandaag - dt.timedelta(days=80)
    )  # a bulk write: no signal, no request row
    out = StringIO()
    call_command("termijnen_herberekenen", "--sweep", stdout=out)
    assert "termijnen aangemaakt" in out.getvalue()
    assert {t.soort for t in open_termijnen(world.cases["eigen"])} == {"pip_wettelijk", "lbt_plannen"}
    assert WerkItem.objects.filter(casus=world.cases["eigen"], fase=3).count() == 2  # both overdue
