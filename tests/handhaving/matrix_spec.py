"""Role x URL matrix entries of handhaving (merged by tests/test_permission_matrix.py).

Reading a procedure or a bezwaar and downloading the boetebeschikking (a download, like
cases:document) is for everyone who may read the case; registering a signal, taking a step and
handling a bezwaar need edit rights. The overview of open procedures is for team leads.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from tests.matrix import CASE_READ, CASE_WRITE, TEAMLEIDER_ONLY, Rule

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = dt.date


def objecten(casus):
    """A procedure at its first step, an imposed fine with its PDF and a bezwaar on `casus` (made once, directly)."""
    from handhaving.models import Bezwaar, Boetebeschikking, Handhavingsprocedure, ProcedureStap

    door = casus.consultant
    open_ = Handhavingsprocedure.objects.filter(casus=casus, status="signaal").first()
    if open_ is None:
        open_ = Handhavingsprocedure.objects.create(
            casus=casus, soort="brede_intake", datum_constatering=D(2025, 3, 3), feiten="Matrix.", aangemaakt_door=door
        )
        ProcedureStap.objects.create(procedure=open_, naar="signaal", datum=D(2025, 3, 3), door=door)
    beschikking = Boetebeschikking.objects.filter(casus=casus).first()
    if beschikking is None:
        opgelegd = Handhavingsprocedure.objects.create(
            casus=casus,
            soort="brede_intake",
            status="in_bezwaar",
            datum_constatering=D(2025, 3, 3),
            feiten="Matrix.",
            verwijtbaarheid="normaal",
            verwijtbaarheid_motivering="Matrix.",
            voornemen_op=D(2025, 4, 1),
            zienswijze_tot=D(2025, 4, 15),
            volgnummer=1,
            berekend_bedrag=Decimal("250.00"),
            bedrag=Decimal("250.00"),
            te_betalen=Decimal("250.00"),
            zienswijze_soort="schriftelijk",
            zienswijze_op=D(2025, 4, 10),
            aangemaakt_door=door,
        )
        beschikking = Boetebeschikking(
            procedure=opgelegd,
            casus=casus,
            kenmerk=f"INB/2025/{casus.pk:06d}/BOETE1",
            dagtekening=D(2025, 4, 15),
            bedrag=Decimal("250.00"),
            betalen_voor=D(2025, 5, 27),
            einde_bezwaartermijn=D(2025, 5, 27),
            beschikking_html="<html></html>",
            vastgesteld_door=door,
        )
        beschikking.pdf.save("boetebeschikking.pdf", ContentFile(PDF), save=False)
        beschikking.save()
    bezwaar = Bezwaar.objects.filter(casus=casus).first()
    if bezwaar is None:
        bezwaar = Bezwaar.objects.create(
            casus=casus,
            boetebeschikking=beschikking,
            ontvangen_op=D(2025, 5, 1),
            gronden="Matrix.",
            einde_bezwaartermijn=D(2025, 5, 27),
            beslissen_voor=D(2025, 7, 8),
            aangemaakt_door=door,
        )
    return open_, beschikking, bezwaar


def procedure_kwargs(world, casus):
    return {"casus_pk": casus.pk, "procedure_pk": objecten(casus)[0].pk}


def stap_kwargs(world, casus):
    return {**procedure_kwargs(world, casus), "stap": "verwijtbaarheid"}


def pdf_kwargs(world, casus):
    return {"casus_pk": casus.pk, "procedure_pk": objecten(casus)[1].procedure_id}


def casus_kwargs(world, casus):
    objecten(casus)  # with a beschikking present, "bezwaar registreren" shows its form
    return {"casus_pk": casus.pk}


def bezwaar_kwargs(world, casus):
    return {"casus_pk": casus.pk, "bezwaar_pk": objecten(casus)[2].pk}


MATRIX = {
    "handhaving:overzicht": Rule(get=TEAMLEIDER_ONLY),
    "handhaving:nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "handhaving:detail": Rule(get=CASE_READ, kwargs=procedure_kwargs),
    "handhaving:stap": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=stap_kwargs),
    "handhaving:pdf": Rule(get=CASE_READ, kwargs=pdf_kwargs),  # the download
    "handhaving:bezwaar_nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=casus_kwargs),
    "handhaving:bezwaar_detail": Rule(get=CASE_READ, kwargs=bezwaar_kwargs),
    "handhaving:bezwaar_horen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=bezwaar_kwargs),
    "handhaving:bezwaar_beslissen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=bezwaar_kwargs),
}
