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


@shared_task(name="leerroutes.tasks.certificaat_sweep", acks_late=True)
def certificaat_sweep(nu=None) -> int:
    """Beat: queue the certificate of every Z-route afronding still without its PDF a while after it was
    recorded (its queueing on commit was lost: broker down). Returns how many were queued."""
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone

    from inburgering.celery import wachtend_sinds, wachtende_inplannen

    from .models import ZrouteAfronding

    grens = wachtend_sinds(nu)
    vastgelegd_voor_grens = ZrouteAfronding.history.filter(id=OuterRef("pk"), history_type="+", history_date__lt=grens)
    wachtend = (
        ZrouteAfronding.objects.filter(pdf="")
        .exclude(certificaat_html="")
        .filter(Q(Exists(vastgelegd_voor_grens)) | Q(afgerond_op__lt=timezone.localdate(grens)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return wachtende_inplannen(zroute_certificaat_maken, wachtend)
