"""The write path of handhaving: the whole procedure, every guard refusing without writing, bezwaar."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import TijdlijnGebeurtenis
from handhaving import services
from handhaving.models import Bezwaar, Boetebeschikking, Handhavingsprocedure, ProcedureStap
from inburgering.models import RegelInstelling
from pip.models import PipVersie
from tests.handhaving.scenario import (
    BEOORDEELD,
    OPGELEGD,
    SIGNAAL,
    TOETS,
    VOORNEMEN,
    ZIENSWIJZE,
    met_pip,
    procedure_tot,
)

D = dt.date
E = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def c1(world):
    return world.users["c1"]


@pytest.fixture
def gezin(world):
    """A gezinsmigrant's case (no legal review required) with a vastgesteld PIP."""
    return met_pip(world.cases["eigen"], doelgroep="gezinsmigrant")


@pytest.fixture
def asiel(world):
    """An asielstatushouder's case with a vastgesteld PIP."""
    return met_pip(world.cases["eigen"])


def snapshot(casus):
    """Everything handhaving writes for a case: a refused step must leave all of it unchanged."""
    return (
        TijdlijnGebeurtenis.objects.filter(casus=casus).count(),
        ProcedureStap.objects.filter(procedure__casus=casus).count(),
        Boetebeschikking.objects.filter(casus=casus).count(),
        list(Bezwaar.objects.filter(casus=casus).order_by("pk").values()),
        list(Handhavingsprocedure.objects.filter(casus=casus).order_by("pk").values()),
        Handhavingsprocedure.history.filter(casus_id=casus.pk).count(),
        PipVersie.objects.filter(casus=casus).count(),
    )


WET_START = D(2022, 1, 1)


def instelling(code, waarde, gemeente, ingang=WET_START):
    RegelInstelling.objects.create(code=code, gemeente=gemeente, ingangsdatum=ingang, waarde=waarde)


# --------------------------------------------------------------------------------------------
# The whole path
# --------------------------------------------------------------------------------------------


def test_from_signal_to_imposed_fine_every_step_on_the_timeline(gezin, c1, django_capture_on_commit_callbacks):
    procedure = procedure_tot(gezin, c1, "gehoord", zienswijze="schriftelijk")
    assert procedure.status == "gehoord"
    assert (procedure.volgnummer, procedure.berekend_bedrag, procedure.bedrag) == (1, E("25.00"), E("25.00"))
    assert procedure.zienswijze_tot == VOORNEMEN + dt.timedelta(weeks=2)  # the dated default: 2 weeks
    with django_capture_on_commit_callbacks() as callbacks:
        beschikking = services.boete_opleggen(procedure=procedure, dagtekening=OPGELEGD, door=c1)
    assert len(callbacks) == 1  # the PDF task, queued on commit
    procedure.refresh_from_db()
    assert procedure.status == "opgelegd" and procedure.te_betalen == E("25.00")
    assert beschikking.kenmerk == f"INB/2025/{gezin.pk:06d}/BOETE1"
    assert beschikking.betalen_voor == OPGELEGD + dt.timedelta(weeks=6)
    assert beschikking.einde_bezwaartermijn == D(2025, 5, 27)
    assert "€ 25,00" in beschikking.beschikking_html

    stappen = list(procedure.stappen.values_list("van", "naar", "datum", "door"))
    assert stappen == [
        ("", "signaal", SIGNAAL, c1.pk),
        ("signaal", "beoordeeld", BEOORDEELD, c1.pk),
        ("beoordeeld", "gewaarschuwd", D(2025, 3, 6), c1.pk),
        ("gewaarschuwd", "voornemen", VOORNEMEN, c1.pk),
        ("voornemen", "gehoord", ZIENSWIJZE, c1.pk),
        ("gehoord", "opgelegd", OPGELEGD, c1.pk),
    ]
    tijdlijn = list(
        TijdlijnGebeurtenis.objects.filter(casus=gezin, soort="handhaving")
        .order_by("pk")
        .values_list("titel", "door", "omschrijving")
    )
    titels = [t for t, _, _ in tijdlijn]
    assert titels[0] == "Handhaving PIP-afspraken: signaal geregistreerd"
    assert any("verwijtbaarheid beoordeeld: normale verwijtbaarheid" in t for t in titels)
    assert any("schriftelijke waarschuwing verstuurd" in t for t in titels)
    assert any("voornemen tot boete van € 25,00" in t for t in titels)
    assert any("boetebeschikking van € 25,00 opgelegd" in t for t in titels)
    assert all(door == c1.pk for _, door, _ in tijdlijn)  # who
    verwijtbaarheid = next(o for t, _, o in tijdlijn if "verwijtbaarheid beoordeeld" in t)
    assert (
        "Datum: 05-03-2025." in verwijtbaarheid and "Motivering: Geen reden opgegeven." in verwijtbaarheid
    )  # when, why
    # the acting user is on the history rows too
    assert set(Handhavingsprocedure.history.filter(id=procedure.pk).values_list("history_user", flat=True)) == {c1.pk}


