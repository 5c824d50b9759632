from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _betaalgegevens_voor_gemeente(sender, instance, created, raw=False, **kwargs):
    """Every gemeente gets its (empty) payment details row, so the beheerder only has to fill it in."""
    if created and not raw:
        from .models import Betaalgegevens

        Betaalgegevens.objects.get_or_create(gemeente=instance)


def _beheer_rechten(sender, apps=None, **kwargs):
    from .roles import beheer_rechten_toekennen

    beheer_rechten_toekennen(apps)


class HandhavingConfig(AppConfig):
    name = "handhaving"
    verbose_name = "Handhaving"

    def ready(self):
        from cases.signals import casus_anonimiseren

        from .signals import anonimiseren

        post_save.connect(
            _betaalgegevens_voor_gemeente, sender="inburgering.Gemeente", dispatch_uid="handhaving_betaalgegevens"
        )
        # after every app's post_migrate (a later sync_roles resets the beheerder's permissions)
        post_migrate.connect(_beheer_rechten, dispatch_uid="handhaving_beheer_rechten")
        casus_anonimiseren.connect(anonimiseren, dispatch_uid="handhaving_anonimiseren")
