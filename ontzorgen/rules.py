"""Pure rules of ontzorgen, maatschappelijke begeleiding and participation (DOMAIN.md §1, §3, §6).

Plain values in, plain values out: no ORM, no request. Services call these with the values of
the dated settings (`inburgering.regels`); the defaults here are the legal ones. Messages are
Dutch because they are shown to the consultant as they are.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pip.rules import (
    ASIEL,
    ASIELSTATUSHOUDER,
    GEZINSLID_ASIELSTATUSHOUDER,
    Z_ROUTE,
    laatste_dag_periode,
)
from pip.rules import datum_nl as _d

# Setting codes (inburgering.regels.DEFAULTS)
MIN_MAANDEN_CODE = "ontzorgen_min_maanden"
EVALUATIE_WEKEN_CODE = "ontzorgen_evaluatie_weken_voor_eind"

# Evaluation decisions
STOPPEN, AFBOUWEN, VERLENGEN = "stoppen", "afbouwen", "verlengen"

# Payment frequencies of a fixed cost
MAAND, VIER_WEKEN, KWARTAAL, JAAR = "maand", "vier_weken", "kwartaal", "jaar"

# Machtiging statuses; the last two are a refusal that goes to the Participatiewet
NIET_GEVRAAGD, GEVRAAGD, AFGEGEVEN, GEWEIGERD, INGETROKKEN = (
    "niet_gevraagd",
    "gevraagd",
    "afgegeven",
    "geweigerd",
    "ingetrokken",
)
WEIGERING = frozenset({GEWEIGERD, INGETROKKEN})

CENT = Decimal("0.01")


# --------------------------------------------------------------------------------------------
# Financieel ontzorgen: who, from when, until when (DOMAIN.md §1, §3, §6)
# --------------------------------------------------------------------------------------------


def ontzorgen_van_toepassing(doelgroep: str, verblijfsvergunning_asiel: bool, bijstand: bool) -> bool:
    """True when the municipality must ontzorgen: an asielstatushouder (art. 13-1-a) with an
    asiel permit **and** bijstand.

    Not for a family member treated as asielstatushouder (art. 13-1-b: a regulier permit, the
    asiel offer but no mandatory ontzorgen), a gezinsmigrant or an overige migrant, whatever
    permit is recorded for them; not without bijstand (the costs are paid from the bijstand).
    """
    return doelgroep == ASIELSTATUSHOUDER and bool(verblijfsvergunning_asiel) and bool(bijstand)


def ontzorgen_reden(doelgroep: str, verblijfsvergunning_asiel: bool, bijstand: bool) -> str:
    """Why financieel ontzorgen does or does not apply, in a sentence for the consultant."""
    if doelgroep == GEZINSLID_ASIELSTATUSHOUDER:
        return (
            "Niet van toepassing: een gezinslid met een reguliere vergunning (art. 13-1-b) krijgt het aanbod van "
            "een asielstatushouder, maar geen verplicht financieel ontzorgen."
        )
    if doelgroep != ASIELSTATUSHOUDER:
        return "Niet van toepassing: financieel ontzorgen is er alleen voor asielstatushouders."
    if not verblijfsvergunning_asiel:
        return "Niet van toepassing: financieel ontzorgen vraagt een asielvergunning."
    if not bijstand:
        return "Niet van toepassing zolang de persoon geen bijstand ontvangt: de vaste lasten worden uit de bijstand betaald."
    return "Van toepassing: asielstatushouder met een asielvergunning en bijstand."


def ontzorgen_minimaal_tot(bijstand_start: dt.date, months: int = 6) -> dt.date:
    """The last day of the minimum period of ontzorgen: start + `months` − 1 day.

    Ontzorgen starts on the first day of the right to bijstand and lasts at least `months`
    months: 2023-01-31 → 2023-07-30. When the last month lacks the start's day-number the
    period ends on that month's last day, so no day of the minimum is lost
    (2023-08-31 → 2024-02-29). The same reading as the inburgeringstermijn (pip.rules).
    """
    if months < 1:
        raise ValueError("De minimale duur van ontzorgen is ten minste één maand.")
    return laatste_dag_periode(bijstand_start, months)


def evaluatie_uiterlijk(periode_eind: dt.date, weeks: int = 4) -> dt.date:
    """The day by which the evaluation must have been held: `weeks` weeks before the last day
    of the current period (the minimum period, or the period it was extended to), so that a
    decision to stop or taper can be announced before the payments end. 0 weeks: the last day.
    """
    return periode_eind - dt.timedelta(weeks=max(weeks, 0))


def evaluatie_fouten(
    *, besluit: str, datum: dt.date, tot: dt.date | None, minimaal_tot: dt.date, huidig_eind: dt.date
) -> dict[str, str]:
    """What is wrong with an evaluation decision (field → message); empty when it is right.

    `tot` is the day the decision works until: the last day of ontzorgen (stoppen), the day
    the tapering ends (afbouwen) or the new last day of the period (verlengen). Ontzorgen
    never ends before the minimum period; an extension goes beyond the current period.
    """
    fouten: dict[str, str] = {}
    if besluit not in (STOPPEN, AFBOUWEN, VERLENGEN):
        fouten["besluit"] = "Kies: stoppen, afbouwen of verlengen."
        return fouten
    if tot is None:
        fouten["tot"] = {
            STOPPEN: "Vul de laatste dag van het ontzorgen in.",
            AFBOUWEN: "Vul de dag in waarop het afbouwen klaar is.",
            VERLENGEN: "Vul in tot en met wanneer het ontzorgen wordt verlengd.",
        }[besluit]
        return fouten
    if tot < minimaal_tot:
        fouten["tot"] = (
            f"Het ontzorgen duurt minimaal tot en met {_d(minimaal_tot)}; een einde daarvoor is niet toegestaan."
        )
    elif besluit == VERLENGEN and tot <= huidig_eind:
        fouten["tot"] = f"Een verlenging gaat verder dan het huidige einde ({_d(huidig_eind)})."
    if tot < datum:
        fouten.setdefault("tot", "Deze datum ligt vóór de datum van de evaluatie.")
    return fouten


def ontzorgen_fase(*, start: dt.date, eind: dt.date | None, vandaag: dt.date) -> tuple[str, str]:
    """(label, badge variant) of the ontzorgen on `vandaag`: not started, running or ended."""
    if vandaag < start:
        return f"Start op {_d(start)}", "info"
    if eind is not None and vandaag > eind:
        return f"Beëindigd op {_d(eind)}", "neutral"
    return "Loopt", "ok"


def dagen_tekst(due: dt.date, vandaag: dt.date) -> tuple[str, str]:
    """('nog 12 dagen' | 'vandaag' | '3 dagen te laat', badge variant) for a due date."""
    dagen = (due - vandaag).days
    if dagen == 0:
        return "vandaag", "warning"
    if dagen > 0:
        return f"nog {dagen} {'dag' if dagen == 1 else 'dagen'}", "warning" if dagen <= 14 else "info"
    return f"{-dagen} {'dag' if dagen == -1 else 'dagen'} te laat", "error"


# --------------------------------------------------------------------------------------------
# Fixed costs: money
# --------------------------------------------------------------------------------------------

_PER_MAAND = {
    MAAND: Decimal(1),
    VIER_WEKEN: Decimal(13) / Decimal(12),  # 13 payments a year
    KWARTAAL: Decimal(1) / Decimal(3),
    JAAR: Decimal(1) / Decimal(12),
}


def bedrag_per_maand(bedrag: Decimal, frequentie: str) -> Decimal:
    """The monthly equivalent of a fixed cost paid every `frequentie`, rounded to the cent."""
    return (Decimal(bedrag) * _PER_MAAND[frequentie]).quantize(CENT, rounding=ROUND_HALF_UP)


def vaste_last_loopt(start: dt.date, eind: dt.date | None, op: dt.date) -> bool:
    """True when a fixed cost is being paid on `op` (start and stop day included)."""
    return start <= op and (eind is None or op <= eind)


def euro(bedrag: Decimal | int | None) -> str:
    """A Dutch amount: € 1.234,56 (a non-breaking space after the sign)."""
    if bedrag is None:
        return ""
    q = Decimal(bedrag).quantize(CENT, rounding=ROUND_HALF_UP)
    teken = "-" if q < 0 else ""
    heel, cent = f"{abs(q):.2f}".split(".")
    groepen = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    return f"€\u00a0{teken}{'.'.join(groepen)},{cent}"


_BEDRAG = re.compile(r"^-?\d+([.,]\d+)*$")


def parse_bedrag(tekst: str) -> Decimal:
    """Read an amount as a Dutch user types it: '1.234,56', '950', '€ 12,50', '12.50'.

    With a comma, the comma is the decimal sign and dots group thousands. Without a comma,
    a dot followed by exactly three digits groups thousands ('1.234'), any other dot is a
    decimal point ('12.50'). Raises ValueError when it is not an amount.
    """
    s = (tekst or "").replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    if not s or not _BEDRAG.match(s):
        raise ValueError(f"Geen bedrag: {tekst!r}")
    if "," in s:
        if s.count(",") > 1:
            raise ValueError(f"Geen bedrag: {tekst!r}")
        s = s.replace(".", "").replace(",", ".")
    elif "." in s:
        delen = s.split(".")
        if all(len(d) == 3 for d in delen[1:]):
            s = "".join(delen)
        elif len(delen) > 2:
            raise ValueError(f"Geen bedrag: {tekst!r}")
    try:
        return Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(f"Geen bedrag: {tekst!r}") from exc


# --------------------------------------------------------------------------------------------
# Maatschappelijke begeleiding and participation hours (DOMAIN.md §1, §5, §6)
# --------------------------------------------------------------------------------------------


def maatschappelijke_begeleiding_van_toepassing(doelgroep: str) -> bool:
    """Maatschappelijke begeleiding is for asielstatushouders (art. 13-1-a) and family members
    treated as asielstatushouder (art. 13-1-b) only; not for gezins- or overige migranten."""
    return doelgroep in ASIEL


def begeleidingsuren_tellen_mee(leerroute: str | None) -> bool:
    """Hours of maatschappelijke begeleiding count as participation hours where the route is Z."""
    return leerroute == Z_ROUTE
