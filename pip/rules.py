"""Pure rules of the PIP: dates, the offer per doelgroep, required content and DUO's checks.

Plain values in, plain values out: no ORM, no request. Services call these with the
values of the dated settings (`inburgering.regels`); the defaults here are the legal ones.
Messages are Dutch because they are shown to the consultant as they are.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

# Doelgroep values (the same strings as cases.models.Doelgroep; a test keeps them in step).
ASIELSTATUSHOUDER = "asielstatushouder"
GEZINSLID_ASIELSTATUSHOUDER = "gezinslid_asielstatushouder"
GEZINSMIGRANT = "gezinsmigrant"
OVERIGE_MIGRANT = "overige_migrant"
ASIEL = frozenset({ASIELSTATUSHOUDER, GEZINSLID_ASIELSTATUSHOUDER})

# Leerroutes (DUO codes B, O, Z) and PIP levels (DUO NiveauPip).
B1_ROUTE, ONDERWIJSROUTE, Z_ROUTE = "b1", "onderwijs", "z"
DUO_LEERROUTE = {B1_ROUTE: "B", ONDERWIJSROUTE: "O", Z_ROUTE: "Z"}
A2, B1 = "A2", "B1"

# Reasons for a PIP version.
EERSTE, SCHAKELEN, AFSCHALEN, VERHUIZING, OVERIG = "eerste", "schakelen", "afschalen", "verhuizing", "overig"


MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def datum_nl(datum: dt.date) -> str:
    """'1 februari 2023': a Dutch date without the locale machinery."""
    return f"{datum.day} {MAANDEN[datum.month - 1]} {datum.year}"


_d = datum_nl


# --------------------------------------------------------------------------------------------
# Dates (DOMAIN.md §3)
# --------------------------------------------------------------------------------------------


def laatste_dag_periode(start: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` months that begins on `start` (inclusive).

    That is the day before the same day-number `months` months later; when that month lacks
    the day-number (a start on the 29th-31st), the period ends on the month's last day
    instead, so that no day is lost: 2024-02-29 + 36 months → 2027-02-28.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return dt.date(year, month, last_day)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


def pip_deadline(kennisgeving: dt.date | None, brp_inschrijving: dt.date | None, weeks: int = 10) -> dt.date | None:
    """The day by which the PIP must be vastgesteld: the later known start date + `weeks`.

    The term starts at the later of the DUO kennisgeving and the BRP inschrijving in the
    municipality; with only one of them known it starts there; with neither there is no term.
    """
    bekend = [d for d in (kennisgeving, brp_inschrijving) if d is not None]
    if not bekend:
        return None
    return max(bekend) + dt.timedelta(weeks=weeks)


def inburgeringstermijn(dagtekening_eerste_pip: dt.date, years: int = 3) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the inburgeringstermijn.

    It starts the day after the dagtekening of the FIRST PIP and lasts `years` years:
    2023-01-31 → (2023-02-01, 2026-01-31). Later PIP versions never move it.
    """
    start = dagtekening_eerste_pip + dt.timedelta(days=1)
    return start, laatste_dag_periode(start, 12 * years)


def dagen_resterend(deadline: dt.date, vandaag: dt.date) -> int:
    """Days from `vandaag` to `deadline`: 0 on the day itself, negative when it has passed."""
    return (deadline - vandaag).days


def dagen_tekst(dagen: int) -> str:
    """'nog 12 dagen', 'vandaag', '3 dagen te laat' (Dutch, for the case page)."""
    if dagen == 0:
        return "vandaag"
    if dagen > 0:
        return f"nog {dagen} {'dag' if dagen == 1 else 'dagen'}"
    return f"{-dagen} {'dag' if dagen == -1 else 'dagen'} te laat"


# --------------------------------------------------------------------------------------------
# The offer per doelgroep (DOMAIN.md §1)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Aanbod:
    """What the municipality owes this person; False means: not part of the PIP."""

    leerroute_inkoop: bool  # the municipality buys the leerroute (else: advice, person pays with a DUO loan)
    map: bool
    pvt: bool
    maatschappelijke_begeleiding: bool
    ontzorgen: bool
    participatie_afspraken: bool


