"""Reads of the SPUK: tariffs, forecast, actual counts from the register, cost sources, the report.

Every function does a fixed number of queries, independent of the number of cases: costs are
grouped in SQL where the register allows and the counts read one narrow row per case; both are
valued in Python with the pure rules of `spuk.rules`, with the tariffs loaded once (`TariefBoek`).
The report page pins its query count on this.

Spend is a list of **cost sources** (`KOSTENBRONNEN`): one function per voorziening that reads
the register and returns `rules.Kostenpost`s, plus the manual entries (`spuk.Uitgave`). A new
source (e.g. when an app starts recording a price) is one more function in that list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Sum
from django.db.models.functions import ExtractYear

from inburgering import permissions
from inburgering.models import Gemeente, RegelInstelling
from inburgering.regels import WET_START, default_waarde

from . import rules
from .models import Prognose, Uitgave

NUL = rules.NUL

# The dated settings this app reads (inburgering.regels.DEFAULTS), in the order of the tariff page.
TARIEF_CODES = (
    "spuk_asiel_totaal",
    "spuk_asiel_tranche_t",
    "spuk_asiel_tranche_t1",
    "spuk_asiel_tranche_t2",
    "spuk_gezinsmigrant",
    "spuk_map_asiel",
    "spuk_map_gezin",
    "spuk_pvt",
    "spuk_prognose_factor_pct",
    "spuk_kostprijs_begeleiding",
    "spuk_kostprijs_tolk",
)
TRANCHE_CODES = ("spuk_asiel_tranche_t", "spuk_asiel_tranche_t1", "spuk_asiel_tranche_t2")


# ---------------------------------------------------------------------------------------------
# Who sees which gemeenten
# ---------------------------------------------------------------------------------------------


def mag_spuk_zien(user) -> bool:
    """The SPUK report is for team leads and the functioneel beheerder (aggregates, no personal data)."""
    return bool(getattr(user, "is_superuser", False)) or permissions.heeft_rol(
        user, permissions.TEAMLEIDER, permissions.FUNCTIONEEL_BEHEERDER
    )


def spuk_gemeenten(user):
    """The gemeenten whose SPUK figures `user` sees.

    A team lead: the gemeenten of their teams (`permissions.zichtbare_gemeenten`). The functioneel
    beheerder configures every gemeente in the admin and has no team: all gemeenten (a regional
    organisation sees each gemeente and the sum).
    """
    if getattr(user, "is_superuser", False) or permissions.heeft_rol(user, permissions.FUNCTIONEEL_BEHEERDER):
        return Gemeente.objects.order_by("naam")
    if permissions.heeft_rol(user, permissions.TEAMLEIDER):
        return permissions.zichtbare_gemeenten(user).order_by("naam")
    return Gemeente.objects.none()


# ---------------------------------------------------------------------------------------------
# Tariffs: the dated settings, loaded once
# ---------------------------------------------------------------------------------------------


class TariefBoek:
    """All dated rows of the SPUK settings, resolved in memory with the precedence of `regels.regel`.

    One query instead of one per case and date. A code without rows falls back to its legal default.
    """

    def __init__(self, rijen: Iterable[tuple[str, int | None, dt.date, Decimal]]):
        self._rijen: dict[str, list] = defaultdict(list)
        for code, gemeente_id, ingang, waarde in rijen:
            self._rijen[code].append((gemeente_id, ingang, waarde))
        self._cache: dict = {}

    @classmethod
    def laden(cls) -> TariefBoek:
        return cls(
            RegelInstelling.objects.filter(code__in=TARIEF_CODES).values_list(
                "code", "gemeente_id", "ingangsdatum", "waarde"
            )
        )

    def waarde(self, code: str, op: dt.date, gemeente_id: int | None = None) -> Decimal:
        key = (code, op, gemeente_id)
        if key not in self._cache:
            w = rules.geldende_waarde(self._rijen.get(code, ()), op, gemeente_id)
            self._cache[key] = w if w is not None else default_waarde(code, op)
        return self._cache[key]

    def tranches(self, op: dt.date, gemeente_id: int | None = None) -> tuple[Decimal, Decimal, Decimal]:
        return tuple(self.waarde(c, op, gemeente_id) for c in TRANCHE_CODES)

    def migrant(self, op: dt.date, gemeente_id: int | None = None) -> Decimal:
        return self.waarde("spuk_gezinsmigrant", op, gemeente_id)

    def factor(self, op: dt.date, gemeente_id: int | None = None) -> Decimal:
        return rules.factor_uit_procent(self.waarde("spuk_prognose_factor_pct", op, gemeente_id))

    def wijzigingen(self) -> list[tuple[str, int | None, dt.date, Decimal]]:
        """Every row, by code and date: the tariff page lists them."""
        uit = [(code, g, ingang, w) for code, rijen in self._rijen.items() for g, ingang, w in rijen]
        return sorted(uit, key=lambda r: (TARIEF_CODES.index(r[0]), r[1] or 0, r[2]))


def jaar_start(jaar: int) -> dt.date:
    """The date on which the tariff of a forecast year is read: 1 January (see docs/adr/0003)."""
    return dt.date(jaar, 1, 1)


@dataclass
class TariefJaar:
    jaar: int
    waarden: dict[str, Decimal]

    @property
    def tranches_kloppen(self) -> bool:
        return rules.tranches_kloppen(self.waarden["spuk_asiel_totaal"], [self.waarden[c] for c in TRANCHE_CODES])


def tarieven_per_jaar(jaren: Iterable[int], boek: TariefBoek | None = None) -> list[TariefJaar]:
    """The national SPUK settings valid on 1 January of each year."""
    boek = boek or TariefBoek.laden()
    return [TariefJaar(j, {c: boek.waarde(c, jaar_start(j)) for c in TARIEF_CODES}) for j in jaren]


# ---------------------------------------------------------------------------------------------
# Forecast (Divosa rekentool)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrognoseRegel:
    gemeente_id: int
    jaar: int
    taakstelling: int
    factor: Decimal
    plichtigen: Decimal
    migranten: int
    tranches: tuple[Decimal, ...]
    migrant_tarief: Decimal


def prognose_regels(gemeente_ids: Iterable[int], boek: TariefBoek) -> list[PrognoseRegel]:
    """The forecast rows of the gemeenten with the factor and tariffs of each year (1 January)."""
    regels = []
    for gid, jaar, taakstelling, migranten in Prognose.objects.filter(gemeente_id__in=list(gemeente_ids)).values_list(
        "gemeente_id", "jaar", "huisvestingstaakstelling", "gezinsmigranten"
    ):
        op = jaar_start(jaar)
        factor = boek.factor(op, gid)
        regels.append(
            PrognoseRegel(
                gemeente_id=gid,
                jaar=jaar,
                taakstelling=taakstelling,
                factor=factor,
                plichtigen=rules.inburgeringsplichtigen_prognose(taakstelling, factor),
                migranten=migranten,
                tranches=boek.tranches(op, gid),
                migrant_tarief=boek.migrant(op, gid),
            )
        )
    return sorted(regels, key=lambda r: (r.gemeente_id, r.jaar))


def voorlopige_posten(regels: Iterable[PrognoseRegel]) -> tuple[list[rules.AsielPost], list[rules.MigrantPost]]:
    asiel, migranten = [], []
    for r in regels:
        asiel.append(rules.AsielPost(r.jaar, r.plichtigen, r.tranches))
        migranten.append(rules.MigrantPost(r.jaar, Decimal(r.migranten), r.migrant_tarief))
    return asiel, migranten


# ---------------------------------------------------------------------------------------------
# Actual inburgeringsplichtigen from the register
# ---------------------------------------------------------------------------------------------


@dataclass
class Werkelijk:
    """Actual counts of one gemeente: per cohort and doelgroep, as posts valued at their tariff."""

    asiel: list[rules.AsielPost] = field(default_factory=list)
    migranten: list[rules.MigrantPost] = field(default_factory=list)
    # cohort → doelgroep value → number of people
    aantallen: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    zonder_cohortdatum: int = 0
    zonder_kennisgeving: int = 0


def werkelijke_aantallen(gemeente_ids: Iterable[int], boek: TariefBoek) -> dict[int, Werkelijk]:
    """Inburgeringsplichtigen per gemeente, housing year and doelgroep, from the register.

    Counted: people with a case with a DUO kennisgeving (DUO decides who is inburgeringsplichtig,
    DOMAIN.md §1), once per person per gemeente, in the cohort of their earliest housing date there
    (`rules.telling_persoon`). Closed cases still count for their cohort. The tariff is the one valid
    on the cohort date (the housing date), so a later year's tariff applies to the people housed in
    that year. One query: one narrow row per case.
    """
    from cases.models import Casus

    per_persoon: dict[tuple[int, int], list] = defaultdict(list)
    for gid, pid, doelgroep, huisvesting, kennisgeving in (
        Casus.objects.filter(gemeente_id__in=list(gemeente_ids))
        .values_list("gemeente_id", "inburgeraar_id", "doelgroep", "datum_huisvesting", "datum_kennisgeving")
        .order_by()
    ):
        per_persoon[(gid, pid)].append((doelgroep, huisvesting, kennisgeving))

    uit: dict[int, Werkelijk] = defaultdict(Werkelijk)
    groepen: dict[tuple, int] = defaultdict(int)
    for (gid, _pid), casussen in per_persoon.items():
        w = uit[gid]
        telling, doelgroep, datum = rules.telling_persoon(casussen)
        if telling == rules.ZONDER_KENNISGEVING:
            w.zonder_kennisgeving += 1
        elif telling == rules.ZONDER_COHORTDATUM:
            w.zonder_cohortdatum += 1
        else:
            w.aantallen[datum.year][doelgroep] += 1
            if rules.doelgroep_soort(doelgroep) == rules.ASIEL:
                groepen[(gid, rules.ASIEL, datum.year, boek.tranches(datum, gid))] += 1
            else:
                groepen[(gid, rules.MIGRANT, datum.year, boek.migrant(datum, gid))] += 1
    for (gid, soort, jaar, tarief), n in sorted(groepen.items(), key=lambda kv: kv[0][:3]):
        if soort == rules.ASIEL:
            uit[gid].asiel.append(rules.AsielPost(jaar, Decimal(n), tarief))
        else:
            uit[gid].migranten.append(rules.MigrantPost(jaar, Decimal(n), tarief))
    return uit


# ---------------------------------------------------------------------------------------------
# Cost sources
# ---------------------------------------------------------------------------------------------

CASUS_VELDEN = ("casus__gemeente_id", "casus__doelgroep", "casus__datum_huisvesting", "casus__datum_kennisgeving")


def _cohort(r: dict) -> int | None:
    datum = rules.cohortdatum(r["casus__doelgroep"], r["casus__datum_huisvesting"], r["casus__datum_kennisgeving"])
    return datum.year if datum else None


@dataclass
class BronResultaat:
    posten: list[rules.Kostenpost] = field(default_factory=list)
    # gemeente id → items in the register valued at € 0 because no kostprijs is set: the report says so
    zonder_kostprijs: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _post(r, voorziening, datum, bedrag, bron) -> rules.Kostenpost:
    return rules.Kostenpost(r["casus__gemeente_id"], voorziening, datum.year, _cohort(r), bedrag, bron)


def kosten_leerroutes(gemeente_ids, boek: TariefBoek) -> BronResultaat:
    """Leerroutes bought by the municipality (`leerroutes.Inburgeringsaanbod`, soort inkoop).

    Price per traject (the contract price stored on the offer): counted in the year the offer
    starts. Price per hour: price × the NT2 and KNM hours registered on the offer, in the year of
    the month they were followed. Advice offers (the person pays) cost the municipality nothing.
    """
    from leerroutes.models import ContractPrijs, Inburgeringsaanbod, Urenregistratie
    from leerroutes.rules import INKOOP

    aanbiedingen = list(
        Inburgeringsaanbod.objects.filter(
            casus__gemeente_id__in=gemeente_ids, soort=INKOOP, prijs__isnull=False
        ).values("pk", "contract_id", "leerroute", "prijs", "startdatum", *CASUS_VELDEN)
    )
    contracten = {a["contract_id"] for a in aanbiedingen if a["contract_id"]}
    eenheden = {
        (cid, code): eenheid
        for cid, code, eenheid in ContractPrijs.objects.filter(contract_id__in=contracten).values_list(
            "contract_id", "leerroute__code", "eenheid"
        )
    }
    uit = BronResultaat()
    per_uur = {}
    for a in aanbiedingen:
        eenheid = eenheden.get((a["contract_id"], a["leerroute"]), rules.PER_TRAJECT)
        if eenheid == rules.PER_UUR:
            per_uur[a["pk"]] = a
        else:
            bedrag = rules.leerroute_kosten(a["prijs"], rules.PER_TRAJECT)
            uit.posten.append(_post(a, rules.LEERROUTE, a["startdatum"], bedrag, "leerroute"))
    if per_uur:
        uren = (
            Urenregistratie.objects.filter(aanbod_id__in=list(per_uur), soort__in=("nt2", "knm"))
            .annotate(jaar=ExtractYear("maand"))
            .values("aanbod_id", "jaar")
            .annotate(uren=Sum("uren"))
            .order_by("aanbod_id", "jaar")
        )
        for u in uren:
            a = per_uur[u["aanbod_id"]]
            bedrag = rules.leerroute_kosten(a["prijs"], rules.PER_UUR, u["uren"])
            uit.posten.append(_post(a, rules.LEERROUTE, dt.date(u["jaar"], 1, 1), bedrag, "leerroute"))
    return uit


def _gewaardeerd(uit: BronResultaat, r, voorziening, datum, prijs, bron, aantal=1):
    if not prijs:
        uit.zonder_kostprijs[r["casus__gemeente_id"]] += aantal
    uit.posten.append(_post(r, voorziening, datum, rules.centen(prijs * aantal), bron))


def kosten_map(gemeente_ids, boek: TariefBoek) -> BronResultaat:
    """MAP trajecten (`leerroutes.MapTraject`) at the SPUK MAP amount per person (asiel or gezin) on
    the start date, in the year of the start. A gemeente row of the setting holds a local contract price.
    """
    from leerroutes.models import MapTraject

    uit = BronResultaat()
    for r in MapTraject.objects.filter(casus__gemeente_id__in=gemeente_ids).values("startdatum", *CASUS_VELDEN):
        code = "spuk_map_asiel" if rules.doelgroep_soort(r["casus__doelgroep"]) == rules.ASIEL else "spuk_map_gezin"
        prijs = boek.waarde(code, r["startdatum"], r["casus__gemeente_id"])
        _gewaardeerd(uit, r, rules.MAP, r["startdatum"], prijs, "map")
    return uit


def kosten_pvt(gemeente_ids, boek: TariefBoek) -> BronResultaat:
    """PVT trajecten (`leerroutes.PvtTraject`) at the SPUK PVT amount per person, in the year the
    traject started (its first session, the introduction to the core values or the signing,
    whichever is first). A traject without any date has not started and costs nothing yet.
    """
    from leerroutes.models import PvtTraject

    uit = BronResultaat()
    rijen = (
        PvtTraject.objects.filter(casus__gemeente_id__in=gemeente_ids)
        .annotate(eerste_sessie=Min("sessies__datum"))
        .values("kernwaarden_introductie_op", "ondertekend_op", "eerste_sessie", *CASUS_VELDEN)
    )
    for r in rijen:
        start = rules.vroegste(r["eerste_sessie"], r["kernwaarden_introductie_op"], r["ondertekend_op"])
        if start is None:
            continue
        _gewaardeerd(uit, r, rules.PVT, start, boek.waarde("spuk_pvt", start, r["casus__gemeente_id"]), "pvt")
    return uit


def kosten_maatschappelijke_begeleiding(gemeente_ids, boek: TariefBoek) -> BronResultaat:
    """Maatschappelijke begeleiding (`ontzorgen.MaatschappelijkeBegeleiding`) at the kostprijs per
    person (setting `spuk_kostprijs_begeleiding`) on its start date, in the year of the start.
    """
    from ontzorgen.models import MaatschappelijkeBegeleiding

    uit = BronResultaat()
    for r in MaatschappelijkeBegeleiding.objects.filter(casus__gemeente_id__in=gemeente_ids).values(
        "startdatum", *CASUS_VELDEN
    ):
        prijs = boek.waarde("spuk_kostprijs_begeleiding", r["startdatum"], r["casus__gemeente_id"])
        _gewaardeerd(uit, r, rules.BEGELEIDING, r["startdatum"], prijs, "begeleiding")
    return uit


def kosten_tolken(gemeente_ids, boek: TariefBoek) -> BronResultaat:
    """Interpreters recorded in the register, at the kostprijs per inzet (`spuk_kostprijs_tolk`) on
    the day: the warme overdracht, intake talks and voortgangsgesprekken held with an interpreter.
    """
    from intake.models import IntakeGesprek, WarmeOverdracht
    from leerroutes.models import Voortgangsgesprek

    uit = BronResultaat()
    bronnen = (
        (WarmeOverdracht.objects.filter(aanwezig_tolk=True), "gesprek_datum", "tolk warme overdracht"),
        (IntakeGesprek.objects.filter(tolk_ingezet=True), "datum", "tolk intake"),
        (Voortgangsgesprek.objects.filter(met_tolk=True), "datum", "tolk voortgangsgesprek"),
    )
    for qs, datumveld, bron in bronnen:
        rijen = (
            qs.filter(casus__gemeente_id__in=gemeente_ids)
            .values(datumveld, *CASUS_VELDEN)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for r in rijen:
            datum = r[datumveld]
            prijs = boek.waarde("spuk_kostprijs_tolk", datum, r["casus__gemeente_id"])
            _gewaardeerd(uit, r, rules.TOLK, datum, prijs, bron, aantal=r["n"])
    return uit


def kosten_handmatig(gemeente_ids, boek: TariefBoek) -> BronResultaat:
    """Spend entered by hand (`spuk.Uitgave`): invoices outside the register, corrections."""
    uit = BronResultaat()
    for gid, voorziening, jaar, cohort, bedrag in Uitgave.objects.filter(gemeente_id__in=gemeente_ids).values_list(
        "gemeente_id", "voorziening", "jaar", "cohort", "bedrag"
    ):
        uit.posten.append(rules.Kostenpost(gid, voorziening, jaar, cohort, bedrag, "handmatig"))
    return uit


# (voorziening, source function): the register's sources, then the manual entries.
KOSTENBRONNEN: tuple[tuple[str, Callable[..., BronResultaat]], ...] = (
    (rules.LEERROUTE, kosten_leerroutes),
    (rules.MAP, kosten_map),
    (rules.PVT, kosten_pvt),
    (rules.BEGELEIDING, kosten_maatschappelijke_begeleiding),
    (rules.TOLK, kosten_tolken),
    ("handmatig", kosten_handmatig),
)


@dataclass
class Besteding:
    posten: list[rules.Kostenpost] = field(default_factory=list)
    # voorziening → gemeente id → items without a kostprijs
    zonder_kostprijs: dict[str, dict[int, int]] = field(default_factory=dict)

    def zonder_kostprijs_van(self, gemeente_ids: Iterable[int]) -> dict[str, int]:
        ids = set(gemeente_ids)
        uit = {v: sum(n for g, n in per.items() if g in ids) for v, per in self.zonder_kostprijs.items()}
        return {v: n for v, n in uit.items() if n}


def besteding(gemeente_ids: Iterable[int], boek: TariefBoek) -> Besteding:
    gemeente_ids = list(gemeente_ids)
    uit = Besteding()
    for naam, bron in KOSTENBRONNEN:
        r = bron(gemeente_ids, boek)
        uit.posten.extend(r.posten)
        if r.zonder_kostprijs:
            uit.zonder_kostprijs[naam] = dict(r.zonder_kostprijs)
    return uit


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


@dataclass
class JaarRegel:
    jaar: int
    stand: str  # "afgesloten", "lopend", "toekomst"
    voorlopig: rules.UitkeringJaar
    definitief: rules.UitkeringJaar
    besteding: dict[str, Decimal]
    saldo: rules.Saldo

    @property
    def verrekening(self) -> Decimal:
        return rules.verrekening(self.voorlopig.totaal, self.definitief.totaal)

    @property
    def besteding_totaal(self) -> Decimal:
        return sum(self.besteding.values(), NUL)


@dataclass
class CohortRegel:
    cohort: int | None
    aantallen: dict[str, int]
    prognose_plichtigen: Decimal | None
    prognose_migranten: int | None
    saldo: rules.Saldo

    @property
    def asiel(self) -> int:
        return sum(n for d, n in self.aantallen.items() if rules.doelgroep_soort(d) == rules.ASIEL)

    @property
    def migranten(self) -> int:
        return sum(n for d, n in self.aantallen.items() if rules.doelgroep_soort(d) == rules.MIGRANT)


@dataclass
class Cijfers:
    """The SPUK figures of one gemeente, or of several added up (the regional total)."""

    naam: str
    gemeente: Gemeente | None
    jaren: list[JaarRegel]
    cohorten: list[CohortRegel]
    prognose: list[PrognoseRegel]
    zonder_cohortdatum: int
    zonder_kennisgeving: int
    zonder_kostprijs: dict[str, int]

    def jaar(self, jaar: int) -> JaarRegel | None:
        return next((j for j in self.jaren if j.jaar == jaar), None)

    @property
    def overschreden_jaren(self) -> list[int]:
        return [j.jaar for j in self.jaren if j.saldo.overschreden]

    @property
    def overschreden_cohorten(self) -> list[int | None]:
        return [c.cohort for c in self.cohorten if c.saldo.overschreden]

    @property
    def prognose_cohorten(self) -> list[int]:
        return sorted({p.jaar for p in self.prognose})


def _stand(jaar: int, vandaag: dt.date) -> str:
    if jaar < vandaag.year:
        return "afgesloten"
    return "lopend" if jaar == vandaag.year else "toekomst"


def _cijfers(naam, gemeente, jaren, prognose, werkelijk: list[Werkelijk], posten, zonder_kostprijs, vandaag) -> Cijfers:
    v_asiel, v_migr = voorlopige_posten(prognose)
    d_asiel = [p for w in werkelijk for p in w.asiel]
    d_migr = [p for w in werkelijk for p in w.migranten]
    voorlopig = rules.uitkering_per_jaar(v_asiel, v_migr, jaren)
    definitief = rules.uitkering_per_jaar(d_asiel, d_migr, jaren)
    per_jaar = rules.som_per_jaar_en_voorziening(posten)
    jaar_regels = [
        JaarRegel(
            jaar=j,
            stand=_stand(j, vandaag),
            voorlopig=voorlopig[j],
            definitief=definitief[j],
            besteding=per_jaar.get(j, {}),
            saldo=rules.Saldo(definitief[j].totaal, sum(per_jaar.get(j, {}).values(), NUL)),
        )
        for j in jaren
    ]
    budget_cohort = rules.uitkering_per_cohort(d_asiel, d_migr)
    besteding_cohort = rules.som_per_cohort(posten)
    aantallen: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for w in werkelijk:
        for cohort, per_doelgroep in w.aantallen.items():
            for d, n in per_doelgroep.items():
                aantallen[cohort][d] += n
    prognose_plichtigen: dict[int, Decimal] = defaultdict(lambda: NUL)
    prognose_migranten: dict[int, int] = defaultdict(int)
    for p in prognose:
        prognose_plichtigen[p.jaar] += p.plichtigen
        prognose_migranten[p.jaar] += p.migranten
    cohort_jaren = sorted(
        set(budget_cohort) | {c for c in besteding_cohort if c is not None} | set(prognose_plichtigen)
    )
    cohorten = [
        CohortRegel(
            cohort=c,
            aantallen=dict(aantallen.get(c, {})),
            prognose_plichtigen=prognose_plichtigen.get(c),
            prognose_migranten=prognose_migranten.get(c),
            saldo=rules.Saldo(budget_cohort.get(c, NUL), besteding_cohort.get(c, NUL)),
        )
        for c in cohort_jaren
    ]
    if besteding_cohort.get(None):
        cohorten.append(CohortRegel(None, {}, None, None, rules.Saldo(NUL, besteding_cohort[None])))
    return Cijfers(
        naam=naam,
        gemeente=gemeente,
        jaren=jaar_regels,
        cohorten=cohorten,
        prognose=sorted(prognose, key=lambda p: p.jaar),
        zonder_cohortdatum=sum(w.zonder_cohortdatum for w in werkelijk),
        zonder_kennisgeving=sum(w.zonder_kennisgeving for w in werkelijk),
        zonder_kostprijs=zonder_kostprijs,
    )


def rapport_jaren(prognose, werkelijk, posten, vandaag: dt.date) -> list[int]:
    """From the first year of the law to two years after the last cohort (its t+2 tranche), at least next year."""
    laatste = max(
        [vandaag.year + 1]
        + [p.jaar + 2 for p in prognose]
        + [c + 2 for w in werkelijk for c in w.aantallen]
        + [p.jaar for p in posten]
    )
    return list(range(WET_START.year, laatste + 1))


@dataclass
class SpukRapport:
    gemeenten: list[Gemeente]
    per_gemeente: list[Cijfers]
    totaal: Cijfers
    jaren: list[int]
    factor: Decimal  # the forecast factor of the current year, for the explanation on the page


def spuk_rapport(gemeenten: Iterable[Gemeente], vandaag: dt.date) -> SpukRapport:
    """Forecast, grant, settlement and spend of each gemeente and of all of them together."""
    gemeenten = list(gemeenten)
    ids = [g.pk for g in gemeenten]
    boek = TariefBoek.laden()
    prognose = prognose_regels(ids, boek)
    werkelijk = werkelijke_aantallen(ids, boek)
    kosten = besteding(ids, boek)
    jaren = rapport_jaren(prognose, list(werkelijk.values()), kosten.posten, vandaag)

    per_gemeente = [
        _cijfers(
            g.naam,
            g,
            jaren,
            [p for p in prognose if p.gemeente_id == g.pk],
            [werkelijk[g.pk]] if g.pk in werkelijk else [],
            [p for p in kosten.posten if p.gemeente_id == g.pk],
            kosten.zonder_kostprijs_van([g.pk]),
            vandaag,
        )
        for g in gemeenten
    ]
    totaal = _cijfers(
        "Alle gemeenten" if len(gemeenten) != 1 else gemeenten[0].naam,
        None,
        jaren,
        prognose,
        list(werkelijk.values()),
        kosten.posten,
        kosten.zonder_kostprijs_van(ids),
        vandaag,
    )
    return SpukRapport(
        gemeenten=gemeenten,
        per_gemeente=per_gemeente,
        totaal=totaal,
        jaren=jaren,
        factor=boek.factor(jaar_start(vandaag.year)),
    )


def uitgaven(gemeente_ids: Iterable[int]):
    """The manual spend entries of the gemeenten, newest year first."""
    return Uitgave.objects.filter(gemeente_id__in=list(gemeente_ids)).select_related("gemeente", "vastgelegd_door")


def prognoses_van(gemeente: Gemeente) -> dict[int, Prognose]:
    return {p.jaar: p for p in Prognose.objects.filter(gemeente=gemeente)}
