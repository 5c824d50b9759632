from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _beheer_rechten(sender, apps=None, **kwargs):
    from .roles import beheer_rechten_toekennen

    beheer_rechten_toekennen(apps)


class LeerroutesConfig(AppConfig):
    name = "leerroutes"
    verbose_name = "Leerroutes"

    def ready(self):
        from cases.signals import casus_anonimiseren

        from .anonimiseren import leerroute_gegevens_wissen

        post_migrate.connect(_beheer_rechten, dispatch_uid="leerroutes_beheer_rechten")
        casus_anonimiseren.connect(leerroute_gegevens_wissen, dispatch_uid="leerroutes_anonimiseren")
