from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases import retentie
from inburgering.models import AnonimiseringsRapport


class Command(BaseCommand):
    help = "Bewaartermijn: toon welke afgesloten casussen aan de beurt zijn (--dry-run) of voer een rapport uit."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Maak alleen een rapport (standaard)")
        parser.add_argument("--uitvoeren", type=int, metavar="RAPPORT_ID", help="Voer dit rapport uit")

    def handle(self, *args, dry_run=False, uitvoeren=None, **opts):
        if uitvoeren:
            try:
                rapport = AnonimiseringsRapport.objects.get(pk=uitvoeren)
            except AnonimiseringsRapport.DoesNotExist as exc:
                raise CommandError(f"Rapport {uitvoeren} bestaat niet.") from exc
            n = retentie.rapport_uitvoeren(rapport)
            self.stdout.write(f"{n} casussen geanonimiseerd.")
            return
        rapport = retentie.rapport_maken(peildatum=timezone.localdate())
        self.stdout.write(
            f"Rapport {rapport.pk}: {len(rapport.casus_ids)} afgesloten casussen zijn ouder dan "
            f"{rapport.bewaartermijn_maanden} maanden. Uitvoeren: manage.py anonimiseren --uitvoeren {rapport.pk}"
        )
