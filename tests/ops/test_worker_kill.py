"""A real Celery worker sending the DUO outbox is killed with SIGKILL while DUO is answering a melding;
a new worker and beat take over. Every melding takes effect at DUO exactly once and every outbox row
ends "verzonden" once.

What holds and why:
- a row is sent only by the worker that claimed it (conditional UPDATE wachtend → bezig), so a Celery
  message delivered twice (acks_late + reject_on_worker_lost: the killed worker's message comes
  back after the visibility timeout) or queued twice (on commit and by the beat sweep; here every
  row twice, taken at the same moment by the two pool children of the new worker) is a no-op;
- the killed worker's claim is released by the beat sweep after DUO_CLAIM_SECONDS and the row is
  sent again with its own berichtId: whether DUO had registered the first request cannot be known
  (the answer never arrived), so exactly one row, the one in flight, is sent twice, and DUO
  (here its simulator, idempotent on berichtId) recognises the repeat and applies it once;
- the other rows, queued in Redis, are sent once by the new worker.

The test starts its own redis-server (tests/ops/celery_proc.py); the worker uses the test's database.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

import pytest
from django.db import connection

from duo.models import Bericht, DuoContactpersoon

from .celery_proc import (
    RedisServer,
    SlowDuo,
    broker,
    celery_env,
    duo_setup,
    needs_redis_server,
    roles,  # noqa: F401 - fixture
    start_celery,
    stop,
    tail,
    wait_for,
)

AANTAL_UREN = 6  # one uren melding per case, plus a contactpersoon (register + link): 8 rows
ANTWOORD_NA = 1.5  # seconds DUO takes to answer a melding: the kill lands in this window
MELDINGEN = {"PUT", "POST", "DELETE"}

pytestmark = [pytest.mark.slow, needs_redis_server]


def _verzoeken(sim) -> list:
    return [u for u in sim.verzoeken if u.methode in MELDINGEN]


@pytest.mark.timeout(180)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sigkill_while_duo_answers_sends_every_melding_once(roles, world, tmp_path):  # noqa: F811
    from duo import services
    from duo.simulator import DuoSimulator, draaien
    from duo.tasks import bericht_versturen
    from tests.duo.conftest import VANDAAG

    sim = DuoSimulator(vandaag=VANDAAG)
    cases = duo_setup(world, sim, extra_cases=AANTAL_UREN - 1)
    c1 = world.users["c1"]
    redis = RedisServer(tmp_path).start()
    traag = SlowDuo(sim, ANTWOORD_NA)
    log = tmp_path / "celery.log"
    eerste = tweede = beat = None
    try:
        with draaien(traag) as duo_url, broker(redis.url):
            # the meldingen are stored by the services and queued on commit, as from a web request;
            # each is queued a second time right after (as the beat sweep may do before a worker
            # took the first): two pool children get the two at once, only one may send
            for i, casus in enumerate(cases):
                bericht = services.uren_melden(casus=casus, soort="taallesknm", uren=100 + i, door=c1)
                bericht_versturen.delay(bericht.pk)
            link = services.contactpersoon_melden(
                casus=cases[0],
                gebruiker=c1,
                naam="Consultant Een",
                email="c1@gemeente.example",
                telefoon="0488 123456",
                door=c1,
            )
            bericht_versturen.delay(link.hangt_af_van_id)
            bericht_versturen.delay(link.pk)
            connection.close()
            rijen = {str(b.bericht_id): b.pk for b in Bericht.objects.all()}
            assert len(rijen) == AANTAL_UREN + 2 and redis.keys() > 0  # queued in our Redis

            env = celery_env(redis.url, duo_url, tmp_path, DUO_CLAIM_SECONDS="3")
            eerste = start_celery("worker", env, log)
            # kill while DUO holds the answer to the third melding (it has registered it)
            wait_for(
                lambda: len(_verzoeken(sim)) >= 3 and traag.busy > 0,
                timeout=90, what="the third melding reaches DUO", log=log, procs=[eerste],
                interval=0.05,
            )  # fmt: skip
            os.killpg(eerste.pid, signal.SIGKILL)
            eerste.wait(15)
            in_flight = _verzoeken(sim)[-1].headers["berichtid"]
            assert Bericht.objects.get(bericht_id=in_flight).status == "bezig", "killed before recording DUO's answer"
            assert Bericht.objects.filter(status="verzonden").count() < len(rijen)
            connection.close()

            tweede = start_celery("worker", env, log, concurrency=2)
            beat = start_celery("beat", env, log)
            wait_for(
                lambda: Bericht.objects.filter(status="verzonden").count() == len(rijen),
                timeout=90, what="every melding verzonden after the takeover", log=log, procs=[tweede, beat],
            )  # fmt: skip
            # let redelivered messages and further sweeps run: they must not send anything again
            n = len(_verzoeken(sim))
            wait_for(lambda: "duo.tasks.sweep" in log.read_text(errors="replace"), timeout=10, what="a sweep", log=log)
            time.sleep(6)  # > visibility timeout + claim: a redelivery and a released claim would show by now
            assert len(_verzoeken(sim)) == n, "something was sent again after every row was verzonden"
    finally:
        stop(eerste, tweede, beat)
        redis.kill()
        connection.close()

    verzoeken = _verzoeken(sim)
    per_id = Counter(u.headers["berichtid"] for u in verzoeken)
    assert set(per_id) == set(rijen), "every row reached DUO with its own berichtId, and nothing else did"
    effecten = Counter(u.headers["berichtid"] for u in verzoeken if not u.herhaling and u.antwoord.status < 300)
    assert all(effecten[b] == 1 for b in rijen), f"DUO applied a melding not exactly once: {effecten}"
    # only the melding whose answer the killed worker never read went twice, recognised as a repeat
    assert {b: n for b, n in per_id.items() if n > 1} == {in_flight: 2}
    assert [u.herhaling for u in verzoeken if u.headers["berichtid"] == in_flight] == [False, True]
    assert len(verzoeken) == len(rijen) + 1

    rows = list(Bericht.objects.all())
    assert {b.status for b in rows} == {"verzonden"} and all(b.verzonden_op for b in rows)
    assert all(b.http_status in (200, 201) for b in rows)
    # DUO's state: each person's uren once, one contactpersoon registered and linked
    for i, casus in enumerate(cases):
        assert sim.personen[casus.inburgeraar.bsn]["uren"]["0001"]["TaallesEnKnmBredeIntake"] == {"uren": 100 + i}
    assert len(sim.contactpersonen) == 1
    assert DuoContactpersoon.objects.get().duo_id == next(iter(sim.contactpersonen))
    assert "duo.tasks.bericht_versturen" in tail(log, 400)
