"""Celery tasks of handhaving: thin and idempotent (ids in, a service call out)."""

from celery import shared_task


@shared_task(
    name="handhaving.tasks.boetebeschikking_pdf_maken",
    acks_late=True,
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=True,
)
def boetebeschikking_pdf_maken(beschikking_id: int) -> None:
    """Convert the stored HTML of a boetebeschikking to its PDF, once (safe to run twice)."""
    from . import services
    from .models import Boetebeschikking
    from .pdf import html_naar_pdf

    beschikking = Boetebeschikking.objects.filter(pk=beschikking_id).only("pk", "pdf", "beschikking_html").first()
    if beschikking is None or beschikking.pdf or not beschikking.beschikking_html:
        return
    services.boetebeschikking_pdf_opslaan(
        beschikking_id=beschikking_id, inhoud=html_naar_pdf(beschikking.beschikking_html)
    )
