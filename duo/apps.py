from django.apps import AppConfig
from django.db.models.signals import post_save


class DuoConfig(AppConfig):
    """The exchange with DUO (issue 11). An app of its own beside the case apps: it belongs to
    none of them (ARCHITECTURE.md allows one for the DUO/CBS exchange)."""

    name = "duo"
    verbose_name = "DUO-koppeling"

    def ready(self):
        from cases.signals import casus_anonimiseren

        from . import receivers, services

        post_save.connect(
            receivers.instelling_voor_gemeente, sender="inburgering.Gemeente", dispatch_uid="duo_instelling"
        )
        post_save.connect(receivers.pip_vastgesteld, sender="pip.PipVersie", dispatch_uid="duo_pip_vastgesteld")
        casus_anonimiseren.connect(services.anonimiseren, dispatch_uid="duo_anonimiseren")
