"""Pure rules of the DUO exchange: plain values in, plain values out (no ORM, no request).

- the catalogue of DUO's gebeurtenissen (`duo-m2m/Gebeurtenissen/Gebeurtenissen.md`) and the
  effect each has on the register;
- the checks of a Notificatie request (`API/Notificatie/openapi.yml`);
- DUO's registration rules (`duo-m2m/README.upstream.md`, DOMAIN.md §4-§5), checked before a
  melding is sent, with the reason in Dutch for the consultant (the same functions make the
  simulator refuse what DUO refuses);
- the message builders: register values -> the JSON bodies of the specified requests;
- the outbox's retry schedule and how a DUO answer is handled.

Product codes (leerroute "b1"/"onderwijs"/"z", doelgroep strings) are those of `pip.rules`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta

from cases.workflow import TRANSITIONS, Status
from pip import rules as pip_rules
from pip.rules import A2, ASIEL, ASIELSTATUSHOUDER, B1, ONDERWIJSROUTE, Z_ROUTE, datum_nl

_d = datum_nl

# --------------------------------------------------------------------------------------------
# Gebeurtenissen and their effect on the register (issue 11, Gebeurtenissen.md)
# --------------------------------------------------------------------------------------------

NIEUWE_PLICHT = "nieuwe_plicht"  # SS101, SS128, SS139, SS129: new or updated case, kennisgeving, PIP term
VESTIGING_ZONDER_PIP = "vestiging_zonder_pip"  # SS120
VESTIGING_MET_PIP = "vestiging_met_pip"  # SS121: the previous gemeente's PIP and termijn
PLICHT_HERVAT = "plicht_hervat"  # SS130: plicht resumed, PIP already known
TERMIJN = "termijn"  # SS102, SS103, SS104
LBT_AANGEMELD = "lbt_aangemeld"  # SS137
LBT_RESULTAAT = "lbt_resultaat"  # SS131
DOELGROEP = "doelgroep"  # SS124, SS125
PLICHT_VOLDAAN = "plicht_voldaan"  # SS106, SS107, SS108
PLICHT_GEPAUZEERD = "plicht_gepauzeerd"  # SS109
PLICHT_INGETROKKEN = "plicht_ingetrokken"  # SS110
OVERLEDEN = "overleden"  # SS111
EXAMENUITSLAG = "examenuitslag"  # SS199
VERZOEK = "verzoek"  # SS113-SS119: DUO decided on a request of the person; recorded on the timeline

# Effects that open a case for a person without an active case.
MAAKT_CASUS = frozenset({NIEUWE_PLICHT, VESTIGING_ZONDER_PIP, VESTIGING_MET_PIP, PLICHT_HERVAT})

# Raadplegingen (operationIds of the specs) a notification leads to.
PLICHT, DOELGROEP_OP, TERMIJN_OP, PIP_OP = (
    "getInburgeringsplichtByBsn",
    "getDoelgroepByBsn",
    "getInburgeringstermijnByBsn",
    "getPipByBsn",
)
LBT_EXAMENNUMMER, LBT_RESULTATEN, EXAMENS = "getExamennummerByBsn", "getLbtResultatenByBsn", "getExamenresultatenByBsn"


@dataclass(frozen=True)
class Gebeurtenis:
    code: str
    omschrijving: str
    effect: str
    raadplegingen: tuple[str, ...] = ()


GEBEURTENISSEN: dict[str, Gebeurtenis] = {
    g.code: g
    for g in (
        Gebeurtenis("SS101", "Persoon is inburgeringsplichtig", NIEUWE_PLICHT, (PLICHT, DOELGROEP_OP)),
        Gebeurtenis(
            "SS128",
            "Persoon is inburgeringsplichtig, maar bereikt de AOW-leeftijd binnen 6 maanden",
            NIEUWE_PLICHT,
            (PLICHT, DOELGROEP_OP),
        ),
        Gebeurtenis(
            "SS139",
            "Persoon is inburgeringsplichtig en de termijn van 10 weken voor het vaststellen van de leerroute "
            "is gestart",
            NIEUWE_PLICHT,
            (PLICHT, DOELGROEP_OP),
        ),
        Gebeurtenis(
            "SS129",
            "Tijdelijke vrijstelling ingetrokken, nog geen leerroute bekend",
            NIEUWE_PLICHT,
            (PLICHT, DOELGROEP_OP),
        ),
        Gebeurtenis(
            "SS120",
            "Inburgeringsplichtige in de gemeente gevestigd zonder PIP",
            VESTIGING_ZONDER_PIP,
            (PLICHT, DOELGROEP_OP),
        ),
        Gebeurtenis(
            "SS121",
            "Inburgeringsplichtige in de gemeente gevestigd met PIP van de vorige gemeente",
            VESTIGING_MET_PIP,
            (PLICHT, DOELGROEP_OP, PIP_OP, TERMIJN_OP),
        ),
        Gebeurtenis(
            "SS130",
            "Tijdelijke vrijstelling ingetrokken, PIP al bekend: inburgeringsplicht hervat",
            PLICHT_HERVAT,
            (PLICHT, DOELGROEP_OP, PIP_OP, TERMIJN_OP),
        ),
        Gebeurtenis("SS102", "Inburgeringstermijn gestart", TERMIJN, (TERMIJN_OP,)),
        Gebeurtenis("SS103", "Inburgeringstermijn ambtshalve verlengd", TERMIJN, (TERMIJN_OP,)),
        Gebeurtenis("SS104", "Inburgeringstermijn op verzoek verlengd", TERMIJN, (TERMIJN_OP,)),
        Gebeurtenis("SS137", "Persoon is aangemeld voor de leerbaarheidstoets", LBT_AANGEMELD, (LBT_EXAMENNUMMER,)),
        Gebeurtenis(
            "SS131", "Leerbaarheidstoets is afgenomen en het resultaat is bekend", LBT_RESULTAAT, (LBT_RESULTATEN,)
        ),
        Gebeurtenis(
            "SS124",
            "Doelgroep gewijzigd van asielstatushouder naar gezinsmigrant en overige migrant",
            DOELGROEP,
            (DOELGROEP_OP,),
        ),
        Gebeurtenis(
            "SS125",
            "Doelgroep gewijzigd van gezinsmigrant en overige migrant naar asielstatushouder",
            DOELGROEP,
            (DOELGROEP_OP,),
        ),
        Gebeurtenis("SS106", "Inburgeringsplicht voldaan: diploma behaald", PLICHT_VOLDAAN, (PLICHT,)),
        Gebeurtenis("SS107", "Inburgeringsplicht voldaan: gehele vrijstelling toegekend", PLICHT_VOLDAAN, (PLICHT,)),
        Gebeurtenis("SS108", "Inburgeringsplicht voldaan: gehele ontheffing toegekend", PLICHT_VOLDAAN, (PLICHT,)),
        Gebeurtenis(
            "SS109", "Tijdelijke vrijstelling toegekend: inburgeringsplicht gepauzeerd", PLICHT_GEPAUZEERD, (PLICHT,)
        ),
        Gebeurtenis("SS110", "Inburgeringsplicht ingetrokken", PLICHT_INGETROKKEN, (PLICHT,)),
        Gebeurtenis("SS111", "Persoon is overleden", OVERLEDEN, ()),
        Gebeurtenis("SS199", "Uitslag examen bekend", EXAMENUITSLAG, (EXAMENS,)),
        Gebeurtenis("SS113", "Verzoek verlenging afgewezen", VERZOEK),
        Gebeurtenis("SS114", "Verzoek gehele vrijstelling afgewezen", VERZOEK),
        Gebeurtenis("SS115", "Verzoek tijdelijke vrijstelling afgewezen", VERZOEK),
        Gebeurtenis("SS116", "Verzoek gedeeltelijke vrijstelling afgewezen", VERZOEK),
        Gebeurtenis("SS117", "Verzoek gedeeltelijke vrijstelling toegekend", VERZOEK),
        Gebeurtenis("SS118", "Verzoek ontheffing afgewezen", VERZOEK),
        Gebeurtenis("SS119", "Verzoek gedeeltelijke ontheffing toegekend", VERZOEK),
    )
}


def gebeurtenis(code: str) -> Gebeurtenis | None:
    """The known gebeurtenis `code`; None for a code DUO may add later (stored, shown to the beheerder)."""
    return GEBEURTENISSEN.get(code)


# The case status a gebeurtenis asks for: plicht ended (voldaan, ingetrokken: the consultant completes
# the administration DUO may need when the plicht resumes, then closes), paused, or the person died.
STATUS_DOEL = {
    PLICHT_VOLDAAN: Status.AFRONDING,
    PLICHT_INGETROKKEN: Status.AFRONDING,
    PLICHT_GEPAUZEERD: Status.OPGESCHORT,
    OVERLEDEN: Status.AFGESLOTEN,
}
# Before a PIP is carried out there is nothing to complete: an ended plicht closes the case.
VOOR_UITVOERING = frozenset({Status.AANGEMELD, Status.WARME_OVERDRACHT, Status.INTAKE, Status.PIP_IN_VOORBEREIDING})


def status_na_gebeurtenis(effect: str, huidige: str, transitions=TRANSITIONS) -> str | None:
    """The status the case moves to after a gebeurtenis with `effect`; None: the status stays.

    Only a transition the workflow table allows is made. When the plicht ended before the PIP was
    carried out (no afronding possible), the case is closed instead; otherwise the status stays and
    the timeline tells the consultant.
    """
    doel = STATUS_DOEL.get(effect)
    if doel is None or huidige == doel:
        return None
    allowed = transitions.get(huidige, frozenset())
    if doel in allowed:
        return doel
    if doel == Status.AFRONDING and huidige in VOOR_UITVOERING and Status.AFGESLOTEN in allowed:
        return Status.AFGESLOTEN
    return None


# DUO's doelgroep (Inburgeringsplicht API: Doelgroepindeling + GedetailleerdeDoelgroep) -> product doelgroep.
GEZINSLID_ASIEL_DUO = frozenset({"Gezinshereniger met Asielstatushouder", "Gezinsvormer met Asielstatushouder"})
GEZINSMIGRANT_DUO = frozenset({"Gezinshereniger", "Gezinsvormer"})


def doelgroep_uit_duo(indeling: str | None, gedetailleerd: str | None) -> str | None:
    """The product's doelgroep for DUO's indeling; None when DUO gives none.

    Asielstatushouder: with a gedetailleerde doelgroep 'met Asielstatushouder' the family member
    of a statushouder (art. 13-1-b), else art. 13-1-a. Gezinsmigrant en overige migrant:
    gezinshereniger/-vormer is a gezinsmigrant, the rest (geestelijk bedienaar, overig) overige migrant.
    """
    if indeling == "Asielstatushouder":
        return "gezinslid_asielstatushouder" if gedetailleerd in GEZINSLID_ASIEL_DUO else ASIELSTATUSHOUDER
    if indeling == "Gezinsmigrant en overige migrant":
        return "gezinsmigrant" if gedetailleerd in GEZINSMIGRANT_DUO else "overige_migrant"
    return None


# --------------------------------------------------------------------------------------------
# The Notificatie request (API/Notificatie/openapi.yml)
# --------------------------------------------------------------------------------------------

GEBEURTENIS_ID = re.compile(r"^[0-9A-Z]{1,6}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
V_NUMMER_MAX = 9_999_999_999


@dataclass(frozen=True)
class NotificatieInhoud:
    registratie: dt.datetime
    gebeurtenis_id: str
    bsn: str
    v_nummer: int | None


def header_fouten(*, bron: str | None, doel: str | None, bericht_id: str | None) -> list[str]:
    """The spec's header parameters: bron and doel an OIN of 20 characters, berichtId a UUID."""
    fouten = []
    for naam, waarde in (("bron", bron), ("doel", doel)):
        if not waarde:
            fouten.append(f"Header '{naam}' ontbreekt.")
        elif len(waarde) != 20:
            fouten.append(f"Header '{naam}' is geen OIN van 20 tekens.")
    if not bericht_id:
        fouten.append("Header 'berichtId' ontbreekt.")
    elif not UUID_RE.match(bericht_id):
        fouten.append("Header 'berichtId' is geen UUID.")
    return fouten


