"""Building blocks for leerroute tests: a case with a vastgesteld PIP (dates relative to today),
a school with a contract, an offer, and hours."""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from tests.pip import scenario as pip_scenario


def vandaag() -> dt.date:
    return timezone.localdate()


def maand(terug: int = 0) -> dt.date:
    """The first day of the month `terug` months before this one."""
    d = vandaag().replace(day=1)
    for _ in range(terug):
        d = (d - dt.timedelta(days=1)).replace(day=1)
    return d


def met_pip(casus, door, *, dagen_geleden=200, doelgroep=None, **inhoud):
    """Give the case its key dates, a finished intake and a vastgesteld first PIP `dagen_geleden` days ago."""
    dagtekening = vandaag() - dt.timedelta(days=dagen_geleden)
    casus = pip_scenario.met_datums(
        casus,
        kennisgeving=dagtekening - dt.timedelta(days=60),
        brp=dagtekening - dt.timedelta(days=50),
        doelgroep=doelgroep,
    )
    route = inhoud.get("leerroute", "b1")
    pip_scenario.intake_afronden(casus, door, routeadvies=route, afgerond_op=dagtekening - dt.timedelta(days=10))
    if casus.doelgroep not in ("asielstatushouder", "gezinslid_asielstatushouder") or route != "b1":
        inhoud.setdefault("geschatte_intensiteit_b1", None)
    if casus.doelgroep not in ("asielstatushouder", "gezinslid_asielstatushouder"):
        inhoud.setdefault("participatie_afspraken", "")
    if route == "onderwijs":
        inhoud.setdefault("map_inhoud", "")
        inhoud.setdefault("map_intensiteit", "")
    if route == "z":
        inhoud.setdefault("niveau", "")
    elif route == "onderwijs":
        inhoud.setdefault("niveau", "B1")
    pip_scenario.vastgesteld(casus, door, dagtekening=dagtekening, **inhoud)
    return casus


def school(naam="Taalschool Noord", keurmerk="blik_op_werk", gemeente=None, prijs=Decimal("9500.00")):
    from leerroutes.models import Contract, ContractPrijs, Leerroute, Taalaanbieder

    ta, _ = Taalaanbieder.objects.get_or_create(naam=naam, defaults={"keurmerk": keurmerk})
    if gemeente is not None:
        contract, created = Contract.objects.get_or_create(
            taalaanbieder=ta, kenmerk=f"C-{ta.pk}", defaults={"geldig_van": dt.date(2020, 1, 1)}
        )
        contract.gemeenten.add(gemeente)
        for route in Leerroute.objects.all():
            ContractPrijs.objects.get_or_create(contract=contract, leerroute=route, defaults={"prijs": prijs})
    return ta


def aanbod(casus, door, taalaanbieder, *, leerlingnummer="S-1001", start_dagen_na_dagtekening=10):
    from leerroutes import selectors, services

    _, huidige = selectors.pip_eerste_en_huidige(casus)
    return services.aanbod_vastleggen(
        casus=casus,
        taalaanbieder=taalaanbieder,
        startdatum=huidige.dagtekening + dt.timedelta(days=start_dagen_na_dagtekening),
        uren_per_week=Decimal("12"),
        leerlingnummer=leerlingnummer,
        door=door,
    )


def gesprek(casus, door, *, dagen_geleden=3, afspraken="Oefenen met schrijven.", **velden):
    """A voortgangsgesprek held `dagen_geleden` days ago, recorded through the service."""
    from leerroutes import services

    datum = vandaag() - dt.timedelta(days=dagen_geleden)
    return services.voortgangsgesprek_vastleggen(
        casus=casus, data={"datum": datum, "afspraken": afspraken, **velden}, door=door
    )


def gesprek_formulier(gesprek, **wijzigingen) -> dict:
    """The fields of the talk's form as a browser posts them (an unticked box is left out), with `wijzigingen`."""
    from leerroutes.services import GESPREK_VELDEN

    data = {}
    for veld in GESPREK_VELDEN:
        waarde = getattr(gesprek, veld)
        if waarde is True:
            data[veld] = "on"
        elif waarde is not False:
            data[veld] = waarde.isoformat() if isinstance(waarde, dt.date) else waarde
    return {**data, **wijzigingen}


def provider(naam="Werkpunt", **flags):
    from leerroutes.models import Participatieaanbieder

    defaults = {"biedt_map": True, "biedt_pvt": True, "biedt_participatie": True, **flags}
    return Participatieaanbieder.objects.get_or_create(naam=naam, defaults=defaults)[0]


def token(taalaanbieder, door=None):
    from leerroutes import services

    return services.schooltoken_aanmaken(taalaanbieder=taalaanbieder, omschrijving="administratie", door=door)[1]


def verborgen_veld(html: str, naam: str = "versie") -> int:
    """The value of a hidden version field as the page renders it (what the browser posts back)."""
    veld = re.search(rf'<input[^>]*name="{naam}"[^>]*>', html)
    assert veld is not None, f"no hidden {naam} field on the page"
    assert 'type="hidden"' in veld.group(0)
    return int(re.search(r'value="(\d+)"', veld.group(0)).group(1))


def leerlingen(casus, door, taalaanbieder, n: int, *, eerste_nummer: int = 0) -> list[str]:
    """`n` more students of `taalaanbieder`, cheaply: copies of `casus` (which has a vastgesteld PIP and
    a running offer at the school), each with its own person, copy of the first PIP and offer.

    For tests of bulk work (the CSV import); returns the leerlingnummers L-<k>. Test data only:
    the copies are inserted in bulk, without history or timeline.
    """
    from cases.models import Casus, Inburgeraar
    from leerroutes.models import Inburgeringsaanbod
    from pip.models import PipVersie
    from tests.factories import make_bsn

    eerste_pip = PipVersie.objects.filter(casus=casus, status="vastgesteld").order_by("versie").first()
    voorbeeld_aanbod = Inburgeringsaanbod.objects.get(casus=casus, taalaanbieder=taalaanbieder, einddatum__isnull=True)
    voorbeeld_persoon = Inburgeraar.objects.get(pk=casus.inburgeraar_id)
    voorbeeld_casus = Casus.objects.get(pk=casus.pk)

    def kopie(obj, **velden):
        obj = copy.copy(obj)
        obj.pk = obj.id = None
        obj._state = copy.copy(obj._state)
        obj._state.adding = True
        for k, v in velden.items():
            setattr(obj, k, v)
        return obj

    nummers = range(eerste_nummer, eerste_nummer + n)
    personen = []
    for k in nummers:
        persoon = kopie(voorbeeld_persoon, voornamen=f"Leerling{k}")
        persoon.zet_bsn(make_bsn(500_000 + k))
        personen.append(persoon)
    personen = Inburgeraar.objects.bulk_create(personen)
    casussen = Casus.objects.bulk_create([kopie(voorbeeld_casus, inburgeraar=p, consultant=door) for p in personen])
    pips = PipVersie.objects.bulk_create([kopie(eerste_pip, casus=c) for c in casussen])
    Inburgeringsaanbod.objects.bulk_create(
        [
            kopie(voorbeeld_aanbod, casus=c, pip_versie=p, leerlingnummer=f"L-{k}")
            for k, c, p in zip(nummers, casussen, pips, strict=True)
        ]
    )
    return [f"L-{k}" for k in nummers]
