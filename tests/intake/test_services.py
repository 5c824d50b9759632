"""The intake's write path: warme overdracht, introductieweek, brede intake, leerbaarheidstoets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Casus, TijdlijnGebeurtenis
from intake import selectors, services
from intake.models import IntroductieItem, IntroductieTaak, Leerbaarheidstoets, WarmeOverdracht
from tests.conftest import PDF_BYTES

D = dt.date
pytestmark = pytest.mark.django_db

OVERDRACHT = {
    "azc": "AZC Zeist",
    "coa_contactpersoon": "M. de Vries",
    "gesprek_datum": D(2023, 1, 10),
    "gesprek_plaats": "AZC Zeist",
    "aanwezig_tolk": True,
    "voorinburgering": "Module 1 en 2 gedaan.",
    "gezondheid": "Slaapt slecht.",
    "gezin": "Partner en twee kinderen (nareis).",
    "opleiding_werk": "Verpleegkundige (hbo).",
    "zorgen": "Kinderopvang.",
}


def _tijdlijn(casus):
    return list(TijdlijnGebeurtenis.objects.filter(casus=casus).values_list("titel", flat=True))


def test_warme_overdracht_before_housing_moves_status_and_keeps_attachments(world):
    casus = world.cases["eigen"]
    assert casus.datum_huisvesting is None  # not housed yet: recording is allowed
    upload = SimpleUploadedFile("overdracht.pdf", PDF_BYTES, content_type="application/pdf")
    overdracht = services.warme_overdracht_opslaan(
        casus=casus, data=OVERDRACHT, bijlagen=[upload], door=world.users["c1"]
    )
    assert overdracht.vastgelegd_door == world.users["c1"]
    assert [d.titel for d in overdracht.bijlagen.all()] == ["Warme overdracht: overdracht.pdf"]
    assert Casus.objects.get(pk=casus.pk).status == "warme_overdracht"
    assert "Warme overdracht vastgelegd" in _tijdlijn(casus)
    # a second save updates the same record
    services.warme_overdracht_opslaan(casus=casus, data={**OVERDRACHT, "zorgen": "Geen."}, door=world.users["c1"])
    assert WarmeOverdracht.objects.get(casus=casus).zorgen == "Geen."
    assert WarmeOverdracht.objects.filter(casus=casus).count() == 1


def test_warme_overdracht_needs_date_and_place(world):
    with pytest.raises(ValidationError) as exc:
        services.warme_overdracht_opslaan(casus=world.cases["eigen"], data={"azc": "AZC"}, door=world.users["c1"])
    assert {"gesprek_datum", "gesprek_plaats"} <= set(exc.value.error_dict)


def test_read_only_colleague_cannot_write_and_nothing_changes(world):
    casus = world.cases["team"]  # a colleague's case: c1 may read it, not change it
    before = _tijdlijn(casus)
    with pytest.raises(PermissionDenied):
        services.warme_overdracht_opslaan(casus=casus, data=OVERDRACHT, door=world.users["c1"])
    with pytest.raises(PermissionDenied):
        services.leerbaarheidstoets_opslaan(casus=casus, data={"gepland_op": D(2023, 2, 1)}, door=world.users["c1"])
    assert not WarmeOverdracht.objects.filter(casus=casus).exists()
    assert _tijdlijn(casus) == before


def test_introductieweek_has_the_seeded_defaults():
    namen = list(IntroductieItem.objects.filter(actief=True).values_list("naam", flat=True))
    assert namen == [
        "Bijstand aanvragen",
        "Inrichtingskrediet",
        "Overbruggingskrediet",
        "Energie en water",
        "Zorgverzekering",
        "WA- en inboedelverzekering",
        "BRP-inschrijving",
        "Huurcontract",
        "DigiD",
        "Kwijtschelding",
    ]


def test_introductieweek_records_who_and_when_and_skips_untouched_rows(world):
    casus = world.cases["eigen"]
    items = {i.naam: i for i in IntroductieItem.objects.all()}
    regels = [
        {"item": items["DigiD"], "uitvoerder": "inburgeraar", "gedaan_op": D(2023, 2, 3), "opmerking": ""},
        {
            "item": items["Huurcontract"],
            "uitvoerder": "consultant",
            "gedaan_op": None,
            "opmerking": "Afspraak corporatie",
        },
        {"item": items["Kwijtschelding"], "uitvoerder": "", "gedaan_op": None, "opmerking": ""},  # untouched
    ]
    services.introductieweek_bijwerken(casus=casus, regels=regels, door=world.users["c1"])
    taken = {t.item.naam: t for t in IntroductieTaak.objects.filter(casus=casus)}
    assert set(taken) == {"DigiD", "Huurcontract"}
    assert taken["DigiD"].gedaan_op == D(2023, 2, 3) and taken["DigiD"].uitvoerder == "inburgeraar"
    assert "Introductieweek bijgewerkt" in _tijdlijn(casus)
    stand = selectors.intake_stand(casus, mag_bewerken=True)
    assert (stand.introductie_gedaan, stand.introductie_totaal) == (1, 10)


def test_introductieweek_items_are_configurable(world):
    casus = world.cases["eigen"]
    IntroductieItem.objects.filter(naam="Kwijtschelding").update(actief=False)
    IntroductieItem.objects.create(naam="Bibliotheekpas", volgorde=5)
    namen = [item.naam for item, _ in selectors.introductieweek(casus)]
    assert namen[0] == "Bibliotheekpas" and "Kwijtschelding" not in namen and len(namen) == 10


def test_brede_intake_structured_domains_and_status(world):
    casus = world.cases["eigen"]
    intake = services.brede_intake_opslaan(
        casus=casus,
        data={
            "opleiding_niveau": "hbo",
            "opleiding_jaren": 15,
            "alfabetisering": "AA",
            "gezondheid_psychisch": "licht",
            "kinderopvang_nodig": True,
            "bijstand": True,
            "interesse_sport": "Voetbal",
            "participatieladder_trede": 2,
        },
        door=world.users["c1"],
    )
    intake.refresh_from_db()
    assert (intake.opleiding_niveau, intake.alfabetisering, intake.participatieladder_trede) == ("hbo", "AA", 2)
    # an asielstatushouder without a recorded warme overdracht goes straight to the intake
    assert Casus.objects.get(pk=casus.pk).status == "intake"


@pytest.mark.parametrize(
    ("data", "veld"),
    [
        ({"routeadvies": "z", "routeadvies_motivatie": ""}, "routeadvies_motivatie"),  # advice without motivation
        ({"afgerond_op": D(2023, 2, 1), "participatieladder_trede": 3}, "routeadvies"),  # finished without advice
        (
            {"afgerond_op": D(2023, 2, 1), "routeadvies": "b1", "routeadvies_motivatie": "x"},
            "participatieladder_trede",
        ),  # no nulmeting
    ],
)
def test_brede_intake_refuses_advice_without_motivation_or_nulmeting(world, data, veld):
    with pytest.raises(ValidationError) as exc:
        services.brede_intake_opslaan(casus=world.cases["eigen"], data=data, door=world.users["c1"])
    assert veld in exc.value.error_dict


def test_intakegesprek_with_interpreter_needs_language(world):
    casus = world.cases["eigen"]
    with pytest.raises(ValidationError):
        services.intakegesprek_opslaan(
            casus=casus, data={"datum": D(2023, 2, 1), "verslag": "x", "tolk_ingezet": True}, door=world.users["c1"]
        )
    gesprek = services.intakegesprek_opslaan(
        casus=casus,
        data={"datum": D(2023, 2, 1), "verslag": "Opleiding besproken.", "tolk_ingezet": True, "tolk_taal": "Tigrinya"},
        door=world.users["c1"],
    )
    assert gesprek.tolk_taal == "Tigrinya"
    assert any("met tolk Tigrinya" in t for t in _tijdlijn(casus))


@pytest.mark.parametrize(
    ("score", "datum", "haalbaar", "drempel"),
    [
        (29, D(2023, 4, 11), False, 31),  # the day before the change: threshold 31
        (29, D(2023, 4, 12), True, 28),  # from 12 April 2023: threshold 28
        (31, D(2022, 6, 1), True, 31),  # exactly the threshold
    ],
)
def test_leerbaarheidstoets_result_follows_dated_threshold(world, score, datum, haalbaar, drempel):
    casus = world.cases["eigen"]
    toets = services.leerbaarheidstoets_opslaan(
        casus=casus, data={"gepland_op": datum, "afgenomen_op": datum, "score": score}, door=world.users["c1"]
    )
    assert (toets.haalbaar, toets.drempel) == (haalbaar, drempel)


def test_leerbaarheidstoets_uses_the_municipal_setting(world):
    from inburgering.models import RegelInstelling

    casus = world.cases["eigen"]
    RegelInstelling.objects.create(
        code="lbt_drempel_b1", gemeente=casus.gemeente, waarde=Decimal("30"), ingangsdatum=D(2024, 1, 1)
    )
    toets = services.leerbaarheidstoets_opslaan(
        casus=casus, data={"afgenomen_op": D(2024, 3, 1), "score": 29}, door=world.users["c1"]
    )
    assert (toets.haalbaar, toets.drempel) == (False, 30)


def test_leerbaarheidstoets_score_range_and_exemption(world):
    casus = world.cases["eigen"]
    with pytest.raises(ValidationError) as exc:
        services.leerbaarheidstoets_opslaan(
            casus=casus, data={"afgenomen_op": D(2024, 3, 1), "score": 41}, door=world.users["c1"]
        )
    assert "0 en 40" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.leerbaarheidstoets_opslaan(casus=casus, data={"vrijstelling": "visueel"}, door=world.users["c1"])
    assert "vrijstelling_reden" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.leerbaarheidstoets_opslaan(
            casus=casus,
            data={
                "vrijstelling": "auditief",
                "vrijstelling_reden": "Doof.",
                "score": 20,
                "afgenomen_op": D(2024, 3, 1),
            },
            door=world.users["c1"],
        )
    toets = services.leerbaarheidstoets_opslaan(
        casus=casus,
        data={"vrijstelling": "auditief", "vrijstelling_reden": "Doof sinds de geboorte."},
        door=world.users["c1"],
    )
    assert toets.haalbaar is None and Leerbaarheidstoets.objects.get(casus=casus).vrijstelling == "auditief"


def test_planned_then_taken(world):
    casus = world.cases["eigen"]
    services.leerbaarheidstoets_opslaan(casus=casus, data={"gepland_op": D(2023, 2, 14)}, door=world.users["c1"])
    assert selectors.intake_stand(casus, mag_bewerken=True).stappen[3][2] == "Gepland op 14 februari 2023"
    toets = services.leerbaarheidstoets_opslaan(
        casus=casus,
        data={"gepland_op": D(2023, 2, 14), "afgenomen_op": D(2023, 2, 14), "score": 33},
        door=world.users["c1"],
    )
    assert toets.haalbaar is True
    assert any("score 33" in t for t in _tijdlijn(casus))