def parse_datetime(waarde: str) -> dt.datetime | None:
    """An RFC 3339 date-time (with offset), or None."""
    if not isinstance(waarde, str) or not DATE_TIME.match(waarde):
        return None
    try:
        return dt.datetime.fromisoformat(waarde.replace("z", "Z").replace("t", "T").replace("Z", "+00:00"))
    except ValueError:
        return None


def notificatie_parsen(data) -> tuple[NotificatieInhoud | None, list[str]]:
    """The body of a notification checked against the Notificatie schema: (content, errors)."""
    if not isinstance(data, dict):
        return None, ["De body is geen JSON-object."]
    fouten = []
    registratie = parse_datetime(data.get("registratieDatumTijd"))
    if "registratieDatumTijd" not in data:
        fouten.append("registratieDatumTijd ontbreekt.")
    elif registratie is None:
        fouten.append("registratieDatumTijd is geen datum-tijd (RFC 3339).")
    gebeurtenis_id = data.get("gebeurtenisId")
    if "gebeurtenisId" not in data:
        fouten.append("gebeurtenisId ontbreekt.")
    elif not isinstance(gebeurtenis_id, str) or not GEBEURTENIS_ID.match(gebeurtenis_id):
        fouten.append("gebeurtenisId bestaat niet uit 1 tot 6 hoofdletters of cijfers.")
    bsn = data.get("bsn")
    if bsn is not None and not (isinstance(bsn, str) and len(bsn) == 9 and bsn.isascii() and bsn.isdigit()):
        fouten.append("bsn bestaat niet uit 9 cijfers.")
    v_nummer = data.get("vNummer")
    if v_nummer is not None and (
        isinstance(v_nummer, bool) or not isinstance(v_nummer, int) or not 0 <= v_nummer <= V_NUMMER_MAX
    ):
        fouten.append("vNummer is geen geheel getal van 0 tot en met 9999999999.")
    if fouten:
        return None, fouten
    return NotificatieInhoud(registratie, gebeurtenis_id, bsn or "", v_nummer), []


