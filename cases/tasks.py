from celery import shared_task


@shared_task(name="cases.tasks.retentie_sweep", acks_late=True)
def retentie_sweep() -> dict:
    """Daily: anonymise closed cases past retention (after a dry-run report), then report the next ones."""
    from .retentie import sweep

    return sweep()
