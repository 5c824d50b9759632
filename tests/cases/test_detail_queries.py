"""The case page (/casussen/<pk>/) reads a case with data in every section in a fixed number of queries.

The case is in uitvoering with an intake, a vastgesteld PIP and a concept (afschaling), an offer with
hours, attendance and a signal, gesprekken, exams, MAP, PVT, ontzorgen, begeleiding, participation,
a trede history, uitstroom, a fine procedure with a bezwaar, a DUO melding, documents and household.
Adding twenty more of every repeating row (timeline events, status transitions, documents, hour rows,
gesprekken, activities, measurements, meldingen, ...) must not add a query.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PDF_BYTES
from tests.leerroutes import scenario as s

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def _volle_casus(world):
    """World's own case of consultant c1 with data in every section of the case page."""
    from cases.models import Gezinslid
    from duo.models import Bericht
    from handhaving import services as hh_services
    from intake import services as intake_services
    from intake.models import IntroductieItem
    from leerroutes import services as lr_services
    from ontzorgen import services as oz_services
    from ontzorgen.models import ParticipatiewetSignaal
    from pip.models import PipVersie

    c1 = world.users["c1"]
    casus = world.cases["eigen"]
    Gezinslid.objects.create(inburgeraar=casus.inburgeraar, relatie="partner", naam="Partner", geboortejaar=1991)
    intake_services.warme_overdracht_opslaan(
        casus=casus,
        data={"azc": "AZC Zeist", "gesprek_datum": dt.date(2023, 1, 10), "gesprek_plaats": "AZC Zeist"},
        door=c1,
    )
    items = list(IntroductieItem.objects.filter(actief=True)[:2])
    intake_services.introductieweek_bijwerken(
        casus=casus,
        regels=[
            {"item": i, "uitvoerder": "inburgeraar", "gedaan_op": dt.date(2023, 2, 3), "opmerking": ""} for i in items
        ],
        door=c1,
    )
    intake_services.intakegesprek_opslaan(
        casus=casus, data={"datum": dt.date(2023, 2, 1), "verslag": "Opleiding besproken."}, door=c1
    )
    casus = s.met_pip(casus, c1)  # brede intake afgerond, PIP versie 1 vastgesteld 200 days ago
    intake_services.leerbaarheidstoets_opslaan(
        casus=casus, data={"gepland_op": dt.date(2023, 2, 1), "afgenomen_op": dt.date(2023, 2, 1), "score": 33}, door=c1
    )

    school = s.school(gemeente=casus.gemeente)
    aanbod = s.aanbod(casus, c1, school)
    for i in range(4):
        lr_services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(i), uren=Decimal("160"), door=c1)
        lr_services.aanwezigheid_registreren(
            aanbod=aanbod, maand=s.maand(i), geplande_uren=40, aanwezige_uren=20 if i == 0 else 40, door=c1
        )
    lr_services.uren_registreren(casus=casus, soort="knm", maand=s.maand(0), uren=Decimal("10"), door=c1)
    lr_services.voortgangsgesprek_vastleggen(
        casus=casus, data={"datum": s.vandaag(), "afspraken": "Doorgaan."}, door=c1
    )
    lr_services.examen_registreren(casus=casus, onderdeel="KNM", datum=s.vandaag(), resultaat="geslaagd", door=c1)
    dag = s.vandaag() - dt.timedelta(days=30)
    lr_services.map_opslaan(casus=casus, data={"aanbieder": s.provider(), "startdatum": dag}, praktijk=[], door=c1)
    lr_services.pvt_opslaan(
        casus=casus,
        data={"aanbieder": s.provider(), "kernwaarden_introductie_op": dag},
        sessies=[{"soort": "bijeenkomst", "datum": dag, "uren": Decimal("4"), "omschrijving": "Kernwaarden"}],
        door=c1,
    )
    lr_services.afschaling_aanvragen(casus=casus, onderdelen=["SP"], motivatie="Twee keer gezakt.", door=c1)

    oz_services.ontzorgen_starten(
        casus=casus,
        data={"verblijfsvergunning_asiel": True, "bijstand_vanaf": s.vandaag() - dt.timedelta(days=150)},
        vaste_lasten=[],
        door=c1,
    )
    oz_services.training_opslaan(casus=casus, data={"aanbieder": "Humanitas", "startdatum": dag}, door=c1)
    oz_services.begeleiding_opslaan(
        casus=casus,
        data={
            "aanbieder": "Vluchtelingenwerk",
            "startdatum": dag,
            "praktische_hulp": True,
            "informatie_samenleving": True,
            "kennismaking_omgeving": True,
            "uren": Decimal("40"),
        },
        door=c1,
    )
    _activiteit(casus, c1, 0)
    oz_services.trede_vastleggen(casus=casus, trede=4, datum=s.vandaag() - dt.timedelta(days=20), door=c1)
    oz_services.uitstroom_vastleggen(
        casus=casus, data={"datum": s.vandaag(), "soort": "werk", "toelichting": "32 uur"}, door=c1
    )
    ParticipatiewetSignaal.objects.create(
        casus=casus, ontzorgen=casus.ontzorgen, datum=s.vandaag(), aanleiding="geweigerd", door=c1
    )

    procedure = hh_services.signaal_registreren(
        casus=casus,
        soort="pip",
        datum_constatering=s.vandaag() - dt.timedelta(days=5),
        feiten="Niet verschenen.",
        door=c1,
    )
    hh_services.bezwaar_registreren(
        casus=casus,
        pip_versie=PipVersie.objects.get(casus=casus, versie=1),
        ontvangen_op=s.vandaag(),
        gronden="Niet eens met de route.",
        door=c1,
    )
    Bericht.objects.create(
        gemeente=casus.gemeente,
        casus=casus,
        soort="pip",
        operatie="postPipByBsn",
        status="geweigerd",
        volgende_poging_op="2026-01-01T00:00:00Z",
        fouten=["Test."],
    )
    _document(casus, c1, 0)
    _toewijzen(world, casus)  # handed over and back: a change of consultant in the history
    assert procedure.pk
    return casus