def is_uuid(waarde: str) -> bool:
    try:
        uuid.UUID(waarde)
    except (TypeError, ValueError, AttributeError):
        return False
    return bool(UUID_RE.match(waarde))


# --------------------------------------------------------------------------------------------
# Values DUO returns
# --------------------------------------------------------------------------------------------


def datum(waarde) -> dt.date | None:
    """A date (format: date) from a DUO answer; None when absent or not a date."""
    if not waarde or not isinstance(waarde, str):
        return None
    try:
        return dt.date.fromisoformat(waarde)
    except ValueError:
        return None


def laatste_dag(einddatum_exclusief: dt.date | None) -> dt.date | None:
    """DUO's termijn 'einddatum' is exclusive; the product shows the last day of the termijn."""
    return einddatum_exclusief - dt.timedelta(days=1) if einddatum_exclusief else None


def score(waarde: str | None) -> Decimal | None:
    """DUO's score '28,00' (pattern ^\\d{1,3},\\d{2}$) as a Decimal."""
    if not waarde or not isinstance(waarde, str):
        return None
    try:
        return Decimal(waarde.replace(",", "."))
    except InvalidOperation:
        return None


def lbt_uitslag(resultaat: str | None) -> bool | None:
    """DUO's LeerbaarheidstoetsResultaat -> haalbaar (True/False) or unknown (None)."""
    return {"B1-route haalbaar": True, "B1-route niet haalbaar": False}.get(resultaat or "")


