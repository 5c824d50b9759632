"""`manage.py duo_sim` (`make duo-sim`): serve the DUO simulator until Ctrl-C."""

from django.conf import settings
from django.core.management.base import BaseCommand

from duo import spec
from duo.simulator import DuoSimulator
from duo.simulator.state import FIXTURES, server


class Command(BaseCommand):
    help = "Start de DUO-simulator: DUO's API's uit fixtures, met DUO's regels, op een eigen poort."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--fixtures", default=str(FIXTURES), help="JSON-bestand met personen en instellingen")
        parser.add_argument(
            "--product-url",
            default="http://127.0.0.1:8000",
            help="Waar de simulator notificaties heen stuurt (POST <url>/notificaties)",
        )
        parser.add_argument(
            "--token", default=None, help="Bearer-token voor de Notificatie API (standaard DUO_NOTIFICATIE_TOKEN)"
        )
        parser.add_argument("--geen-validatie", action="store_true", help="Verzoeken niet aan de specificaties toetsen")
        parser.add_argument(
            "--alleen-fixtures",
            action="store_true",
            help="Alleen de personen uit de fixtures kennen (standaard: elk ander BSN is een nieuwe inburgeringsplichtige, "
            "zodat de demo-casussen kunnen melden)",
        )

    def handle(self, *args, **opts):
        sim = DuoSimulator(
            fixtures=opts["fixtures"],
            valideren=not opts["geen_validatie"],
            product_url=opts["product_url"],
            product_token=opts["token"] if opts["token"] is not None else settings.DUO_NOTIFICATIE_TOKEN,
            iedereen_bekend=not opts["alleen_fixtures"],
        )
        httpd = server(sim, opts["host"], opts["port"], stil=False)
        basis = f"http://{opts['host']}:{httpd.server_address[1]}/v1"
        validatie = (
            "aan" if sim.valideren else f"uit ({spec.reden_afwezig() if not spec.beschikbaar() else 'op verzoek'})"
        )
        self.stdout.write(
            f"DUO-simulator op {basis}  (zet DUO_API_URL={basis} in het product)\n"
            f"  {len(sim.personen)} personen, {len(sim.instellingen)} instellingen uit {opts['fixtures']}\n"
            f"  toetsing aan de specificaties: {validatie}\n"
            f"  notificaties naar {opts['product_url']}/notificaties\n"
            f'  besturing: POST /_sim/notificaties {{"bsn", "gebeurtenisId", "doel"}}, '
            f'POST /_sim/storing {{"aan": true}}, GET /_sim/verzoeken\n'
            "Ctrl-C stopt de simulator."
        )
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            httpd.server_close()
