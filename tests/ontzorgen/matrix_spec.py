"""Role x URL matrix entries of ontzorgen, begeleiding and participation (merged by tests/test_permission_matrix.py).

The two overview pages (financieel ontzorgen; begeleiding en participatie) are for everyone who
may read the case (CASE_READ). Every screen with a form changes case data, so its GET already
needs edit rights (CASE_WRITE), as in the intake. The records are created directly so that the
edit screens have something to show.
"""

import datetime as dt
from decimal import Decimal

from tests.matrix import CASE_READ, CASE_WRITE, Rule, casus_kwargs


def _ontzorgen(casus):
    from ontzorgen.models import Ontzorgen, VasteLast, VasteLastSoort

    o = Ontzorgen.objects.filter(casus=casus).first()
    if o is None:
        o = Ontzorgen.objects.create(
            casus=casus,
            bijstand_vanaf=dt.date(2023, 1, 31),
            minimale_maanden=6,
            minimaal_tot=dt.date(2023, 7, 30),
            evaluatie_uiterlijk=dt.date(2023, 7, 2),
            gestart_door=casus.consultant,
        )
        VasteLast.objects.create(
            ontzorgen=o,
            soort=VasteLastSoort.objects.get(naam="Huur"),
            begunstigde="Woonstichting",
            bedrag=Decimal("650"),
            startdatum=dt.date(2023, 2, 1),
        )
    return o


def ontzorgen_kwargs(world, casus):
    _ontzorgen(casus)
    return {"casus_pk": casus.pk}


def vaste_last_kwargs(world, casus):
    return {"casus_pk": casus.pk, "last_pk": _ontzorgen(casus).vaste_lasten.first().pk}


def activiteit_kwargs(world, casus):
    from ontzorgen.models import ParticipatieActiviteit

    a = ParticipatieActiviteit.objects.filter(casus=casus).first() or ParticipatieActiviteit.objects.create(
        casus=casus,
        soort="vrijwilligerswerk",
        aanbieder="Voedselbank",
        startdatum=dt.date(2023, 4, 1),
        vastgelegd_door=casus.consultant,
    )
    return {"casus_pk": casus.pk, "activiteit_pk": a.pk}


MATRIX = {
    "ontzorgen:detail": Rule(get=CASE_READ, kwargs=ontzorgen_kwargs),
    "ontzorgen:ontzorgen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=ontzorgen_kwargs),
    "ontzorgen:vaste_last_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=ontzorgen_kwargs),
    "ontzorgen:vaste_last": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=vaste_last_kwargs),
    "ontzorgen:machtiging": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=ontzorgen_kwargs),
    "ontzorgen:evaluatie": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=ontzorgen_kwargs),
    "ontzorgen:training": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "ontzorgen:participatie": Rule(get=CASE_READ, kwargs=casus_kwargs),
    "ontzorgen:begeleiding": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "ontzorgen:activiteit_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "ontzorgen:activiteit": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=activiteit_kwargs),
    "ontzorgen:trede": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "ontzorgen:uitstroom": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
}
