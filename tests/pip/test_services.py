"""The PIP's write path: concept, vaststellen, immutability, later versions, DUO checks, the offer."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.models import Casus, TijdlijnGebeurtenis
from pip import services
from pip.models import PipVersie
from tests.pip.scenario import BRP, INHOUD, concept, intake_afronden, met_datums, vastgesteld

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def casus(world):
    return met_datums(world.cases["eigen"])


@pytest.fixture
def c1(world):
    return world.users["c1"]


@pytest.fixture(autouse=True)
def _eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_first_concept_takes_the_intake(casus, c1):
    intake_afronden(casus, c1, routeadvies="z", routeadvies_motivatie="Analfabeet, score 12.", alfabetisering="A")
    versie = services.pip_concept_aanmaken(casus=casus, door=c1)
    assert (versie.versie, versie.status, versie.reden) == (1, "concept", "eerste")
    assert (versie.leerroute, versie.route_motivatie, versie.alfabetisering, versie.bijstand) == (
        "z",
        "Analfabeet, score 12.",
        "A",
        True,
    )
    assert versie.ontzorgen and versie.maatschappelijke_begeleiding  # asielstatushouder on bijstand
    assert Casus.objects.get(pk=casus.pk).status == "pip_in_voorbereiding"
    with pytest.raises(ValidationError, match="al een concept"):
        services.pip_concept_aanmaken(casus=casus, door=c1)


def test_vaststellen_sets_termijn_status_timeline_and_queues_the_pdf(casus, c1, django_capture_on_commit_callbacks):
    intake_afronden(casus, c1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        versie = vastgesteld(casus, c1, dagtekening=D(2023, 1, 31))
    assert len(callbacks) == 1  # the PDF task, queued on commit
    versie.refresh_from_db()
    assert versie.status == "vastgesteld" and versie.vastgesteld_door == c1
    assert (versie.termijn_start, versie.termijn_eind, versie.laatste_dag_schakelen) == (
        D(2023, 2, 1),
        D(2026, 1, 31),
        D(2024, 7, 31),
    )
    assert versie.kenmerk == f"INB/2023/{casus.pk:06d}/PIP1"
    assert versie.pdf and versie.pdf_sha256 and versie.pdf.read().startswith(b"%PDF-")
    assert Casus.objects.get(pk=casus.pk).status == "uitvoering"
    titels = list(TijdlijnGebeurtenis.objects.filter(casus=casus).values_list("titel", flat=True))
    assert "PIP versie 1 vastgesteld (dagtekening 31-01-2023)" in titels
    assert "Beschikking PIP versie 1 (PDF) gemaakt" in titels


def test_vastgestelde_versie_cannot_be_changed(casus, c1):
    versie = vastgesteld(casus, c1)
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        services.pip_concept_bijwerken(versie=versie, data={"leerroute": "z"}, door=c1)
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        services.pip_vaststellen(versie=versie, dagtekening=D(2023, 4, 1), ondertekend_op=D(2023, 4, 1), door=c1)
    versie.leerroute = "z"
    with pytest.raises(ValidationError):
        versie.save()  # the model refuses too, whatever path a change takes
    with pytest.raises(ValidationError):
        PipVersie.objects.get(pk=versie.pk).delete()
    assert PipVersie.objects.get(pk=versie.pk).leerroute == "b1"


def test_pdf_is_stored_once_and_never_regenerated(casus, c1):
    from pip.tasks import beschikking_pdf_maken

    versie = vastgesteld(casus, c1)  # no on_commit in a test transaction: make it by hand
    beschikking_pdf_maken(versie.pk)
    versie.refresh_from_db()
    eerste = (versie.pdf.name, versie.pdf_sha256)
    beschikking_pdf_maken(versie.pk)  # redelivered task
    services.pip_pdf_opslaan(versie_id=versie.pk, inhoud=b"%PDF-1.7 another")  # a second, different PDF is ignored
    versie.refresh_from_db()
    assert (versie.pdf.name, versie.pdf_sha256) == eerste


def test_later_version_keeps_the_termijn_of_the_first(casus, c1):
    eerste = vastgesteld(casus, c1, dagtekening=D(2023, 1, 31))
    tweede = services.pip_concept_aanmaken(
        casus=casus, door=c1, reden="verhuizing", reden_toelichting="Verhuisd naar Elst."
    )
    assert (tweede.versie, tweede.leerroute, tweede.map_inhoud) == (
        2,
        eerste.leerroute,
        eerste.map_inhoud,
    )  # content copied
    tweede = services.pip_vaststellen(versie=tweede, dagtekening=D(2023, 9, 1), ondertekend_op=D(2023, 9, 1), door=c1)
    assert (tweede.termijn_start, tweede.termijn_eind) == (D(2023, 2, 1), D(2026, 1, 31))
    derde = services.pip_concept_aanmaken(casus=casus, door=c1, reden="schakelen", reden_toelichting="B1 is te zwaar.")
    derde = services.pip_concept_bijwerken(
        versie=derde, data={"leerroute": "z", "niveau": "", "geschatte_intensiteit_b1": None}, door=c1
    )
    derde = services.pip_vaststellen(versie=derde, dagtekening=D(2024, 3, 1), ondertekend_op=D(2024, 3, 1), door=c1)
    assert (derde.termijn_start, derde.termijn_eind, derde.laatste_dag_schakelen) == (
        D(2023, 2, 1),
        D(2026, 1, 31),
        D(2024, 7, 31),
    )
    eerste.refresh_from_db()
    assert eerste.status == "vastgesteld" and eerste.leerroute == "b1"  # the first version is untouched


def test_later_version_needs_reason(casus, c1):
    with pytest.raises(ValidationError):
        services.pip_concept_aanmaken(
            casus=casus, door=c1, reden="schakelen", reden_toelichting="x"
        )  # no first PIP yet
    vastgesteld(casus, c1)
    with pytest.raises(ValidationError) as exc:
        services.pip_concept_aanmaken(casus=casus, door=c1, reden="eerste")
    assert "reden" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.pip_concept_aanmaken(casus=casus, door=c1, reden="overig", reden_toelichting=" ")
    assert "reden_toelichting" in exc.value.error_dict


def test_schakelen_after_18_months_is_refused(casus, c1):
    vastgesteld(casus, c1, dagtekening=D(2023, 1, 31))
    versie = services.pip_concept_aanmaken(
        casus=casus, door=c1, reden="schakelen", reden_toelichting="Onderwijsroute past beter."
    )
    versie = services.pip_concept_bijwerken(
        versie=versie,
        data={"leerroute": "onderwijs", "geschatte_intensiteit_b1": None, "map_inhoud": "", "map_intensiteit": ""},
        door=c1,
    )
    with pytest.raises(ValidationError, match="tot en met 31 juli 2024"):
        services.pip_vaststellen(versie=versie, dagtekening=D(2024, 8, 1), ondertekend_op=D(2024, 8, 1), door=c1)
    versie = services.pip_vaststellen(versie=versie, dagtekening=D(2024, 7, 31), ondertekend_op=D(2024, 7, 31), door=c1)
    assert versie.leerroute == "onderwijs"


@pytest.mark.parametrize(
    ("dagtekening", "inhoud", "melding"),
    [
        (BRP - dt.timedelta(days=1), {}, "vóór de vestiging in de gemeente"),  # before the BRP inschrijving
        (
            D(2023, 3, 1),
            {"niveau": "A2"},
            "eerste PIP kan de B1-route niet op niveau A2",
        ),  # A2 in B1-route on a first PIP
        (
            D(2023, 3, 1),
            {"leerroute": "onderwijs", "niveau": "A2", "geschatte_intensiteit_b1": None, "map_inhoud": ""},
            "onderwijsroute",
        ),
        (
            D(2023, 3, 1),
            {"leerroute": "z", "niveau": "B1", "geschatte_intensiteit_b1": None},
            "Z-route",
        ),  # B1 with the Z-route
        (D(2023, 3, 1), {"leerroute": "z", "niveau": ""}, "intensiteit"),  # intensity outside the B1-route
    ],
)
def test_duo_rules_are_enforced_on_vaststellen(casus, c1, dagtekening, inhoud, melding):
    versie = concept(casus, c1, **inhoud)
    with pytest.raises(ValidationError) as exc:
        services.pip_vaststellen(versie=versie, dagtekening=dagtekening, ondertekend_op=dagtekening, door=c1)
    assert any(melding in m for m in exc.value.messages), exc.value.messages
    assert PipVersie.objects.get(pk=versie.pk).status == "concept"  # nothing changed


def test_duo_rule_dagtekening_before_current_pip(casus, c1):
    vastgesteld(casus, c1, dagtekening=D(2023, 3, 1))
    versie = services.pip_concept_aanmaken(casus=casus, door=c1, reden="overig", reden_toelichting="Andere taalschool.")
    with pytest.raises(ValidationError, match="vóór de dagtekening van het huidige PIP"):
        services.pip_vaststellen(versie=versie, dagtekening=D(2023, 2, 28), ondertekend_op=D(2023, 2, 28), door=c1)


def test_duo_refuses_without_kennisgeving(world, c1):
    casus = met_datums(world.cases["eigen"], kennisgeving=None)
    with pytest.raises(ValidationError, match="DUO-kennisgeving"):
        vastgesteld(casus, c1)


def test_afschalen_is_allowed_in_a_later_version(casus, c1):
    vastgesteld(casus, c1, dagtekening=D(2023, 3, 1))
    versie = services.pip_concept_aanmaken(
        casus=casus, door=c1, reden="afschalen", reden_toelichting="B1 schrijven niet haalbaar."
    )
    versie = services.pip_concept_bijwerken(versie=versie, data={"niveau": "A2", "nt2_uren": 650}, door=c1)
    versie = services.pip_vaststellen(versie=versie, dagtekening=D(2024, 6, 1), ondertekend_op=D(2024, 6, 1), door=c1)
    assert versie.niveau == "A2"


def test_mandatory_content_and_motivation(casus, c1):
    versie = concept(casus, c1, route_motivatie="", pvt_inhoud="")
    with pytest.raises(ValidationError) as exc:
        services.pip_vaststellen(versie=versie, dagtekening=D(2023, 3, 1), ondertekend_op=D(2023, 3, 1), door=c1)
    tekst = " ".join(exc.value.messages)
    assert "Motiveer de keuze voor de leerroute" in tekst and "PVT" in tekst


def test_offer_differs_per_doelgroep(world, c1):
    asiel = met_datums(world.cases["eigen"])
    intake_afronden(asiel, c1, bijstand=True)
    v_asiel = services.pip_concept_aanmaken(casus=asiel, door=c1)
    assert v_asiel.ontzorgen and v_asiel.maatschappelijke_begeleiding

    from tests.conftest import make_case

    gezinsmigrant = make_case(
        consultant=c1,
        team=world.team1,
        gemeente=world.gemeente_a,
        door=c1,
        n=10,
        doelgroep="gezinsmigrant",
        datum_kennisgeving=D(2023, 1, 2),
        datum_brp_inschrijving=D(2023, 1, 31),
    )
    intake_afronden(gezinsmigrant, c1, bijstand=True)
    v_gezin = services.pip_concept_aanmaken(casus=gezinsmigrant, door=c1)
    assert not v_gezin.ontzorgen and not v_gezin.maatschappelijke_begeleiding  # not in a gezinsmigrant's offer
    # content outside the offer is refused with a Dutch message
    v_gezin = services.pip_concept_bijwerken(
        versie=v_gezin,
        data={**INHOUD, "geschatte_intensiteit_b1": None, "ontzorgen": True, "maatschappelijke_begeleiding": True},
        door=c1,
    )
    with pytest.raises(ValidationError) as exc:
        services.pip_vaststellen(versie=v_gezin, dagtekening=D(2023, 3, 1), ondertekend_op=D(2023, 3, 1), door=c1)
    tekst = " ".join(exc.value.messages)
    assert "Financieel ontzorgen hoort alleen bij een asielstatushouder" in tekst
    assert "Maatschappelijke begeleiding hoort niet bij het aanbod" in tekst
    v_gezin = services.pip_concept_bijwerken(
        versie=v_gezin, data={"ontzorgen": False, "maatschappelijke_begeleiding": False}, door=c1
    )
    assert services.pip_vaststellen(
        versie=v_gezin, dagtekening=D(2023, 3, 1), ondertekend_op=D(2023, 3, 1), door=c1
    ).is_vastgesteld


def test_pip_form_fields_follow_the_offer(world):
    from pip.forms import PipInhoudForm

    casus = world.cases["eigen"]
    asiel = PipInhoudForm(instance=PipVersie(casus=casus, versie=1), casus=casus)
    casus.doelgroep = "gezinsmigrant"
    gezin = PipInhoudForm(instance=PipVersie(casus=casus, versie=1), casus=casus)
    weg = {
        "ontzorgen",
        "ontzorgen_afspraken",
        "maatschappelijke_begeleiding",
        "maatschappelijke_begeleiding_afspraken",
        "geschatte_intensiteit_b1",
    }
    assert weg <= set(asiel.fields)
    assert not weg & set(gezin.fields)
    casus.doelgroep = "gezinslid_asielstatushouder"
    gezinslid = PipInhoudForm(instance=PipVersie(casus=casus, versie=1), casus=casus)
    assert "ontzorgen" not in gezinslid.fields and "maatschappelijke_begeleiding" in gezinslid.fields


def test_pip_deadlines_and_termijn_on_the_case(world, c1):
    from decimal import Decimal

    from inburgering.models import RegelInstelling
    from pip.selectors import pip_stand

    casus = met_datums(world.cases["eigen"])
    RegelInstelling.objects.create(
        code="pip_lokale_norm_weken", gemeente=casus.gemeente, waarde=Decimal("6"), ingangsdatum=D(2022, 1, 1)
    )
    stand = pip_stand(casus, vandaag=D(2023, 3, 1))
    assert [(t.label, t.datum, t.dagen) for t in stand.termijnen] == [
        ("Wettelijke termijn PIP (10 weken)", D(2023, 4, 11), 41),
        ("Eigen streeftermijn PIP (6 weken)", D(2023, 3, 14), 13),
    ]
    assert pip_stand(casus, vandaag=D(2023, 3, 20)).termijnen[1].tekst == "6 dagen te laat"
    vastgesteld(casus, c1, dagtekening=D(2023, 3, 1))
    stand = pip_stand(casus, vandaag=D(2023, 3, 20))
    assert all(t.dagen is None for t in stand.termijnen)  # met: no countdown any more
    assert (stand.eerste.termijn_start, stand.eerste.laatste_dag_schakelen) == (D(2023, 3, 2), D(2024, 9, 1))
