"""Constructed SPUK datasets: the register rows behind the numbers the tests compute by hand."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from inburgering.models import RegelInstelling
from tests.factories import CasusFactory, InburgeraarFactory, make_bsn

D = Decimal
d = dt.date
_BSN = itertools.count()


def casus(gemeente, team, consultant, *, doelgroep="asielstatushouder", huisvesting=None, kennisgeving=None, **kw):
    """A case in `gemeente` with exactly the dates given (no defaults relative to today)."""
    # BSNs from a range of their own: the world fixture's BSNs sit in the low part of the series
    kw.setdefault("inburgeraar", InburgeraarFactory(bsn=make_bsn(500_000 + next(_BSN))))
    return CasusFactory(
        gemeente=gemeente,
        team=team,
        consultant=consultant,
        doelgroep=doelgroep,
        datum_koppeling=None,
        datum_kennisgeving=kennisgeving,
        datum_huisvesting=huisvesting,
        datum_brp_inschrijving=huisvesting,
        overgangen=False,
        **kw,
    )


def regel(code, waarde, ingang, gemeente=None):
    """A dated setting row (replacing the seeded national row of the same date, if any)."""
    return RegelInstelling.objects.update_or_create(
        code=code, gemeente=gemeente, ingangsdatum=ingang, defaults={"waarde": D(waarde)}
    )[0]


def pip_versie(c):
    from pip.models import PipVersie

    return PipVersie.objects.create(casus=c, versie=1, leerroute="b1", aangemaakt_door=c.consultant)


def contract(gemeente, *, kenmerk, route="b1", prijs, eenheid):
    from leerroutes.models import Contract, ContractPrijs, Leerroute, Taalaanbieder

    school, _ = Taalaanbieder.objects.get_or_create(naam=f"Taalschool {gemeente}")
    c = Contract.objects.create(taalaanbieder=school, kenmerk=kenmerk, geldig_van=d(2022, 1, 1))
    c.gemeenten.add(gemeente)
    ContractPrijs.objects.create(
        contract=c, leerroute=Leerroute.objects.get(code=route), prijs=D(prijs), eenheid=eenheid
    )
    return c


def aanbod(c, contract_, *, start, soort="inkoop", route="b1", prijs=None):
    from leerroutes.models import Inburgeringsaanbod

    return Inburgeringsaanbod.objects.create(
        casus=c,
        soort=soort,
        leerroute=route,
        taalaanbieder=contract_.taalaanbieder,
        contract=contract_ if soort == "inkoop" else None,
        prijs=prijs if prijs is not None else (contract_.prijzen.get().prijs if soort == "inkoop" else None),
        startdatum=start,
        uren_per_week=D("12"),
        pip_versie=pip_versie(c),
        vastgelegd_door=c.consultant,
    )


def uren(c, aanbod_, soort, maand, aantal):
    from leerroutes.models import Urenregistratie

    return Urenregistratie.objects.create(
        casus=c,
        aanbod=aanbod_ if soort != "participatie" else None,
        soort=soort,
        maand=maand,
        uren=D(aantal),
        bron="handmatig",
    )


def aanbieder():
    from leerroutes.models import Participatieaanbieder

    return Participatieaanbieder.objects.get_or_create(
        naam="Werkplein", defaults={"biedt_map": True, "biedt_pvt": True}
    )[0]


def map_traject(c, start):
    from leerroutes.models import MapTraject

    return MapTraject.objects.create(casus=c, aanbieder=aanbieder(), startdatum=start)


def pvt_traject(c, *, sessies=(), ondertekend=None):
    from leerroutes.models import PvtSessie, PvtTraject

    p = PvtTraject.objects.create(casus=c, aanbieder=aanbieder(), ondertekend_op=ondertekend)
    for datum in sessies:
        PvtSessie.objects.create(pvt=p, datum=datum, uren=D("3"))
    return p


def begeleiding(c, start):
    from ontzorgen.models import MaatschappelijkeBegeleiding

    return MaatschappelijkeBegeleiding.objects.create(casus=c, aanbieder="Vluchtelingenwerk", startdatum=start)


def intakegesprek_met_tolk(c, datum):
    from intake.models import IntakeGesprek

    return IntakeGesprek.objects.create(
        casus=c, datum=datum, tolk_ingezet=True, tolk_taal="Arabisch", verslag="Gesprek.", gevoerd_door=c.consultant
    )


def warme_overdracht_met_tolk(c, datum):
    from intake.models import WarmeOverdracht

    return WarmeOverdracht.objects.create(
        casus=c, gesprek_datum=datum, gesprek_plaats="AZC", aanwezig_tolk=True, vastgelegd_door=c.consultant
    )


def voortgangsgesprek_met_tolk(c, datum):
    from leerroutes.models import Voortgangsgesprek

    return Voortgangsgesprek.objects.create(
        casus=c,
        datum=datum,
        met_tolk=True,
        afspraken="Door.",
        volgende_uiterlijk=datum + dt.timedelta(days=30),
        vastgelegd_door=c.consultant,
    )


def uitgave(gemeente, door, *, voorziening, jaar, bedrag, cohort=None, omschrijving="Factuur"):
    from spuk.models import Uitgave

    return Uitgave.objects.create(
        gemeente=gemeente,
        voorziening=voorziening,
        jaar=jaar,
        cohort=cohort,
        bedrag=D(bedrag),
        omschrijving=omschrijving,
        vastgelegd_door=door,
    )


def besteding_dataset(world):
    """Register rows with costs in gemeente A (and one in B), as described in test_besteding.

    Prices: a contract per traject of € 10.000,00 and one per hour of € 12,50; the SPUK MAP and PVT
    amounts of 2022 (136 asiel / 195 gezin, 216); maatschappelijke begeleiding € 1.500,00 for
    gemeente A (its own row); an interpreter € 75,00 per inzet (national row).
    """
    a, b = world.gemeente_a, world.gemeente_b
    tl = world.users["tl"]
    regel("spuk_kostprijs_begeleiding", "1500", d(2023, 1, 1), gemeente=a)
    regel("spuk_kostprijs_tolk", "75", d(2022, 1, 1))
    per_traject = contract(a, kenmerk="A-traject", prijs="10000", eenheid="traject")
    per_uur = contract(a, kenmerk="A-uur", route="onderwijs", prijs="12.50", eenheid="uur")

    # case 1: asielstatushouder housed in 2023 (cohort 2023)
    c1 = casus(a, world.team1, world.users["c1"], huisvesting=d(2023, 3, 1), kennisgeving=d(2023, 2, 1))
    aanbod(c1, per_traject, start=d(2023, 5, 1))  # € 10.000 in 2023
    map_traject(c1, d(2024, 2, 1))  # € 136 in 2024
    pvt_traject(c1, sessies=[d(2023, 9, 10), d(2023, 10, 1)], ondertekend=d(2024, 1, 15))  # € 216 in 2023
    begeleiding(c1, d(2023, 3, 15))  # € 1.500 in 2023
    intakegesprek_met_tolk(c1, d(2023, 3, 20))  # € 75 in 2023
    intakegesprek_met_tolk(c1, d(2023, 3, 27))  # € 75 in 2023
    voortgangsgesprek_met_tolk(c1, d(2024, 5, 1))  # € 75 in 2024

    # case 2: asielstatushouder housed in 2024 (cohort 2024), a route paid per hour
    c2 = casus(a, world.team1, world.users["c1"], huisvesting=d(2024, 6, 1), kennisgeving=d(2024, 5, 1))
    o2 = aanbod(c2, per_uur, start=d(2024, 7, 1), route="onderwijs")
    uren(c2, o2, "nt2", d(2024, 7, 1), "40")  # 40 h in 2024
    uren(c2, o2, "knm", d(2024, 8, 1), "10")  # 10 h in 2024 → 50 × 12,50 = € 625
    uren(c2, o2, "nt2", d(2025, 1, 1), "30")  # 30 h in 2025 → € 375
    uren(c2, o2, "participatie", d(2024, 9, 1), "20")  # participation hours are not the school's
    warme_overdracht_met_tolk(c2, d(2024, 5, 20))  # € 75 in 2024

    # case 3: gezinsmigrant, kennisgeving 2024 (cohort 2024); a leerroute as advice costs nothing
    c3 = casus(a, world.team1, world.users["c2"], doelgroep="gezinsmigrant", kennisgeving=d(2024, 2, 1))
    aanbod(c3, per_traject, start=d(2024, 3, 1), soort="advies")  # the person pays: € 0
    map_traject(c3, d(2024, 9, 1))  # € 195 (MAP gezin) in 2024

    # gemeente B: not in gemeente A's figures, only in the total
    c4 = casus(b, world.team2, world.users["c3"], huisvesting=d(2024, 1, 10), kennisgeving=d(2024, 1, 2))
    map_traject(c4, d(2024, 4, 1))  # € 136 in 2024 for B

    # manual entries
    uitgave(a, tl, voorziening="overig", jaar=2024, cohort=2023, bedrag="1000.00")  # € 1.000 in 2024, cohort 2023
    uitgave(a, tl, voorziening="leerroute", jaar=2025, bedrag="-250.00", omschrijving="Creditnota")  # no cohort
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4}