def laatste_resultaat(resultaten: list[dict]) -> dict | None:
    """The most recent leerbaarheidstoets result (by datumAfname)."""
    met_datum = [r for r in resultaten or [] if datum(r.get("datumAfname"))]
    return max(met_datum, key=lambda r: datum(r["datumAfname"]), default=None)


# --------------------------------------------------------------------------------------------
# DUO's registration rules (README.upstream.md, DOMAIN.md §4-§5)
# --------------------------------------------------------------------------------------------

JA, NEE = "Ja", "Nee"


def pip_fouten(**kwargs) -> list[str]:
    """DUO's rules for registering a PIP: `pip.rules.duo_registratie_fouten`, the same check the
    PIP screens run before vaststellen (README: dagtekening, niveau, geschatte intensiteit)."""
    return pip_rules.duo_registratie_fouten(**kwargs)


def map_pvt_fouten(
    *,
    onderdeel: str,
    datum: dt.date | None,
    verwijtbaar: str | None,
    vandaag: dt.date,
    termijn_start: dt.date | None,
    termijn_eind: dt.date | None,
    zroute_afgerond_op: dt.date | None,
    actuele_pip_eigen_gemeente: bool,
    eerder_door_gemeente: bool,
    bij_duo_van_ander: bool = False,
    plicht_voldaan_via_zroute: bool = False,
    verwijtbaar_maanden: int = 2,
) -> list[str]:
    """The reasons DUO would refuse this datum eindgesprek MAP / ondertekening PVT (README §MAP, §PVT).

    - `onderdeel`: "MAP" or "PVT"; `datum` None withdraws an earlier date (PUT replaces the resource);
    - `termijn_eind`: the last day of the inburgeringstermijn (inclusive);
    - `eerder_door_gemeente`: this gemeente delivered a date before (needed to change or withdraw it);
      `bij_duo_van_ander`: DUO holds a date that another gemeente delivered;
    - `zroute_afgerond_op`: the registered datum afronding Z-route; `plicht_voldaan_via_zroute`: DUO
      considers the plicht met through the Z-route (afronding, MAP and PVT complete);
    - overschrijding: the date (or, when withdrawing, today) lies after the termijn;
    - `verwijtbaar` 'Nee' only when the termijn ends within `verwijtbaar_maanden` months from today.
    """
    wat = "het eindgesprek MAP" if onderdeel == "MAP" else "de ondertekening van de participatieverklaring (PVT)"
    fouten = []
    if not actuele_pip_eigen_gemeente:
        fouten.append(f"Uw gemeente heeft geen actueel PIP voor deze persoon; DUO registreert {wat} dan niet.")
    if bij_duo_van_ander and not eerder_door_gemeente:
        fouten.append(f"DUO heeft een datum van {wat} van een andere gemeente; alleen die gemeente kan hem wijzigen.")
    if datum is None and not eerder_door_gemeente:
        fouten.append(f"Uw gemeente heeft nog geen datum van {wat} doorgegeven; er is niets in te trekken.")
    if plicht_voldaan_via_zroute:
        fouten.append("De inburgeringsplicht is al voldaan via de Z-route; DUO registreert geen nieuwe datum.")
    if zroute_afgerond_op is not None and datum is None:
        fouten.append(f"De afronding van de Z-route is geregistreerd; de datum van {wat} kan niet worden ingetrokken.")
    if termijn_start is None or termijn_eind is None:
        fouten.append("De inburgeringstermijn is nog niet bekend; DUO toetst de datum daaraan.")
        return fouten
    if datum is not None:
        if datum > vandaag:
            fouten.append(f"De datum van {wat} ({_d(datum)}) ligt in de toekomst.")
        if datum < termijn_start:
            fouten.append(
                f"De datum van {wat} ({_d(datum)}) ligt vóór de start van de inburgeringstermijn ({_d(termijn_start)})."
            )
        if zroute_afgerond_op is not None and datum > zroute_afgerond_op:
            fouten.append(f"De datum van {wat} ligt na de afronding van de Z-route ({_d(zroute_afgerond_op)}).")
    peildatum = datum or vandaag
    overschreden = peildatum > termijn_eind
    if verwijtbaar is None and overschreden:
        fouten.append(
            f"De inburgeringstermijn (tot en met {_d(termijn_eind)}) is overschreden: geef aan of dat verwijtbaar is."
        )
    if verwijtbaar is not None:
        if datum is not None and datum <= termijn_eind:
            fouten.append(
                f"{wat[0].upper()}{wat[1:]} ligt binnen de inburgeringstermijn; geef dan geen verwijtbaarheid op."
            )
        if verwijtbaar == JA and not overschreden:
            fouten.append("'Verwijtbaar: ja' kan alleen als de inburgeringstermijn is overschreden.")
        if verwijtbaar == NEE and not (vandaag <= termijn_eind <= vandaag + relativedelta(months=verwijtbaar_maanden)):
            fouten.append(
                f"'Verwijtbaar: nee' kan alleen als de inburgeringstermijn binnen {verwijtbaar_maanden} maanden eindigt "
                f"(einde: {_d(termijn_eind)})."
            )
        if verwijtbaar not in (JA, NEE):
            fouten.append("Verwijtbaar is 'Ja' of 'Nee'.")
    return fouten


