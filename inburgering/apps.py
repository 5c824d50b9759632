from django.apps import AppConfig


class InburgeringConfig(AppConfig):
    name = "inburgering"
    verbose_name = "Inburgering: organisatie en instellingen"

    def ready(self):
        from . import audit  # noqa: F401  (connects the history-user signal)