def aanbod(doelgroep: str, *, bijstand: bool) -> Aanbod:
    """The offer for `doelgroep`; `bijstand`: the person receives bijstand (Participatiewet).

    Asielstatushouders (art. 13-1-a and 13-1-b) get the whole offer, but financieel ontzorgen
    only with an asiel permit (13-1-a) and bijstand. Gezins- and overige migranten get MAP and
    PVT but no bought leerroute, no maatschappelijke begeleiding, no ontzorgen, and extra
    participation agreements only when on bijstand.
    """
    asiel = doelgroep in ASIEL
    return Aanbod(
        leerroute_inkoop=asiel,
        map=True,
        pvt=True,
        maatschappelijke_begeleiding=asiel,
        ontzorgen=doelgroep == ASIELSTATUSHOUDER and bijstand,
        participatie_afspraken=asiel or bijstand,
    )


def aanbod_fouten(
    offer: Aanbod, *, ontzorgen: bool, maatschappelijke_begeleiding: bool, participatie_afspraken: bool
) -> list[str]:
    """PIP content that is outside the person's offer."""
    fouten = []
    if ontzorgen and not offer.ontzorgen:
        fouten.append(
            "Financieel ontzorgen hoort alleen bij een asielstatushouder met een asielvergunning (art. 13-1-a) "
            "die bijstand ontvangt. Haal de ontzorgafspraken uit het PIP."
        )
    if maatschappelijke_begeleiding and not offer.maatschappelijke_begeleiding:
        fouten.append(
            "Maatschappelijke begeleiding hoort niet bij het aanbod voor een gezins- of overige migrant. "
            "Haal de maatschappelijke begeleiding uit het PIP."
        )
    if participatie_afspraken and not offer.participatie_afspraken:
        fouten.append(
            "Extra participatieafspraken zijn voor een gezins- of overige migrant alleen mogelijk als de persoon "
            "bijstand ontvangt."
        )
    return fouten


# --------------------------------------------------------------------------------------------
# Mandatory content (DOMAIN.md §4, §5)
# --------------------------------------------------------------------------------------------


def inhoud_fouten(
    *,
    doelgroep: str,
    leerroute: str,
    route_motivatie: str,
    geschatte_intensiteit_b1: int | None,
    ondersteuning: str,
    map_inhoud: str,
    pvt_inhoud: str,
) -> list[str]:
    """What a PIP must contain before it can be vastgesteld."""
    fouten = []
    if not leerroute:
        fouten.append("Kies de leerroute.")
    if not (route_motivatie or "").strip():
        fouten.append(
            "Motiveer de keuze voor de leerroute: waarom past deze route bij de uitkomst van de brede intake? "
            "Een PIP zonder zorgvuldige motivering van de route houdt bij de rechter geen stand."
        )
    if doelgroep in ASIEL and leerroute == B1_ROUTE and not geschatte_intensiteit_b1:
        fouten.append("Geef voor een asielstatushouder in de B1-route de geschatte intensiteit (aantal uren).")
    if not (ondersteuning or "").strip():
        fouten.append("Beschrijf de begeleiding en ondersteuning die nodig is om de leerroute af te ronden.")
    if leerroute == ONDERWIJSROUTE and (map_inhoud or "").strip():
        fouten.append("De onderwijsroute kent geen MAP (Module Arbeidsmarkt en Participatie). Laat de MAP leeg.")
    if leerroute in (B1_ROUTE, Z_ROUTE) and not (map_inhoud or "").strip():
        fouten.append("Beschrijf de inhoud en intensiteit van de MAP (Module Arbeidsmarkt en Participatie).")
    if not (pvt_inhoud or "").strip():
        fouten.append("Beschrijf de inhoud en intensiteit van het participatieverklaringstraject (PVT).")
    return fouten


# --------------------------------------------------------------------------------------------
# The reason of a later version (DOMAIN.md §3, §4)
# --------------------------------------------------------------------------------------------


