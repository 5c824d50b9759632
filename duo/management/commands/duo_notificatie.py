"""`manage.py duo_notificatie SS101 --bsn … --gemeente …`: post a notification as DUO does (replay)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from duo import rules
from duo.simulator import DuoSimulator
from inburgering.models import Gemeente


class Command(BaseCommand):
    help = "Stuur een DUO-notificatie (gebeurtenisId) naar de Notificatie API van het product, zoals DUO dat doet."

    def add_arguments(self, parser):
        parser.add_argument("gebeurtenis", help="gebeurtenisId, bijvoorbeeld SS101")
        parser.add_argument("--bsn", default="")
        parser.add_argument("--vnummer", type=int, default=None)
        parser.add_argument("--gemeente", help="naam van de gemeente (haar OIN wordt 'doel')")
        parser.add_argument("--doel", help="OIN van de gemeente (in plaats van --gemeente)")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="basis-URL van het product")
        parser.add_argument("--token", default=None, help="standaard DUO_NOTIFICATIE_TOKEN")

    def handle(self, *args, **opts):
        doel = opts["doel"]
        if not doel:
            gemeente = Gemeente.objects.filter(naam=opts["gemeente"]).first() if opts["gemeente"] else None
            if gemeente is None or not gemeente.oin:
                raise CommandError(
                    "Geef --doel (OIN) of --gemeente (een gemeente met een OIN; zie manage.py duo_demo)."
                )
            doel = gemeente.oin
        code = opts["gebeurtenis"].upper()
        if rules.gebeurtenis(code) is None:
            self.stdout.write(f"Let op: {code} is geen bekende gebeurtenis; het product bewaart hem voor de beheerder.")
        token = opts["token"] if opts["token"] is not None else settings.DUO_NOTIFICATIE_TOKEN
        sim = DuoSimulator(product_url=opts["url"], product_token=token, valideren=False)
        response = sim.notificatie_sturen(
            bsn=opts["bsn"] or None, gebeurtenis_id=code, doel=doel, v_nummer=opts["vnummer"]
        )
        self.stdout.write(f"{code} → {opts['url']}/notificaties: HTTP {response.status_code}")
        if response.status_code != 201:
            raise CommandError(f"Het product antwoordde {response.status_code}.")
