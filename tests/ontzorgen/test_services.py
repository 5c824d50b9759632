"""The write path of ontzorgen, begeleiding and participation: outcomes, timeline, history and refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Casus, TijdlijnGebeurtenis
from inburgering.models import RegelInstelling
from ontzorgen import selectors, services
from ontzorgen.models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    OntzorgenEvaluatie,
    ParticipatieActiviteit,
    ParticipatiewetSignaal,
    TredeMeting,
    VasteLast,
)
from tests.ontzorgen.scenario import nulmeting, ontzorgen_starten, pip_vastgesteld

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def c1(world):
    return world.users["c1"]


def titels(casus):
    return list(TijdlijnGebeurtenis.objects.filter(casus=casus).values_list("titel", flat=True))


def met_doelgroep(casus, doelgroep):
    Casus.objects.filter(pk=casus.pk).update(doelgroep=doelgroep)
    return Casus.objects.select_related("gemeente").get(pk=casus.pk)


# --------------------------------------------------------------------------------------------
# Financieel ontzorgen: start, period, eligibility
# --------------------------------------------------------------------------------------------


def test_starten_on_the_first_day_of_bijstand_with_the_minimum_and_the_fixed_costs(casus, c1):
    o = ontzorgen_starten(casus, c1)
    assert (o.bijstand_vanaf, o.minimale_maanden, o.minimaal_tot) == (D(2023, 1, 31), 6, D(2023, 7, 30))
    assert o.evaluatie_uiterlijk == D(2023, 7, 2)  # 4 weeks (dated setting) before the minimum end
    lasten = {last.soort.naam: last for last in VasteLast.objects.filter(ontzorgen=o).select_related("soort")}
    assert set(lasten) == {"Huur", "Energie", "Water", "Zorgverzekering"}
    assert lasten["Huur"].begunstigde == "Woonstichting De Linge" and lasten["Huur"].bedrag == Decimal("650.00")
    # the monthly total of what is paid on a day in the period: 650 + 110 + 60/3 + 1234.56/12
    assert selectors.totaal_per_maand(list(lasten.values()), D(2023, 3, 1)) == Decimal("882.88")
    gestart = TijdlijnGebeurtenis.objects.get(casus=casus, titel="Financieel ontzorgen gestart")
    assert gestart.door == c1
    assert "minimaal tot en met 30 juli 2023" in gestart.omschrijving
    assert "Evaluatie uiterlijk 2 juli 2023" in gestart.omschrijving
    assert "Huur: €\u00a0650,00 per maand aan Woonstichting De Linge" in gestart.omschrijving
    assert o.history.first().history_user == c1  # the acting user on the history row


def test_the_minimum_and_the_evaluation_lead_time_are_dated_settings_per_gemeente(casus, c1, world):
    RegelInstelling.objects.create(
        code="ontzorgen_min_maanden", gemeente=world.gemeente_a, waarde=9, ingangsdatum=D(2023, 1, 1)
    )
    RegelInstelling.objects.create(
        code="ontzorgen_evaluatie_weken_voor_eind", gemeente=world.gemeente_a, waarde=0, ingangsdatum=D(2023, 1, 1)
    )
    o = ontzorgen_starten(casus, c1)
    assert (o.minimale_maanden, o.minimaal_tot, o.evaluatie_uiterlijk) == (9, D(2023, 10, 30), D(2023, 10, 30))
    # a start before the gemeente's rule took effect: the national default of that day
    other = ontzorgen_starten(world.cases["ander"], world.users["c3"], bijstand_vanaf=D(2023, 1, 31))
    assert (other.minimale_maanden, other.minimaal_tot) == (6, D(2023, 7, 30))


@pytest.mark.parametrize("doelgroep", ["gezinslid_asielstatushouder", "gezinsmigrant", "overige_migrant"])
def test_starten_is_refused_where_the_rule_says_ontzorgen_does_not_apply(casus, c1, doelgroep):
    casus = met_doelgroep(casus, doelgroep)
    with pytest.raises(ValidationError, match="Niet van toepassing"):
        ontzorgen_starten(casus, c1)
    assert not Ontzorgen.objects.filter(casus=casus).exists()
    assert not VasteLast.objects.exists()


def test_starten_is_refused_without_an_asiel_permit(casus, c1):
    with pytest.raises(ValidationError, match="asielvergunning"):
        ontzorgen_starten(casus, c1, verblijfsvergunning_asiel=False)
    assert not Ontzorgen.objects.exists()


def test_a_fixed_cost_cannot_start_before_the_ontzorgen(casus, c1):
    from tests.ontzorgen.scenario import standaard_lasten

    with pytest.raises(ValidationError) as exc:
        services.ontzorgen_starten(
            casus=casus,
            data={"verblijfsvergunning_asiel": True, "bijstand_vanaf": D(2023, 3, 1)},
            vaste_lasten=standaard_lasten(start=D(2023, 2, 1)),
            door=c1,
        )
    assert exc.value.vaste_last_regel == 0 and "startdatum" in exc.value.error_dict
    assert not Ontzorgen.objects.exists()  # the whole start is rolled back


def test_only_the_case_s_editors_write(casus, c1, world):
    o = ontzorgen_starten(casus, c1)
    for actor in (world.users["c2"], world.users["c3"], world.users["fb"]):  # colleague, other team, beheerder
        with pytest.raises(PermissionDenied):
            services.machtiging_wijzigen(
                ontzorgen=o, data={"machtiging": "geweigerd", "machtiging_datum": D(2023, 2, 1)}, door=actor
            )
    assert not ParticipatiewetSignaal.objects.exists()
    services.vaste_last_wijzigen(last=o.vaste_lasten.first(), data={"kenmerk": "K-1"}, door=world.users["tl"])


# --------------------------------------------------------------------------------------------
# Evaluation: due before the minimum end, decisions
# --------------------------------------------------------------------------------------------


def test_an_evaluation_is_due_before_the_minimum_end_and_shown_on_the_case(casus, c1, client):
    o = ontzorgen_starten(casus, c1)
    due = selectors.evaluatie_deadline(casus)
    assert due == D(2023, 7, 2) and due < o.minimaal_tot
    assert list(selectors.evaluaties_verschuldigd(D(2023, 7, 2))) == [o]  # what a work list will pick up
    assert list(selectors.evaluaties_verschuldigd(D(2023, 7, 1))) == []
    client.force_login(c1)
    html = client.get(casus.get_absolute_url()).content.decode()
    assert "Evaluatie ontzorgen uiterlijk" in html
    assert '<time datetime="2023-07-02">2 juli 2023</time>' in html
    assert "te laat" in html  # 2 July 2023 is in the past


def test_evaluatie_verlengen_moves_the_end_and_plans_the_next_evaluation(casus, c1):
    o = ontzorgen_starten(casus, c1)
    e = services.ontzorgen_evalueren(
        ontzorgen=o,
        datum=D(2023, 6, 20),
        besluit="verlengen",
        tot=D(2023, 12, 31),
        motivering="Nog veel schulden.",
        door=c1,
    )
    o.refresh_from_db()
    assert (o.verlengd_tot, o.einddatum, o.evaluatie_uiterlijk) == (D(2023, 12, 31), None, D(2023, 12, 3))
    assert (e.uiterlijk, e.op_tijd) == (D(2023, 7, 2), True)
    assert "Evaluatie ontzorgen: verlengd tot en met 31 december 2023" in titels(casus)
    # the next one: tapering off, after the (extended) period's due date
    e2 = services.ontzorgen_evalueren(
        ontzorgen=o, datum=D(2023, 12, 10), besluit="afbouwen", tot=D(2024, 3, 31), motivering="Gaat goed.", door=c1
    )
    o.refresh_from_db()
    assert (o.einddatum, o.evaluatie_uiterlijk, e2.op_tijd) == (D(2024, 3, 31), None, False)
    assert OntzorgenEvaluatie.objects.filter(ontzorgen=o).count() == 2  # both decisions are kept


def test_evaluatie_stoppen_ends_the_payments_and_needs_no_further_evaluation(casus, c1):
    o = ontzorgen_starten(casus, c1)
    services.ontzorgen_evalueren(
        ontzorgen=o, datum=D(2023, 7, 1), besluit="stoppen", tot=D(2023, 7, 31), motivering="Zelfredzaam.", door=c1
    )
    o.refresh_from_db()
    assert (o.einddatum, o.evaluatie_uiterlijk, selectors.evaluatie_deadline(casus)) == (D(2023, 7, 31), None, None)
    assert set(VasteLast.objects.filter(ontzorgen=o).values_list("einddatum", flat=True)) == {D(2023, 7, 31)}
    assert selectors.totaal_per_maand(selectors.vaste_lasten(o), D(2023, 8, 1)) == 0


@pytest.mark.parametrize(
    ("besluit", "tot", "motivering", "veld"),
    [
        ("stoppen", D(2023, 6, 30), "Zelfredzaam.", "tot"),  # before the minimum end
        ("verlengen", D(2023, 7, 30), "Nodig.", "tot"),  # not beyond the current end
        ("stoppen", D(2023, 7, 30), " ", "motivering"),  # without a motivation
    ],
)
def test_evaluatie_refuses_what_the_rules_forbid(casus, c1, besluit, tot, motivering, veld):
    o = ontzorgen_starten(casus, c1)
    with pytest.raises(ValidationError) as exc:
        services.ontzorgen_evalueren(
            ontzorgen=o, datum=D(2023, 7, 1), besluit=besluit, tot=tot, motivering=motivering, door=c1
        )
    assert veld in exc.value.error_dict
    assert not OntzorgenEvaluatie.objects.exists()


# --------------------------------------------------------------------------------------------
# Machtiging: refusal is a Participatiewet signal, never a fine
# --------------------------------------------------------------------------------------------


def _handhaving_rijen() -> dict[str, int]:
    return {m.__name__: m._default_manager.count() for m in apps.get_app_config("handhaving").get_models()}


def test_refusing_the_machtiging_creates_a_participatiewet_signal_and_no_fine(casus, c1):
    o = ontzorgen_starten(casus, c1)
    handhaving_voor = _handhaving_rijen()
    services.machtiging_wijzigen(
        ontzorgen=o, data={"machtiging": "gevraagd", "machtiging_datum": D(2023, 2, 1)}, door=c1
    )
    assert not ParticipatiewetSignaal.objects.exists()
    services.machtiging_wijzigen(
        ontzorgen=o,
        data={
            "machtiging": "geweigerd",
            "machtiging_datum": D(2023, 2, 8),
            "machtiging_toelichting": "Wil zelf betalen.",
        },
        door=c1,
    )
    signaal = ParticipatiewetSignaal.objects.get()
    assert (signaal.casus, signaal.ontzorgen, signaal.datum, signaal.aanleiding, signaal.door) == (
        casus,
        o,
        D(2023, 2, 8),
        "geweigerd",
        c1,
    )
    assert "Signaal Participatiewet: machtiging ontzorgen geweigerd" in titels(casus)
    assert _handhaving_rijen() == handhaving_voor  # no fine, no violation, nothing in handhaving
    soorten = set(TijdlijnGebeurtenis.objects.filter(casus=casus).values_list("soort", flat=True))
    assert "handhaving" not in soorten
    # saving the same refusal again does not signal twice; a withdrawal after consent does
    services.machtiging_wijzigen(
        ontzorgen=o,
        data={"machtiging": "geweigerd", "machtiging_datum": D(2023, 2, 8), "machtiging_toelichting": "Idem."},
        door=c1,
    )
    assert ParticipatiewetSignaal.objects.count() == 1
    services.machtiging_wijzigen(
        ontzorgen=o, data={"machtiging": "afgegeven", "machtiging_datum": D(2023, 3, 1)}, door=c1
    )
    services.machtiging_wijzigen(
        ontzorgen=o, data={"machtiging": "ingetrokken", "machtiging_datum": D(2023, 5, 1)}, door=c1
    )
    assert list(ParticipatiewetSignaal.objects.values_list("aanleiding", flat=True)) == ["ingetrokken", "geweigerd"]
    assert _handhaving_rijen() == handhaving_voor


def test_ontzorgen_code_never_reaches_for_handhaving():
    import inspect

    import ontzorgen.selectors
    import ontzorgen.services
    import ontzorgen.views

    for module in (ontzorgen.services, ontzorgen.selectors, ontzorgen.views):
        assert "import handhaving" not in inspect.getsource(module)
        assert "from handhaving" not in inspect.getsource(module)


def test_machtiging_other_than_niet_gevraagd_needs_a_date(casus, c1):
    o = ontzorgen_starten(casus, c1)
    with pytest.raises(ValidationError) as exc:
        services.machtiging_wijzigen(ontzorgen=o, data={"machtiging": "geweigerd", "machtiging_datum": None}, door=c1)
    assert "machtiging_datum" in exc.value.error_dict
    assert not ParticipatiewetSignaal.objects.exists()


# --------------------------------------------------------------------------------------------
# Fixed costs, training
# --------------------------------------------------------------------------------------------


def test_stopping_a_fixed_cost_keeps_the_row_and_its_history(casus, c1, world):
    o = ontzorgen_starten(casus, c1)
    huur = o.vaste_lasten.get(soort__naam="Huur")
    services.vaste_last_wijzigen(last=huur, data={"bedrag": Decimal("675.00")}, door=c1)
    services.vaste_last_wijzigen(last=huur, data={"einddatum": D(2023, 9, 30)}, door=world.users["tl"])
    huur.refresh_from_db()
    assert (huur.bedrag, huur.einddatum) == (Decimal("675.00"), D(2023, 9, 30))
    rows = list(huur.history.order_by("history_date").values_list("bedrag", "einddatum", "history_user__username"))
    assert rows == [
        (Decimal("650.00"), None, "consultant1"),
        (Decimal("675.00"), None, "consultant1"),
        (Decimal("675.00"), D(2023, 9, 30), "teamleider"),
    ]
    assert "Vaste last gestopt: Huur" in titels(casus)
    nieuw = services.vaste_last_toevoegen(
        ontzorgen=o,
        data={
            "soort": huur.soort,
            "begunstigde": "Nieuwe Woonstichting",
            "bedrag": Decimal("700"),
            "frequentie": "maand",
            "startdatum": D(2023, 10, 1),
        },
        door=c1,
    )
    assert nieuw.pk and "Vaste last toegevoegd: Huur" in titels(casus)


def test_training_financiele_zelfredzaamheid_is_for_everyone(casus, c1):
    casus = met_doelgroep(casus, "gezinsmigrant")  # no ontzorgen, but the training
    t = services.training_opslaan(casus=casus, data={"aanbieder": "Humanitas", "startdatum": D(2023, 3, 1)}, door=c1)
    assert t.pk and not t.afgerond
    with pytest.raises(ValidationError):  # completed needs an end date
        services.training_opslaan(casus=casus, data={"afgerond": True}, door=c1)
    services.training_opslaan(casus=casus, data={"afgerond": True, "einddatum": D(2023, 5, 1)}, door=c1)
    assert "Training financiële zelfredzaamheid afgerond op 1 mei 2023" in titels(casus)


# --------------------------------------------------------------------------------------------
# The PIP and the ontzorgen record point to each other
# --------------------------------------------------------------------------------------------


def test_the_record_carries_out_a_vastgestelde_pip_version_of_its_own_case(casus, c1, world, client):
    versie = pip_vastgesteld(casus)
    o = ontzorgen_starten(casus, c1, pip_versie=versie)
    assert versie.ontzorgen_uitvoering.get() == o  # the PIP's side of the link
    client.force_login(c1)
    html = client.get(versie.get_absolute_url()).content.decode()
    assert "Uitvoering van de afspraken" in html and f"/casussen/{casus.pk}/ontzorgen/" in html
    html = client.get(casus.get_absolute_url()).content.decode()
    assert f'href="{versie.get_absolute_url()}">PIP versie 1</a>' in html
    # a newer PIP version is pointed out on the case
    pip_vastgesteld(casus, versie=2, dagtekening=D(2023, 9, 1))
    assert "er is een nieuwere versie 2" in client.get(casus.get_absolute_url()).content.decode()
    # another case's version is refused
    andere = pip_vastgesteld(world.cases["team"])
    with pytest.raises(ValidationError):
        services.ontzorgen_bijwerken(ontzorgen=o, data={"pip_versie": andere}, door=c1)


# --------------------------------------------------------------------------------------------
# Maatschappelijke begeleiding and participation hours
# --------------------------------------------------------------------------------------------

BEGELEIDING = {
    "aanbieder": "Vluchtelingenwerk",
    "startdatum": D(2023, 2, 1),
    "praktische_hulp": True,
    "informatie_samenleving": True,
    "kennismaking_omgeving": True,
    "uren": Decimal("40"),
}


@pytest.mark.parametrize(
    ("doelgroep", "toegestaan"),
    [
        ("asielstatushouder", True),  # art. 13-1-a
        ("gezinslid_asielstatushouder", True),  # art. 13-1-b
        ("gezinsmigrant", False),
        ("overige_migrant", False),
    ],
)
def test_maatschappelijke_begeleiding_for_asiel_doelgroepen_only(casus, c1, doelgroep, toegestaan):
    casus = met_doelgroep(casus, doelgroep)
    if toegestaan:
        b = services.begeleiding_opslaan(casus=casus, data=BEGELEIDING, door=c1)
        assert b.pk and "Maatschappelijke begeleiding door Vluchtelingenwerk vanaf 1 februari 2023" in titels(casus)
    else:
        with pytest.raises(ValidationError, match="hoort niet bij het aanbod"):
            services.begeleiding_opslaan(casus=casus, data=BEGELEIDING, door=c1)
        assert not MaatschappelijkeBegeleiding.objects.exists()


def test_begeleiding_closes_with_a_report(casus, c1):
    services.begeleiding_opslaan(casus=casus, data=BEGELEIDING, door=c1)
    with pytest.raises(ValidationError) as exc:
        services.begeleiding_opslaan(casus=casus, data={"afgesloten_op": D(2024, 2, 1)}, door=c1)
    assert "eindverslag" in exc.value.error_dict
    services.begeleiding_opslaan(
        casus=casus,
        data={"afgesloten_op": D(2024, 2, 1), "eindverslag": "Zelfstandig.", "uren": Decimal("96.5")},
        door=c1,
    )
    assert "Maatschappelijke begeleiding afgesloten op 1 februari 2024" in titels(casus)
    with pytest.raises(ValidationError):  # at least one component
        services.begeleiding_opslaan(
            casus=casus,
            data={"praktische_hulp": False, "informatie_samenleving": False, "kennismaking_omgeving": False},
            door=c1,
        )


def _activiteit(casus, door, **extra):
    data = {
        "soort": "vrijwilligerswerk",
        "aanbieder": "Voedselbank",
        "startdatum": D(2023, 4, 1),
        "uren_per_week": Decimal("8"),
        "uren": Decimal("120"),
        "nederlandstalig": True,
        **extra,
    }
    return services.activiteit_opslaan(casus=casus, data=data, door=door)


@pytest.mark.parametrize(
    ("leerroute", "totaal"),
    [
        ("z", Decimal("200")),  # Z-route: 120 + 40 (taalstage) + 40 hours of begeleiding
        ("b1", Decimal("160")),  # B1-route: the begeleiding does not count
        (None, Decimal("160")),  # no vastgestelde PIP yet: no route, it does not count
    ],
)
def test_participatie_uren_count_begeleiding_only_in_the_z_route(casus, c1, leerroute, totaal):
    if leerroute:
        pip_vastgesteld(casus, leerroute=leerroute)
    services.begeleiding_opslaan(casus=casus, data=BEGELEIDING, door=c1)
    _activiteit(casus, c1)
    _activiteit(casus, c1, soort="taalstage", aanbieder="Bibliotheek", uren=Decimal("40"), nederlandstalig=False)
    uren = selectors.participatie_uren(casus)
    assert (uren.activiteiten, uren.nederlandstalig, uren.begeleiding) == (
        Decimal("160"),
        Decimal("120"),
        Decimal("40"),
    )
    assert uren.totaal == totaal and uren.begeleiding_telt_mee is (leerroute == "z")


def test_activiteit_changes_only_on_its_own_case(casus, c1, world):
    a = _activiteit(casus, c1)
    assert "Participatie: vrijwilligerswerk bij Voedselbank" in titels(casus)
    services.activiteit_opslaan(casus=casus, data={"uren": Decimal("150")}, activiteit=a, door=c1)
    assert ParticipatieActiviteit.objects.get(pk=a.pk).uren == Decimal("150")
    with pytest.raises(PermissionDenied):
        services.activiteit_opslaan(casus=world.cases["ander"], data={"uren": 1}, activiteit=a, door=world.users["c3"])


def test_uitstroom_to_work(casus, c1):
    u = services.uitstroom_vastleggen(
        casus=casus, data={"datum": D(2024, 9, 1), "soort": "werk", "toelichting": "Monteur, 32 uur"}, door=c1
    )
    assert u.pk and "Uitstroom naar werk op 1 september 2024" in titels(casus)


# --------------------------------------------------------------------------------------------
# The participatieladder: every change with date and who
# --------------------------------------------------------------------------------------------


def test_trede_history_keeps_every_change_with_date_and_who(casus, c1, world):
    tl = world.users["tl"]
    with pytest.raises(ValidationError, match="nulmeting"):
        services.trede_vastleggen(casus=casus, trede=3, datum=D(2023, 5, 1), door=c1)
    nulmeting(casus, c1, trede=2, afgerond_op=D(2023, 2, 20))
    services.trede_vastleggen(casus=casus, trede=3, datum=D(2023, 5, 1), toelichting="Vrijwilligerswerk.", door=c1)
    services.trede_vastleggen(casus=casus, trede=4, datum=D(2023, 9, 1), door=tl)
    services.trede_vastleggen(casus=casus, trede=4, datum=D(2023, 12, 1), door=c1)
    services.trede_vastleggen(casus=casus, trede=3, datum=D(2024, 2, 1), toelichting="Ziek.", door=tl)

    historie = selectors.trede_historie(casus)
    assert [(s.datum, s.trede, s.vorige, s.door, s.bron) for s in historie] == [
        (D(2023, 2, 20), 2, None, c1, "Nulmeting (brede intake)"),
        (D(2023, 5, 1), 3, 2, c1, "Meting"),
        (D(2023, 9, 1), 4, 3, tl, "Meting"),
        (D(2023, 12, 1), 4, 4, c1, "Meting"),
        (D(2024, 2, 1), 3, 4, tl, "Meting"),
    ]
    assert [s.verandering for s in historie] == [
        "Nulmeting",
        "Omhoog van trede 2",
        "Omhoog van trede 3",
        "Gelijk gebleven",
        "Omlaag van trede 4",
    ]
    assert all(s.vastgelegd_op is not None for s in historie)
    assert "Participatieladder: trede 4 → 3 (omlaag)" in titels(casus)

    # rows are never changed: a correction is a new measurement
    meting = TredeMeting.objects.first()
    meting.trede = 6
    with pytest.raises(ValidationError):
        meting.save()
    assert TredeMeting.objects.get(pk=meting.pk).trede == 3
    # no measurement before the nulmeting, nor before the latest one
    with pytest.raises(ValidationError):
        services.trede_vastleggen(casus=casus, trede=3, datum=D(2023, 2, 19), door=c1)
    with pytest.raises(ValidationError):
        services.trede_vastleggen(casus=casus, trede=3, datum=D(2024, 1, 31), door=c1)
    assert TredeMeting.objects.count() == 4


def test_a_corrected_nulmeting_stays_in_the_history(casus, c1, world):
    nulmeting(casus, c1, trede=2)
    from intake import services as intake_services

    intake_services.brede_intake_opslaan(casus=casus, data={"participatieladder_trede": 1}, door=world.users["tl"])
    historie = selectors.trede_historie(casus)
    assert [(s.trede, s.door, s.bron) for s in historie] == [
        (2, c1, "Nulmeting (brede intake)"),
        (1, world.users["tl"], "Nulmeting gecorrigeerd (brede intake)"),
    ]
    # a measurement continues from the corrected value
    m = services.trede_vastleggen(casus=casus, trede=2, datum=D(2023, 6, 1), door=c1)
    assert m.vorige_trede == 1


# --------------------------------------------------------------------------------------------
# Privacy
# --------------------------------------------------------------------------------------------


def test_anonymisation_scrubs_names_and_free_text_and_keeps_the_numbers(casus, c1):
    from cases.retentie import casus_anonimiseren_uitvoeren

    o = ontzorgen_starten(casus, c1)
    services.machtiging_wijzigen(
        ontzorgen=o,
        data={"machtiging": "geweigerd", "machtiging_datum": D(2023, 2, 8), "machtiging_toelichting": "Persoonlijk."},
        door=c1,
    )
    services.ontzorgen_evalueren(
        ontzorgen=o, datum=D(2023, 7, 1), besluit="stoppen", tot=D(2023, 7, 30), motivering="Zeer persoonlijk.", door=c1
    )
    _activiteit(casus, c1, omschrijving="Bij de buurvrouw")
    casus_anonimiseren_uitvoeren(casus=casus)
    assert set(VasteLast.objects.values_list("begunstigde", flat=True)) == {"Geanonimiseerd"}
    assert VasteLast.objects.filter(bedrag=Decimal("650.00")).exists()  # amounts stay
    assert OntzorgenEvaluatie.objects.get().motivering == "Geanonimiseerd"
    assert ParticipatiewetSignaal.objects.get().toelichting == ""
    assert Ontzorgen.objects.get().machtiging_toelichting == ""
    assert ParticipatieActiviteit.objects.get().omschrijving == ""
    assert ParticipatieActiviteit.objects.get().uren == Decimal("120")
    assert not VasteLast.history.exists() and not Ontzorgen.history.exists()
