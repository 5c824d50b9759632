"""Celery tasks of the PIP: thin and idempotent (ids in, a service call out)."""

from celery import shared_task


@shared_task(
    name="pip.tasks.beschikking_pdf_maken", acks_late=True, autoretry_for=(OSError,), max_retries=3, retry_backoff=True
)
def beschikking_pdf_maken(versie_id: int) -> None:
    """Convert the stored beschikking HTML of a vastgestelde version to its PDF, once.

    Safe to run twice: a version that already has its PDF is left alone (the service also
    re-checks under a row lock), so a redelivered task never makes a second, different PDF.
    """
    from . import services
    from .models import PipVersie
    from .pdf import html_naar_pdf

    versie = PipVersie.objects.filter(pk=versie_id).only("pk", "status", "pdf", "beschikking_html").first()
    if versie is None or not versie.is_vastgesteld or versie.pdf:
        return
    services.pip_pdf_opslaan(versie_id=versie_id, inhoud=html_naar_pdf(versie.beschikking_html))


@shared_task(name="pip.tasks.beschikking_pdf_sweep", acks_late=True)
def beschikking_pdf_sweep(nu=None) -> int:
    """Beat: queue the PDF of every vastgestelde version that is still without one a while after its
    vaststelling (its queueing on commit was lost: broker down). Returns how many were queued."""
    from inburgering.celery import wachtend_sinds, wachtende_inplannen

    from .models import PipVersie

    wachtend = (
        PipVersie.objects.filter(status=PipVersie.Status.VASTGESTELD, pdf="", vastgesteld_op__lt=wachtend_sinds(nu))
        .exclude(beschikking_html="")
        .order_by("vastgesteld_op", "pk")
        .values_list("pk", flat=True)
    )
    return wachtende_inplannen(beschikking_pdf_maken, wachtend)