def zroute_fouten(
    *, datum: dt.date | None, vandaag: dt.date, leerroute: str | None, termijn_start: dt.date | None
) -> list[str]:
    """Checks before reporting the afronding of the Z-route.

    DUO's README lists no rules for this resource; these follow from the law (the Z-route can
    only be completed in the Z-route, within the termijn, not in the future).
    """
    fouten = []
    if leerroute != Z_ROUTE:
        fouten.append("Het actuele PIP heeft niet de Z-route; de afronding van de Z-route kan niet worden gemeld.")
    if datum is not None and datum > vandaag:
        fouten.append(f"De datum van afronding van de Z-route ({_d(datum)}) ligt in de toekomst.")
    if datum is not None and termijn_start is not None and datum < termijn_start:
        fouten.append(
            f"De datum van afronding ({_d(datum)}) ligt vóór de start van de inburgeringstermijn ({_d(termijn_start)})."
        )
    return fouten


def aanbod_fouten(
    *,
    doelgroep: str,
    pip_dagtekening: dt.date | None,
    leerroute: str | None,
    instelling_bekend: bool,
    bow_keurmerk: bool,
    tst_keurmerk: bool,
    datum_aanbod: dt.date | None,
    start: dt.date | None,
    einde: dt.date | None,
    termijn_start: dt.date | None,
    termijn_eind: dt.date | None,
) -> list[str]:
    """The reasons DUO would refuse this inburgeringsaanbod (README §Inburgeringsaanbod).

    README's 'datumAanvangTaalschakeltraject' and 'datumEindeCursus' are the spec's
    verwachteStartdatumOpleiding and verwachteEinddatumOpleiding.
    """
    fouten = []
    if doelgroep not in ASIEL:
        fouten.append("Een inburgeringsaanbod wordt alleen voor een asielstatushouder geregistreerd.")
    if pip_dagtekening is None:
        fouten.append("De persoon heeft nog geen PIP; DUO registreert dan geen inburgeringsaanbod.")
    if not instelling_bekend:
        fouten.append("De instelling is niet bekend bij DUO. Kies een instelling uit de lijst van DUO.")
    elif leerroute == ONDERWIJSROUTE and not tst_keurmerk:
        fouten.append("Voor de onderwijsroute moet de instelling een erkende taalschakelinstelling (TST) zijn.")
    elif leerroute != ONDERWIJSROUTE and not bow_keurmerk:
        fouten.append("De instelling heeft geen keurmerk van Blik op Werk; DUO registreert het aanbod dan niet.")
    for label, waarde in (
        ("De datum van het inburgeringsaanbod", datum_aanbod),
        ("De verwachte startdatum", start),
        ("De verwachte einddatum", einde),
    ):
        if waarde is not None and pip_dagtekening is not None and waarde < pip_dagtekening:
            fouten.append(f"{label} ({_d(waarde)}) ligt vóór de dagtekening van het PIP ({_d(pip_dagtekening)}).")
    if start is not None and datum_aanbod is not None and start < datum_aanbod:
        fouten.append(f"De verwachte startdatum ({_d(start)}) ligt vóór de datum van het aanbod ({_d(datum_aanbod)}).")
    if start is not None and einde is not None and einde < start:
        fouten.append(f"De verwachte einddatum ({_d(einde)}) ligt vóór de verwachte startdatum ({_d(start)}).")
    if termijn_start is not None and termijn_eind is not None:
        for label, waarde in (("De verwachte startdatum", start), ("De verwachte einddatum", einde)):
            if waarde is not None and not termijn_start <= waarde <= termijn_eind:
                fouten.append(
                    f"{label} ({_d(waarde)}) ligt buiten de inburgeringstermijn "
                    f"({_d(termijn_start)} tot en met {_d(termijn_eind)})."
                )
    return fouten


