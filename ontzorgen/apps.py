from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _beheer_rechten(sender, apps=None, **kwargs):
    from .roles import beheer_rechten_toekennen

    beheer_rechten_toekennen(apps)


class OntzorgenConfig(AppConfig):
    name = "ontzorgen"
    verbose_name = "Ontzorgen, begeleiding en participatie"

    def ready(self):
        from cases.signals import casus_anonimiseren

        from . import receivers

        casus_anonimiseren.connect(receivers.anonimiseren, dispatch_uid="ontzorgen_anonimiseren")
        # after every app's post_migrate (sync_roles resets the beheerder's permissions): idempotent
        post_migrate.connect(_beheer_rechten, dispatch_uid="ontzorgen_beheer_rechten")
