from django.apps import AppConfig


class InburgeringConfig(AppConfig):
    name = "inburgering"
    verbose_name = "Inburgering: organisatie en instellingen"
