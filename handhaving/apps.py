from django.apps import AppConfig


class HandhavingConfig(AppConfig):
    name = "handhaving"
    verbose_name = "Handhaving"
