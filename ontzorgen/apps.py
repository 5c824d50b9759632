from django.apps import AppConfig


class OntzorgenConfig(AppConfig):
    name = "ontzorgen"
    verbose_name = "Ontzorgen, begeleiding en participatie"

    def ready(self):
        from cases.signals import casus_anonimiseren

        from . import receivers

        casus_anonimiseren.connect(receivers.anonimiseren, dispatch_uid="ontzorgen_anonimiseren")
