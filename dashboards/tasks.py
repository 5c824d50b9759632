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
