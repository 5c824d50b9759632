"""Role x URL matrix entries of the PIP (merged by tests/test_permission_matrix.py).

Reading a version and downloading its beschikking (a download, like cases:document) is
for everyone who may read the case; making and vaststellen a version needs edit rights.
"""

import datetime as dt

from django.core.files.base import ContentFile

from tests.matrix import CASE_READ, CASE_WRITE, Rule

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pip_versies(casus):
    """A vastgestelde version with its PDF and a concept on `casus` (created once, directly)."""
    from pip.models import PipVersie

    vast = PipVersie.objects.filter(casus=casus, status="vastgesteld").first()
    if vast is None:
        vast = PipVersie(
            casus=casus,
            versie=1,
            leerroute="b1",
            niveau="B1",
            route_motivatie="Matrix.",
            aangemaakt_door=casus.consultant,
            status="vastgesteld",
            dagtekening=dt.date(2023, 3, 1),
            ondertekend_op=dt.date(2023, 3, 1),
            termijn_start=dt.date(2023, 3, 2),
            termijn_eind=dt.date(2026, 3, 1),
            laatste_dag_schakelen=dt.date(2024, 9, 1),
            kenmerk=f"INB/2023/{casus.pk:06d}/PIP1",
        )
        vast.pdf.save("beschikking.pdf", ContentFile(PDF), save=False)
        vast.save()
    concept = PipVersie.objects.filter(casus=casus, status="concept").first()
    if concept is None:
        concept = PipVersie.objects.create(
            casus=casus,
            versie=2,
            reden="overig",
            reden_toelichting="Matrix.",
            leerroute="b1",
            aangemaakt_door=casus.consultant,
        )
    return vast, concept


def nieuw_kwargs(world, casus):
    pip_versies(casus)  # with a concept present, "nieuw" leads to it and creates nothing
    return {"casus_pk": casus.pk}


def vastgesteld_kwargs(world, casus):
    return {"casus_pk": casus.pk, "versie_pk": pip_versies(casus)[0].pk}


def concept_kwargs(world, casus):
    return {"casus_pk": casus.pk, "versie_pk": pip_versies(casus)[1].pk}


MATRIX = {
    "pip:nieuw": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=nieuw_kwargs),
    "pip:detail": Rule(get=CASE_READ, kwargs=vastgesteld_kwargs),
    "pip:bewerken": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=concept_kwargs),
    "pip:vaststellen": Rule(get=CASE_WRITE, post=CASE_WRITE, kwargs=concept_kwargs),
    "pip:pdf": Rule(get=CASE_READ, kwargs=vastgesteld_kwargs),  # the download
}
