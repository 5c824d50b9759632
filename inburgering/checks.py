from django.conf import settings
from django.core.checks import Warning, register

from .crypto import DEV_ENCRYPTION_KEY, DEV_HMAC_KEY


@register(deploy=True)
def bsn_keys(app_configs, **kwargs):
    """In production the BSN keys must come from the environment, not the development defaults."""
    problems = []
    if DEV_ENCRYPTION_KEY in settings.BSN_ENCRYPTION_KEYS:
        problems.append(Warning("BSN_ENCRYPTION_KEYS gebruikt de ontwikkelsleutel.", hint="Zet een eigen sleutel in de omgeving.", id="inburgering.W001"))
    if settings.BSN_HMAC_KEY == DEV_HMAC_KEY:
        problems.append(Warning("BSN_HMAC_KEY gebruikt de ontwikkelsleutel.", hint="Zet een eigen sleutel in de omgeving.", id="inburgering.W002"))
    return problems
