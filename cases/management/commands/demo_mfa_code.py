"""Print the current TOTP code of the demo accounts (only for devices with the demo key)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.demo import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Toont de huidige MFA-code van de demo-accounts (werkt alleen met de demosleutel)."

    def handle(self, *args, **options):
        device = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).first()
        if device is None:
            raise CommandError("Er zijn geen demo-accounts met de demosleutel (draai eerst seed_demo).")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
