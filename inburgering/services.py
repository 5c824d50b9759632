"""Service plumbing shared by the apps: locking a case (and a row of it) and recording changed fields."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from cases.models import Casus

from . import permissions
from .concurrency import controleer_versie


def casus_vergrendelen(casus: Casus, door) -> Casus:
    """Lock the case row for this transaction and check that `door` may change it."""
    locked = Casus.objects.select_for_update(of=("self",)).select_related("inburgeraar", "gemeente").get(pk=casus.pk)
    if not permissions.mag_casus_bewerken(door, locked):
        raise PermissionDenied("U mag deze casus niet wijzigen.")
    return locked


def casus_en_rij_vergrendelen(rij, door, versie: int | None = None, *, queryset=None) -> tuple[Casus, Any]:
    """Lock the case of `rij` (see `casus_vergrendelen`), then `rij` itself, and check its version.

    The row is read again FOR UPDATE from `queryset` (default: its model's manager); `versie` is the
    version the user's form was opened on: a change since then is a Conflict. The locked row's `casus`
    is the locked case.
    """
    casus = casus_vergrendelen(rij.casus, door)
    rij = (queryset if queryset is not None else type(rij).objects).select_for_update(of=("self",)).get(pk=rij.pk)
    controleer_versie(rij, versie)
    rij.casus = casus
    return casus, rij


def _waarde(obj, key):
    try:
        return getattr(obj, key)
    except ObjectDoesNotExist:  # a required foreign key that is not set yet
        return None


def velden_zetten(obj, data: dict[str, Any], velden) -> list[str]:
    """Set the fields of `velden` that `data` holds on `obj`; the names of those whose value changed."""
    changed = []
    for key in velden:
        if key in data and _waarde(obj, key) != data[key]:
            setattr(obj, key, data[key])
            changed.append(key)
    return changed


def labels(model, velden) -> str:
    """The verbose names of these fields of `model`, comma separated (for a timeline entry)."""
    return ", ".join(str(model._meta.get_field(f).verbose_name) for f in velden)
