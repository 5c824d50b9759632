"""Celery tasks of the dashboards: thin and idempotent (ids in, a service call out)."""

from celery import shared_task


@shared_task(name="dashboards.tasks.samenvatting_verversen", acks_late=True)
def samenvatting_verversen() -> int:
    """Beat: recompute the KPI summary table for the whole register; clear old export files and refresh logs.

    Safe to run twice (an upsert per case); a run that dies half-way leaves the rows it did."""
    from . import services

    run = services.kenmerken_verversen()
    services.exports_opruimen()
    services.verversingen_opruimen()
    return run.aantal


@shared_task(name="dashboards.tasks.export_maken", acks_late=True)
def export_maken(export_id: int) -> None:
    """Make one export; a finished export is left alone (a redelivered task changes nothing)."""
    from . import services

    services.export_uitvoeren(export_id)


@shared_task(name="dashboards.tasks.export_sweep", acks_late=True)
def export_sweep(nu=None) -> int:
    """Beat: mark as failed every export whose run has died (killed at the task's time limit, or its worker
    died), and queue every export still in the queue a while after it was requested (its queueing on
    commit was lost: broker down). Returns how many were queued."""
    from inburgering.celery import wachtend_sinds, wachtende_inplannen

    from . import services
    from .models import Export

    services.exports_afbreken(nu=nu)
    wachtend = (
        Export.objects.filter(status=Export.Status.WACHTRIJ, aangemaakt_op__lt=wachtend_sinds(nu))
        .order_by("aangemaakt_op", "pk")
        .values_list("pk", flat=True)
    )
    return wachtende_inplannen(export_maken, wachtend)
