"""Celery app. Broker: Redis when REDIS_URL is set, else kombu's filesystem transport."""

import logging
import os
import time
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")

app = Celery("inburgering")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)
# beat sweeps that queue the work still waiting in a row whose queueing on commit was lost
WACHTRIJ_SWEEPS = (
    "pip.tasks.beschikking_pdf_sweep",
    "leerroutes.tasks.certificaat_sweep",
    "handhaving.tasks.boetebeschikking_pdf_sweep",
    "dashboards.tasks.export_sweep",
)
_storing = {"tot": 0.0}  # this process: until when not to try the broker again after a failure


def inplannen(task, *args) -> bool:
    """Queue `task(*args)` now, best effort, for work whose state is a database row that a beat
    sweep queues as well (an outbox row, a stored notification). A broker that is down or does not
    answer within the socket timeout (REDIS_BROKER_TRANSPORT_OPTIONS) is logged, never raised: the
    request that committed the row must not fail on it. After a failure this process does not try
    again for INPLANNEN_PAUZE_SECONDS, so the requests during an outage answer at once.
    """
    from django.conf import settings

    if time.monotonic() < _storing["tot"]:
        logger.info("Broker onbereikbaar: %s%s niet in de wachtrij gezet; de beat-sweep zet het erin.", task.name, args)
        return False
    try:
        task.apply_async(args, retry=False)  # one attempt: the sweep is the retry
    except Exception:
        _storing["tot"] = time.monotonic() + settings.INPLANNEN_PAUZE_SECONDS
        logger.warning(
            "Broker onbereikbaar: %s%s niet in de wachtrij gezet; de beat-sweep zet het erin.",
            task.name,
            args,
            exc_info=True,
        )
        return False
    _storing["tot"] = 0.0
    return True


def wachtend_sinds(nu=None):
    """A beat sweep queues the rows that have been waiting since before this moment (the queueing
    on commit had INPLANNEN_SWEEP_NA_SECONDS to do it)."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    return (nu or timezone.now()) - dt.timedelta(seconds=settings.INPLANNEN_SWEEP_NA_SECONDS)


def wachtende_inplannen(task, pks, *, batch: int = 200) -> int:
    """A beat sweep: queue the waiting rows (ids, oldest first), at most `batch` per run; how many were queued."""
    return sum(inplannen(task, pk) for pk in list(pks[:batch]))


@app.on_after_configure.connect
def _ensure_fs_broker_dirs(sender, **kwargs):
    opts = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if opts.get(key):
            Path(opts[key]).mkdir(parents=True, exist_ok=True)


@app.on_after_finalize.connect
def _beat_schedule(sender, **kwargs):
    from celery.schedules import crontab
    from django.conf import settings

    sender.add_periodic_task(
        settings.HEARTBEAT_SECONDS, sender.signature("inburgering.tasks.heartbeat"), name="heartbeat"
    )
    sender.add_periodic_task(
        crontab(hour=2, minute=30), sender.signature("cases.tasks.retentie_sweep"), name="retentie"
    )
    sender.add_periodic_task(
        crontab(minute=20), sender.signature("dashboards.tasks.samenvatting_verversen"), name="kpi-samenvatting"
    )
    # termijnen: sweep due deadlines (+ daily digest), process recompute requests, nightly recompute
    sender.add_periodic_task(
        getattr(settings, "TERMIJNEN_SWEEP_SECONDS", 300.0),
        sender.signature("termijnen.tasks.sweep"),
        name="termijnen-sweep",
    )
    sender.add_periodic_task(
        getattr(settings, "TERMIJNEN_VERZOEKEN_SECONDS", 60.0),
        sender.signature("termijnen.tasks.verzoeken"),
        name="termijnen-verzoeken",
    )
    sender.add_periodic_task(
        crontab(hour=2, minute=45), sender.signature("termijnen.tasks.herberekenen"), name="termijnen-herberekenen"
    )
    # work waiting in a row whose queueing was lost (broker down at commit): PDFs and exports
    for taak in WACHTRIJ_SWEEPS:
        sender.add_periodic_task(settings.INPLANNEN_SWEEP_SECONDS, sender.signature(taak), name=taak)
