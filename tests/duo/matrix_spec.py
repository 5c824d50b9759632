"""Role x URL matrix entries of the DUO exchange (merged by tests/test_permission_matrix.py).

- `duo:notificaties` is DUO's Notificatie API, not a session endpoint: a session is no credential,
  so every actor, logged in or not, is refused exactly as the specification prescribes for a
  sender without DUO's credential (401, no body) and nothing is revealed or stored; GET is not
  an operation of the API (405).
- The DUO page of a case is for everyone who may read the case; meldingen, resend and fetching
  from DUO need edit rights (POST only for the last two).
- Admin: the beheerder configures the DUO-instelling per gemeente; received notifications and the
  outbox are read-only for the beheerder (the admin allows no add/delete), registered below in
  the admin table of the matrix test.
"""

from tests import test_permission_matrix
from tests.matrix import ACTORS, CASE_READ, CASE_WRITE, Rule, casus_kwargs

UNAUTHORIZED = "HTTP 401"  # the spec's 401: no session actor is DUO
NOT_ALLOWED = "405"


def melden_kwargs(world, casus):
    return {"casus_pk": casus.pk, "soort": "map"}


def bericht_kwargs(world, casus):
    from duo.models import Bericht

    bericht = Bericht.objects.filter(casus=casus).first() or Bericht.objects.create(
        gemeente=casus.gemeente,
        casus=casus,
        soort="pip",
        operatie="postPipByBsn",
        status="geweigerd",
        volgende_poging_op="2026-01-01T00:00:00Z",
        fouten=["Matrix."],
    )
    return {"casus_pk": casus.pk, "bericht_pk": bericht.pk}


MATRIX = {
    "duo:notificaties": Rule(get={a: NOT_ALLOWED for a in ACTORS}, post={a: UNAUTHORIZED for a in ACTORS}),
    "duo:casus": Rule(get=CASE_READ, kwargs=casus_kwargs),
    "duo:melden": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=melden_kwargs),
    "duo:opnieuw": Rule(get=None, post=CASE_WRITE, kwargs=bericht_kwargs),
    "duo:verversen": Rule(get=None, post=CASE_WRITE, kwargs=casus_kwargs),
}

ADMIN_BEHEERDER = {
    "duo_notificatie": test_permission_matrix.VIEW,
    "duo_bericht": test_permission_matrix.VIEW,
}
test_permission_matrix.ADMIN_BEHEERDER.update(ADMIN_BEHEERDER)