def test_asielstatushouder_path_includes_the_legal_review(asiel, c1):
    procedure = procedure_tot(asiel, c1, "opgelegd")
    assert procedure.status == "opgelegd"
    assert procedure.juridische_toets_akkoord is True and procedure.jurist == "mr. J. de Wit"
    assert procedure.stappen.filter(naar="juridisch_getoetst", datum=TOETS).exists()


def test_ladder_counts_earlier_pip_fines_in_this_case(gezin, c1):
    eerste = procedure_tot(gezin, c1, "opgelegd")
    tweede = procedure_tot(gezin, c1, "opgelegd", waarschuwing=False)  # a repeat: no warning required
    derde = procedure_tot(gezin, c1, "voornemen", waarschuwing=False)
    assert [p.volgnummer for p in (eerste, tweede, derde)] == [1, 2, 3]
    assert [p.bedrag for p in (eerste, tweede, derde)] == [E("25.00"), E("50.00"), E("100.00")]  # 50/100/200 x 50%
    assert "3e boete voor het niet nakomen van het PIP" in derde.berekening
    # a brede intake fine is another kind: it neither counts for the PIP ladder nor needs... its own warning
    brede = procedure_tot(gezin, c1, "voornemen", soort="brede_intake", verwijtbaarheid="verminderd")
    assert (brede.volgnummer, brede.bedrag) == (1, E("250.00"))


def test_ladder_amounts_come_from_the_dated_settings(gezin, c1):
    instelling("boete_pip_trede_1", E("80"), gezin.gemeente)  # a municipal first step
    instelling("verwijtbaarheid_normaal_pct", E("40"), gezin.gemeente)
    instelling(
        "boete_pip_trede_1", E("10"), gezin.gemeente, ingang=D(2025, 6, 1)
    )  # not yet valid on the violation date
    procedure = procedure_tot(gezin, c1, "voornemen")
    assert procedure.bedrag == E("32.00")  # 80 x 40%, valid on the date of the violation


def test_a_withdrawn_fine_does_not_count_on_the_ladder(gezin, c1):
    eerste = procedure_tot(gezin, c1, "opgelegd")
    bezwaar = services.bezwaar_registreren(
        casus=gezin, boetebeschikking=eerste.beschikking, ontvangen_op=D(2025, 5, 1), gronden="Was ziek.", door=c1
    )
    services.bezwaar_beslissen(
        bezwaar=bezwaar,
        uitkomst="gegrond",
        beslist_op=D(2025, 6, 1),
        motivering="Ziekte aangetoond.",
        gevolg="boete_ingetrokken",
        door=c1,
    )
    eerste.refresh_from_db()
    assert eerste.status == "ingetrokken"
    volgende = procedure_tot(gezin, c1, "voornemen")
    assert (volgende.volgnummer, volgende.bedrag) == (1, E("25.00"))


# --------------------------------------------------------------------------------------------
# Guards: each refuses with a clear message and writes nothing
# --------------------------------------------------------------------------------------------


def test_no_voornemen_without_the_required_warning(gezin, c1):
    procedure = procedure_tot(gezin, c1, "beoordeeld")
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match="schriftelijke waarschuwing vóór een eerste boete"):
        services.voornemen_vastleggen(procedure=procedure, datum=VOORNEMEN, door=c1)
    assert snapshot(gezin) == voor


def test_warning_policy_is_a_dated_setting(gezin, c1):
    instelling("waarschuwing_voor_eerste_boete", E("0"), gezin.gemeente)
    procedure = procedure_tot(gezin, c1, "voornemen", waarschuwing=False)
    assert procedure.status == "voornemen" and procedure.waarschuwing_op is None


def test_no_fine_above_the_threshold_without_hearing(gezin, c1):
    instelling("boete_hoorplicht_drempel", E("20"), gezin.gemeente)  # so that a first fine of € 25 is above it
    procedure = procedure_tot(gezin, c1, "gehoord", zienswijze="schriftelijk")
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match=r"boven € 20,00 moet de inburgeraar eerst worden gehoord"):
        services.boete_opleggen(procedure=procedure, dagtekening=OPGELEGD, door=c1)
    assert snapshot(gezin) == voor


