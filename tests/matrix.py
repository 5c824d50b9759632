"""The role x URL matrix: what every role may do on every URL pattern.

`tests/test_permission_matrix.py` walks **every** URL pattern of the project and
fails when one has no entry here (or in an app's `tests/<app>/matrix_spec.py`, whose
`MATRIX` dict is merged in). Each entry says, per actor, what a GET (and, where the
URL takes writes, a POST) must give:

- actors: `anon`, `consultant_eigen` (consultant, own case), `consultant_team`
  (consultant, a case of own team owned by a colleague), `consultant_ander`
  (consultant, a case of another team), `teamleider` (team lead of the case's team),
  `beheerder` (functioneel beheerder).
- outcomes: `OK` (2xx or a redirect that is not the login page), `LOGIN` (redirect to
  the login page), `DENY` (403 or 404).

`kwargs(world, casus)` builds the URL kwargs from the world fixture (see
`tests/conftest.py::world`); `casus` is the case that the actor's scenario is about
(own, team, other). POST bodies are empty: a write that is allowed answers with a
form error (200) or a redirect, never 403/404; a write that is not allowed answers
403/404 and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

OK, LOGIN, DENY = "OK", "LOGIN", "DENY"
ACTORS = ("anon", "consultant_eigen", "consultant_team", "consultant_ander", "teamleider", "beheerder")


def _all(value, **overrides):
    d = {a: value for a in ACTORS}
    d.update(overrides)
    return d


# Common shapes
CASE_READ = _all(OK, anon=LOGIN, consultant_ander=DENY, beheerder=DENY)
CASE_WRITE = _all(OK, anon=LOGIN, consultant_team=DENY, consultant_ander=DENY, beheerder=DENY)
ANY_STAFF = _all(OK, anon=LOGIN)
PUBLIC = _all(OK)
BEHEER_ONLY = _all(DENY, anon=LOGIN, beheerder=OK)
TEAMLEIDER_ONLY = _all(DENY, anon=LOGIN, teamleider=OK)
CASE_STAFF = _all(OK, anon=LOGIN, beheerder=DENY)


@dataclass
class Rule:
    get: dict[str, str] | None
    post: dict[str, str] | None = None
    kwargs: Callable = field(default=lambda world, casus: {})
    # admin URLs are walked with a real object pk of the admin's model
    note: str = ""


def casus_kwargs(world, casus):
    return {"casus_pk": casus.pk}


def document_kwargs(world, casus):
    return {"casus_pk": casus.pk, "document_uuid": world.docs[casus.pk].uuid}


MATRIX: dict[str, Rule] = {
    "home": Rule(get=_all(OK, anon=LOGIN)),
    "login": Rule(get=PUBLIC),
    "logout": Rule(get=None, post=_all(LOGIN)),
    "healthz": Rule(get=PUBLIC),
    "mfa:verifieren": Rule(get=ANY_STAFF, post=ANY_STAFF),
    "mfa:instellen": Rule(get=ANY_STAFF, post=ANY_STAFF),
    "mfa:herstelcodes": Rule(get=ANY_STAFF),
    "toegangslog_export": Rule(get=BEHEER_ONLY),
    "cases:toegangslog": Rule(get=TEAMLEIDER_ONLY, kwargs=casus_kwargs),
    "cases:caseload": Rule(get=CASE_STAFF),
    "cases:team": Rule(get=TEAMLEIDER_ONLY),
    "cases:nieuw": Rule(get=CASE_STAFF, post=CASE_STAFF),
    "cases:detail": Rule(get=CASE_READ, kwargs=casus_kwargs),
    "cases:bewerken": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "cases:persoon": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "cases:status": Rule(get=None, post=CASE_WRITE, kwargs=casus_kwargs),
    "cases:toewijzen": Rule(
        get=_all(DENY, anon=LOGIN, teamleider=OK), post=_all(DENY, anon=LOGIN, teamleider=OK), kwargs=casus_kwargs
    ),
    "cases:document_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "cases:document": Rule(get=CASE_READ, kwargs=document_kwargs),
}
