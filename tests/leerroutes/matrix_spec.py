"""Role x URL matrix entries of the leerroutes (merged by tests/test_permission_matrix.py).

The overview, a voortgangsgesprek and the Z-route certificate are for everyone who may read the
case; every screen that records something needs edit rights (a GET already shows the form). The
CSV import is for consultants and team leads (it touches only cases they may change; the preview
belongs to whoever uploaded it). The school API answers only to a school's API key: as session
users everyone is refused (403), and the OpenAPI schema is public.

The kwargs functions also create the configuration rows (school, contract, provider, API key)
whose admin pages the matrix walks after these URLs.
"""

import datetime as dt

from django.core.files.base import ContentFile

from tests.matrix import CASE_READ, CASE_STAFF, CASE_WRITE, DENY, LOGIN, OK, PUBLIC, Rule, _all
from tests.pip.matrix_spec import PDF, pip_versies


def config():
    from leerroutes.models import Contract, ContractPrijs, Leerroute, Participatieaanbieder, SchoolToken, Taalaanbieder
    from leerroutes.services import schooltoken_aanmaken

    school, _ = Taalaanbieder.objects.get_or_create(naam="Matrix Taalschool")
    contract, _ = Contract.objects.get_or_create(
        taalaanbieder=school, kenmerk="M-1", defaults={"geldig_van": dt.date(2020, 1, 1)}
    )
    from inburgering.models import Gemeente

    contract.gemeenten.add(*Gemeente.objects.all())
    for route in Leerroute.objects.all():
        ContractPrijs.objects.get_or_create(contract=contract, leerroute=route, defaults={"prijs": 9000})
    Participatieaanbieder.objects.get_or_create(naam="Matrix Werkpunt", defaults={"biedt_map": True, "biedt_pvt": True})
    if not SchoolToken.objects.exists():
        schooltoken_aanmaken(taalaanbieder=school, omschrijving="matrix", door=None)
    return school


def aanbod(casus):
    """A vastgesteld PIP (from the PIP matrix) and an offer on `casus` (created once, directly)."""
    from leerroutes.models import Inburgeringsaanbod

    school = config()
    vast, _ = pip_versies(casus)
    obj = Inburgeringsaanbod.objects.filter(casus=casus).first()
    if obj is None:
        obj = Inburgeringsaanbod.objects.create(
            casus=casus,
            soort="inkoop",
            leerroute="b1",
            taalaanbieder=school,
            leerlingnummer=f"M-{casus.pk}",
            startdatum=vast.dagtekening + dt.timedelta(days=1),
            uren_per_week=10,
            pip_versie=vast,
            vastgelegd_door=casus.consultant,
        )
    return obj


def casus_kw(world, casus):
    aanbod(casus)
    return {"casus_pk": casus.pk}


def aanbod_kw(world, casus):
    return {"casus_pk": casus.pk, "aanbod_pk": aanbod(casus).pk}


def signaal_kw(world, casus):
    from leerroutes.models import Signaal

    a = aanbod(casus)
    obj, _ = Signaal.objects.get_or_create(
        aanbod=a,
        soort="lage_aanwezigheid",
        maand=dt.date(2023, 6, 1),
        defaults={"casus": casus, "percentage": 50, "drempel": 80},
    )
    return {"casus_pk": casus.pk, "signaal_pk": obj.pk}


def gesprek_kw(world, casus):
    from leerroutes.models import Voortgangsgesprek

    aanbod(casus)
    obj = Voortgangsgesprek.objects.filter(casus=casus).first() or Voortgangsgesprek.objects.create(
        casus=casus,
        datum=dt.date(2023, 6, 1),
        afspraken="Matrix.",
        volgende_uiterlijk=dt.date(2023, 7, 1),
        vastgelegd_door=casus.consultant,
    )
    return {"casus_pk": casus.pk, "gesprek_pk": obj.pk}


def zroute_kw(world, casus):
    from leerroutes.models import ZrouteAfronding

    aanbod(casus)
    if not ZrouteAfronding.objects.filter(casus=casus).exists():
        z = ZrouteAfronding(
            casus=casus,
            eindgesprek_op=dt.date(2024, 1, 1),
            verslag="Matrix.",
            cursusuren=800,
            participatie_uren=800,
            afgerond_op=dt.date(2024, 1, 1),
            vastgelegd_door=casus.consultant,
        )
        z.pdf.save("certificaat.pdf", ContentFile(PDF), save=False)
        z.save()
    return {"casus_pk": casus.pk}


def batch_kw(world, casus):
    """An upload of consultant c1 (the consultant actors): only c1 reaches its preview."""
    from leerroutes.models import ImportBatch

    school = config()
    batch = ImportBatch.objects.filter(aangemaakt_door=world.users["c1"]).first() or ImportBatch.objects.create(
        taalaanbieder=school,
        bestandsnaam="m.csv",
        inhoud="leerlingnummer;maand;nt2_uren\n",
        sha256="0" * 64,
        aangemaakt_door=world.users["c1"],
    )
    return {"batch_pk": batch.pk}


def api_kw(world, casus):
    return {"pk": aanbod(casus).pk}


NO_SESSION = _all(DENY)  # the API ignores staff sessions: 403 for everyone without a school key
UPLOADER = _all(OK, anon=LOGIN, teamleider=DENY, beheerder=DENY)

MATRIX = {
    "leerroutes:overzicht": Rule(get=CASE_READ, kwargs=casus_kw),
    "leerroutes:aanbod_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:aanbod_bewerken": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=aanbod_kw),
    "leerroutes:aanbod_beeindigen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=aanbod_kw),
    "leerroutes:uren_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:aanwezigheid_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:signaal_afhandelen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=signaal_kw),
    "leerroutes:gesprek_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:gesprek": Rule(get=CASE_READ, kwargs=gesprek_kw),
    "leerroutes:gesprek_wijzigen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=gesprek_kw),
    "leerroutes:examen_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:schakelen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:afschalen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:map": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:pvt": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:zroute": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kw),
    "leerroutes:zroute_pdf": Rule(get=CASE_READ, kwargs=zroute_kw),  # the download
    "leerroutes:import_nieuw": Rule(get=CASE_STAFF, post=CASE_STAFF),
    "leerroutes:import_voorbeeld": Rule(get=UPLOADER, post=UPLOADER, kwargs=batch_kw),
    "leerroutes_api:inschrijvingen": Rule(get=NO_SESSION),
    "leerroutes_api:inschrijving": Rule(get=NO_SESSION, kwargs=api_kw),
    "leerroutes_api:uren": Rule(get=NO_SESSION, post=NO_SESSION, kwargs=api_kw),
    "leerroutes_api:aanwezigheid": Rule(get=NO_SESSION, post=NO_SESSION, kwargs=api_kw),
    "leerroutes_api:schema": Rule(get=PUBLIC),
}

__all__ = ["MATRIX", "OK"]
