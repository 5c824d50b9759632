from django.apps import AppConfig


class LeerroutesConfig(AppConfig):
    name = "leerroutes"
    verbose_name = "Leerroutes"

    def ready(self):
        from cases.signals import casus_anonimiseren

        from .anonimiseren import leerroute_gegevens_wissen

        casus_anonimiseren.connect(leerroute_gegevens_wissen, dispatch_uid="leerroutes_anonimiseren")
