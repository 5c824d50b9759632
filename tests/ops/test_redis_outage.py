"""Redis (the broker) unavailable for a while: the web requests answer as usual and quickly, nothing is
lost, nothing is done twice.

The test starts its own redis-server (no persistence, as the machine's) and points the test
process's Celery app at it, as a web process with REDIS_URL has it. Through the web client:
- Redis up, no worker: a DUO melding is queued in Redis (and lost with it below);
- Redis paused (SIGSTOP: connections are accepted, nothing answers): a case gets dates that make
  deadlines, a melding is stored, DUO posts a notification;
- Redis killed (connection refused, everything it held gone): another case and melding;
- Redis started again, empty; a worker and beat start. The beat sweeps (duo.tasks.sweep,
  termijnen.tasks.sweep) find the rows in the database: every melding reaches DUO once, the
  notification is processed once, every overdue deadline gets its one work-list item.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.models import Casus
from duo.models import Bericht, DuoStand, Notificatie
from termijnen.models import Termijn, WerkItem
from tests.conftest import _valid_bsn

from .celery_proc import (
    RedisServer,
    broker,
    celery_env,
    duo_setup,
    needs_redis_server,
    roles,  # noqa: F401 - fixture
    start_celery,
    stop,
    wait_for,
)

HANGT_NA = 30.0  # seconds: a request still running by then hangs on the broker
SNEL_GENOEG = 8.0  # seconds: the most a request may take while Redis does not answer

pytestmark = [pytest.mark.slow, needs_redis_server]


def _timed(redis, fn):
    """(response, seconds) of fn() run on a thread; fail (and wake Redis) when it hangs."""
    uitkomst = {}

    def run():
        begin = time.monotonic()
        try:
            uitkomst["response"] = fn()
        except BaseException as exc:  # noqa: BLE001 - reported below
            uitkomst["fout"] = exc
        finally:
            uitkomst["seconden"] = time.monotonic() - begin
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANGT_NA)
    if thread.is_alive():
        redis.kill()  # lets the request go on (and fail), so the test ends
        thread.join(30)
        pytest.fail(f"a web request hangs for more than {HANGT_NA:.0f} s while Redis does not answer")
    if "fout" in uitkomst:
        raise uitkomst["fout"]
    return uitkomst["response"], uitkomst["seconden"]


def _datums_zetten(client, casus, vandaag):
    """The case form: DUO's kennisgeving and the BRP registration long ago → overdue PIP and LBT deadlines."""
    casus = Casus.objects.get(pk=casus.pk)
    return client.post(
        reverse("cases:bewerken", kwargs={"casus_pk": casus.pk}),
        {
            "doelgroep": casus.doelgroep,
            "datum_kennisgeving": (vandaag - dt.timedelta(days=300)).isoformat(),
            "datum_brp_inschrijving": (vandaag - dt.timedelta(days=290)).isoformat(),
            "versie": casus.versie,
        },
    )


def _uren_melden(client, casus, uren):
    return client.post(
        reverse("duo:melden", kwargs={"casus_pk": casus.pk, "soort": "uren"}),
        {"urensoort": "taallesknm", "uren": uren},
    )


