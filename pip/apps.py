from django.apps import AppConfig
from django.db.models.signals import post_save


def _briefpapier_voor_gemeente(sender, instance, created, raw=False, **kwargs):
    """Every gemeente gets its (empty) letterhead row, so the beheerder only has to fill it in."""
    if created and not raw:
        from .models import Briefpapier

        Briefpapier.objects.get_or_create(gemeente=instance)


class PipConfig(AppConfig):
    name = "pip"
    verbose_name = "PIP"

    def ready(self):
        post_save.connect(_briefpapier_voor_gemeente, sender="inburgering.Gemeente", dispatch_uid="pip_briefpapier")
