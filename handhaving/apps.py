from django.apps import AppConfig
from django.db.models.signals import post_save


def _betaalgegevens_voor_gemeente(sender, instance, created, raw=False, **kwargs):
    """Every gemeente gets its (empty) payment details row, so the beheerder only has to fill it in."""
    if created and not raw:
        from .models import Betaalgegevens

        Betaalgegevens.objects.get_or_create(gemeente=instance)


class HandhavingConfig(AppConfig):
    name = "handhaving"
    verbose_name = "Handhaving"

    def ready(self):
        from cases.signals import casus_anonimiseren

        from .signals import anonimiseren

        post_save.connect(
            _betaalgegevens_voor_gemeente, sender="inburgering.Gemeente", dispatch_uid="handhaving_betaalgegevens"
        )
        casus_anonimiseren.connect(anonimiseren, dispatch_uid="handhaving_anonimiseren")
