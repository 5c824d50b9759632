"""Celery tasks of the leerroutes: thin and idempotent (ids in, a service call out)."""

from celery import shared_task


@shared_task(
    name="leerroutes.tasks.zroute_certificaat_maken",
    acks_late=True,
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=True,
)
def zroute_certificaat_maken(afronding_id: int) -> None:
    """Convert the stored certificate HTML to its PDF, once; safe to run twice."""
    from . import services
    from .models import ZrouteAfronding
    from .pdf import html_naar_pdf

    afronding = ZrouteAfronding.objects.filter(pk=afronding_id).only("pk", "pdf", "certificaat_html").first()
    if afronding is None or afronding.pdf or not afronding.certificaat_html:
        return
    services.zroute_pdf_opslaan(afronding_id=afronding_id, inhoud=html_naar_pdf(afronding.certificaat_html))
