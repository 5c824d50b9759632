"""The enforcement procedure as a table: its steps (states) and the transitions allowed between them.

signaal → beoordeeld (verwijtbaarheid) → [gewaarschuwd] → voornemen → gehoord (zienswijze/horen)
→ [juridisch getoetst] → opgelegd (boetebeschikking) → [in bezwaar] → betaald / invordering /
kwijtgescholden. A procedure may end without a fine (afgezien) before the boetebeschikking, a
signal of a Participatiewet duty is routed there, and a fine may be withdrawn after bezwaar.

The current step is cached on `Handhavingsprocedure.status`; every transition is an appended
`ProcedureStap` row (who, when, the date of the step, why), written by `handhaving.services`.
The table says which step may follow which; the preconditions that depend on the facts (warning
policy, hearing threshold, legal review) are rules in `handhaving.rules`, checked by the services.
"""

from django.db import models


class Status(models.TextChoices):
    SIGNAAL = "signaal", "Signaal"
    BEOORDEELD = "beoordeeld", "Verwijtbaarheid beoordeeld"
    GEWAARSCHUWD = "gewaarschuwd", "Schriftelijk gewaarschuwd"
    VOORNEMEN = "voornemen", "Voornemen verstuurd"
    GEHOORD = "gehoord", "Zienswijze / gehoord"
    JURIDISCH_GETOETST = "juridisch_getoetst", "Juridisch getoetst"
    OPGELEGD = "opgelegd", "Boete opgelegd"
    IN_BEZWAAR = "in_bezwaar", "In bezwaar"
    INVORDERING = "invordering", "In invordering"
    BETAALD = "betaald", "Betaald"
    KWIJTGESCHOLDEN = "kwijtgescholden", "Kwijtgescholden"
    INGETROKKEN = "ingetrokken", "Boete ingetrokken"
    AFGEZIEN = "afgezien", "Afgezien van boete"
    PARTICIPATIEWET = "participatiewet", "Doorgezet naar Participatiewet"


START = Status.SIGNAAL
EINDSTATUSSEN = frozenset(
    {Status.BETAALD, Status.KWIJTGESCHOLDEN, Status.INGETROKKEN, Status.AFGEZIEN, Status.PARTICIPATIEWET}
)
OPEN_STATUSSEN = tuple(s for s in Status.values if s not in EINDSTATUSSEN)
# Before the boetebeschikking: the procedure may still end without a fine.
VOOR_BESCHIKKING = frozenset(
    {
        Status.SIGNAAL,
        Status.BEOORDEELD,
        Status.GEWAARSCHUWD,
        Status.VOORNEMEN,
        Status.GEHOORD,
        Status.JURIDISCH_GETOETST,
    }
)

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SIGNAAL: frozenset({Status.BEOORDEELD, Status.AFGEZIEN, Status.PARTICIPATIEWET}),
    Status.BEOORDEELD: frozenset({Status.GEWAARSCHUWD, Status.VOORNEMEN, Status.AFGEZIEN, Status.PARTICIPATIEWET}),
    Status.GEWAARSCHUWD: frozenset({Status.VOORNEMEN, Status.AFGEZIEN}),
    Status.VOORNEMEN: frozenset({Status.GEHOORD, Status.AFGEZIEN}),
    Status.GEHOORD: frozenset({Status.JURIDISCH_GETOETST, Status.OPGELEGD, Status.AFGEZIEN}),
    Status.JURIDISCH_GETOETST: frozenset({Status.OPGELEGD, Status.AFGEZIEN}),
    Status.OPGELEGD: frozenset({Status.IN_BEZWAAR, Status.BETAALD, Status.INVORDERING, Status.KWIJTGESCHOLDEN}),
    Status.IN_BEZWAAR: frozenset({Status.OPGELEGD, Status.INGETROKKEN}),
    Status.INVORDERING: frozenset({Status.IN_BEZWAAR, Status.BETAALD, Status.KWIJTGESCHOLDEN}),
    Status.BETAALD: frozenset(),
    Status.KWIJTGESCHOLDEN: frozenset(),
    Status.INGETROKKEN: frozenset(),
    Status.AFGEZIEN: frozenset(),
    Status.PARTICIPATIEWET: frozenset(),
}

# The steps a consultant takes on the procedure page: URL slug → (label, the state it leads to).
# (Verwijtbaarheid 'geen' and a negative legal review end in AFGEZIEN; the table allows that too.)
ACTIES: dict[str, tuple[str, str]] = {
    "verwijtbaarheid": ("Verwijtbaarheid beoordelen", Status.BEOORDEELD),
    "waarschuwing": ("Schriftelijke waarschuwing vastleggen", Status.GEWAARSCHUWD),
    "voornemen": ("Voornemen tot boete vastleggen", Status.VOORNEMEN),
    "zienswijze": ("Zienswijze of horen vastleggen", Status.GEHOORD),
    "juridische-toets": ("Juridische toets vastleggen", Status.JURIDISCH_GETOETST),
    "opleggen": ("Boetebeschikking opleggen", Status.OPGELEGD),
    "betaald": ("Betaling vastleggen", Status.BETAALD),
    "invordering": ("Invordering starten", Status.INVORDERING),
    "kwijtschelding": ("Boete kwijtschelden", Status.KWIJTGESCHOLDEN),
    "participatiewet": ("Doorzetten naar de Participatiewet", Status.PARTICIPATIEWET),
    "afzien": ("Afzien van een boete", Status.AFGEZIEN),
}


# Transitions that only the decision on bezwaar makes (`services.bezwaar_beslissen`), never a step
# on the procedure page: the fine stays (back to 'opgelegd') or is withdrawn.
VIA_BEZWAAR = frozenset({(Status.IN_BEZWAAR, Status.OPGELEGD), (Status.IN_BEZWAAR, Status.INGETROKKEN)})


class OngeldigeOvergang(Exception):
    """A transition the table does not allow."""


def toegestaan(van: str, naar: str) -> bool:
    return naar in TRANSITIONS.get(van, frozenset())


def controleer_overgang(van: str, naar: str) -> None:
    if not toegestaan(van, naar):
        raise OngeldigeOvergang(f"Vanuit de stap '{Status(van).label}' kan niet naar '{Status(naar).label}'.")


def actie_toegestaan(status: str, slug: str) -> bool:
    """May the step `slug` of the procedure page be taken from `status`?"""
    naar = ACTIES[slug][1]
    return toegestaan(status, naar) and (status, naar) not in VIA_BEZWAAR


def controleer_actie(status: str, slug: str) -> None:
    if not actie_toegestaan(status, slug):
        raise OngeldigeOvergang(f"'{ACTIES[slug][0]}' kan niet in de stap '{Status(status).label.lower()}'.")


def acties(status: str) -> list[tuple[str, str]]:
    """The steps (slug, label) that can be taken from `status`, in the order of ACTIES."""
    return [(slug, label) for slug, (label, _) in ACTIES.items() if actie_toegestaan(status, slug)]


def is_open(status: str) -> bool:
    return status not in EINDSTATUSSEN