def test_hearing_required_on_the_ladder_above_340(gezin, c1):
    for _ in range(3):
        procedure_tot(gezin, c1, "opgelegd")
    vierde = procedure_tot(gezin, c1, "gehoord", verwijtbaarheid="opzet", zienswijze="schriftelijk", waarschuwing=False)
    assert vierde.bedrag == E("400.00")  # step 4 (€ 400) x 100%
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match="eerst worden gehoord"):
        services.boete_opleggen(procedure=vierde, dagtekening=OPGELEGD, door=c1)
    assert snapshot(gezin) == voor
    gehoord = procedure_tot(gezin, c1, "opgelegd", verwijtbaarheid="opzet", zienswijze="gehoord", waarschuwing=False)
    assert gehoord.status == "opgelegd"


@pytest.mark.parametrize("doelgroep", ["asielstatushouder", "gezinslid_asielstatushouder"])
def test_no_fine_for_an_asielstatushouder_without_legal_review(world, c1, doelgroep):
    casus = met_pip(world.cases["eigen"], doelgroep=doelgroep)
    procedure = procedure_tot(casus, c1, "gehoord", zienswijze="schriftelijk")
    voor = snapshot(casus)
    with pytest.raises(ValidationError, match="eerst juridisch getoetst"):
        services.boete_opleggen(procedure=procedure, dagtekening=OPGELEGD, door=c1)
    assert snapshot(casus) == voor


def test_negative_legal_review_ends_without_fine(asiel, c1):
    procedure = procedure_tot(asiel, c1, "gehoord")
    procedure = services.juridische_toets_vastleggen(
        procedure=procedure,
        datum=TOETS,
        jurist="mr. J. de Wit",
        akkoord=False,
        motivering="Geen uitzonderlijk geval.",
        door=c1,
    )
    assert procedure.status == "afgezien" and procedure.afgesloten_op == TOETS
    with pytest.raises(ValidationError, match="kan niet in de stap"):
        services.boete_opleggen(procedure=procedure, dagtekening=OPGELEGD, door=c1)


def test_no_culpability_no_fine(gezin, c1):
    procedure = procedure_tot(gezin, c1, "beoordeeld", verwijtbaarheid="geen")
    assert procedure.status == "afgezien" and procedure.bedrag is None
    voor = snapshot(gezin)
    with pytest.raises(ValidationError):
        services.voornemen_vastleggen(procedure=procedure, datum=VOORNEMEN, door=c1)
    assert snapshot(gezin) == voor


@pytest.mark.parametrize(
    ("stap", "kwargs", "message"),
    [
        (
            "signaal",
            {"verwijtbaarheid": "normaal", "motivering": " "},
            "Motiveer de verwijtbaarheid",
        ),  # motivation required
        ("signaal", {"verwijtbaarheid": "", "motivering": "x"}, "Kies de mate"),  # a degree is required
    ],
)
def test_verwijtbaarheid_needs_degree_and_motivation(gezin, c1, stap, kwargs, message):
    procedure = procedure_tot(gezin, c1, stap)
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match=message):
        services.verwijtbaarheid_beoordelen(procedure=procedure, datum=BEOORDEELD, door=c1, **kwargs)
    assert snapshot(gezin) == voor


def test_step_out_of_order_is_refused(gezin, c1):
    procedure = procedure_tot(gezin, c1, "signaal")
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match="'Boetebeschikking opleggen' kan niet in de stap 'signaal'"):
        services.boete_opleggen(procedure=procedure, dagtekening=OPGELEGD, door=c1)
    assert snapshot(gezin) == voor


def test_lower_amount_only_with_motivation(gezin, c1):
    procedure = procedure_tot(gezin, c1, "gewaarschuwd")
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match="Motiveer waarom de boete lager is"):
        services.voornemen_vastleggen(procedure=procedure, datum=VOORNEMEN, bedrag=E("10"), door=c1)
    assert snapshot(gezin) == voor
    procedure = services.voornemen_vastleggen(
        procedure=procedure, datum=VOORNEMEN, bedrag=E("10"), verlaging_motivering="Hoge schulden.", door=c1
    )
    assert (procedure.berekend_bedrag, procedure.bedrag, procedure.verlaging_motivering) == (
        E("25.00"),
        E("10.00"),
        "Hoge schulden.",
    )


