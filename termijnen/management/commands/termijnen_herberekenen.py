"""`manage.py termijnen_herberekenen [--sweep]`: the nightly recompute now (e.g. after seed_demo or an import)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Berekent de termijnen van alle actieve casussen opnieuw (zoals de nachtelijke taak) en maakt met "
        "--sweep meteen de werkvoorraad bij. Handig na seed_demo of een import die geen signalen stuurt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sweep", action="store_true", help="daarna de sweep draaien (werkvoorraaditems)")

    def handle(self, *args, sweep=False, **options):
        from termijnen.services import termijnen_herberekenen, termijnen_sweep

        r = termijnen_herberekenen()
        self.stdout.write(
            f"{r.casussen} casussen: {r.aangemaakt} termijnen aangemaakt, {r.verschoven} verschoven, "
            f"{r.bijgewerkt} bijgewerkt, {r.gesloten} gesloten."
        )
        if sweep:
            s = termijnen_sweep()
            self.stdout.write(f"Sweep: {s.termijnen} termijnen bekeken, {s.items} werkvoorraaditems aangemaakt.")
