"""Building blocks for deadline tests: recompute / sweep at a given day, direct deadline rows."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

D = dt.date


def om(dag: dt.date, uur: int = 8) -> dt.datetime:
    """An aware datetime on `dag` at `uur` o'clock (local time)."""
    return timezone.make_aware(dt.datetime.combine(dag, dt.time(uur)))


def herbereken(casus, vandaag: dt.date):
    from termijnen.services import termijnen_herberekenen

    ids = (
        [casus]
        if isinstance(casus, int)
        else [getattr(casus, "pk", casus)]
        if not isinstance(casus, list)
        else [getattr(c, "pk", c) for c in casus]
    )
    return termijnen_herberekenen(casus_ids=ids, vandaag=vandaag, nu=om(vandaag))


def sweep(vandaag: dt.date, **kwargs):
    from termijnen.services import termijnen_sweep

    return termijnen_sweep(vandaag=vandaag, nu=om(vandaag), **kwargs)


def open_termijnen(casus, soort=None):
    from termijnen.models import Termijn

    qs = Termijn.objects.filter(casus=casus, gesloten_op__isnull=True)
    if soort:
        qs = qs.filter(soort=soort)
    return list(qs.order_by("soort", "sleutel"))


def de_termijn(casus, soort):
    rows = open_termijnen(casus, soort)
    assert len(rows) == 1, f"verwacht één open termijn {soort}, gevonden: {rows}"
    return rows[0]


def open_items(casus=None):
    from termijnen.models import WerkItem

    qs = WerkItem.objects.filter(afgehandeld_op__isnull=True)
    if casus is not None:
        qs = qs.filter(casus=casus)
    return list(qs.select_related("termijn").order_by("pk"))


def termijn_maken(casus, *, uiterlijk, soort="pip_wettelijk", sleutel="", signaal_dagen=14, fase=0, url=None, **extra):
    """A deadline row written directly (no sources), with the stage dates of the rules."""
    from termijnen import rules
    from termijnen.models import Termijn

    v, s, t = rules.fasedatums(uiterlijk, signaal_dagen=signaal_dagen)
    return Termijn.objects.create(
        casus=casus,
        soort=soort,
        sleutel=sleutel,
        uiterlijk=uiterlijk,
        berekend=uiterlijk,
        vooraankondiging_op=v,
        signaal_op=s,
        te_laat_op=t,
        fase=fase,
        volgende_fase_op=rules.volgende_fase_datum(fase, v, s, t),
        verantwoordelijke_id=casus.consultant_id,
        url=url or f"/casussen/{casus.pk}/pip/nieuw/",
        omschrijving="Testtermijn.",
        **extra,
    )
