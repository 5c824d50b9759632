"""Pure rules of the SPUK (specifieke uitkering inburgering, DOMAIN.md §8): no ORM, no request.

Amounts are exact `Decimal`s rounded to the cent (ROUND_HALF_UP); a float is refused, so a
rounding error can never slip in through a Python float. Counts of people may be fractional
(a forecast of 22 × 70% = 15.4 inburgeringsplichtigen) and are not rounded.

The tariffs are arguments with the 2022 legal value as default; callers pass the dated setting
that applies (`inburgering.regels`, looked up on the housing date: see docs/adr/0003).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

D = Decimal
CENT = D("0.01")
NUL = D("0")
HONDERD = D("100")

# 2022 amounts of the Regeling (DOMAIN.md §8); the dated settings hold later (indexed) years.
TRANCHES_2022 = (D("7712"), D("4000"), D("1000"))
GEZINSMIGRANT_2022 = D("589")
FACTOR_2022 = D("0.7")

# Doelgroepen (cases.models.Doelgroep values): who brings the asiel amount, who the migrant amount.
ASIEL = "asiel"
MIGRANT = "migrant"
ASIEL_DOELGROEPEN = frozenset({"asielstatushouder", "gezinslid_asielstatushouder"})

# Voorzieningen paid from the SPUK (DOMAIN.md §8), the keys of spend.
LEERROUTE = "leerroute"
MAP = "map"
PVT = "pvt"
BEGELEIDING = "maatschappelijke_begeleiding"
TOLK = "tolk"
OVERIG = "overig"
VOORZIENINGEN = {
    LEERROUTE: "Leerroutes (inkoop taalscholen)",
    MAP: "MAP",
    PVT: "PVT",
    BEGELEIDING: "Maatschappelijke begeleiding",
    TOLK: "Tolken",
    OVERIG: "Overige inburgeringsvoorzieningen",
}

# Unit of a contract price for a leerroute (leerroutes.ContractPrijs.Eenheid values).
PER_TRAJECT = "traject"
PER_UUR = "uur"


def _decimal(waarde, naam: str = "waarde") -> Decimal:
    """An exact Decimal from a Decimal, int or numeric string; a float is a programming error here."""
    if isinstance(waarde, bool) or isinstance(waarde, float):
        raise TypeError(f"{naam} moet een Decimal, int of tekst zijn, geen {type(waarde).__name__}")
    if isinstance(waarde, Decimal):
        return waarde
    try:
        return Decimal(waarde)
    except (InvalidOperation, TypeError) as exc:
        raise TypeError(f"{naam} is geen getal: {waarde!r}") from exc


def centen(bedrag) -> Decimal:
    """Round an amount to the cent, half up (the way a grant letter rounds)."""
    return _decimal(bedrag, "bedrag").quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------
# The grant (the names below are relied on by other code and tests: issue 10)
# ---------------------------------------------------------------------------------------------


def inburgeringsplichtigen_prognose(taakstelling, factor=FACTOR_2022) -> Decimal:
    """Expected inburgeringsplichtigen of a year: the huisvestingstaakstelling × the factor (70%).

    Not everyone housed is obliged (children, for instance). The result is a count and is not
    rounded: 22 × 0.7 = 15.4, as the Divosa rekentool counts.
    """
    return _decimal(taakstelling, "taakstelling") * _decimal(factor, "factor")


def asiel_tranches(aantal, huisvestingsjaar: int, tranches=TRANCHES_2022) -> dict[int, Decimal]:
    """Year → amount of the asiel grant for `aantal` people housed in `huisvestingsjaar` (t, t+1, t+2).

    Each tranche is `aantal × tranche`, rounded to the cent: (10, 2024) →
    {2024: 77120.00, 2025: 40000.00, 2026: 10000.00}.
    """
    aantal = _decimal(aantal, "aantal")
    return {huisvestingsjaar + i: centen(aantal * _decimal(t, "tranche")) for i, t in enumerate(tranches)}


def gezinsmigranten_uitkering(aantal, tarief=GEZINSMIGRANT_2022) -> Decimal:
    """The grant for `aantal` gezins- or overige migranten in their year t: aantal × tarief, in cents."""
    return centen(_decimal(aantal, "aantal") * _decimal(tarief, "tarief"))


def factor_uit_procent(procent) -> Decimal:
    """The forecast factor from the dated setting in percent: 70 → 0.7."""
    return _decimal(procent, "procent") / HONDERD


def doelgroep_soort(doelgroep: str) -> str:
    """ASIEL for asielstatushouders and art. 13-1-b family members (the asiel amount), else MIGRANT."""
    return ASIEL if doelgroep in ASIEL_DOELGROEPEN else MIGRANT


def cohortdatum(
    doelgroep: str, datum_huisvesting: dt.date | None, datum_kennisgeving: dt.date | None
) -> dt.date | None:
    """The date that puts a person in a cohort (year t) and picks the tariff.

    Asiel: the housing date (the grant follows the huisvestingstaakstelling). Gezins- and overige
    migranten are not housed by the municipality: their housing date when recorded, else the DUO
    kennisgeving (the start of the plicht). None: not (yet) countable.
    """
    if doelgroep_soort(doelgroep) == ASIEL:
        return datum_huisvesting
    return datum_huisvesting or datum_kennisgeving


def geldende_waarde(rijen: Iterable[tuple[int | None, dt.date, Decimal]], op: dt.date, gemeente_id: int | None):
    """The value of one dated setting on `op`, from its rows (gemeente_id or None, ingangsdatum, waarde).

    The same precedence as `inburgering.regels.regel`: a row of the gemeente wins over the national
    row; within each, the latest ingangsdatum on or before `op`. None when no row applies.
    """
    beste_eigen = beste_landelijk = None
    for rij_gemeente, ingang, waarde in rijen:
        if ingang > op:
            continue
        if rij_gemeente is None:
            if beste_landelijk is None or ingang > beste_landelijk[0]:
                beste_landelijk = (ingang, waarde)
        elif gemeente_id is not None and rij_gemeente == gemeente_id:
            if beste_eigen is None or ingang > beste_eigen[0]:
                beste_eigen = (ingang, waarde)
    gekozen = beste_eigen or beste_landelijk
    return gekozen[1] if gekozen else None


# ---------------------------------------------------------------------------------------------
# Grant per year: provisional (forecast) and definitive (register), and the settlement
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AsielPost:
    """`aantal` asiel inburgeringsplichtigen of cohort `jaar` at the tranches of their tariff."""

    jaar: int
    aantal: Decimal
    tranches: tuple[Decimal, ...] = TRANCHES_2022


@dataclass(frozen=True)
class MigrantPost:
    """`aantal` gezins- or overige migranten of year `jaar` at `tarief` each."""

    jaar: int
    aantal: Decimal
    tarief: Decimal = GEZINSMIGRANT_2022


@dataclass
class UitkeringJaar:
    """The grant of one year: the asiel tranches per housing cohort plus the migrant amount."""

    jaar: int
    per_cohort: dict[int, Decimal] = field(default_factory=dict)
    migranten: Decimal = NUL

    @property
    def asiel(self) -> Decimal:
        return sum(self.per_cohort.values(), NUL)

    @property
    def totaal(self) -> Decimal:
        return self.asiel + self.migranten


def uitkering_per_jaar(
    asiel: Iterable[AsielPost], migranten: Iterable[MigrantPost], jaren: Iterable[int]
) -> dict[int, UitkeringJaar]:
    """Year → the grant of that year, for every year in `jaren` (years without money give zeros).

    Each post is rounded to the cent per tranche (as `asiel_tranches` does), then added up.
    """
    uit = {j: UitkeringJaar(j) for j in jaren}
    for post in asiel:
        for jaar, bedrag in asiel_tranches(post.aantal, post.jaar, post.tranches).items():
            if jaar in uit:
                uit[jaar].per_cohort[post.jaar] = uit[jaar].per_cohort.get(post.jaar, NUL) + bedrag
    for post in migranten:
        if post.jaar in uit:
            uit[post.jaar].migranten += gezinsmigranten_uitkering(post.aantal, post.tarief)
    return uit


def uitkering_per_cohort(asiel: Iterable[AsielPost], migranten: Iterable[MigrantPost]) -> dict[int, Decimal]:
    """Cohort (year t) → everything the grant pays for it: all three asiel tranches + its migrant amount.

    This is the budget of a cohort: the money that comes in for the people of that year.
    """
    uit: dict[int, Decimal] = defaultdict(lambda: NUL)
    for post in asiel:
        uit[post.jaar] += sum(asiel_tranches(post.aantal, post.jaar, post.tranches).values(), NUL)
    for post in migranten:
        uit[post.jaar] += gezinsmigranten_uitkering(post.aantal, post.tarief)
    return dict(uit)


def verrekening(voorlopig, definitief) -> Decimal:
    """Settlement of a year: definitive minus provisional. Positive: the Rijk pays extra; negative: pay back."""
    return centen(_decimal(definitief, "definitief") - _decimal(voorlopig, "voorlopig"))


# ---------------------------------------------------------------------------------------------
# Spend
# ---------------------------------------------------------------------------------------------


def leerroute_kosten(prijs, eenheid: str, uren=NUL) -> Decimal:
    """Cost of a purchased leerroute: the contract price per traject, or price × hours followed."""
    if eenheid == PER_UUR:
        return centen(_decimal(prijs, "prijs") * _decimal(uren, "uren"))
    if eenheid == PER_TRAJECT:
        return centen(prijs)
    raise ValueError(f"Onbekende prijseenheid: {eenheid!r}")


@dataclass(frozen=True)
class Kostenpost:
    """One amount spent: on which voorziening, in which year, for which cohort (None: not attributable)."""

    gemeente_id: int
    voorziening: str
    jaar: int
    cohort: int | None
    bedrag: Decimal
    bron: str = ""


@dataclass(frozen=True)
class Saldo:
    budget: Decimal
    besteding: Decimal

    @property
    def saldo(self) -> Decimal:
        return self.budget - self.besteding

    @property
    def overschreden(self) -> bool:
        """Spend above the budget: the report warns."""
        return self.besteding > self.budget

    @property
    def percentage(self) -> Decimal | None:
        """Spend as a percentage of the budget (one decimal), None without a budget."""
        if not self.budget:
            return None
        return (self.besteding * HONDERD / self.budget).quantize(D("0.1"), rounding=ROUND_HALF_UP)


def som_per_jaar_en_voorziening(posten: Iterable[Kostenpost]) -> dict[int, dict[str, Decimal]]:
    uit: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: NUL))
    for p in posten:
        uit[p.jaar][p.voorziening] += p.bedrag
    return {j: dict(v) for j, v in uit.items()}


def som_per_cohort(posten: Iterable[Kostenpost]) -> dict[int | None, Decimal]:
    uit: dict[int | None, Decimal] = defaultdict(lambda: NUL)
    for p in posten:
        uit[p.cohort] += p.bedrag
    return dict(uit)


# ---------------------------------------------------------------------------------------------
# Dutch presentation
# ---------------------------------------------------------------------------------------------


def _groepeer(heel: str) -> str:
    groepen = []
    while len(heel) > 3:
        groepen.insert(0, heel[-3:])
        heel = heel[:-3]
    groepen.insert(0, heel)
    return ".".join(groepen)


def euro(bedrag) -> str:
    """A Dutch amount: € 134.960,00 (a non-breaking space after the sign; minus before the digits)."""
    if bedrag is None or bedrag == "":
        return ""
    q = centen(bedrag)
    heel, cent = f"{abs(q):.2f}".split(".")
    teken = "-" if q < 0 else ""
    return f"€\u00a0{teken}{_groepeer(heel)},{cent}"


def aantal_nl(aantal) -> str:
    """A count in Dutch: 17,5 / 15,4 / 3 (no trailing zeros, decimal comma, thousands dot)."""
    if aantal is None or aantal == "":
        return ""
    a = _decimal(aantal, "aantal")
    a = a.quantize(D("1")) if a == a.to_integral_value() else a.normalize()
    tekst = f"{abs(a):f}"
    heel, _, frac = tekst.partition(".")
    teken = "-" if a < 0 else ""
    return f"{teken}{_groepeer(heel)}{',' + frac if frac else ''}"


_BEDRAG = re.compile(r"^-?\d+([.,]\d+)*$")


def parse_bedrag(tekst: str) -> Decimal:
    """An amount as a Dutch user types it: '1.234,56', '950', '€ 12,50', '-250,00'; ValueError otherwise.

    A single separator followed by exactly three digits is a thousands dot ('1.250' = 1250); a comma
    is always the decimal separator.
    """
    t = (tekst or "").strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
    if not t or not _BEDRAG.match(t):
        raise ValueError("Vul een bedrag in, bijvoorbeeld 1.250,00.")
    if "," in t:
        heel, _, dec = t.rpartition(",")
        if "," in heel:
            raise ValueError("Vul een bedrag in, bijvoorbeeld 1.250,00.")
        heel = heel.replace(".", "")
    elif t.count(".") == 1 and len(t.rpartition(".")[2]) != 3:
        heel, _, dec = t.partition(".")
    else:
        heel, dec = t.replace(".", ""), ""
    waarde = Decimal(f"{heel}.{dec}" if dec else heel)
    if waarde != waarde.quantize(CENT):
        raise ValueError("Een bedrag heeft hoogstens twee cijfers achter de komma.")
    return waarde.quantize(CENT)


def vroegste(*datums: dt.date | None) -> dt.date | None:
    """The earliest of the dates that are known (the start of a traject recorded only by its steps)."""
    bekend = [d for d in datums if d is not None]
    return min(bekend) if bekend else None


def tranches_kloppen(totaal, tranches) -> bool:
    """The total per asielstatushouder equals the sum of its tranches (a check on the admin's rows)."""
    return _decimal(totaal, "totaal") == sum((_decimal(t, "tranche") for t in tranches), NUL)


GETELD = "geteld"
ZONDER_COHORTDATUM = "zonder_cohortdatum"
ZONDER_KENNISGEVING = "zonder_kennisgeving"


def telling_persoon(
    casussen: Iterable[tuple[str, dt.date | None, dt.date | None]],
) -> tuple[str, str | None, dt.date | None]:
    """How one person counts for the grant of one gemeente, from all their cases there.

    Each case is (doelgroep, datum_huisvesting, datum_kennisgeving). The person counts once: with
    the earliest cohort date among the cases that have a DUO kennisgeving (DUO decides who is
    obliged), and that case's doelgroep. Returns (GETELD, doelgroep, cohortdatum), or
    (ZONDER_COHORTDATUM, ...) when obliged but without a date that puts them in a cohort, or
    (ZONDER_KENNISGEVING, None, None) when no case has a kennisgeving yet.
    """
    beste = None
    plichtig = None
    for doelgroep, huisvesting, kennisgeving in casussen:
        if kennisgeving is None:
            continue
        plichtig = plichtig or doelgroep
        datum = cohortdatum(doelgroep, huisvesting, kennisgeving)
        if datum is not None and (beste is None or datum < beste[1]):
            beste = (doelgroep, datum)
    if beste is not None:
        return GETELD, beste[0], beste[1]
    if plichtig is not None:
        return ZONDER_COHORTDATUM, plichtig, None
    return ZONDER_KENNISGEVING, None, None
