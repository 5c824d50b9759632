from django.apps import AppConfig


class TermijnenConfig(AppConfig):
    name = "termijnen"
    verbose_name = "Termijnen en werkvoorraad"

    def ready(self):
        from . import receivers

        receivers.verbind()
