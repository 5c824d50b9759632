"""Building blocks for handhaving tests: a case with a vastgesteld PIP, and a procedure walked to a step."""

from __future__ import annotations

import datetime as dt

D = dt.date
PIP_DAGTEKENING = D(2023, 3, 1)
SIGNAAL = D(2025, 3, 3)
BEOORDEELD = D(2025, 3, 5)
GEWAARSCHUWD = D(2025, 3, 6)
VOORNEMEN = D(2025, 4, 1)
ZIENSWIJZE = D(2025, 4, 10)
TOETS = D(2025, 4, 14)
OPGELEGD = D(2025, 4, 15)

STAPPEN = ("signaal", "beoordeeld", "gewaarschuwd", "voornemen", "gehoord", "juridisch_getoetst", "opgelegd")


def met_pip(casus, *, doelgroep=None, dagtekening=PIP_DAGTEKENING):
    """The case (optionally with another doelgroep) with a vastgesteld first PIP version, made directly."""
    from cases.models import Casus
    from pip.models import PipVersie

    if doelgroep:
        Casus.objects.filter(pk=casus.pk).update(doelgroep=doelgroep)
    if not PipVersie.objects.filter(casus=casus, status="vastgesteld").exists():
        PipVersie.objects.create(
            casus=casus,
            versie=1,
            leerroute="b1",
            niveau="B1",
            route_motivatie="Leerbaar.",
            aangemaakt_door=casus.consultant,
            status="vastgesteld",
            dagtekening=dagtekening,
            ondertekend_op=dagtekening,
            termijn_start=dagtekening + dt.timedelta(days=1),
            termijn_eind=D(dagtekening.year + 3, dagtekening.month, dagtekening.day),
            laatste_dag_schakelen=D(2024, 9, 1),
            kenmerk=f"INB/{dagtekening.year}/{casus.pk:06d}/PIP1",
        )
    return Casus.objects.select_related("inburgeraar", "gemeente").get(pk=casus.pk)


def procedure_tot(
    casus,
    door,
    tot: str = "opgelegd",
    *,
    soort: str = "pip",
    verwijtbaarheid: str = "normaal",
    zienswijze: str = "gehoord",
    waarschuwing: bool = True,
    datum_offset: int = 0,
):
    """A procedure walked through the services up to step `tot` (one of STAPPEN). Returns the procedure."""
    from handhaving import services

    plus = dt.timedelta(days=datum_offset)
    procedure = services.signaal_registreren(
        casus=casus,
        soort=soort,
        datum_constatering=SIGNAAL + plus,
        feiten="Niet verschenen bij de taalschool.",
        door=door,
    )
    if tot == "signaal":
        return procedure
    procedure = services.verwijtbaarheid_beoordelen(
        procedure=procedure,
        verwijtbaarheid=verwijtbaarheid,
        motivering="Geen reden opgegeven.",
        datum=BEOORDEELD + plus,
        door=door,
    )
    if tot == "beoordeeld":
        return procedure
    if waarschuwing:
        procedure = services.waarschuwing_vastleggen(
            procedure=procedure,
            datum=GEWAARSCHUWD + plus,
            inhoud="Kom naar de lessen, anders volgt een boete.",
            door=door,
        )
    if tot == "gewaarschuwd":
        return procedure
    procedure = services.voornemen_vastleggen(procedure=procedure, datum=VOORNEMEN + plus, door=door)
    if tot == "voornemen":
        return procedure
    procedure = services.zienswijze_vastleggen(
        procedure=procedure, soort=zienswijze, datum=ZIENSWIJZE + plus, samenvatting="Had geen oppas.", door=door
    )
    if tot == "gehoord":
        return procedure
    if casus.doelgroep in ("asielstatushouder", "gezinslid_asielstatushouder"):
        procedure = services.juridische_toets_vastleggen(
            procedure=procedure,
            datum=TOETS + plus,
            jurist="mr. J. de Wit",
            akkoord=True,
            motivering="Uitzonderlijk: herhaald.",
            door=door,
        )
    if tot == "juridisch_getoetst":
        return procedure
    services.boete_opleggen(procedure=procedure, dagtekening=OPGELEGD + plus, door=door)
    procedure.refresh_from_db()
    return procedure


def stap_url(procedure, stap: str) -> str:
    from django.urls import reverse

    return reverse(
        "handhaving:stap", kwargs={"casus_pk": procedure.casus_id, "procedure_pk": procedure.pk, "stap": stap}
    )
