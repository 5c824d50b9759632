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


@shared_task(name="handhaving.tasks.boetebeschikking_pdf_sweep", acks_late=True)
def boetebeschikking_pdf_sweep(nu=None) -> int:
    """Beat: queue the PDF of every boetebeschikking still without one a while after it was made (its
    queueing on commit was lost: broker down). Returns how many were queued."""
    from inburgering.celery import wachtend_sinds, wachtende_inplannen

    from .models import Boetebeschikking

    wachtend = (
        Boetebeschikking.objects.filter(pdf="", vastgesteld_op__lt=wachtend_sinds(nu))
        .exclude(beschikking_html="")
        .order_by("vastgesteld_op", "pk")
        .values_list("pk", flat=True)
    )
    return wachtende_inplannen(boetebeschikking_pdf_maken, wachtend)