def test_no_reaction_only_after_the_term(gezin, c1):
    procedure = procedure_tot(gezin, c1, "voornemen")
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match="termijn voor een zienswijze loopt tot en met 15-04-2025"):
        services.zienswijze_vastleggen(
            procedure=procedure, soort="geen_reactie", datum=D(2025, 4, 15), samenvatting="", door=c1
        )
    assert snapshot(gezin) == voor
    procedure = services.zienswijze_vastleggen(
        procedure=procedure, soort="geen_reactie", datum=D(2025, 4, 16), samenvatting="", door=c1
    )
    assert procedure.status == "gehoord"


def test_dates_in_the_future_or_before_the_previous_step_are_refused(gezin, c1):
    procedure = procedure_tot(gezin, c1, "signaal")
    with pytest.raises(ValidationError, match="toekomst"):
        services.verwijtbaarheid_beoordelen(
            procedure=procedure,
            verwijtbaarheid="normaal",
            motivering="x",
            datum=dt.date.today() + dt.timedelta(days=2),
            door=c1,
        )
    with pytest.raises(ValidationError, match="vorige stap"):
        services.verwijtbaarheid_beoordelen(
            procedure=procedure,
            verwijtbaarheid="normaal",
            motivering="x",
            datum=SIGNAAL - dt.timedelta(days=1),
            door=c1,
        )


def test_pip_signal_needs_a_vastgesteld_pip(world, c1):
    casus = world.cases["eigen"]  # no PIP
    voor = snapshot(casus)
    with pytest.raises(ValidationError, match="geen vastgesteld PIP"):
        services.signaal_registreren(casus=casus, soort="pip", datum_constatering=SIGNAAL, feiten="x", door=c1)
    assert snapshot(casus) == voor
    procedure = services.signaal_registreren(
        casus=casus, soort="brede_intake", datum_constatering=SIGNAAL, feiten="Niet gekomen.", door=c1
    )
    assert procedure.status == "signaal"  # the brede intake needs no PIP


@pytest.mark.parametrize("soort", ["ontzorgen_machtiging", "participatiewet"])
def test_participatiewet_signals_are_routed_and_never_fined(world, c1, soort):
    casus = world.cases["eigen"]
    procedure = services.signaal_registreren(
        casus=casus, soort=soort, datum_constatering=SIGNAAL, feiten="Weigert de machtiging.", door=c1
    )
    assert procedure.status == "participatiewet" and procedure.afgesloten_op == SIGNAAL
    assert TijdlijnGebeurtenis.objects.filter(casus=casus, titel__contains="doorgezet naar de Participatiewet").exists()
    with pytest.raises(ValidationError):
        services.verwijtbaarheid_beoordelen(procedure=procedure, verwijtbaarheid="opzet", motivering="x", door=c1)


def test_a_pip_signal_can_be_routed_to_the_participatiewet(gezin, c1):
    procedure = procedure_tot(gezin, c1, "beoordeeld")
    procedure = services.signaal_doorzetten(
        procedure=procedure, datum=BEOORDEELD, motivering="Sollicitatieplicht uit het brede PIP: bijstand.", door=c1
    )
    assert procedure.status == "participatiewet"


def test_only_who_may_change_the_case(world, gezin, c1):
    procedure = procedure_tot(gezin, c1, "signaal")
    voor = snapshot(gezin)
    with pytest.raises(PermissionDenied):  # c2: same team, not their case
        services.verwijtbaarheid_beoordelen(
            procedure=procedure, verwijtbaarheid="normaal", motivering="x", datum=BEOORDEELD, door=world.users["c2"]
        )
    assert snapshot(gezin) == voor
    procedure = services.verwijtbaarheid_beoordelen(
        procedure=procedure, verwijtbaarheid="normaal", motivering="x", datum=BEOORDEELD, door=world.users["tl"]
    )
    assert procedure.status == "beoordeeld"  # the team lead may


# --------------------------------------------------------------------------------------------
# After the boetebeschikking: payment, collection, remission
# --------------------------------------------------------------------------------------------


