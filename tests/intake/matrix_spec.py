"""Role x URL matrix entries of the intake (merged by tests/test_permission_matrix.py).

Every intake screen changes case data, so a GET already needs edit rights (CASE_WRITE):
read-only colleagues see the intake's state in the case page's section instead.
"""

import datetime as dt

from tests.matrix import CASE_WRITE, Rule, casus_kwargs


def gesprek_kwargs(world, casus):
    from intake.models import IntakeGesprek

    gesprek = IntakeGesprek.objects.filter(casus=casus).first() or IntakeGesprek.objects.create(
        casus=casus, datum=dt.date(2023, 2, 1), verslag="Kennismaking.", gevoerd_door=casus.consultant
    )
    return {"casus_pk": casus.pk, "gesprek_pk": gesprek.pk}


MATRIX = {
    "intake:warme_overdracht": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "intake:introductieweek": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "intake:brede_intake": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "intake:gesprek_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "intake:gesprek": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=gesprek_kwargs),
    "intake:leerbaarheidstoets": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
}
