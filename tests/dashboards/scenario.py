"""Building blocks for the KPI tests: rows of every app made directly, with exactly the dates a test needs.

The KPI tests are about counting, not about the services that normally write these rows (those are
tested in their own apps), so the rows are created straight in the database. Every test fixes
"today" at VANDAAG (a Wednesday; the week ends on Sunday 22 November 2026).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from tests.conftest import make_case

D = dt.date
VANDAAG = D(2026, 11, 18)
_n = itertools.count(100)


def casus(
    world,
    *,
    consultant="c1",
    team=None,
    gemeente=None,
    doelgroep="asielstatushouder",
    status="uitvoering",
    actief=True,
    **datums,
):
    """A case of team1 / gemeente A (unless told otherwise) with these dates and this status."""
    from cases.models import Casus

    user = world.users[consultant] if consultant else None
    c = make_case(
        consultant=user or world.users["c1"],
        team=team or world.team1,
        gemeente=gemeente or world.gemeente_a,
        door=user or world.users["c1"],
        n=next(_n),
        doelgroep=doelgroep,
    )
    velden = {"status": status, "actief": actief, "consultant": user, **datums}
    Casus.objects.filter(pk=c.pk).update(**velden)
    return Casus.objects.get(pk=c.pk)


def pip(casus, dagtekening, *, versie=1, leerroute="b1", niveau="B1", reden="eerste", bijstand=False):
    from pip.models import PipVersie
    from pip.rules import inburgeringstermijn

    eerste = casus.pip_versies.filter(status="vastgesteld").order_by("versie").first()
    start, eind = inburgeringstermijn(eerste.dagtekening if eerste else dagtekening)
    return PipVersie.objects.create(
        casus=casus,
        versie=versie,
        status="vastgesteld",
        reden=reden,
        leerroute=leerroute,
        niveau=niveau,
        bijstand=bijstand,
        dagtekening=dagtekening,
        termijn_start=start,
        termijn_eind=eind,
        aangemaakt_door=casus.consultant or casus.team.leden.first(),
    )


def _door(casus):
    from inburgering.models import Gebruiker

    return casus.consultant or Gebruiker.objects.order_by("pk").first()


def aanbod(casus, start, *, leerroute="b1", soort="inkoop"):
    from leerroutes.models import Inburgeringsaanbod, Taalaanbieder

    school, _ = Taalaanbieder.objects.get_or_create(naam="Taalschool Test")
    return Inburgeringsaanbod.objects.create(
        casus=casus,
        soort=soort,
        leerroute=leerroute,
        taalaanbieder=school,
        startdatum=start,
        uren_per_week=Decimal("12"),
        pip_versie=casus.pip_versies.order_by("-versie").first(),
        vastgelegd_door=_door(casus),
    )


def examen(casus, onderdeel, datum, *, niveau="B1", resultaat="geslaagd"):
    from leerroutes.models import Examen

    poging = Examen.objects.filter(casus=casus, onderdeel=onderdeel).count() + 1
    return Examen.objects.create(
        casus=casus,
        onderdeel=onderdeel,
        niveau="" if onderdeel == "KNM" else niveau,
        datum=datum,
        resultaat=resultaat,
        poging=poging,
        gratis=False,
        vastgelegd_door=_door(casus),
    )


def alle_examens(casus, datum, niveau="B1"):
    for onderdeel in ("LE", "LU", "SC", "SP", "KNM"):
        examen(casus, onderdeel, datum, niveau=niveau)


def afschaling(casus, versie, onderdelen, datum):
    from leerroutes.models import Afschaling

    return Afschaling.objects.create(
        casus=casus,
        onderdelen=onderdelen,
        nt2_uren=Decimal("650"),
        motivatie="Test.",
        pip_versie=versie,
        aangevraagd_op=datum,
        door=_door(casus),
    )


def schakeling(casus, versie, van, naar, datum):
    from leerroutes.models import Schakeling

    return Schakeling.objects.create(
        casus=casus,
        van_route=van,
        naar_route=naar,
        motivatie="Test.",
        pip_versie=versie,
        aangevraagd_op=datum,
        door=_door(casus),
    )


def zroute_afgerond(casus, datum):
    from leerroutes.models import ZrouteAfronding

    return ZrouteAfronding.objects.create(
        casus=casus,
        eindgesprek_op=datum,
        verslag="Test.",
        cursusuren=Decimal("800"),
        participatie_uren=Decimal("800"),
        afgerond_op=datum,
        vastgelegd_door=_door(casus),
    )


def activiteit(casus, start, soort="vrijwilligerswerk"):
    from ontzorgen.models import ParticipatieActiviteit

    return ParticipatieActiviteit.objects.create(
        casus=casus, soort=soort, aanbieder="Buurthuis", startdatum=start, vastgelegd_door=_door(casus)
    )


def uitstroom(casus, datum, soort="werk"):
    from ontzorgen.models import Uitstroom

    return Uitstroom.objects.create(casus=casus, datum=datum, soort=soort)


def intake(casus, *, bijstand=False, trede=None, opleiding="onbekend", routeadvies="", afgerond_op=None):
    from intake.models import BredeIntake

    return BredeIntake.objects.create(
        casus=casus,
        bijstand=bijstand,
        participatieladder_trede=trede,
        opleiding_niveau=opleiding,
        routeadvies=routeadvies,
        routeadvies_motivatie="Test." if routeadvies else "",
        afgerond_op=afgerond_op,
    )


def leerbaarheidstoets(casus, datum, score, *, drempel=28):
    from intake.models import Leerbaarheidstoets

    return Leerbaarheidstoets.objects.create(
        casus=casus, afgenomen_op=datum, score=score, drempel=drempel, haalbaar=score >= drempel
    )


def trede(casus, datum, nieuw, vorige):
    from ontzorgen.models import TredeMeting

    return TredeMeting.objects.create(casus=casus, datum=datum, trede=nieuw, vorige_trede=vorige, door=_door(casus))


def ontzorgen(casus, *, bijstand_vanaf, evaluatie_uiterlijk=None):
    from ontzorgen.models import Ontzorgen

    return Ontzorgen.objects.create(
        casus=casus,
        bijstand_vanaf=bijstand_vanaf,
        minimale_maanden=6,
        minimaal_tot=bijstand_vanaf + dt.timedelta(days=182),
        evaluatie_uiterlijk=evaluatie_uiterlijk,
        gestart_door=_door(casus),
    )


def voortgangsgesprek(casus, datum, volgende):
    from leerroutes.models import Voortgangsgesprek

    return Voortgangsgesprek.objects.create(
        casus=casus, datum=datum, afspraken="Test.", volgende_uiterlijk=volgende, vastgelegd_door=_door(casus)
    )


def termijn(casus, soort, uiterlijk, *, te_laat=True, gesloten=False):
    """An open (or closed) deadline row of the termijnen app, as its recompute would write it."""
    from django.utils import timezone

    from termijnen.models import Termijn

    return Termijn.objects.create(
        casus=casus,
        soort=soort,
        uiterlijk=uiterlijk,
        berekend=uiterlijk,
        te_laat_op=uiterlijk + dt.timedelta(days=1) if te_laat else None,
        verantwoordelijke=casus.consultant,
        gesloten_op=timezone.now() if gesloten else None,
    )


def procedure(casus, status, *, soort="brede_intake", boete=None, bezwaar_uitkomst=None):
    """A handhaving procedure in `status`; with `boete` (euro) a boetebeschikking, and optionally a decided bezwaar."""
    from handhaving.models import Bezwaar, Boetebeschikking, Handhavingsprocedure

    p = Handhavingsprocedure.objects.create(
        casus=casus,
        soort=soort,
        status=status,
        datum_constatering=D(2025, 3, 3),
        feiten="Test.",
        aangemaakt_door=_door(casus),
    )
    if boete is not None:
        b = Boetebeschikking.objects.create(
            procedure=p,
            casus=casus,
            kenmerk=f"T/{p.pk}",
            dagtekening=D(2025, 4, 15),
            bedrag=Decimal(boete),
            betalen_voor=D(2025, 5, 27),
            einde_bezwaartermijn=D(2025, 5, 27),
            vastgesteld_door=_door(casus),
        )
        if bezwaar_uitkomst is not None:
            Bezwaar.objects.create(
                casus=casus,
                boetebeschikking=b,
                ontvangen_op=D(2025, 5, 1),
                gronden="Test.",
                einde_bezwaartermijn=D(2025, 5, 27),
                beslissen_voor=D(2025, 7, 8),
                uitkomst=bezwaar_uitkomst,
                aangemaakt_door=_door(casus),
            )
    return p


def verversen():
    from dashboards.services import kenmerken_verversen

    return kenmerken_verversen()


def tabel(response, tabel_id) -> dict[str, dict[str, object]]:
    """{row label: {column label: raw value}} of a table on a dashboards page (the footer row is 'Totaal')."""
    t = next(t for t in response.context["tabellen"] if t.id == tabel_id)
    uit = {}
    for rij in t.rijen + ([t.voet] if t.voet else []):
        labels = [k.label for k in t.kolommen]
        uit[str(rij[0].waarde)] = {label: cel.waarde for label, cel in zip(labels[1:], rij[1:], strict=True)}
    return uit


def url(response, tabel_id, rij, kolom) -> str:
    """The link behind one number of a table on a dashboards page."""
    t = next(t for t in response.context["tabellen"] if t.id == tabel_id)
    i = [k.label for k in t.kolommen].index(kolom)
    return next(r for r in t.rijen + ([t.voet] if t.voet else []) if str(r[0].waarde) == rij)[i].url


def lijst(client, link) -> set[int]:
    """The case ids on the list behind a link (all pages)."""
    ids, pagina = set(), 1
    while True:
        r = client.get(f"{link}&page={pagina}")
        assert r.status_code == 200
        ids |= {c["pk"] for c in r.context["casussen"]}
        if pagina >= r.context["lijst"].paginas:
            return ids
        pagina += 1