def test_collection_only_after_the_payment_term(gezin, c1):
    procedure = procedure_tot(gezin, c1, "opgelegd")
    betalen_voor = procedure.beschikking.betalen_voor
    with pytest.raises(ValidationError, match="betaaltermijn loopt nog"):
        services.boete_invorderen(procedure=procedure, datum=betalen_voor, motivering="", door=c1)
    procedure = services.boete_invorderen(
        procedure=procedure, datum=betalen_voor + dt.timedelta(days=1), motivering="Niet betaald.", door=c1
    )
    assert procedure.status == "invordering"
    with pytest.raises(ValidationError, match="Motiveer de kwijtschelding"):
        services.boete_kwijtschelden(
            procedure=procedure, datum=betalen_voor + dt.timedelta(days=30), motivering="", door=c1
        )
    procedure = services.boete_betaald(procedure=procedure, datum=betalen_voor + dt.timedelta(days=30), door=c1)
    assert procedure.status == "betaald" and procedure.afgesloten_op == betalen_voor + dt.timedelta(days=30)


def test_boetebeschikking_is_immutable(gezin, c1):
    beschikking = procedure_tot(gezin, c1, "opgelegd").beschikking
    beschikking.bedrag = E("1.00")
    with pytest.raises(ValidationError, match="kan niet worden gewijzigd"):
        beschikking.save()
    with pytest.raises(ValidationError):
        beschikking.delete()


def test_pdf_task_stores_the_pdf_once(gezin, c1, monkeypatch):
    from handhaving import tasks

    beschikking = procedure_tot(gezin, c1, "opgelegd").beschikking
    calls = []
    monkeypatch.setattr("handhaving.pdf.html_naar_pdf", lambda html: calls.append(html) or b"%PDF-1.7 test")
    tasks.boetebeschikking_pdf_maken(beschikking.pk)
    tasks.boetebeschikking_pdf_maken(beschikking.pk)  # redelivered: nothing new
    beschikking.refresh_from_db()
    assert beschikking.pdf and len(calls) == 1
    assert TijdlijnGebeurtenis.objects.filter(casus=gezin, titel="Boetebeschikking (PDF) gemaakt").count() == 1


# --------------------------------------------------------------------------------------------
# Bezwaar against any beschikking
# --------------------------------------------------------------------------------------------


def test_bezwaar_against_a_fine_lowered_after_hearing(gezin, c1):
    procedure = procedure_tot(gezin, c1, "opgelegd")
    bezwaar = services.bezwaar_registreren(
        casus=gezin, boetebeschikking=procedure.beschikking, ontvangen_op=D(2025, 5, 1), gronden="Te hoog.", door=c1
    )
    assert (bezwaar.einde_bezwaartermijn, bezwaar.te_laat) == (D(2025, 5, 27), False)
    assert bezwaar.beslissen_voor == D(2025, 7, 8)  # 6 weeks after the end of the bezwaartermijn
    procedure.refresh_from_db()
    assert procedure.status == "in_bezwaar"
    with pytest.raises(ValidationError, match="kan niet in de stap 'in bezwaar'"):  # no second boetebeschikking
        services.boete_opleggen(procedure=procedure, dagtekening=D(2025, 5, 2), door=c1)
    with pytest.raises(ValidationError, match="loopt al een bezwaar"):
        services.bezwaar_registreren(
            casus=gezin,
            boetebeschikking=procedure.beschikking,
            ontvangen_op=D(2025, 5, 2),
            gronden="Nog eens.",
            door=c1,
        )
    voor = snapshot(gezin)
    with pytest.raises(ValidationError, match="Hoor de indiener eerst"):
        services.bezwaar_beslissen(
            bezwaar=bezwaar,
            uitkomst="deels_gegrond",
            beslist_op=D(2025, 6, 20),
            motivering="x",
            gevolg="boete_verlaagd",
            nieuw_bedrag=E("10"),
            door=c1,
        )
    assert snapshot(gezin) == voor
    services.bezwaar_horen(bezwaar=bezwaar, datum=D(2025, 6, 10), verslag="Heeft schulden.", door=c1)
    services.bezwaar_beslissen(
        bezwaar=bezwaar,
        uitkomst="deels_gegrond",
        beslist_op=D(2025, 6, 20),
        motivering="Schulden aangetoond.",
        gevolg="boete_verlaagd",
        nieuw_bedrag=E("10"),
        door=c1,
    )
    procedure.refresh_from_db()
    assert (procedure.status, procedure.te_betalen, procedure.beschikking.bedrag) == (
        "opgelegd",
        E("10.00"),
        E("25.00"),
    )
    titels = list(TijdlijnGebeurtenis.objects.filter(casus=gezin, soort="bezwaar").values_list("titel", flat=True))
    assert any("beslist: deels gegrond – boete verlaagd" in t for t in titels)


