"""Building blocks for ontzorgen tests: a started ontzorgen record, a vastgestelde PIP version, a nulmeting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

D = dt.date
BIJSTAND_VANAF = D(2023, 1, 31)
EERSTE_BETALING = D(2023, 2, 1)
DAGTEKENING = D(2023, 3, 1)
NULMETING = D(2023, 2, 20)


def standaard_lasten(start=EERSTE_BETALING) -> list[dict]:
    """Rent, energy, water and health insurance as the start screen offers them."""
    from ontzorgen.models import VasteLastSoort

    bedragen = {
        "Huur": ("Woonstichting De Linge", Decimal("650.00"), "maand"),
        "Energie": ("Energiebedrijf Noord", Decimal("110.00"), "maand"),
        "Water": ("Waterbedrijf Vitens", Decimal("60.00"), "kwartaal"),
        "Zorgverzekering": ("Zorgverzekeraar Zilveren Kruis", Decimal("1234.56"), "jaar"),
    }
    rows = []
    for soort in VasteLastSoort.objects.filter(standaard=True):
        begunstigde, bedrag, frequentie = bedragen[soort.naam]
        rows.append(
            {
                "soort": soort,
                "begunstigde": begunstigde,
                "bedrag": bedrag,
                "frequentie": frequentie,
                "startdatum": start,
                "einddatum": None,
                "kenmerk": "",
            }
        )
    return rows


def ontzorgen_starten(casus, door, *, bijstand_vanaf=BIJSTAND_VANAF, lasten=True, **data):
    from ontzorgen import services

    return services.ontzorgen_starten(
        casus=casus,
        data={"verblijfsvergunning_asiel": True, "bijstand_vanaf": bijstand_vanaf, **data},
        vaste_lasten=standaard_lasten() if lasten else [],
        door=door,
    )


def pip_vastgesteld(casus, *, versie=1, leerroute="b1", dagtekening=DAGTEKENING, **inhoud):
    """A vastgestelde PIP version written directly (the PIP's own rules are tested in tests/pip)."""
    from pip.models import PipVersie

    return PipVersie.objects.create(
        casus=casus,
        versie=versie,
        leerroute=leerroute,
        niveau="B1" if leerroute == "b1" else "",
        route_motivatie="Test.",
        aangemaakt_door=casus.consultant,
        status="vastgesteld",
        dagtekening=dagtekening,
        ondertekend_op=dagtekening,
        termijn_start=dagtekening + dt.timedelta(days=1),
        termijn_eind=D(dagtekening.year + 3, dagtekening.month, 1),
        laatste_dag_schakelen=D(dagtekening.year + 1, 9, 1),
        kenmerk=f"INB/{dagtekening.year}/{casus.pk:06d}/PIP{versie}",
        ontzorgen=True,
        ontzorgen_afspraken="Huur, energie, water en zorgverzekering via de gemeente.",
        maatschappelijke_begeleiding=True,
        maatschappelijke_begeleiding_afspraken="Twee jaar begeleiding door Vluchtelingenwerk.",
        bijstand=True,
        **inhoud,
    )


def nulmeting(casus, door, *, trede=2, afgerond_op=NULMETING):
    from intake import services

    return services.brede_intake_opslaan(
        casus=casus,
        data={
            "routeadvies": "b1",
            "routeadvies_motivatie": "Leerbaar.",
            "participatieladder_trede": trede,
            "afgerond_op": afgerond_op,
            "bijstand": True,
        },
        door=door,
    )
