"""`manage.py seed_demo`: demo organisation, users and cases (logic in `cases.demo`)."""

from django.core.management.base import BaseCommand, CommandError

from cases import demo


class Command(BaseCommand):
    help = (
        "Maakt demodata aan: Sociale Dienst Rivierenland (Overbetuwe en Neder-Betuwe), twee teams, "
        "zes consultants, een teamleider, een functioneel beheerder en casussen in alle fasen. "
        "Deterministisch (--seed) en idempotent: staat de demo-organisatie er al, dan verandert er niets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cases", type=int, default=demo.DEFAULT_AANTAL, help=f"aantal casussen (standaard {demo.DEFAULT_AANTAL})"
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=demo.DEFAULT_SEED,
            help=f"startwaarde van de toevalsgenerator (standaard {demo.DEFAULT_SEED})",
        )

    def handle(self, *args, cases, seed, **options):
        if cases < 0:
            raise CommandError("--cases moet 0 of meer zijn.")
        if cases > demo.BSN_SERIE_DEMO[1] - demo.BSN_SERIE_DEMO[0]:
            raise CommandError("--cases is groter dan de reeks demo-BSN's.")
        resultaat = demo.seed_demo(aantal=cases, seed=seed)
        self.stdout.write(resultaat.tekst())
