from django.apps import AppConfig


class InburgeringConfig(AppConfig):
    name = "inburgering"
    verbose_name = "Inburgering: organisatie en instellingen"

    def ready(self):
        from . import audit, checks, security  # noqa: F401  (signal receivers and system checks)
