from django.apps import AppConfig


class SpukConfig(AppConfig):
    name = "spuk"
    verbose_name = "SPUK"
