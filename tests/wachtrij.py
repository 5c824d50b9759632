"""The broker unavailable in a test, and what a beat sweep queues afterwards.

`broker_onbereikbaar()` points the test process's Celery app at a closed port (Redis down: the
connection is refused) with the project's Redis transport options, as a web process with REDIS_URL
has it; `broker_faalde()` tells whether a queueing on commit tried it and failed (inburgering.celery
pauses after a failure). `opnemen(monkeypatch)` records what is queued afterwards instead of
publishing it, as (task name, args).
"""

from __future__ import annotations

import contextlib
import time

ONBEREIKBAAR = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@contextlib.contextmanager
def broker_onbereikbaar():
    from tests.ops.celery_proc import broker

    with broker(ONBEREIKBAAR) as app:
        yield app


def broker_faalde() -> bool:
    from inburgering import celery

    return celery._storing["tot"] > time.monotonic()


def opnemen(monkeypatch) -> list[tuple[str, tuple]]:
    from celery.app.task import Task

    gequeued: list[tuple[str, tuple]] = []

    def apply_async(self, args=None, kwargs=None, **options):
        gequeued.append((self.name, tuple(args or ())))

    monkeypatch.setattr(Task, "apply_async", apply_async)
    return gequeued


def sweep_zet_het_erin(monkeypatch, sweep, taak, pk) -> list[tuple[str, tuple]]:
    """The row `pk` waits after a failed queueing: `sweep` leaves it alone while the queueing on commit
    may still be under way, and queues `taak` for it once it has waited longer. Returns the record of
    what is queued from now on (for the caller to check that a later sweep queues nothing more)."""
    gequeued = opnemen(monkeypatch)
    assert sweep() == 0
    assert sweep(nu=later()) == 1
    assert gequeued == [(taak.name, (pk,))]
    return gequeued


def later():
    """A moment past the sweep's waiting time."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    return timezone.now() + dt.timedelta(seconds=settings.INPLANNEN_SWEEP_NA_SECONDS + 1)