def test_bezwaar_against_a_pip_version_leads_to_a_new_version(gezin, c1):
    versie = PipVersie.objects.get(casus=gezin, versie=1)
    bezwaar = services.bezwaar_registreren(
        casus=gezin, pip_versie=versie, ontvangen_op=D(2023, 4, 20), gronden="Route past niet.", door=c1
    )
    assert bezwaar.te_laat is True  # the term ended on 12-04-2023
    assert bezwaar.beslissen_voor == D(2023, 6, 1)  # counted from receipt
    with pytest.raises(ValidationError, match="past niet"):
        services.bezwaar_beslissen(
            bezwaar=bezwaar,
            uitkomst="gegrond",
            beslist_op=D(2023, 5, 20),
            motivering="x",
            gevolg="boete_ingetrokken",
            door=c1,
        )
    services.bezwaar_horen(bezwaar=bezwaar, afgezien_reden="Indiener ziet af van horen.", door=c1)
    bezwaar = services.bezwaar_beslissen(
        bezwaar=bezwaar,
        uitkomst="gegrond",
        beslist_op=D(2023, 5, 20),
        motivering="Z-route past beter.",
        gevolg="nieuwe_pip_versie",
        door=c1,
    )
    nieuw = bezwaar.nieuwe_pip_versie
    assert (nieuw.versie, nieuw.status, nieuw.reden) == (2, "concept", "overig")
    assert "Beslissing op bezwaar" in nieuw.reden_toelichting


def test_bezwaar_decision_deadline_is_a_dated_setting(gezin, c1):
    instelling("bezwaar_beslistermijn_weken", E("12"), gezin.gemeente)  # with an advisory committee
    versie = PipVersie.objects.get(casus=gezin, versie=1)
    bezwaar = services.bezwaar_registreren(
        casus=gezin, pip_versie=versie, ontvangen_op=D(2023, 3, 20), gronden="x", door=c1
    )
    assert bezwaar.beslissen_voor == D(2023, 4, 12) + dt.timedelta(weeks=12)


def test_bezwaar_needs_exactly_one_beschikking_of_this_case(world, gezin, c1):
    with pytest.raises(ValidationError, match="Kies de beschikking"):
        services.bezwaar_registreren(casus=gezin, ontvangen_op=D(2023, 3, 20), gronden="x", door=c1)
    ander = met_pip(world.cases["team"])
    versie = PipVersie.objects.get(casus=ander)
    with pytest.raises(ValidationError, match="hoort niet bij deze casus"):
        services.bezwaar_registreren(casus=gezin, pip_versie=versie, ontvangen_op=D(2023, 3, 20), gronden="x", door=c1)


def test_database_refuses_a_bezwaar_against_two_beschikkingen(gezin, c1):
    from django.db import IntegrityError, transaction

    procedure = procedure_tot(gezin, c1, "opgelegd")
    with pytest.raises(IntegrityError), transaction.atomic():
        Bezwaar.objects.create(
            casus=gezin,
            pip_versie=PipVersie.objects.get(casus=gezin),
            boetebeschikking=procedure.beschikking,
            ontvangen_op=D(2025, 5, 1),
            gronden="x",
            einde_bezwaartermijn=D(2025, 5, 27),
            beslissen_voor=D(2025, 7, 8),
            aangemaakt_door=c1,
        )


# --------------------------------------------------------------------------------------------
# Anonymisation
# --------------------------------------------------------------------------------------------


def test_anonymisation_scrubs_the_free_text(gezin, c1):
    from cases.retentie import casus_anonimiseren_uitvoeren

    procedure = procedure_tot(gezin, c1, "opgelegd")
    services.bezwaar_registreren(
        casus=gezin,
        boetebeschikking=procedure.beschikking,
        ontvangen_op=D(2025, 5, 1),
        gronden="Mijn dochter was ziek.",
        door=c1,
    )
    casus_anonimiseren_uitvoeren(casus=gezin)
    procedure.refresh_from_db()
    assert (procedure.feiten, procedure.verwijtbaarheid_motivering, procedure.zienswijze_samenvatting) == ("", "", "")
    assert procedure.bedrag == E("25.00") and procedure.status == "in_bezwaar"  # numbers and steps stay
    assert not ProcedureStap.objects.filter(procedure=procedure).exclude(motivering="").exists()
    assert Bezwaar.objects.get(casus=gezin).gronden == ""
    assert Boetebeschikking.objects.get(casus=gezin).beschikking_html == ""
    assert not Handhavingsprocedure.history.filter(casus_id=gezin.pk).exists()
