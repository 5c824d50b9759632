"""Django's database sessions, with the read of every request compiled once (inburgering.vastesql).

`SESSION_ENGINE = "inburgering.sessies"`: the same table, the same expiry check and the same writes as
django.contrib.sessions.backends.db; only the query that loads the session on each request skips
Django's query building.
"""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils import timezone

from . import vastesql


def _geldige_sessie(session_key: str, nu):
    from django.contrib.sessions.models import Session

    return Session.objects.filter(session_key=session_key, expire_date__gt=nu)


class SessionStore(DbSessionStore):
    def _get_session_from_db(self):
        sleutel = self.session_key
        if sleutel:
            sessie = vastesql.eerste(_geldige_sessie, session_key=sleutel, nu=timezone.now())
            if sessie is not None:
                return sessie
        self._session_key = None
        return None
