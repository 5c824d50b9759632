"""Pure rules of handhaving: the amount of a fine, the preconditions of each step, bezwaar dates.

Plain values in, plain values out: no ORM, no request. The services call these with the values
of the dated settings (`inburgering.regels`); the keyword defaults here are the legal/usual
defaults of DOMAIN.md §7, so that a rule can be read and tested on its own. Messages are Dutch
because they are shown to the consultant as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .workflow import Status

D = Decimal
CENT = D("0.01")
NUL = D("0.00")

# Violation types (Handhavingsprocedure.soort). The first two are inburgering fines; the others are
# signals only: they are handled under the Participatiewet (a bijstand measure), never with this fine.
BREDE_INTAKE = "brede_intake"
PIP = "pip"
ONTZORGEN_MACHTIGING = "ontzorgen_machtiging"
PARTICIPATIEWET = "participatiewet"
BOETE_SOORTEN = frozenset({BREDE_INTAKE, PIP})
SIGNAAL_SOORTEN = frozenset({ONTZORGEN_MACHTIGING, PARTICIPATIEWET})

# Degrees of culpability (verwijtbaarheid).
GEEN, VERMINDERD, NORMAAL, GROVE_SCHULD, OPZET = "geen", "verminderd", "normaal", "grove_schuld", "opzet"
VERWIJTBAARHEDEN = (GEEN, VERMINDERD, NORMAAL, GROVE_SCHULD, OPZET)
VERWIJTBAARHEID_LABELS = {
    GEEN: "geen verwijtbaarheid",
    VERMINDERD: "verminderde verwijtbaarheid",
    NORMAAL: "normale verwijtbaarheid",
    GROVE_SCHULD: "grove schuld",
    OPZET: "opzet",
}

# Legal defaults (DOMAIN.md §7); the dated settings override them.
LADDER: tuple[Decimal, ...] = (D("50"), D("100"), D("200"), D("400"), D("800"))
PERCENTAGES: Mapping[str, Decimal] = {VERMINDERD: D("25"), NORMAAL: D("50"), GROVE_SCHULD: D("75"), OPZET: D("100")}
BREDE_INTAKE_BEDRAG = D("250")
HOORPLICHT_DREMPEL = D("340")

# Doelgroepen whose every fine gets a legal review first (the same strings as cases.models.Doelgroep).
ASIELSTATUSHOUDER = "asielstatushouder"
GEZINSLID_ASIELSTATUSHOUDER = "gezinslid_asielstatushouder"
JURIDISCHE_TOETS_DOELGROEPEN = frozenset({ASIELSTATUSHOUDER, GEZINSLID_ASIELSTATUSHOUDER})

# Ways the person was given the chance to respond to a voornemen.
SCHRIFTELIJK, GEHOORD, NIET_VERSCHENEN, GEEN_REACTIE = "schriftelijk", "gehoord", "niet_verschenen", "geen_reactie"
# The person has been heard (or was invited to a hearing and did not come): enough above the threshold.
HOREN_GEDAAN = frozenset({GEHOORD, NIET_VERSCHENEN})

# Bezwaar: outcome of the decision, and what follows from it.
ONGEGROND, GEGROND, DEELS_GEGROND, NIET_ONTVANKELIJK, INGETROKKEN = (
    "ongegrond",
    "gegrond",
    "deels_gegrond",
    "niet_ontvankelijk",
    "ingetrokken",
)
GEVOLG_GEEN, NIEUWE_PIP_VERSIE, BOETE_INGETROKKEN, BOETE_VERLAAGD = (
    "geen",
    "nieuwe_pip_versie",
    "boete_ingetrokken",
    "boete_verlaagd",
)
# Awb 7:3: the hearing in bezwaar may be left out when the bezwaar is fully granted, or is withdrawn
# or inadmissible; for 'ongegrond' and 'deels gegrond' the person is heard unless a reason is recorded.
HOREN_NODIG_BIJ = frozenset({ONGEGROND, DEELS_GEGROND})


def euro(bedrag: Decimal | int | None) -> str:
    """'€ 1.234,56': Dutch money notation, without the locale machinery."""
    if bedrag is None:
        return ""
    bedrag = D(bedrag).quantize(CENT, rounding=ROUND_HALF_UP)
    teken = "-" if bedrag < 0 else ""
    heel, cent = f"{abs(bedrag):.2f}".split(".")
    groepen = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    return f"€ {teken}{'.'.join(groepen)},{cent}"


def _pct(p: Decimal) -> str:
    return f"{D(p).normalize():f}".replace(".", ",") + "%"


def _rangtelwoord(n: int) -> str:
    return f"{n}e"


# --------------------------------------------------------------------------------------------
# The amount (DOMAIN.md §7)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Berekening:
    """How the amount follows from the violation, the ladder and the culpability."""

    soort: str
    volgnummer: int
    verwijtbaarheid: str
    trede: int | None  # ladder step (PIP only)
    basisbedrag: Decimal  # ladder amount or the fixed amount
    percentage: Decimal | None  # culpability percentage (PIP only)
    bedrag: Decimal

    @property
    def uitleg(self) -> str:
        if self.verwijtbaarheid == GEEN:
            return "Geen verwijtbaarheid: er wordt geen boete opgelegd."
        if self.soort == BREDE_INTAKE:
            return (
                "Vast bedrag voor het verwijtbaar niet (voldoende) meewerken aan de brede intake: "
                f"{euro(self.basisbedrag)}."
            )
        trede = f"trede {self.trede} van de boeteladder"
        if self.volgnummer > self.trede:
            trede += " (het maximum: de ladder stopt daar)"
        return (
            f"{_rangtelwoord(self.volgnummer)} boete voor het niet nakomen van het PIP in deze casus: {trede}, "
            f"{euro(self.basisbedrag)}. Bij {VERWIJTBAARHEID_LABELS[self.verwijtbaarheid]} is de boete "
            f"{_pct(self.percentage)} daarvan: {euro(self.bedrag)}."
        )


def ladder_trede(volgnummer: int, *, treden: int = len(LADDER)) -> int:
    """The ladder step of the `volgnummer`-th PIP fine: 1, 2, ... up to the last step, which is the cap."""
    if volgnummer < 1:
        raise ValueError("Het volgnummer van een boete begint bij 1.")
    return min(volgnummer, treden)


def berekening(
    soort: str,
    volgnummer: int,
    verwijtbaarheid: str,
    *,
    ladder: Sequence[Decimal] = LADDER,
    percentages: Mapping[str, Decimal] = PERCENTAGES,
    brede_intake: Decimal = BREDE_INTAKE_BEDRAG,
) -> Berekening:
    """The amount and how it follows. `volgnummer` = earlier PIP fines in this case + 1."""
    if soort not in BOETE_SOORTEN:
        raise ValueError(f"'{soort}' is geen inburgeringsboete: dit signaal hoort bij de Participatiewet.")
    if verwijtbaarheid not in VERWIJTBAARHEDEN:
        raise ValueError(f"Onbekende verwijtbaarheid: '{verwijtbaarheid}'.")
    if soort == BREDE_INTAKE:
        basis = D(brede_intake)
        bedrag = NUL if verwijtbaarheid == GEEN else basis
        return Berekening(soort, volgnummer, verwijtbaarheid, None, basis, None, bedrag.quantize(CENT))
    trede = ladder_trede(volgnummer, treden=len(ladder))
    basis = D(ladder[trede - 1])
    pct = NUL if verwijtbaarheid == GEEN else D(percentages[verwijtbaarheid])
    bedrag = (basis * pct / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return Berekening(soort, volgnummer, verwijtbaarheid, trede, basis, pct, bedrag)


def boetebedrag(
    soort: str,
    volgnummer: int,
    verwijtbaarheid: str,
    *,
    ladder: Sequence[Decimal] = LADDER,
    percentages: Mapping[str, Decimal] = PERCENTAGES,
    brede_intake: Decimal = BREDE_INTAKE_BEDRAG,
) -> Decimal:
    """The fine in euros. `("pip", 2, "normaal")` → `Decimal("50.00")`; no culpability → `Decimal("0.00")`.

    - `brede_intake`: a fixed amount (default € 250), whatever the degree of culpability;
    - `pip`: the ladder step (the `volgnummer`-th PIP fine in this case, capped at the last step)
      times the culpability percentage.
    """
    return berekening(
        soort, volgnummer, verwijtbaarheid, ladder=ladder, percentages=percentages, brede_intake=brede_intake
    ).bedrag


def bedrag_fouten(*, berekend: Decimal, bedrag: Decimal, motivering: str) -> list[str]:
    """A lower amount than the rule gives is allowed for special circumstances, with a motivation."""
    if bedrag <= 0:
        return ["Een boete van € 0,00 is geen boete: zie af van de boete (met motivering) in plaats daarvan."]
    if bedrag > berekend:
        return [f"Het bedrag kan niet hoger zijn dan {euro(berekend)}, het bedrag volgens de boeteladder."]
    if bedrag < berekend and not motivering.strip():
        return ["Motiveer waarom de boete lager is dan volgens de regels (bijzondere omstandigheden)."]
    return []


# --------------------------------------------------------------------------------------------
# Preconditions of the steps
# --------------------------------------------------------------------------------------------


def waarschuwing_verplicht(*, beleid: bool, eerdere_boetes: int) -> bool:
    """A written warning must precede the first fine (of this kind, in this case) when the policy says so."""
    return bool(beleid) and eerdere_boetes == 0


def hoorplicht(bedrag: Decimal, *, drempel: Decimal = HOORPLICHT_DREMPEL) -> bool:
    """Above the threshold the person is heard before the fine is imposed."""
    return bedrag > drempel


def juridische_toets_verplicht(doelgroep: str) -> bool:
    """Every fine for an asielstatushouder (art. 13-1-a) or a family member (art. 13-1-b) gets a legal review."""
    return doelgroep in JURIDISCHE_TOETS_DOELGROEPEN


def datum_fouten(
    datum: dt.date | None, *, vandaag: dt.date, niet_voor: dt.date | None = None, wat: str = "De datum"
) -> list[str]:
    if datum is None:
        return [f"{wat} is verplicht."]
    if datum > vandaag:
        return [f"{wat} kan niet in de toekomst liggen."]
    if niet_voor is not None and datum < niet_voor:
        return [f"{wat} kan niet vóór {niet_voor:%d-%m-%Y} liggen (de vorige stap)."]
    return []


def verwijtbaarheid_fouten(*, verwijtbaarheid: str, motivering: str) -> list[str]:
    fouten = []
    if verwijtbaarheid not in VERWIJTBAARHEDEN:
        fouten.append("Kies de mate van verwijtbaarheid.")
    if not motivering.strip():
        fouten.append("Motiveer de verwijtbaarheid: waarom is dit (niet) verwijtbaar, en in welke mate?")
    return fouten


def voornemen_fouten(*, verwijtbaarheid: str, waarschuwing_nodig: bool, gewaarschuwd: bool) -> list[str]:
    if verwijtbaarheid in ("", GEEN):
        return ["Zonder verwijtbaarheid geen boete: beoordeel eerst de verwijtbaarheid."]
    if waarschuwing_nodig and not gewaarschuwd:
        return [
            "Het beleid vraagt een schriftelijke waarschuwing vóór een eerste boete. Leg eerst de waarschuwing vast."
        ]
    return []


def zienswijze_fouten(
    *, soort: str, datum: dt.date | None, zienswijze_tot: dt.date | None, samenvatting: str
) -> list[str]:
    if soort == GEEN_REACTIE:
        if zienswijze_tot is not None and datum is not None and datum <= zienswijze_tot:
            return [f"De termijn voor een zienswijze loopt tot en met {zienswijze_tot:%d-%m-%Y}; wacht die af."]
        return []
    if not samenvatting.strip():
        return ["Vat de zienswijze of wat er bij het horen is gezegd samen, en wat u ermee doet."]
    return []


def opleggen_fouten(
    *,
    bedrag: Decimal,
    hoorplicht_drempel: Decimal,
    zienswijze_soort: str,
    toets_verplicht: bool,
    toets_akkoord: bool | None,
) -> list[str]:
    """What blocks the boetebeschikking: no hearing above the threshold, no legal review where required."""
    fouten = []
    if not zienswijze_soort:
        fouten.append("Leg eerst de zienswijze vast (of dat er binnen de termijn geen reactie kwam).")
    elif hoorplicht(bedrag, drempel=hoorplicht_drempel) and zienswijze_soort not in HOREN_GEDAAN:
        fouten.append(
            f"Bij een boete boven {euro(hoorplicht_drempel)} moet de inburgeraar eerst worden gehoord. "
            "Leg de hoorzitting vast."
        )
    if toets_verplicht and toets_akkoord is not True:
        fouten.append(
            "Een boete voor een asielstatushouder of een gezinslid (art. 13-1-b) wordt eerst juridisch getoetst. "
            "Leg de juridische toets vast."
        )
    return fouten


# --------------------------------------------------------------------------------------------
# Dates of the beschikking and the bezwaar (Awb)
# --------------------------------------------------------------------------------------------


def weken_later(datum: dt.date, weken: int) -> dt.date:
    return datum + dt.timedelta(weeks=weken)


def einde_bezwaartermijn(dagtekening: dt.date, weken: int = 6) -> dt.date:
    """The last day to object: the term starts the day after the dagtekening (Awb 6:8) and lasts `weken` weeks."""
    return weken_later(dagtekening, weken)


def bezwaar_te_laat(ontvangen_op: dt.date, einde: dt.date) -> bool:
    return ontvangen_op > einde


def beslistermijn_bezwaar(*, einde_bezwaartermijn: dt.date, ontvangen_op: dt.date, weken: int = 6) -> dt.date:
    """The decision on bezwaar is due `weken` weeks after the bezwaartermijn ended (Awb 7:10).

    A bezwaar received after the term is counted from its receipt instead.
    """
    return weken_later(max(einde_bezwaartermijn, ontvangen_op), weken)


def bezwaar_beslissing_fouten(
    *,
    tegen: str,
    uitkomst: str,
    gevolg: str,
    motivering: str,
    gehoord: bool,
    horen_afgezien_reden: str,
    nieuw_bedrag: Decimal | None = None,
    huidig_bedrag: Decimal | None = None,
) -> list[str]:
    """Is this decision on bezwaar complete and consistent? `tegen` is 'pip' or 'boete'."""
    fouten = []
    if not motivering.strip():
        fouten.append("Motiveer de beslissing op bezwaar.")
    if uitkomst in HOREN_NODIG_BIJ and not gehoord and not horen_afgezien_reden.strip():
        fouten.append("Hoor de indiener eerst (Awb 7:2), of leg vast waarom van horen is afgezien (Awb 7:3).")
    toegestaan = {
        ("pip", ONGEGROND): {GEVOLG_GEEN},
        ("pip", NIET_ONTVANKELIJK): {GEVOLG_GEEN},
        ("pip", INGETROKKEN): {GEVOLG_GEEN},
        ("pip", GEGROND): {NIEUWE_PIP_VERSIE, GEVOLG_GEEN},
        ("pip", DEELS_GEGROND): {NIEUWE_PIP_VERSIE, GEVOLG_GEEN},
        ("boete", ONGEGROND): {GEVOLG_GEEN},
        ("boete", NIET_ONTVANKELIJK): {GEVOLG_GEEN},
        ("boete", INGETROKKEN): {GEVOLG_GEEN},
        ("boete", GEGROND): {BOETE_INGETROKKEN, BOETE_VERLAAGD},
        ("boete", DEELS_GEGROND): {BOETE_VERLAAGD},
    }.get((tegen, uitkomst))
    if toegestaan is None:
        fouten.append("Kies de uitkomst van het bezwaar.")
    elif gevolg not in toegestaan:
        fouten.append(GEVOLG_FOUT.get((tegen, uitkomst), "Dit gevolg past niet bij deze uitkomst."))
    if gevolg == BOETE_VERLAAGD:
        if nieuw_bedrag is None:
            fouten.append("Vul het nieuwe, lagere bedrag van de boete in.")
        elif nieuw_bedrag <= 0 or (huidig_bedrag is not None and nieuw_bedrag >= huidig_bedrag):
            fouten.append(
                f"Het nieuwe bedrag moet hoger dan € 0,00 en lager dan {euro(huidig_bedrag)} zijn; "
                "trek de boete anders in."
            )
    return fouten


GEVOLG_FOUT = {
    ("boete", GEGROND): "Een gegrond bezwaar tegen een boete leidt tot intrekken of verlagen van de boete.",
    ("boete", DEELS_GEGROND): "Een deels gegrond bezwaar tegen een boete leidt tot een lagere boete.",
    ("boete", ONGEGROND): "Bij een ongegrond bezwaar blijft de boete staan: kies 'geen gevolg'.",
    ("pip", ONGEGROND): "Bij een ongegrond bezwaar blijft het PIP staan: kies 'geen gevolg'.",
}


# --------------------------------------------------------------------------------------------
# Who is the procedure waiting for (the team lead's overview)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wachten:
    wie: str
    wat: str
    uiterlijk: dt.date | None = None


def wacht_op(
    status: str,
    *,
    vandaag: dt.date,
    zienswijze_tot: dt.date | None = None,
    hoorplicht: bool = False,
    toets_verplicht: bool = False,
    betalen_voor: dt.date | None = None,
    beslissen_voor: dt.date | None = None,
) -> Wachten | None:
    """Whose move it is in an open procedure, and by when. None for a closed procedure."""
    if status == Status.SIGNAAL:
        return Wachten("Consultant", "Verwijtbaarheid beoordelen")
    if status == Status.BEOORDEELD:
        return Wachten("Consultant", "Schriftelijke waarschuwing of voornemen versturen")
    if status == Status.GEWAARSCHUWD:
        return Wachten("Inburgeraar", "Verplichting alsnog nakomen; daarna voornemen of afzien")
    if status == Status.VOORNEMEN:
        if hoorplicht:
            return Wachten("Consultant", "Hoorzitting houden (boete boven de drempel)", zienswijze_tot)
        if zienswijze_tot is not None and vandaag <= zienswijze_tot:
            return Wachten("Inburgeraar", "Zienswijze indienen", zienswijze_tot)
        return Wachten("Consultant", "Zienswijze verwerken (of: geen reactie vastleggen)", zienswijze_tot)
    if status == Status.GEHOORD:
        if toets_verplicht:
            return Wachten("Jurist", "Juridische toets (asielstatushouder)")
        return Wachten("Consultant", "Boetebeschikking opleggen")
    if status == Status.JURIDISCH_GETOETST:
        return Wachten("Consultant", "Boetebeschikking opleggen")
    if status == Status.OPGELEGD:
        if betalen_voor is not None and vandaag > betalen_voor:
            return Wachten("Consultant", "Niet betaald: invordering of kwijtschelding", betalen_voor)
        return Wachten("Inburgeraar", "Boete betalen", betalen_voor)
    if status == Status.IN_BEZWAAR:
        return Wachten("Bezwaarbehandelaar", "Beslissen op bezwaar", beslissen_voor)
    if status == Status.INVORDERING:
        return Wachten("Invordering", "Boete innen")
    return None


def dagen_over(uiterlijk: dt.date | None, vandaag: dt.date) -> int | None:
    """Days left until `uiterlijk` (negative: overdue)."""
    return None if uiterlijk is None else (uiterlijk - vandaag).days
