from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _beheer_rechten(sender, apps=None, **kwargs):
    from .roles import beheer_rechten_toekennen

    beheer_rechten_toekennen(apps)


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake"

    def ready(self):
        # after every app's post_migrate (permissions are created per app): idempotent and cheap
        post_migrate.connect(_beheer_rechten, dispatch_uid="intake_beheer_rechten")
