"""The case status workflow as a table: states and the transitions allowed between them.

The current status is cached on `Casus.status`; every transition is an appended
`StatusOvergang` row (who, when, why), written by `cases.services.casus_status_wijzigen`.
"""

from django.db import models


class Status(models.TextChoices):
    AANGEMELD = "aangemeld", "Aangemeld"
    WARME_OVERDRACHT = "warme_overdracht", "Warme overdracht"
    INTAKE = "intake", "Brede intake"
    PIP_IN_VOORBEREIDING = "pip_in_voorbereiding", "PIP in voorbereiding"
    UITVOERING = "uitvoering", "Uitvoering"
    OPGESCHORT = "opgeschort", "Opgeschort"
    AFRONDING = "afronding", "Afronding"
    AFGESLOTEN = "afgesloten", "Afgesloten"


START = Status.AANGEMELD
EINDSTATUSSEN = frozenset({Status.AFGESLOTEN})

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.AANGEMELD: frozenset({Status.WARME_OVERDRACHT, Status.INTAKE, Status.AFGESLOTEN}),
    Status.WARME_OVERDRACHT: frozenset({Status.INTAKE, Status.AFGESLOTEN}),
    Status.INTAKE: frozenset({Status.PIP_IN_VOORBEREIDING, Status.OPGESCHORT, Status.AFGESLOTEN}),
    Status.PIP_IN_VOORBEREIDING: frozenset({Status.UITVOERING, Status.INTAKE, Status.OPGESCHORT, Status.AFGESLOTEN}),
    Status.UITVOERING: frozenset({Status.AFRONDING, Status.OPGESCHORT, Status.AFGESLOTEN}),
    Status.OPGESCHORT: frozenset({Status.INTAKE, Status.PIP_IN_VOORBEREIDING, Status.UITVOERING, Status.AFGESLOTEN}),
    Status.AFRONDING: frozenset({Status.UITVOERING, Status.AFGESLOTEN}),
    Status.AFGESLOTEN: frozenset(),
}

# Transitions whose reason may not be empty.
TOELICHTING_VERPLICHT = frozenset({Status.AFGESLOTEN, Status.OPGESCHORT})


class OngeldigeOvergang(Exception):
    """A transition the table does not allow."""


def toegestane_overgangen(huidig: str) -> list[str]:
    """The states reachable from `huidig`, in the order of `Status`."""
    allowed = TRANSITIONS[huidig]
    return [s for s in Status.values if s in allowed]


def controleer_overgang(van: str, naar: str, toelichting: str = "") -> None:
    if naar not in TRANSITIONS.get(van, ()):
        raise OngeldigeOvergang(
            f"Van status '{Status(van).label}' naar '{Status(naar).label}' is niet toegestaan."
        )
    if naar in TOELICHTING_VERPLICHT and not toelichting.strip():
        raise OngeldigeOvergang(f"Geef een toelichting bij de overgang naar '{Status(naar).label}'.")
