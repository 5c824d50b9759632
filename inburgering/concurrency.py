"""Optimistic locking for edit forms: a stale save gets a clear Dutch conflict message and loses nothing.

A model with a `versie` field (PositiveIntegerField, default 1) is edited through a form with
`VersieFormMixin` (a hidden `versie` field holding the version the user started from); the
service locks the row (`select_for_update`) and calls `controleer_versie(obj, versie)` before
writing, then `verhoog_versie(obj)`. A concurrent edit in between makes the second save fail
with CONFLICT_MESSAGE; the form is shown again with the user's input, nothing is written.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

CONFLICT_MESSAGE = (
    "Iemand anders heeft deze gegevens gewijzigd nadat u het formulier opende. "
    "Uw wijzigingen zijn niet opgeslagen. Open het formulier opnieuw om de nieuwste gegevens te zien."
)


class Conflict(ValidationError):
    def __init__(self):
        super().__init__(CONFLICT_MESSAGE, code="conflict")


def controleer_versie(obj, versie: int | None) -> None:
    """Raise Conflict when the row (locked by the caller) moved past the version the user saw."""
    if versie is not None and int(versie) != obj.versie:
        raise Conflict()


def verhoog_versie(obj) -> None:
    type(obj).objects.filter(pk=obj.pk).update(versie=F("versie") + 1)
    obj.versie += 1


class VersieFormMixin(forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and getattr(instance, "pk", None) and not self.is_bound:
            self.initial["versie"] = instance.versie