# The three hour totals of the Gevolgde Uren API.
UREN_BREDE_INTAKE, UREN_TAALLES, UREN_PARTICIPATIE = "taallesknm", "participatietaalles", "participatieactiviteiten"
UREN_MAX = 9999


def uren_fouten(*, soort: str, uren, doelgroep: str, leerroute: str | None) -> list[str]:
    """Checks of a gevolgde-uren total (GevolgdeUren API: 0-9999; participation hours count for
    the Z-route of an asielstatushouder only)."""
    fouten = []
    if isinstance(uren, bool) or not isinstance(uren, int) or not 0 <= uren <= UREN_MAX:
        fouten.append(f"Het aantal uren is een geheel getal van 0 tot en met {UREN_MAX}.")
    if soort == UREN_PARTICIPATIE and not (doelgroep in ASIEL and leerroute == Z_ROUTE):
        fouten.append("Uren participatieactiviteiten tellen alleen voor de Z-route van een asielstatushouder.")
    if soort not in (UREN_BREDE_INTAKE, UREN_TAALLES, UREN_PARTICIPATIE):
        fouten.append("Onbekende soort uren.")
    return fouten


TELEFOON = re.compile(r"^(\+|[0-9])((\s|\s?(-|\(0\))\s?)?[0-9]){2,15}([,][1-9][0-9]{1,8})?$")
NAAM_TEKENS = frozenset(" '‘.-‐‑‒–—―")


