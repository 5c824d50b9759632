"""Thin, idempotent tasks of the DUO exchange: ids in, a service does the work.

Retries of a technical failure use Celery's retry with the backoff the service computed (the
row holds the same due time, so the beat `sweep` picks it up when a retry is lost); a claim in
the service makes a duplicate delivery a no-op.
"""

from celery import shared_task

from .client import DuoOnbereikbaar

OPTIES = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="duo.tasks.notificatie_verwerken", bind=True, max_retries=None, **OPTIES)
def notificatie_verwerken(self, notificatie_id: int) -> str:
    from . import services

    try:
        return services.notificatie_verwerken(notificatie_id=notificatie_id).status
    except DuoOnbereikbaar as exc:
        wacht = services.notificatie_uitstellen(notificatie_id=notificatie_id, fout=str(exc))
        raise self.retry(countdown=wacht) from exc
    except Exception as exc:  # shown to the beheerder instead of retrying forever
        services.notificatie_fout(notificatie_id=notificatie_id, fout=f"{exc.__class__.__name__}: {exc}")
        raise


@shared_task(name="duo.tasks.bericht_versturen", bind=True, max_retries=None, **OPTIES)
def bericht_versturen(self, bericht_id: int) -> str | None:
    from . import services

    verzending = services.bericht_versturen(bericht_id=bericht_id)
    if verzending.opnieuw_over is not None:
        raise self.retry(countdown=verzending.opnieuw_over)
    return verzending.bericht.status if verzending.bericht else None


@shared_task(name="duo.tasks.sweep", **OPTIES)
def sweep() -> dict:
    """Beat: queue the outbox rows and notifications that are due."""
    from . import services

    klaar = services.sweep()
    for pk in klaar["berichten"]:
        bericht_versturen.delay(pk)
    for pk in klaar["notificaties"]:
        notificatie_verwerken.delay(pk)
    return {k: len(v) if isinstance(v, list) else v for k, v in klaar.items()}


@shared_task(name="duo.tasks.casus_verversen", bind=True, max_retries=5, **OPTIES)
def casus_verversen(self, casus_id: int) -> None:
    from . import services

    try:
        services.casus_verversen(casus_id=casus_id)
    except DuoOnbereikbaar as exc:
        raise self.retry(countdown=60) from exc


@shared_task(name="duo.tasks.instellingen_verversen", **OPTIES)
def instellingen_verversen() -> int:
    """Beat (daily): DUO's list of institutions with a keurmerk."""
    from . import services

    return services.instellingen_verversen()
