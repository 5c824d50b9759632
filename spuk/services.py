"""The one write path of the SPUK: the forecast and the manual spend entries.

Every service runs in one transaction with the acting user (`door`) on its history rows
(`inburgering.audit.service`). Views check that the user may see the gemeente; the services
validate the data (`full_clean`).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from inburgering.audit import service
from inburgering.concurrency import Conflict
from inburgering.models import Gemeente

from .models import Prognose, Uitgave


@service
def prognose_opslaan(
    *,
    gemeente: Gemeente,
    jaren: dict[int, tuple[int, int] | None],
    door,
    versies: dict[int, int | None] | None = None,
) -> list[Prognose]:
    """Store the forecast of `gemeente`: year → (huisvestingstaakstelling, gezins- en overige migranten).

    A year mapped to None loses its forecast. Years not in `jaren` are left as they are. Returns the
    forecast rows of the gemeente after the change. `versies` (year → the version of the row the
    user started from, 0 for a year without a row) is optimistic locking: one year changed by
    someone else since then refuses the whole forecast (Conflict), nothing is written.
    """
    # the gemeente's row serialises forecast edits, also of years that have no row yet
    Gemeente.objects.select_for_update().filter(pk=gemeente.pk).first()
    bestaand = {p.jaar: p for p in Prognose.objects.select_for_update().filter(gemeente=gemeente)}
    for jaar, versie in (versies or {}).items():
        rij = bestaand.get(jaar)
        if versie is not None and int(versie) != (rij.versie if rij else 0):
            raise Conflict()
    fouten = []
    for jaar, waarden in sorted(jaren.items()):
        rij = bestaand.get(jaar)
        if waarden is None:
            if rij is not None:
                rij.delete()
            continue
        taakstelling, migranten = waarden
        if rij is None:
            rij = Prognose(gemeente=gemeente, jaar=jaar)
        elif (rij.huisvestingstaakstelling, rij.gezinsmigranten) == (taakstelling, migranten):
            continue
        else:
            rij.versie += 1
        rij.huisvestingstaakstelling = taakstelling
        rij.gezinsmigranten = migranten
        rij.gewijzigd_door = door
        try:
            rij.full_clean()
        except ValidationError as exc:
            fouten.extend(f"{jaar}: {m}" for m in exc.messages)
            continue
        rij.save()
    if fouten:
        raise ValidationError(fouten)
    return list(Prognose.objects.filter(gemeente=gemeente).order_by("jaar"))


@service
def uitgave_vastleggen(
    *,
    gemeente: Gemeente,
    voorziening: str,
    jaar: int,
    bedrag: Decimal,
    omschrijving: str,
    door,
    cohort: int | None = None,
) -> Uitgave:
    """Record a spend entered by hand; it counts in the report with the register's costs."""
    uitgave = Uitgave(
        gemeente=gemeente,
        voorziening=voorziening,
        jaar=jaar,
        cohort=cohort,
        bedrag=bedrag,
        omschrijving=omschrijving.strip(),
        vastgelegd_door=door,
    )
    uitgave.full_clean()
    uitgave.save()
    return uitgave


@service
def uitgave_verwijderen(*, uitgave: Uitgave, door) -> None:
    """Remove a manual entry (a mistake); its history row keeps who removed what."""
    Uitgave.objects.select_for_update().filter(pk=uitgave.pk).first()
    uitgave.delete()