def contactpersoon_fouten(*, naam: str, email: str, telefoon: str) -> list[str]:
    """The Contactpersoongegevens schema: naam (letters, spaces, ' ‘ . and dashes, at most 100),
    e-mail (4-241 characters), telefoonnummer (the spec's pattern, 3-22 characters)."""
    fouten = []
    naam = naam or ""
    if not naam.strip():
        fouten.append("Vul de naam van de contactpersoon in.")
    elif len(naam) > 100 or any(not (c.isalpha() or c.isspace() or c in NAAM_TEKENS) for c in naam):
        fouten.append("De naam bestaat uit ten hoogste 100 letters, spaties, punten, apostroffen en streepjes.")
    if not email or not 4 <= len(email) <= 241 or "@" not in email:
        fouten.append("Vul een e-mailadres van 4 tot 241 tekens in.")
    if not telefoon or not 3 <= len(telefoon) <= 22 or not TELEFOON.match(telefoon):
        fouten.append("Vul een telefoonnummer in, bijvoorbeeld 0488 123456 of +31 488 123456.")
    return fouten


# --------------------------------------------------------------------------------------------
# Message builders: register values -> request bodies of the specs
# --------------------------------------------------------------------------------------------


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def pip_bericht(
    *,
    dagtekening: dt.date,
    leerroute: str,
    niveau: str = "",
    geschatte_intensiteit_b1: int | None = None,
    mag_opleiding_afmaken: bool | None = None,
    alfabetisering: str | None = None,
) -> dict:
    """PIP schema (PIP API): dagtekeningPip and leerroute (B/O/Z) required; niveau, intensity,
    indicators only when known (DUO sets B1 for the B1- and onderwijsroute without a niveau)."""
    body: dict = {"dagtekeningPip": dagtekening.isoformat(), "leerroute": pip_rules.DUO_LEERROUTE[leerroute]}
    if niveau in (A2, B1):
        body["niveau"] = niveau
    if geschatte_intensiteit_b1:
        body["geschatteIntensiteitB1Route"] = int(geschatte_intensiteit_b1)
    if mag_opleiding_afmaken is not None:
        body["indicatorMagOpleidingAfmaken"] = bool(mag_opleiding_afmaken)
    if alfabetisering in ("A", "AA", "NVT"):
        body["indicatorAlfabetiseringsonderwijs"] = alfabetisering
    return body


