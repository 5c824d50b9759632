"""Role x URL matrix entries of the SPUK (merged by tests/test_permission_matrix.py).

The SPUK pages show figures per gemeente, no personal data: team leads (their teams'
gemeenten) and the functioneel beheerder (all gemeenten) may read and write them;
consultants may not.
"""

from decimal import Decimal

from tests.matrix import DENY, LOGIN, OK, Rule, _all

SPUK = _all(DENY, anon=LOGIN, teamleider=OK, beheerder=OK)


def gemeente_kwargs(world, casus):
    return {"gemeente_pk": world.gemeente_a.pk}


def uitgave_kwargs(world, casus):
    """An entry in gemeente A (made again after an allowed POST removed it)."""
    from spuk.models import Uitgave

    uitgave = Uitgave.objects.filter(gemeente=world.gemeente_a).first() or Uitgave.objects.create(
        gemeente=world.gemeente_a,
        voorziening="overig",
        jaar=2024,
        bedrag=Decimal("100.00"),
        omschrijving="Matrix",
        vastgelegd_door=world.users["tl"],
    )
    return {"uitgave_pk": uitgave.pk}


MATRIX = {
    "spuk:rapport": Rule(get=SPUK),
    "spuk:export": Rule(get=SPUK),  # the XLSX download
    "spuk:prognose": Rule(get=SPUK),
    "spuk:prognose_bewerken": Rule(get=SPUK, post=SPUK, kwargs=gemeente_kwargs),
    "spuk:uitgaven": Rule(get=SPUK),
    "spuk:uitgave_nieuw": Rule(get=SPUK, post=SPUK),
    "spuk:uitgave_verwijderen": Rule(get=None, post=SPUK, kwargs=uitgave_kwargs),
    "spuk:tarieven": Rule(get=SPUK),
}
