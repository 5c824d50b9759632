from celery import shared_task
from django.db.models import F
from django.utils import timezone


@shared_task(name="inburgering.tasks.heartbeat")
def heartbeat(naam: str = "beat") -> None:
    """Beat-scheduled proof of life: /healthz reports how long ago it last ran."""
    from .models import Hartslag

    updated = Hartslag.objects.filter(naam=naam).update(laatst=timezone.now(), aantal=F("aantal") + 1)
    if not updated:
        Hartslag.objects.get_or_create(naam=naam, defaults={"laatst": timezone.now(), "aantal": 1})