def map_bericht(*, datum: dt.date | None, verwijtbaar: str | None) -> dict:
    """ResultaatMap: a PUT replaces the resource, so an absent part withdraws it."""
    body = {}
    if datum:
        body["datumEindgesprekMap"] = datum.isoformat()
    if verwijtbaar:
        body["verwijtbaar"] = verwijtbaar
    return body


def pvt_bericht(*, datum: dt.date | None, verwijtbaar: str | None) -> dict:
    body = {}
    if datum:
        body["datumOndertekeningPvt"] = datum.isoformat()
    if verwijtbaar:
        body["verwijtbaar"] = verwijtbaar
    return body


def zroute_bericht(*, datum: dt.date | None) -> dict:
    return {"datumAfrondingZroute": datum.isoformat()} if datum else {}


def uren_bericht(*, uren: int) -> dict:
    return {"uren": int(uren)}


def contactpersoon_bericht(*, naam: str, email: str, telefoon: str) -> dict:
    return {"naam": naam.strip(), "email": email.strip(), "telefoonnummer": telefoon.strip()}


def aanbod_bericht(
    *, datum_aanbod: dt.date | None, start: dt.date | None, einde: dt.date | None, alfabetisering: str
) -> dict:
    body = {"indicatorAlfabetiseringsonderwijs": alfabetisering if alfabetisering in ("A", "AA") else "NVT"}
    for key, waarde in (
        ("datumInburgeringsaanbod", datum_aanbod),
        ("verwachteStartdatumOpleiding", start),
        ("verwachteEinddatumOpleiding", einde),
    ):
        if waarde:
            body[key] = waarde.isoformat()
    return body


# --------------------------------------------------------------------------------------------
# The outbox: retry schedule and what an answer means
# --------------------------------------------------------------------------------------------

VERZONDEN, GEWEIGERD, OPNIEUW = "verzonden", "geweigerd", "opnieuw"


def wachttijd(poging: int, *, basis: int = 30, maximum: int = 900) -> int:
    """Seconds before the next attempt after failed attempt number `poging` (1, 2, ...):
    exponential backoff basis·2^(poging−1), capped at `maximum`."""
    if poging < 1:
        return 0
    return int(min(maximum, basis * 2 ** min(poging - 1, 32)))


def afhandeling(status_code: int) -> str:
    """A DUO answer: 2xx accepted; 401, 408, 425, 429 and 5xx are technical (try again later);
    other 4xx are DUO refusing the message (400 malformed, 403 registration rules, 404 unknown)."""
    if 200 <= status_code < 300:
        return VERZONDEN
    if status_code in (401, 408, 425, 429) or status_code >= 500:
        return OPNIEUW
    return GEWEIGERD


def fout_teksten(data) -> list[str]:
    """The fouttekst of DUO's Foutmelding (an object, or a list of them)."""
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
    return [str(i.get("fouttekst"))[:200] for i in items if isinstance(i, dict) and i.get("fouttekst")]
