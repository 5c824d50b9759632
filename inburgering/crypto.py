"""BSN at rest: encrypted with Fernet (AES-128-CBC + HMAC) and found by a keyed HMAC.

Keys come from the environment (`BSN_ENCRYPTION_KEY`, `BSN_HMAC_KEY`); the defaults
are for development only and `manage.py check --deploy` warns when they are used.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

DEV_ENCRYPTION_KEY = "ontwikkel-sleutel-niet-voor-productie"
DEV_HMAC_KEY = "ontwikkel-hmac-sleutel-niet-voor-productie"


def _fernet_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())


def _fernet() -> MultiFernet:
    # first key encrypts; all keys decrypt (key rotation: put the new key first)
    keys = [k for k in settings.BSN_ENCRYPTION_KEYS if k]
    return MultiFernet([Fernet(_fernet_key(k)) for k in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def bsn_hmac(bsn: str) -> str:
    return hmac.new(settings.BSN_HMAC_KEY.encode(), bsn.encode(), hashlib.sha256).hexdigest()