@pytest.mark.timeout(240)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_outage_loses_nothing_and_doubles_nothing(roles, world, client, settings, tmp_path):  # noqa: F811
    from duo.simulator import DuoSimulator, draaien
    from inburgering import celery as celery_module
    from tests.duo.conftest import TOKEN, VANDAAG, notificatie_posten

    settings.DUO_NOTIFICATIE_TOKEN = TOKEN
    settings.DUO_NOTIFICATIE_CERT_HEADER = ""
    sim = DuoSimulator(vandaag=VANDAAG)
    cases = duo_setup(world, sim, extra_cases=2)
    sim.personen[_valid_bsn(1)]["termijn"] = {"startdatum": "2025-12-02", "einddatum": "2029-06-02"}
    vandaag = timezone.localdate()
    client.force_login(world.users["c1"])
    redis = RedisServer(tmp_path).start()
    log = tmp_path / "celery.log"
    worker = beat = None
    tijden: dict[str, float] = {}
    notificatie_id = str(uuid.uuid4())
    try:
        with draaien(sim) as duo_url, broker(redis.url):
            # Redis up, no worker yet: queued in Redis only
            r, tijden["melding, Redis bereikbaar"] = _timed(redis, lambda: _uren_melden(client, cases[0], 10))
            assert r.status_code == 302 and redis.keys() > 0

            redis.pause()
            r, tijden["casus, Redis gepauzeerd"] = _timed(redis, lambda: _datums_zetten(client, cases[1], vandaag))
            assert r.status_code == 302
            r, tijden["melding, Redis gepauzeerd"] = _timed(redis, lambda: _uren_melden(client, cases[1], 11))
            assert r.status_code == 302
            r = client.get(r.url)
            assert "staat klaar en gaat naar DUO" in r.content.decode()
            r, tijden["notificatie, Redis gepauzeerd"] = _timed(
                redis,
                lambda: notificatie_posten(client, gebeurtenis="SS102", bsn=_valid_bsn(1), bericht_id=notificatie_id),
            )
            assert r.status_code == 201

            redis.kill()  # everything it held is gone, the melding of cases[0] included
            celery_module._storing["tot"] = 0.0  # measure a request that meets a refused connection
            r, tijden["casus, Redis weg"] = _timed(redis, lambda: _datums_zetten(client, cases[2], vandaag))
            assert r.status_code == 302
            r, tijden["melding, Redis weg"] = _timed(redis, lambda: _uren_melden(client, cases[2], 12))
            assert r.status_code == 302

            # what the requests committed is in the database: three meldingen, the notification, the deadlines
            assert Bericht.objects.filter(status="wachtend").count() == 3
            assert Notificatie.objects.get(bericht_id=notificatie_id).status == "ontvangen"
            te_laat = Termijn.objects.filter(casus__in=cases[1:], gesloten_op__isnull=True, uiterlijk__lt=vandaag)
            verwacht = set(te_laat.values_list("pk", flat=True))
            assert {t.soort for t in te_laat} >= {"pip_wettelijk", "lbt_plannen"} and len(verwacht) >= 4
            assert not WerkItem.objects.filter(termijn__in=verwacht).exists()
            connection.close()

            redis.start()  # the same port, empty
            assert redis.keys() == 0
            env = celery_env(redis.url, duo_url, tmp_path, TERMIJNEN_SWEEP_SECONDS="2", TERMIJNEN_VERZOEKEN_SECONDS="2")
            worker = start_celery("worker", env, log)
            beat = start_celery("beat", env, log)

            def klaar():
                return (
                    Bericht.objects.filter(status="verzonden").count() == 3
                    and Notificatie.objects.get(bericht_id=notificatie_id).status != "ontvangen"
                    and WerkItem.objects.filter(termijn__in=verwacht).count() >= len(verwacht)
                )

            wait_for(klaar, timeout=120, what="every melding, the notification and every deadline item", log=log,
                     procs=[worker, beat])  # fmt: skip
            time.sleep(4)  # more sweeps: they must add nothing
    finally:
        stop(worker, beat)
        redis.kill()
        connection.close()

    print("request durations (s):", {k: round(v, 2) for k, v in tijden.items()})
    assert max(tijden.values()) < SNEL_GENOEG, tijden
    # DUO: each melding once, with its own berichtId, and nothing else
    verzoeken = [u for u in sim.verzoeken if u.methode == "PUT"]
    per_id = Counter(u.headers["berichtid"] for u in verzoeken)
    assert per_id == Counter({str(b.bericht_id): 1 for b in Bericht.objects.all()})
    assert not any(u.herhaling for u in verzoeken)
    for i, casus in enumerate(cases):
        assert sim.personen[casus.inburgeraar.bsn]["uren"]["0001"]["TaallesEnKnmBredeIntake"] == {"uren": 10 + i}
    assert set(Bericht.objects.values_list("status", "pogingen")) == {("verzonden", 1)}
    # the notification: processed once (one fetch of the termijn), its effect recorded
    n = Notificatie.objects.get(bericht_id=notificatie_id)
    assert n.status == "verwerkt", n.resultaat
    assert len(sim.uitwisselingen("getInburgeringstermijnByBsn")) == 1
    assert DuoStand.objects.get(casus=cases[0]).termijn_start == dt.date(2025, 12, 2)
    # deadlines: one work-list item per overdue deadline, at the overdue stage, none twice
    items = WerkItem.objects.filter(termijn__in=verwacht)
    assert sorted(items.values_list("termijn_id", flat=True)) == sorted(verwacht)
    assert set(items.values_list("fase", flat=True)) == {3}


def test_queueing_on_commit_never_raises_and_pauses_after_a_failure(settings, monkeypatch):
    """inburgering.celery.inplannen: a broker error is logged, not raised; the process does not try
    again for INPLANNEN_PAUZE_SECONDS; a success ends the pause."""
    from kombu.exceptions import OperationalError

    from duo.tasks import bericht_versturen
    from inburgering import celery as celery_module
    from inburgering.celery import inplannen

    pogingen = []

    def weg(args, **kwargs):
        pogingen.append(("weg", args, kwargs))
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    settings.INPLANNEN_PAUZE_SECONDS = 30
    monkeypatch.setitem(celery_module._storing, "tot", 0.0)
    monkeypatch.setattr(bericht_versturen, "apply_async", weg)
    assert inplannen(bericht_versturen, 1) is False
    assert inplannen(bericht_versturen, 2) is False  # within the pause: not tried
    assert pogingen == [("weg", (1,), {"retry": False})]

    monkeypatch.setattr(bericht_versturen, "apply_async", lambda args, **kw: pogingen.append(("ok", args, kw)))
    celery_module._storing["tot"] = 0.0  # the pause is over
    assert inplannen(bericht_versturen, 3) is True
    assert pogingen[-1] == ("ok", (3,), {"retry": False}) and celery_module._storing["tot"] == 0.0
