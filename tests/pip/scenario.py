"""Building blocks for PIP tests: a case with its key dates, a finished intake, a complete concept."""

from __future__ import annotations

import datetime as dt

D = dt.date
KENNISGEVING = D(2023, 1, 2)
BRP = D(2023, 1, 31)

INHOUD = {
    "leerroute": "b1",
    "niveau": "B1",
    "route_motivatie": "Leerbaarheidstoets 30 (haalbaar) en een afgeronde mbo-opleiding: de B1-route past.",
    "geschatte_intensiteit_b1": 1200,
    "ondersteuning": "Een taalmaatje van Vluchtelingenwerk en huiswerkbegeleiding.",
    "map_inhoud": "Beroepsoriëntatie en werkcultuur; praktijkdeel van 40 uur in de zorg.",
    "map_intensiteit": "4 uur per week",
    "pvt_inhoud": "Workshops kernwaarden en een excursie naar het gemeentehuis.",
    "pvt_intensiteit": "12 uur",
    "voortgangsgesprekken": "maandelijks",
}


def met_datums(casus, *, kennisgeving=KENNISGEVING, brp=BRP, doelgroep=None):
    from cases.models import Casus

    velden = {"datum_kennisgeving": kennisgeving, "datum_brp_inschrijving": brp}
    if doelgroep:
        velden["doelgroep"] = doelgroep
    Casus.objects.filter(pk=casus.pk).update(**velden)
    return Casus.objects.select_related("inburgeraar", "gemeente").get(pk=casus.pk)


def intake_afronden(casus, door, **extra):
    from intake import services

    data = {
        "routeadvies": "b1",
        "routeadvies_motivatie": "Leerbaar en hoog opgeleid.",
        "participatieladder_trede": 3,
        "afgerond_op": D(2023, 2, 20),
        "opleiding_niveau": "mbo",
        "bijstand": True,
        **extra,
    }
    return services.brede_intake_opslaan(casus=casus, data=data, door=door)


def concept(casus, door, **inhoud):
    from pip import services

    versie = services.pip_concept_aanmaken(casus=casus, door=door)
    return services.pip_concept_bijwerken(versie=versie, data={**INHOUD, **inhoud}, door=door)


DAGTEKENING = D(2023, 3, 1)


def vastgesteld(casus, door, dagtekening=DAGTEKENING, **inhoud):
    from pip import services

    return services.pip_vaststellen(
        versie=concept(casus, door, **inhoud), dagtekening=dagtekening, ondertekend_op=dagtekening, door=door
    )
