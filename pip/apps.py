from django.apps import AppConfig


class PipConfig(AppConfig):
    name = "pip"
    verbose_name = "PIP"