def _toewijzen(world, casus):
    from cases import services

    for wie in ("c2", "c1"):
        services.casus_toewijzen(casus=casus, consultant=world.users[wie], door=world.users["tl"])


def _activiteit(casus, door, i):
    from ontzorgen import services as oz_services

    oz_services.activiteit_opslaan(
        casus=casus,
        data={
            "soort": "vrijwilligerswerk",
            "aanbieder": f"Voedselbank {i}",
            "startdatum": s.vandaag() - dt.timedelta(days=40),
            "uren_per_week": Decimal("8"),
            "uren": Decimal("12"),
            "nederlandstalig": True,
        },
        door=door,
    )


def _document(casus, door, i):
    from cases import services

    services.document_toevoegen(
        casus=casus,
        soort="brief",
        titel=f"Brief {i}",
        upload=SimpleUploadedFile(f"brief-{i}.pdf", PDF_BYTES, content_type="application/pdf"),
        door=door,
    )


def _twintig_meer(world, casus, door):
    """Twenty more of every repeating row the page shows or reads."""
    from cases import services
    from cases.models import Gezinslid, StatusOvergang, TijdlijnGebeurtenis
    from duo.models import Bericht
    from intake import services as intake_services
    from leerroutes import services as lr_services
    from ontzorgen import services as oz_services

    TijdlijnGebeurtenis.objects.bulk_create(
        TijdlijnGebeurtenis(casus=casus, soort="notitie", titel=f"Notitie {i}", door=door) for i in range(20)
    )
    StatusOvergang.objects.bulk_create(
        StatusOvergang(casus=casus, van="uitvoering", naar="uitvoering", toelichting=f"{i}", door=door)
        for i in range(20)
    )
    for i in range(5):  # hour rows: one per kind and month within the termijn (a school books each once)
        lr_services.uren_registreren(casus=casus, soort="participatie", maand=s.maand(i), uren=Decimal("2"), door=door)
        if i:
            lr_services.uren_registreren(casus=casus, soort="knm", maand=s.maand(i), uren=Decimal("2"), door=door)
    for i in range(1, 21):
        _document(casus, door, i)
        _activiteit(casus, door, i)
        Gezinslid.objects.create(inburgeraar=casus.inburgeraar, relatie="kind", naam=f"Kind {i}", geboortejaar=2015)
        lr_services.voortgangsgesprek_vastleggen(
            casus=casus, data={"datum": s.vandaag() - dt.timedelta(days=i), "afspraken": f"{i}"}, door=door
        )
        intake_services.intakegesprek_opslaan(
            casus=casus, data={"datum": dt.date(2023, 2, 1), "verslag": f"Gesprek {i}."}, door=door
        )
        oz_services.trede_vastleggen(
            casus=casus, trede=3 + i % 2, datum=s.vandaag() - dt.timedelta(days=19 - i // 2), door=door
        )
        Bericht.objects.create(
            gemeente=casus.gemeente,
            casus=casus,
            soort="uren",
            operatie="postUren",
            status="verzonden",
            volgende_poging_op="2026-01-01T00:00:00Z",
        )
        services.casus_bijwerken(
            casus=casus, data={"datum_huisvesting": s.vandaag() - dt.timedelta(days=400 + i)}, door=door
        )
        if i % 5 == 0:
            _toewijzen(world, casus)


def _pagina(client, casus):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:detail", kwargs={"casus_pk": casus.pk}))
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_case_page_query_count_is_fixed_and_does_not_grow(world, client):
    casus = _volle_casus(world)
    client.force_login(world.users["c1"])
    _, queries = _pagina(client, casus)
    assert len(queries) <= MAX_QUERIES, f"{len(queries)} queries:\n" + "\n".join(q[:160] for q in queries)

    _twintig_meer(world, casus, world.users["c1"])
    _, meer = _pagina(client, casus)
    assert len(meer) == len(queries), "\n".join(q[:160] for q in meer)
