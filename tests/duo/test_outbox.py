"""The outbox: with DUO (the simulator) down, meldingen wait and go out exactly once when it is back."""

from __future__ import annotations

import datetime as dt

import pytest
from celery.exceptions import Retry
from django.urls import reverse
from django.utils import timezone

from duo import services, tasks
from duo.models import Bericht, DuoContactpersoon, DuoInstelling, DuoStand
from duo.simulator import draaien
from tests.duo.test_meldingen import pip_versie

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def casus(duo_world):
    from cases.models import Casus

    DuoInstelling.objects.update(pip_automatisch_melden=False)
    c = duo_world.cases["eigen"]
    Casus.objects.filter(pk=c.pk).update(datum_kennisgeving=D(2025, 9, 15), datum_brp_inschrijving=D(2025, 10, 1))
    c.refresh_from_db()
    return c


def pip_gemeld(casus) -> Bericht:
    return services.pip_melden(versie=pip_versie(casus), door=casus.consultant)


def ontvangen(sim, operatie="postPipByBsn"):
    """What DUO registered: the requests with an effect (repeats of a berichtId excluded)."""
    return [u for u in sim.uitwisselingen(operatie) if not u.herhaling and u.antwoord.status < 300]


def test_with_duo_down_the_melding_waits_and_goes_out_exactly_once_when_duo_is_back(casus, sim, duo_plat, settings):
    bericht = pip_gemeld(casus)
    # DUO down: the attempt fails technically, the row waits with a backoff
    verzending = services.bericht_versturen(bericht_id=bericht.pk)
    bericht.refresh_from_db()
    assert (bericht.status, bericht.pogingen, verzending.opnieuw_over) == ("wachtend", 1, 30)
    assert bericht.volgende_poging_op > timezone.now() and "niet bereikbaar" in bericht.fouten[0]
    # not due yet: neither the sweep nor a duplicate task sends it
    assert services.sweep()["berichten"] == []
    assert services.bericht_versturen(bericht_id=bericht.pk).bericht is None
    # the next attempt fails too: the wait doubles
    Bericht.objects.filter(pk=bericht.pk).update(volgende_poging_op=timezone.now())
    assert services.bericht_versturen(bericht_id=bericht.pk).opnieuw_over == 60
    # DUO is back; once due, the sweep picks the row and it is sent once
    with draaien(sim) as url:
        settings.DUO_API_URL = url
        later = timezone.now() + dt.timedelta(minutes=2)
        klaar = services.sweep(nu=later)["berichten"]
        assert klaar == [bericht.pk]
        assert services.sweep(nu=later)["berichten"] == []  # already queued: not queued twice
        Bericht.objects.filter(pk=bericht.pk).update(volgende_poging_op=timezone.now())
        for _ in range(3):  # the queued task, the lost Celery retry, a redelivery
            services.bericht_versturen(bericht_id=bericht.pk)
    bericht.refresh_from_db()
    assert (bericht.status, bericht.http_status, bericht.pogingen) == ("verzonden", 201, 3)
    assert len(ontvangen(sim)) == 1 and len(sim.uitwisselingen("postPipByBsn")) == 1
    assert sim.personen[casus.inburgeraar.bsn]["pip"]["pip"]["dagtekeningPip"] == "2025-11-01"
    assert DuoStand.objects.get(casus=casus).pip_dagtekening == D(2025, 11, 1)
    assert services.sweep(nu=later + dt.timedelta(hours=1))["berichten"] == []


def test_duo_in_maintenance_503_is_retried_like_down(casus, sim, duo_url):
    bericht = pip_gemeld(casus)
    sim.storing = True
    assert services.bericht_versturen(bericht_id=bericht.pk).opnieuw_over == 30
    sim.storing = False
    Bericht.objects.filter(pk=bericht.pk).update(volgende_poging_op=timezone.now())
    services.bericht_versturen(bericht_id=bericht.pk)
    assert Bericht.objects.get(pk=bericht.pk).status == "verzonden" and len(ontvangen(sim)) == 1


def test_a_worker_that_died_while_sending_is_recovered_without_a_second_effect(casus, sim, duo_url):
    """The request reached DUO but the worker died before recording it: the sweep releases the claim,
    the repeat carries the same berichtId, DUO recognises it."""
    bericht = pip_gemeld(casus)
    services.bericht_versturen(bericht_id=bericht.pk)
    Bericht.objects.filter(pk=bericht.pk).update(status="bezig", geclaimd_op=timezone.now() - dt.timedelta(hours=1))
    assert services.sweep()["vrijgegeven"] == 1
    services.bericht_versturen(bericht_id=bericht.pk)
    assert Bericht.objects.get(pk=bericht.pk).status == "verzonden"
    uitwisselingen = sim.uitwisselingen("postPipByBsn")
    assert len(uitwisselingen) == 2 and uitwisselingen[1].herhaling and len(ontvangen(sim)) == 1
    assert {u.headers["berichtid"] for u in uitwisselingen} == {str(bericht.bericht_id)}


def test_the_task_asks_celery_for_a_retry_with_backoff(casus, duo_plat, monkeypatch):
    bericht = pip_gemeld(casus)
    gevraagd = {}

    def retry(**kwargs):
        gevraagd.update(kwargs)
        return Retry()

    monkeypatch.setattr(tasks.bericht_versturen, "retry", retry)
    with pytest.raises(Retry):
        tasks.bericht_versturen.run(bericht.pk)
    assert gevraagd == {"countdown": 30}


