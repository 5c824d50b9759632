"""Pure rules of the leerroutes: plain values in, plain values out (no ORM, no request).

Services call these with the values of the dated settings (`inburgering.regels`); the
defaults here are the legal ones from DOMAIN.md §3 and §5. Messages are Dutch because they
are shown to the consultant as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pip.rules import (
    A2,
    ASIEL,
    B1,
    B1_ROUTE,
    ONDERWIJSROUTE,
    Z_ROUTE,
    datum_nl,
    laatste_dag_periode,
)

_d = datum_nl

# Exam parts (DUO ExamenonderdeelWI2021Inburgering codes).
LEZEN, LUISTEREN, SCHRIJVEN, SPREKEN, KNM = "LE", "LU", "SC", "SP", "KNM"
TAALONDERDELEN = (LEZEN, LUISTEREN, SCHRIJVEN, SPREKEN)
EXAMENONDERDELEN = (*TAALONDERDELEN, KNM)

# Kinds of an inburgeringsaanbod.
INKOOP, ADVIES = "inkoop", "advies"

# Frequencies of voortgangsgesprekken (pip.models.Voortgangsfrequentie values) -> interval.
FREQUENTIE_INTERVAL = {
    "maandelijks": ("maanden", 1),
    "zes_weken": ("weken", 6),
    "kwartaal": ("maanden", 3),
    "halfjaar": ("maanden", 6),
}


def laatste_dag_schakelen(termijn_start: dt.date, months: int = 18) -> dt.date:
    """The last day on which the person may still switch leerroute (DOMAIN.md §3).

    Switching is allowed within `months` months from the start of the inburgeringstermijn:
    termijn start + `months` − 1 day (2023-02-01 → 2024-07-31). A start on a day-number the
    last month lacks ends on that month's last day (2023-08-31 → 2025-02-28).
    """
    return laatste_dag_periode(termijn_start, months)


# --------------------------------------------------------------------------------------------
# The rules other code relies on by name (issue 5)
# --------------------------------------------------------------------------------------------


def zroute_voltooid(
    doelgroep: str,
    cursusuren,
    participatie_uren,
    eindgesprek_gehouden: bool,
    min_cursusuren=800,
    min_participatieuren=800,
) -> bool:
    """The Z-route is completed (DOMAIN.md §5).

    Everyone needs `min_cursusuren` course hours (NT2 + KNM) and the eindgesprek; only
    asielstatushouders (art. 13-1-a) and their art. 13-1-b family members also need
    `min_participatieuren` participation hours.
    """
    if not eindgesprek_gehouden:
        return False
    if Decimal(cursusuren or 0) < Decimal(min_cursusuren):
        return False
    if doelgroep in ASIEL and Decimal(participatie_uren or 0) < Decimal(min_participatieuren):
        return False
    return True


def map_praktijk_voldaan(uren, min_uren=40) -> bool:
    """The practical element of the MAP has at least `min_uren` hours (DOMAIN.md §5)."""
    return Decimal(uren or 0) >= Decimal(min_uren)


def pvt_voldaan(uren, activiteit_gedaan: bool, min_uren=12) -> bool:
    """The PVT has at least `min_uren` hours and at least one activity or excursion (DOMAIN.md §5)."""
    return bool(activiteit_gedaan) and Decimal(uren or 0) >= Decimal(min_uren)


NIVEAU_RANG = {A2: 1, B1: 2, "B2": 3}


def gratis_examenpoging(
    doelgroep: str,
    poging_nummer: int,
    gratis_pogingen: int = 2,
    niveau: str | None = None,
    pip_niveau: str | None = None,
) -> bool:
    """Whether this attempt at an exam part is free (paid by DUO) (DOMAIN.md §5).

    An asielstatushouder (and an art. 13-1-b family member) has the first `gratis_pogingen`
    attempts per exam part free; an attempt below the level in the PIP is not free.
    Others always pay themselves.
    """
    if doelgroep not in ASIEL or poging_nummer < 1 or poging_nummer > gratis_pogingen:
        return False
    if niveau and pip_niveau and NIVEAU_RANG.get(niveau, 0) < NIVEAU_RANG.get(pip_niveau, 0):
        return False
    return True


def mag_afschalen(nt2_uren, min_nt2_uren=600) -> bool:
    """Enough NT2 hours at a keurmerk school to lower B1 to A2 for an exam part (DOMAIN.md §3)."""
    return Decimal(nt2_uren or 0) >= Decimal(min_nt2_uren)


# --------------------------------------------------------------------------------------------
# The offer (inburgeringsaanbod)
# --------------------------------------------------------------------------------------------


def aanbod_soort(doelgroep: str) -> str:
    """'inkoop' when the municipality buys the leerroute (asiel doelgroepen), else 'advies' (DOMAIN.md §1)."""
    return INKOOP if doelgroep in ASIEL else ADVIES


def aanbod_fouten(
    *,
    leerroute: str,
    pip_leerroute: str | None,
    startdatum: dt.date,
    verwachte_einddatum: dt.date | None,
    dagtekening: dt.date | None,
    termijn_eind: dt.date | None,
) -> list[str]:
    """An offer follows a vastgesteld PIP: the route of the PIP, dates after its dagtekening and inside the termijn."""
    fouten = []
    if dagtekening is None or pip_leerroute is None:
        return ["Er is nog geen vastgesteld PIP. Een inburgeringsaanbod volgt op het vastgestelde PIP."]
    if leerroute != pip_leerroute:
        fouten.append("De leerroute van het aanbod moet de leerroute uit het huidige PIP zijn.")
    if startdatum <= dagtekening:
        fouten.append(f"De startdatum moet na de dagtekening van het PIP ({_d(dagtekening)}) liggen.")
    if termijn_eind is not None and startdatum > termijn_eind:
        fouten.append(f"De startdatum ligt na het einde van de inburgeringstermijn ({_d(termijn_eind)}).")
    if verwachte_einddatum is not None:
        if verwachte_einddatum < startdatum:
            fouten.append("De verwachte einddatum ligt vóór de startdatum.")
        elif termijn_eind is not None and verwachte_einddatum > termijn_eind:
            fouten.append(
                f"De verwachte einddatum moet binnen de inburgeringstermijn liggen (uiterlijk {_d(termijn_eind)})."
            )
    return fouten


def contract_geldig(geldig_van: dt.date, geldig_tot: dt.date | None, op: dt.date) -> bool:
    """A contract is valid from `geldig_van` up to and including `geldig_tot` (open-ended when None)."""
    return geldig_van <= op and (geldig_tot is None or op <= geldig_tot)


# --------------------------------------------------------------------------------------------
# Hours and attendance
# --------------------------------------------------------------------------------------------


def maand_van(datum: dt.date) -> dt.date:
    """The first day of the month of `datum`: the key of a monthly period."""
    return datum.replace(day=1)


def aanwezigheid_pct(geplande_uren, aanwezige_uren) -> Decimal | None:
    """Attendance in percent, one decimal; None when nothing was planned."""
    gepland = Decimal(geplande_uren or 0)
    if gepland <= 0:
        return None
    return (Decimal(aanwezige_uren or 0) * 100 / gepland).quantize(Decimal("0.1"))


def aanwezigheid_te_laag(pct, drempel=80) -> bool:
    """Attendance below the threshold raises a signal on the case; unknown attendance does not."""
    return pct is not None and Decimal(pct) < Decimal(drempel)


def uren_fouten(
    *, maand: dt.date, uren, termijn_start: dt.date | None, vandaag: dt.date, max_uren_maand=744
) -> list[str]:
    """Hours of one month: not negative, not more than a month has, not in the future, not before the termijn."""
    fouten = []
    uren = Decimal(uren)
    if uren < 0:
        fouten.append("Het aantal uren kan niet negatief zijn.")
    if uren > max_uren_maand:
        fouten.append(f"Meer dan {max_uren_maand} uur in één maand kan niet.")
    if maand > maand_van(vandaag):
        fouten.append("Uren van een maand in de toekomst kunnen nog niet worden geregistreerd.")
    if termijn_start is not None and maand < maand_van(termijn_start):
        fouten.append(f"De maand ligt vóór de start van de inburgeringstermijn ({_d(termijn_start)}).")
    return fouten


def aanwezigheid_fouten(geplande_uren, aanwezige_uren) -> list[str]:
    fouten = []
    if Decimal(geplande_uren) < 0 or Decimal(aanwezige_uren) < 0:
        fouten.append("Uren kunnen niet negatief zijn.")
    elif Decimal(aanwezige_uren) > Decimal(geplande_uren):
        fouten.append("Er kunnen niet meer uren aanwezig zijn dan er gepland waren.")
    return fouten


# --------------------------------------------------------------------------------------------
# Voortgangsgesprekken
# --------------------------------------------------------------------------------------------


def _plus_maanden(datum: dt.date, maanden: int) -> dt.date:
    import calendar

    index = datum.month - 1 + maanden
    jaar, maand = datum.year + index // 12, index % 12 + 1
    return dt.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def volgend_voortgangsgesprek(vorige: dt.date, frequentie: str) -> dt.date:
    """The date by which the next voortgangsgesprek is due, from the previous one (or the termijn start).

    The frequency is the one agreed in the PIP: every month, six weeks, quarter or half year.
    A month later than the 31st ends on the month's last day (2024-01-31 → 2024-02-29).
    """
    eenheid, aantal = FREQUENTIE_INTERVAL.get(frequentie, FREQUENTIE_INTERVAL["maandelijks"])
    if eenheid == "weken":
        return vorige + dt.timedelta(weeks=aantal)
    return _plus_maanden(vorige, aantal)


# --------------------------------------------------------------------------------------------
# Schakelen and afschalen (DOMAIN.md §3): refused here before a new PIP version is made
# --------------------------------------------------------------------------------------------


def schakel_fouten(
    *, op: dt.date, laatste_dag: dt.date | None, huidige_route: str, nieuwe_route: str, motivatie: str
) -> list[str]:
    """Why a route switch on `op` is not possible; empty when it is."""
    fouten = []
    if laatste_dag is None:
        return ["Er is nog geen vastgesteld PIP; schakelen kan pas na het eerste PIP."]
    if op > laatste_dag:
        fouten.append(f"Schakelen van leerroute kan tot en met {_d(laatste_dag)}; die dag is voorbij ({_d(op)}).")
    if nieuwe_route == huidige_route:
        fouten.append("Kies een andere leerroute dan de huidige.")
    if nieuwe_route not in (B1_ROUTE, ONDERWIJSROUTE, Z_ROUTE):
        fouten.append("Kies de nieuwe leerroute.")
    if not (motivatie or "").strip():
        fouten.append("Motiveer waarom de persoon van leerroute wisselt.")
    return fouten


def afschaal_fouten(
    *,
    leerroute: str,
    niveau: str,
    onderdelen,
    nt2_uren,
    motivatie: str,
    min_nt2_uren=600,
) -> list[str]:
    """Why lowering B1 to A2 for these exam parts is not possible; empty when it is."""
    fouten = []
    if leerroute != B1_ROUTE:
        fouten.append("Afschalen van B1 naar A2 kan alleen in de B1-route.")
    elif niveau != B1:
        fouten.append("Het huidige PIP staat niet op niveau B1; afschalen naar A2 kan alleen vanaf B1.")
    onderdelen = list(onderdelen or ())
    if not onderdelen:
        fouten.append("Kies de examenonderdelen die naar A2 gaan.")
    elif any(o not in TAALONDERDELEN for o in onderdelen):
        fouten.append("Afschalen kan alleen voor lezen, luisteren, schrijven en spreken (KNM heeft geen niveau).")
    if not mag_afschalen(nt2_uren, min_nt2_uren=min_nt2_uren):
        fouten.append(
            f"Afschalen vraagt ten minste {min_nt2_uren} uur NT2-onderwijs bij een school met keurmerk "
            f"(geregistreerd: {Decimal(nt2_uren or 0).normalize():f} uur)."
        )
    if not (motivatie or "").strip():
        fouten.append("Motiveer het afschalen: welke inspanning heeft de persoon geleverd?")
    return fouten


# --------------------------------------------------------------------------------------------
# The journey: which parts apply to whom (DOMAIN.md §1, §5)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Onderdelen:
    leerroute_inkoop: bool  # the municipality buys the route (else: advice)
    examens: bool  # ends with exams (B1- and onderwijsroute)
    map: bool
    pvt: bool
    zroute_afronding: bool  # eindgesprek and certificate
    participatie_uren_tellen: bool  # Z-route participation hours count for completion


def traject_onderdelen(doelgroep: str, leerroute: str) -> Onderdelen:
    """The parts of the trajectory for this doelgroep and route.

    No MAP in the onderwijsroute; exams in the B1- and onderwijsroute; the Z-route ends with an
    eindgesprek, where participation hours count only for asiel doelgroepen.
    """
    return Onderdelen(
        leerroute_inkoop=doelgroep in ASIEL,
        examens=leerroute in (B1_ROUTE, ONDERWIJSROUTE),
        map=leerroute != ONDERWIJSROUTE,
        pvt=True,
        zroute_afronding=leerroute == Z_ROUTE,
        participatie_uren_tellen=leerroute == Z_ROUTE and doelgroep in ASIEL,
    )


def examenniveau(onderdeel: str, pip_niveau: str, afgeschaald: bool) -> str:
    """The level this exam part must be passed at: none for KNM, A2 when afgeschaald, else the PIP level."""
    if onderdeel == KNM:
        return ""
    if afgeschaald:
        return A2
    return pip_niveau or B1


def examen_behaald(resultaat_geslaagd: bool, niveau: str, vereist_niveau: str) -> bool:
    """A passed exam counts when it is at (or above) the level the PIP asks."""
    if not resultaat_geslaagd:
        return False
    if not vereist_niveau:
        return True
    return NIVEAU_RANG.get(niveau, 0) >= NIVEAU_RANG.get(vereist_niveau, 0)