def versie_fouten(
    *,
    reden: str,
    toelichting: str,
    vorige_route: str,
    vorige_niveau: str,
    leerroute: str,
    niveau: str,
    dagtekening: dt.date,
    laatste_dag_schakelen: dt.date,
    nt2_uren: int | None,
    min_nt2_uren: int = 600,
) -> list[str]:
    """Checks for a PIP version after the first: the reason must fit the change."""
    fouten = []
    if reden not in (SCHAKELEN, AFSCHALEN, VERHUIZING, OVERIG):
        fouten.append("Kies de reden voor de nieuwe PIP-versie: schakelen, afschalen, verhuizing of overig.")
    if not (toelichting or "").strip():
        fouten.append("Licht toe waarom het PIP wordt gewijzigd.")
    route_anders = leerroute != vorige_route
    if reden == SCHAKELEN:
        if not route_anders:
            fouten.append(
                "Bij schakelen krijgt de persoon een andere leerroute; kies een andere route dan in het huidige PIP."
            )
        if dagtekening > laatste_dag_schakelen:
            fouten.append(
                f"Schakelen van leerroute kan tot en met {_d(laatste_dag_schakelen)}; "
                f"de dagtekening {_d(dagtekening)} ligt daarna."
            )
    elif route_anders:
        fouten.append("Een andere leerroute kan alleen met de reden 'schakelen'.")
    afgeschaald = vorige_route == B1_ROUTE and leerroute == B1_ROUTE and vorige_niveau == B1 and niveau == A2
    if reden == AFSCHALEN:
        if not afgeschaald:
            fouten.append("Afschalen kan alleen binnen de B1-route, van niveau B1 naar niveau A2.")
        if (nt2_uren or 0) < min_nt2_uren:
            fouten.append(
                f"Afschalen vraagt ten minste {min_nt2_uren} uur NT2-onderwijs bij een school met keurmerk "
                f"(geregistreerd: {nt2_uren or 0} uur)."
            )
    elif afgeschaald:
        fouten.append("Van niveau B1 naar A2 in de B1-route kan alleen met de reden 'afschalen'.")
    return fouten


# --------------------------------------------------------------------------------------------
# DUO's registration checks (DOMAIN.md §4) — reused by the DUO exchange
# --------------------------------------------------------------------------------------------


def duo_registratie_fouten(
    *,
    dagtekening: dt.date,
    leerroute: str,
    niveau: str,
    doelgroep: str,
    geschatte_intensiteit_b1: int | None,
    eerste_pip: bool,
    start_plicht: dt.date | None,
    vestigingsdatum: dt.date | None,
    vorige_dagtekening: dt.date | None = None,
) -> list[str]:
    """The reasons DUO would refuse to register this PIP; empty when DUO would accept it.

    - `start_plicht`: start of the inburgeringsplicht (date of the DUO kennisgeving);
    - `vestigingsdatum`: settlement in the municipality (BRP inschrijving);
    - `vorige_dagtekening`: dagtekening of the initial/current PIP (None for the first PIP);
    - `niveau`: "A2", "B1" or "" (DUO's NiveauPip is optional).
    """
    fouten = []
    if start_plicht is None:
        fouten.append(
            "De datum van de DUO-kennisgeving (start van de inburgeringsplicht) is niet bekend. "
            "Vul die eerst in bij de casusgegevens; DUO registreert geen PIP zonder inburgeringsplicht."
        )
    elif dagtekening < start_plicht:
        fouten.append(
            f"De dagtekening ({_d(dagtekening)}) ligt vóór de start van de inburgeringsplicht ({_d(start_plicht)}). "
            "DUO weigert deze registratie."
        )
    if vestigingsdatum is None:
        fouten.append(
            "De datum van inschrijving in de BRP van deze gemeente is niet bekend. "
            "Vul die eerst in bij de casusgegevens; DUO toetst de dagtekening daaraan."
        )
    elif dagtekening < vestigingsdatum:
        fouten.append(
            f"De dagtekening ({_d(dagtekening)}) ligt vóór de vestiging in de gemeente "
            f"(BRP-inschrijving {_d(vestigingsdatum)}). DUO weigert deze registratie."
        )
    if vorige_dagtekening is not None and dagtekening < vorige_dagtekening:
        fouten.append(
            f"De dagtekening ({_d(dagtekening)}) ligt vóór de dagtekening van het huidige PIP "
            f"({_d(vorige_dagtekening)}). DUO weigert deze registratie."
        )
    if niveau == A2 and leerroute == ONDERWIJSROUTE:
        fouten.append("Niveau A2 kan niet samengaan met de onderwijsroute. DUO weigert deze combinatie.")
    if niveau == B1 and leerroute == Z_ROUTE:
        fouten.append("Niveau B1 kan niet samengaan met de Z-route. DUO weigert deze combinatie.")
    if niveau == A2 and leerroute == B1_ROUTE and eerste_pip:
        fouten.append(
            "In het eerste PIP kan de B1-route niet op niveau A2 worden vastgesteld; DUO weigert deze registratie. "
            "Afschalen naar A2 kan later, met een nieuwe PIP-versie."
        )
    if geschatte_intensiteit_b1 is not None and not (doelgroep in ASIEL and leerroute == B1_ROUTE):
        fouten.append(
            "Een geschatte intensiteit van de B1-route mag alleen worden opgegeven voor een asielstatushouder "
            "in de B1-route; DUO weigert deze registratie. Laat de intensiteit leeg."
        )
    return fouten