def test_duos_refusal_is_shown_and_a_manual_resend_goes_out_once(casus, sim, duo_url, client):
    sim.personen[casus.inburgeraar.bsn]["vestigingen"] = {"0001": "2025-11-15"}  # DUO knows a later settlement
    bericht = pip_gemeld(casus)
    services.bericht_versturen(bericht_id=bericht.pk)
    bericht.refresh_from_db()
    assert bericht.status == "geweigerd" and bericht.http_status == 403
    assert "vóór de vestiging in de gemeente" in bericht.fouten[0]  # DUO's fouttekst, shown on the case
    client.force_login(casus.consultant)
    pagina = client.get(casus.get_absolute_url()).content.decode()
    assert "Geweigerd door DUO" in pagina and "vóór de vestiging in de gemeente" in pagina
    assert "Opnieuw versturen" in pagina
    # DUO's data is corrected; the consultant resends
    sim.personen[casus.inburgeraar.bsn]["vestigingen"] = {"0001": "2025-10-01"}
    r = client.post(reverse("duo:opnieuw", kwargs={"casus_pk": casus.pk, "bericht_pk": bericht.pk}))
    assert r.status_code == 302
    nieuw = Bericht.objects.get(vervangt=bericht)
    assert nieuw.bericht_id != bericht.bericht_id and nieuw.body == bericht.body
    assert Bericht.objects.get(pk=bericht.pk).status == "vervangen"
    services.bericht_versturen(bericht_id=nieuw.pk)
    assert Bericht.objects.get(pk=nieuw.pk).status == "verzonden" and len(ontvangen(sim)) == 1
    # a received melding cannot be resent
    r = client.post(reverse("duo:opnieuw", kwargs={"casus_pk": casus.pk, "bericht_pk": nieuw.pk}), follow=True)
    assert "kan niet opnieuw" in r.content.decode() and Bericht.objects.count() == 2


def test_after_the_maximum_of_attempts_the_melding_is_given_up_and_can_be_resent(casus, duo_plat, settings):
    settings.DUO_MAX_POGINGEN = 2
    bericht = pip_gemeld(casus)
    services.bericht_versturen(bericht_id=bericht.pk)
    Bericht.objects.filter(pk=bericht.pk).update(volgende_poging_op=timezone.now())
    assert services.bericht_versturen(bericht_id=bericht.pk).opnieuw_over is None
    bericht.refresh_from_db()
    assert bericht.status == "mislukt" and bericht.mag_opnieuw
    nieuw = services.bericht_opnieuw(bericht=bericht, door=casus.consultant)
    assert nieuw.status == "wachtend" and nieuw.pogingen == 0


def test_contactpersoon_link_waits_for_the_registration_and_uses_duos_id(casus, sim, duo_url):
    koppeling = services.contactpersoon_melden(
        casus=casus,
        gebruiker=casus.consultant,
        naam="Consultant Een",
        email="c1@gemeente.example",
        telefoon="0488 123456",
        door=casus.consultant,
    )
    registratie = koppeling.hangt_af_van
    assert services.bericht_versturen(bericht_id=koppeling.pk).bericht is None  # waits for the registration
    assert services.sweep()["berichten"] == [registratie.pk]
    services.bericht_versturen(bericht_id=registratie.pk)
    contact = DuoContactpersoon.objects.get()
    assert contact.duo_id == 1
    assert services.sweep()["berichten"] == [koppeling.pk]
    services.bericht_versturen(bericht_id=koppeling.pk)
    assert Bericht.objects.get(pk=koppeling.pk).status == "verzonden"
    assert sim.koppelingen[casus.inburgeraar.bsn] == 1
    # a second person of the same consultant: only the link
    tweede = services.contactpersoon_melden(
        casus=casus,
        gebruiker=casus.consultant,
        naam="Consultant Een",
        email="c1@gemeente.example",
        telefoon="0488 123456",
        door=casus.consultant,
    )
    assert tweede.hangt_af_van is None and tweede.pad_params == {"contactpersoon": contact.pk}


def test_a_failed_registration_fails_the_waiting_link(casus, sim, duo_url):
    koppeling = services.contactpersoon_melden(
        casus=casus,
        gebruiker=casus.consultant,
        naam="Consultant Een",
        email="c1@gemeente.example",
        telefoon="0488 123456",
        door=casus.consultant,
    )
    sim.storing = False
    Bericht.objects.filter(pk=koppeling.hangt_af_van_id).update(body={"naam": "x", "email": "y", "telefoonnummer": "1"})
    services.bericht_versturen(bericht_id=koppeling.hangt_af_van_id)  # the spec refuses it: 400
    assert Bericht.objects.get(pk=koppeling.hangt_af_van_id).status == "geweigerd"
    assert Bericht.objects.get(pk=koppeling.pk).status == "geweigerd"


def test_the_sweep_task_queues_due_rows(casus, monkeypatch):
    bericht = pip_gemeld(casus)
    gequeued = []
    monkeypatch.setattr(tasks.bericht_versturen, "delay", gequeued.append)
    resultaat = tasks.sweep.run()
    assert gequeued == [bericht.pk] and resultaat["berichten"] == 1
