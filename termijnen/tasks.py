"""Beat-scheduled tasks: thin, idempotent, safe to run twice or side by side (see the services).

All run with acks_late and reject_on_worker_lost: a worker that dies mid-task leaves the message
unacknowledged, and it is delivered again (Redis: after the visibility timeout, 3600 s by default,
longer than any of these time limits). Work is committed in batches, so a redelivered run only
does what is left. No task is ever scheduled with an eta: deadlines are rows, the beat sweeps them.
"""

from celery import shared_task

OPTIES = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


@shared_task(name="termijnen.tasks.sweep", time_limit=600, soft_time_limit=540, **OPTIES)
def sweep() -> dict:
    """Mark due and overdue deadlines, make the work-list items, then the daily digest (once a day)."""
    from .services import digest_versturen, termijnen_sweep

    resultaat = termijnen_sweep()
    mails = digest_versturen()
    return {"termijnen": resultaat.termijnen, "items": resultaat.items, "digests": mails}


@shared_task(name="termijnen.tasks.verzoeken", time_limit=300, soft_time_limit=270, **OPTIES)
def verzoeken() -> int:
    """Recompute the cases changed outside a web request (tasks, commands)."""
    from .services import verzoeken_verwerken

    totaal = 0
    while n := verzoeken_verwerken():
        totaal += n
    return totaal


@shared_task(name="termijnen.tasks.herberekenen", time_limit=3300, soft_time_limit=3000, **OPTIES)
def herberekenen() -> dict:
    """Nightly: recompute every active case (time-bound conditions, changed settings, bulk imports)."""
    from .services import termijnen_herberekenen

    r = termijnen_herberekenen()
    return {"casussen": r.casussen, "aangemaakt": r.aangemaakt, "verschoven": r.verschoven, "gesloten": r.gesloten}
