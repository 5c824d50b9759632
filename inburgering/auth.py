"""Who is asking, in one query per request: the user with their roles, teams and confirmed TOTP devices.

Every page needs the logged-in user, their roles and teams (inburgering.permissions) and whether the
second factor is verified (django-otp). Loaded one by one that is three queries on every request;
`GebruikerBackend.get_user` loads all of it in the query that fetches the user (its SQL compiled once:
inburgering.vastesql), and
`OTPMiddleware` (django-otp's, with a shortcut) checks the device id in the session against the
user's confirmed TOTP devices without loading the device. Other devices (the recovery codes) take
django-otp's own path. The security checks are Django's and django-otp's: the session hash is still
verified by `django.contrib.auth.get_user`, and a device id that is not a confirmed device of this
user is dropped from the session, as django-otp does.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Aggregate, Case, CharField, Q, When
from django.db.models.functions import Cast
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as BasisOTPMiddleware

from . import vastesql

TOTP_PREFIX = "otp_totp.totpdevice/"


class Lijst(Aggregate):
    """The distinct values of a column as one comma-separated string (PostgreSQL and SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s(DISTINCT %(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(DISTINCT %(expressions)s)"
        )


def _lijst(veld: str, **filter_) -> Lijst:
    waarde = Cast(veld, CharField())
    if filter_:  # NULL for the rows outside the filter: both aggregates skip NULL
        waarde = Case(When(Q(**filter_), then=waarde))
    return Lijst(waarde)


def _getallen(tekst: str | None) -> list[int]:
    return sorted({int(x) for x in (tekst or "").split(",") if x})


def _met_rollen_teams_en_totp(user_id):
    from inburgering.models import Gebruiker

    return Gebruiker._default_manager.filter(pk=user_id).annotate(
        _rollen=_lijst("groups__name"),
        _teams=_lijst("teams__id"),
        _totp=_lijst("totpdevice__id", totpdevice__confirmed=True),
    )


class GebruikerBackend(ModelBackend):
    """Django's ModelBackend; `get_user` also brings the roles, teams and confirmed TOTP devices."""

    def get_user(self, user_id):
        from inburgering.permissions import ROLLEN

        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = vastesql.eerste(_met_rollen_teams_en_totp, user_id=user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        user._rollen_cache = frozenset(r for r in (user._rollen or "").split(",") if r in ROLLEN)
        user._team_ids_cache = _getallen(user._teams)
        user._totp_ids = frozenset(_getallen(user._totp))
        return user


class OTPMiddleware(BasisOTPMiddleware):
    """django-otp's middleware; a TOTP device in the session is checked against the preloaded ids."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if not user.is_authenticated:
            return user
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) or ""
        bekend = getattr(user, "_totp_ids", None)
        if bekend is None or not persistent_id.startswith(TOTP_PREFIX):
            return super()._verify_user_sync(request, user)
        try:
            device_id = int(persistent_id.removeprefix(TOTP_PREFIX))
        except ValueError:
            device_id = None
        if device_id in bekend:
            user.otp_device = SimpleLazyObject(lambda: self._device_from_persistent_id(persistent_id))
        else:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user
