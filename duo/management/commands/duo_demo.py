"""`manage.py duo_demo`: make the demo gemeenten ready for the DUO simulator (idempotent)."""

from django.core.management.base import BaseCommand

from duo.models import DuoInstelling
from duo.register import gemeentecode
from duo.simulator.state import demo_oin
from inburgering.models import Gemeente


class Command(BaseCommand):
    help = "Demo: geef gemeenten zonder OIN een demo-OIN die de DUO-simulator herkent, en een standaardteam."

    def handle(self, *args, **opts):
        for gemeente in Gemeente.objects.order_by("naam"):
            if not gemeente.oin:
                gemeente.oin = demo_oin(gemeentecode(gemeente) or "0000")
                gemeente.save(update_fields=["oin"])
            instelling, _ = DuoInstelling.objects.get_or_create(gemeente=gemeente)
            if instelling.standaard_team_id is None:
                teams = list(gemeente.teams.order_by("naam"))
                instelling.standaard_team = next(
                    (t for t in teams if gemeente.naam in t.naam), teams[0] if teams else None
                )
                instelling.save()
            self.stdout.write(f"{gemeente.naam}: OIN {gemeente.oin}, standaardteam {instelling.standaard_team or '—'}")
        self.stdout.write("Zet DUO_NOTIFICATIE_TOKEN (en dezelfde waarde voor duo_sim) om notificaties te ontvangen.")
