"""The write path of the leerroutes: outcomes in the database, on the timeline and in the PIP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import TijdlijnGebeurtenis
from inburgering.models import RegelInstelling
from leerroutes import selectors, services
from leerroutes.models import Aanwezigheid, Examen, Inburgeringsaanbod, Signaal, Urenregistratie, Voortgangsgesprek
from leerroutes.rules import volgend_voortgangsgesprek
from pip import services as pip_services
from pip.models import PipVersie
from pip.rules import datum_nl

from . import scenario as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def b1(world):
    """Own case of consultant c1: asielstatushouder, B1-route, PIP vastgesteld 200 days ago, offer at a school."""
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    school = s.school(gemeente=casus.gemeente)
    aanbod = s.aanbod(casus, c1, school)
    return casus, c1, school, aanbod


def _uren(casus, door, soort, totaal, maanden=6):
    """Spread `totaal` hours of `soort` over the last `maanden` months."""
    per = Decimal(totaal) / maanden
    for i in range(maanden):
        services.uren_registreren(
            casus=casus,
            soort=soort,
            maand=s.maand(i),
            uren=per.quantize(Decimal("0.01")) + (1 if i == 0 else 0),
            door=door,
        )


# --- inburgeringsaanbod ------------------------------------------------------------------------


def test_aanbod_inkoop_voor_asiel_met_contractprijs(b1):
    casus, c1, school, aanbod = b1
    assert aanbod.soort == "inkoop"
    assert aanbod.contract is not None and aanbod.prijs == Decimal("9500.00")
    assert TijdlijnGebeurtenis.objects.filter(casus=casus, titel__startswith="Inburgeringsaanbod vastgelegd").exists()


def test_aanbod_inkoop_zonder_geldig_contract_wordt_geweigerd(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    zonder_contract = s.school(naam="Andere school")
    with pytest.raises(ValidationError, match="geen contract"):
        s.aanbod(casus, c1, zonder_contract)


def test_aanbod_advies_voor_gezinsmigrant_zonder_contract(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, doelgroep="gezinsmigrant")
    aanbod = s.aanbod(casus, c1, s.school(naam="Vrije keuze"))
    assert aanbod.soort == "advies" and aanbod.contract is None and aanbod.prijs is None


def test_aanbod_datums_na_dagtekening_en_binnen_termijn(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    school = s.school(gemeente=casus.gemeente)
    eerste, huidige = selectors.pip_eerste_en_huidige(casus)
    with pytest.raises(ValidationError, match="na de dagtekening"):
        services.aanbod_vastleggen(
            casus=casus, taalaanbieder=school, startdatum=huidige.dagtekening, uren_per_week=10, door=c1
        )
    with pytest.raises(ValidationError, match="binnen de inburgeringstermijn"):
        services.aanbod_vastleggen(
            casus=casus,
            taalaanbieder=school,
            startdatum=huidige.dagtekening + dt.timedelta(days=1),
            verwachte_einddatum=eerste.termijn_eind + dt.timedelta(days=1),
            uren_per_week=10,
            door=c1,
        )
    assert not Inburgeringsaanbod.objects.filter(casus=casus).exists()


def test_aanbod_zonder_pip_wordt_geweigerd(world):
    school = s.school(gemeente=world.gemeente_a)
    with pytest.raises(ValidationError, match="vastgesteld PIP"):
        services.aanbod_vastleggen(
            casus=world.cases["eigen"],
            taalaanbieder=school,
            startdatum=s.vandaag(),
            uren_per_week=10,
            door=world.users["c1"],
        )


def test_een_lopend_aanbod_per_casus_en_beeindigen(b1):
    casus, c1, school, aanbod = b1
    with pytest.raises(ValidationError, match="loopt al"):
        s.aanbod(casus, c1, school, leerlingnummer="S-2")
    services.aanbod_beeindigen(aanbod=aanbod, einddatum=s.vandaag(), reden="Verhuisd", door=c1)
    assert s.aanbod(casus, c1, school, leerlingnummer="S-2").lopend


def test_collega_van_het_team_mag_niet_schrijven(world):
    c1, c2 = world.users["c1"], world.users["c2"]
    casus = s.met_pip(world.cases["eigen"], c1)
    school = s.school(gemeente=casus.gemeente)
    with pytest.raises(PermissionDenied):
        s.aanbod(casus, c2, school)


# --- hours and attendance ----------------------------------------------------------------------


def test_uren_per_maand_zijn_idempotent_en_vervangen(b1):
    casus, c1, _, aanbod = b1
    rij, status = services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(1), uren=Decimal("40"), door=c1)
    assert status == "nieuw" and rij.aanbod == aanbod
    _, status = services.uren_registreren(
        casus=casus, soort="nt2", maand=s.maand(1) + dt.timedelta(days=9), uren=Decimal("40"), door=c1
    )
    assert status == "gelijk"
    _, status = services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(1), uren=Decimal("42.5"), door=c1)
    assert status == "gewijzigd"
    assert Urenregistratie.objects.filter(casus=casus).count() == 1
    assert selectors.uren_totalen(casus)["nt2"] == Decimal("42.5")


def test_uren_in_de_toekomst_of_negatief_geweigerd(b1):
    casus, c1, _, _ = b1
    volgende_maand = (s.vandaag().replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    with pytest.raises(ValidationError, match="toekomst"):
        services.uren_registreren(casus=casus, soort="nt2", maand=volgende_maand, uren=Decimal("4"), door=c1)
    with pytest.raises(ValidationError, match="negatief"):
        services.uren_registreren(casus=casus, soort="knm", maand=s.maand(1), uren=Decimal("-1"), door=c1)


def test_participatie_uren_zonder_aanbod(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="z")
    rij, _ = services.uren_registreren(
        casus=casus,
        soort="participatie",
        maand=s.maand(1),
        uren=Decimal("30"),
        door=c1,
        participatieaanbieder=s.provider(),
    )
    assert rij.aanbod is None
    with pytest.raises(ValidationError, match="inburgeringsaanbod"):
        services.uren_registreren(casus=casus, soort="nt2", maand=s.maand(1), uren=Decimal("30"), door=c1)


def test_lage_aanwezigheid_geeft_een_signaal_op_de_casus_eenmaal(b1):
    casus, c1, _, aanbod = b1
    rij, _ = services.aanwezigheid_registreren(
        aanbod=aanbod, maand=s.maand(1), geplande_uren=Decimal("48"), aanwezige_uren=Decimal("30"), door=c1
    )
    assert rij.percentage == Decimal("62.5")
    signaal = Signaal.objects.get(casus=casus)
    assert signaal.drempel == Decimal("80") and signaal.afgehandeld_op is None
    assert (
        TijdlijnGebeurtenis.objects.filter(casus=casus, soort="signaal", titel__contains="lage aanwezigheid").count()
        == 1
    )
    # the same figures again, and a lower one: still one signal
    services.aanwezigheid_registreren(aanbod=aanbod, maand=s.maand(1), geplande_uren=48, aanwezige_uren=30, door=c1)
    services.aanwezigheid_registreren(aanbod=aanbod, maand=s.maand(1), geplande_uren=48, aanwezige_uren=20, door=c1)
    assert Signaal.objects.filter(casus=casus).count() == 1
    # visible at a glance
    stand = selectors.traject_stand(casus, vandaag=s.vandaag(), mag_bewerken=True)
    assert stand.open_signalen and any(t.variant == "warning" for t in stand.taken)
    # handled by the consultant
    services.signaal_afhandelen(signaal=signaal, afhandeling="Ziek geweest; afspraak gemaakt.", door=c1)
    assert not selectors.traject_stand(casus, vandaag=s.vandaag(), mag_bewerken=True).open_signalen


def test_drempel_aanwezigheid_is_een_gedateerde_instelling_per_gemeente(b1):
    casus, c1, _, aanbod = b1
    RegelInstelling.objects.create(
        code="aanwezigheid_signaal_pct", gemeente=casus.gemeente, waarde=90, ingangsdatum=dt.date(2020, 1, 1)
    )
    services.aanwezigheid_registreren(aanbod=aanbod, maand=s.maand(1), geplande_uren=40, aanwezige_uren=34, door=c1)
    assert Signaal.objects.get(casus=casus).drempel == Decimal("90")


def test_gecorrigeerde_aanwezigheid_sluit_het_signaal(b1):
    casus, c1, _, aanbod = b1
    services.aanwezigheid_registreren(aanbod=aanbod, maand=s.maand(1), geplande_uren=40, aanwezige_uren=10, door=c1)
    services.aanwezigheid_registreren(aanbod=aanbod, maand=s.maand(1), geplande_uren=40, aanwezige_uren=38, door=c1)
    assert Signaal.objects.get(casus=casus).afgehandeld_op is not None
    assert Aanwezigheid.objects.get(aanbod=aanbod).percentage == Decimal("95.0")


# --- voortgangsgesprekken and exams ----------------------------------------------------------------


def test_voortgangsgesprek_plant_het_volgende_volgens_de_pip_frequentie(b1):
    casus, c1, _, _ = b1
    eerste, huidige = selectors.pip_eerste_en_huidige(casus)
    due, laatste = selectors.volgend_gesprek(casus, huidige, eerste)
    assert laatste is None  # the first one counts from the start of the termijn
    assert due == volgend_voortgangsgesprek(eerste.termijn_start, "maandelijks")
    datum = s.vandaag() - dt.timedelta(days=3)
    gesprek = services.voortgangsgesprek_vastleggen(
        casus=casus,
        data={
            "datum": datum,
            "mentor_school": "J. Jansen",
            "voortgang_spreken": "onvoldoende",
            "afspraken": "Oefenen.",
        },
        door=c1,
    )
    assert gesprek.volgende_uiterlijk == volgend_voortgangsgesprek(datum, huidige.voortgangsgesprekken)
    assert selectors.volgend_gesprek(casus, huidige, eerste)[0] == gesprek.volgende_uiterlijk
    assert "mentor school (J. Jansen)" in gesprek.deelnemers


def test_voortgangsgesprek_in_de_toekomst_en_zonder_afspraken_geweigerd(b1):
    casus, c1, _, _ = b1
    with pytest.raises(ValidationError) as exc:
        services.voortgangsgesprek_vastleggen(
            casus=casus, data={"datum": s.vandaag() + dt.timedelta(days=1), "afspraken": ""}, door=c1
        )
    assert len(exc.value.messages) == 2


def test_voortgangsgesprek_wijzigen_legt_vast_wie_en_wanneer(b1, world):
    casus, c1, _, _ = b1
    teamleider = world.users["tl"]
    gesprek = s.gesprek(casus, c1, dagen_geleden=10, afspraken="Oefenen met schrijvn.")
    _, huidige = selectors.pip_eerste_en_huidige(casus)
    datum = s.vandaag() - dt.timedelta(days=8)
    voor = timezone.now()
    services.voortgangsgesprek_wijzigen(
        gesprek=gesprek, data={"datum": datum, "afspraken": "Oefenen met schrijven."}, versie=1, door=teamleider
    )
    gesprek = Voortgangsgesprek.objects.get(pk=gesprek.pk)
    assert (gesprek.datum, gesprek.afspraken, gesprek.versie) == (datum, "Oefenen met schrijven.", 2)
    assert gesprek.vastgelegd_door == c1  # who recorded the talk stays; who corrected it is in the history
    assert gesprek.volgende_uiterlijk == volgend_voortgangsgesprek(datum, huidige.voortgangsgesprekken)
    correctie = gesprek.history.latest()
    assert (correctie.history_type, correctie.history_user, correctie.afspraken) == (
        "~",
        teamleider,
        "Oefenen met schrijven.",
    )
    assert correctie.history_date >= voor and gesprek.history.count() == 2
    regel = TijdlijnGebeurtenis.objects.filter(casus=casus).first()
    assert regel.titel == f"Voortgangsgesprek van {datum_nl(datum)} gewijzigd"
    assert (regel.door, regel.url, regel.omschrijving) == (
        teamleider,
        gesprek.get_absolute_url(),
        "Gewijzigd: datum, afspraken",
    )


def test_voortgangsgesprek_wijzigen_houdt_zich_aan_de_regels_van_vastleggen(b1):
    casus, c1, _, _ = b1
    gesprek = s.gesprek(casus, c1)
    _, huidige = selectors.pip_eerste_en_huidige(casus)
    tijdlijn = TijdlijnGebeurtenis.objects.filter(casus=casus).count()
    with pytest.raises(ValidationError) as exc:
        services.voortgangsgesprek_wijzigen(
            gesprek=gesprek, data={"datum": s.vandaag() + dt.timedelta(days=1), "afspraken": " "}, versie=1, door=c1
        )
    assert exc.value.messages == [
        "Een voortgangsgesprek wordt vastgelegd als het is gehouden; de datum ligt in de toekomst.",
        "Leg de gemaakte afspraken vast.",
    ]
    with pytest.raises(ValidationError, match="vóór het eerste PIP"):
        services.voortgangsgesprek_wijzigen(gesprek=gesprek, data={"datum": huidige.dagtekening}, versie=1, door=c1)
    # the same values again change nothing: no new version, history or timeline entry
    services.voortgangsgesprek_wijzigen(gesprek=gesprek, data={"afspraken": gesprek.afspraken}, versie=1, door=c1)
    opgeslagen = Voortgangsgesprek.objects.get(pk=gesprek.pk)
    assert (opgeslagen.datum, opgeslagen.afspraken, opgeslagen.versie) == (gesprek.datum, gesprek.afspraken, 1)
    assert opgeslagen.history.count() == 1
    assert TijdlijnGebeurtenis.objects.filter(casus=casus).count() == tijdlijn


def test_voortgangsgesprek_wijzigen_alleen_wie_de_casus_mag_wijzigen(b1, world):
    casus, c1, _, _ = b1
    gesprek = s.gesprek(casus, c1)
    for naam in ("c2", "c3"):  # a colleague of the team (read only) and a consultant of another team
        with pytest.raises(PermissionDenied):
            services.voortgangsgesprek_wijzigen(
                gesprek=gesprek, data={"afspraken": "Niet van mij."}, versie=1, door=world.users[naam]
            )
    assert Voortgangsgesprek.objects.get(pk=gesprek.pk).afspraken == gesprek.afspraken


def test_examenpogingen_nummeren_en_gratis_volgens_doelgroep(b1):
    casus, c1, _, _ = b1
    datum = s.vandaag() - dt.timedelta(days=10)
    pogingen = [
        services.examen_registreren(casus=casus, onderdeel="SP", niveau="B1", datum=datum, resultaat="gezakt", door=c1)
        for _ in range(3)
    ]
    assert [(e.poging, e.gratis) for e in pogingen] == [(1, True), (2, True), (3, False)]
    knm = services.examen_registreren(
        casus=casus, onderdeel="KNM", niveau="B1", datum=datum, resultaat="geslaagd", door=c1
    )
    assert knm.poging == 1 and knm.niveau == "" and knm.gratis
    onder = services.examen_registreren(
        casus=casus, onderdeel="LE", niveau="A2", datum=datum, resultaat="geslaagd", door=c1
    )
    assert not onder.gratis  # below the PIP level B1
    stand = {e.onderdeel: e for e in selectors.examen_stand(casus, selectors.pip_eerste_en_huidige(casus)[1])}
    assert stand["KNM"].behaald and not stand["LE"].behaald and not stand["SP"].behaald


def test_examen_gezinsmigrant_nooit_gratis_en_geen_resultaat_vraagt_reden(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, doelgroep="gezinsmigrant")
    e = services.examen_registreren(
        casus=casus, onderdeel="LE", niveau="B1", datum=s.vandaag(), resultaat="geslaagd", door=c1
    )
    assert e.poging == 1 and not e.gratis
    with pytest.raises(ValidationError, match="geen resultaat"):
        services.examen_registreren(
            casus=casus, onderdeel="LU", niveau="B1", datum=s.vandaag(), resultaat="geen", door=c1
        )
    assert Examen.objects.filter(casus=casus).count() == 1


# --- schakelen and afschalen ------------------------------------------------------------------------


def test_schakelen_na_de_laatste_dag_wordt_geweigerd(b1):
    casus, c1, _, _ = b1
    eerste, _ = selectors.pip_eerste_en_huidige(casus)
    with pytest.raises(ValidationError, match="Schakelen van leerroute kan tot en met"):
        services.schakeling_aanvragen(
            casus=casus,
            nieuwe_route="z",
            motivatie="Te zwaar.",
            door=c1,
            op=eerste.laatste_dag_schakelen + dt.timedelta(days=1),
        )
    assert PipVersie.objects.filter(casus=casus).count() == 1


def test_schakelen_maakt_een_nieuwe_pip_versie_en_de_termijn_blijft(b1):
    casus, c1, _, _ = b1
    eerste, _ = selectors.pip_eerste_en_huidige(casus)
    versie = services.schakeling_aanvragen(
        casus=casus, nieuwe_route="z", motivatie="A2 blijkt niet haalbaar.", door=c1, op=eerste.laatste_dag_schakelen
    )
    assert (versie.versie, versie.reden, versie.status, versie.leerroute, versie.niveau) == (
        2,
        "schakelen",
        "concept",
        "z",
        "",
    )
    assert versie.geschatte_intensiteit_b1 is None
    vast = pip_services.pip_vaststellen(versie=versie, dagtekening=s.vandaag(), ondertekend_op=s.vandaag(), door=c1)
    assert (vast.termijn_start, vast.termijn_eind, vast.laatste_dag_schakelen) == (
        eerste.termijn_start,
        eerste.termijn_eind,
        eerste.laatste_dag_schakelen,
    )
    assert selectors.pip_eerste_en_huidige(casus)[1].leerroute == "z"


def test_schakelen_naar_onderwijsroute_haalt_de_map_uit_het_pip(b1):
    casus, c1, _, _ = b1
    versie = services.schakeling_aanvragen(casus=casus, nieuwe_route="onderwijs", motivatie="Hoog opgeleid.", door=c1)
    assert (versie.niveau, versie.map_inhoud) == ("B1", "")


def test_afschalen_buiten_de_b1_route_wordt_geweigerd(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="onderwijs")
    with pytest.raises(ValidationError, match="alleen in de B1-route"):
        services.afschaling_aanvragen(casus=casus, onderdelen=["SP"], motivatie="Inzet.", door=c1)
    assert PipVersie.objects.filter(casus=casus).count() == 1


def test_afschalen_zonder_genoeg_nt2_uren_wordt_geweigerd(b1):
    casus, c1, _, _ = b1
    _uren(casus, c1, "nt2", 300)
    with pytest.raises(ValidationError, match="ten minste 600 uur"):
        services.afschaling_aanvragen(casus=casus, onderdelen=["SP"], motivatie="Inzet.", door=c1)


def test_afschalen_maakt_een_nieuwe_pip_versie_op_a2_en_de_termijn_blijft(b1):
    casus, c1, _, _ = b1
    _uren(casus, c1, "nt2", 620)
    eerste, _ = selectors.pip_eerste_en_huidige(casus)
    versie = services.afschaling_aanvragen(
        casus=casus, onderdelen=["SP", "SC"], motivatie="Alle lessen gevolgd, twee keer gezakt.", door=c1
    )
    assert (versie.versie, versie.reden, versie.niveau, versie.leerroute) == (2, "afschalen", "A2", "b1")
    assert versie.nt2_uren >= 600 and "spreken" in versie.reden_toelichting
    assert selectors.afgeschaalde_onderdelen(casus) == set()  # not before vaststelling
    vast = pip_services.pip_vaststellen(versie=versie, dagtekening=s.vandaag(), ondertekend_op=s.vandaag(), door=c1)
    assert (vast.termijn_start, vast.termijn_eind) == (eerste.termijn_start, eerste.termijn_eind)
    assert selectors.afgeschaalde_onderdelen(casus) == {"SP", "SC"}
    stand = {e.onderdeel: e.vereist_niveau for e in selectors.examen_stand(casus, vast)}
    assert stand["SP"] == "A2" and stand["KNM"] == ""


def test_nt2_uren_bij_school_zonder_keurmerk_tellen_niet_voor_afschalen(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1)
    s.aanbod(casus, c1, s.school(naam="Zonder keurmerk", keurmerk="geen", gemeente=casus.gemeente))
    _uren(casus, c1, "nt2", 700)
    assert selectors.nt2_uren_keurmerk(casus) == 0
    with pytest.raises(ValidationError, match="ten minste 600 uur"):
        services.afschaling_aanvragen(casus=casus, onderdelen=["SP"], motivatie="Inzet.", door=c1)


# --- MAP, PVT, Z-route ------------------------------------------------------------------------------


def _map_data(provider, **extra):
    return {"aanbieder": provider, "startdatum": s.vandaag() - dt.timedelta(days=60), **extra}


def test_map_niet_in_de_onderwijsroute(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="onderwijs")
    with pytest.raises(ValidationError, match="geen MAP"):
        services.map_opslaan(casus=casus, data=_map_data(s.provider()), praktijk=[], door=c1)


def test_map_eindgesprek_pas_na_genoeg_praktijkuren_en_themas(b1):
    casus, c1, _, _ = b1
    alle_themas = {
        f"thema_{c}": "gevolgd"
        for c in (
            "beroepsorientatie",
            "werknemerscompetenties",
            "beroepsbeeld",
            "beroepskansen",
            "beroepscompetenties",
            "netwerk",
            "werk_vinden",
            "werkcultuur",
        )
    }
    alle_themas["thema_werkcultuur"] = "beheerst"  # already mastered: left out
    praktijk = [{"omschrijving": "Werkervaringsplaats zorg", "uren": Decimal("30")}]
    with pytest.raises(ValidationError, match="ten minste 40 uur"):
        services.map_opslaan(
            casus=casus,
            data=_map_data(s.provider(), eindgesprek_op=s.vandaag(), **alle_themas),
            praktijk=praktijk,
            door=c1,
        )
    praktijk.append({"omschrijving": "Stage magazijn", "uren": Decimal("10")})
    traject = services.map_opslaan(
        casus=casus, data=_map_data(s.provider(), eindgesprek_op=s.vandaag(), **alle_themas), praktijk=praktijk, door=c1
    )
    assert traject.eindgesprek_op == s.vandaag() and traject.praktijk.count() == 2 and traject.themas_open == 0
    taak = next(
        t
        for t in selectors.traject_stand(casus, vandaag=s.vandaag(), mag_bewerken=True).taken
        if t.naam.startswith("MAP")
    )
    assert taak.variant == "ok"


def test_pvt_ondertekenen_vraagt_uren_en_een_activiteit(b1):
    casus, c1, _, _ = b1
    dag = s.vandaag() - dt.timedelta(days=20)
    data = {"aanbieder": s.provider(), "kernwaarden_introductie_op": dag, "ondertekend_op": s.vandaag()}
    sessies = [{"soort": "bijeenkomst", "datum": dag, "uren": Decimal("14"), "omschrijving": "Kernwaarden"}]
    with pytest.raises(ValidationError, match="activiteit of excursie"):
        services.pvt_opslaan(casus=casus, data=data, sessies=sessies, door=c1)
    sessies.append({"soort": "excursie", "datum": dag, "uren": Decimal("3"), "omschrijving": "Gemeentehuis"})
    traject = services.pvt_opslaan(casus=casus, data=data, sessies=sessies, door=c1)
    assert traject.ondertekend_op == s.vandaag()
    assert TijdlijnGebeurtenis.objects.filter(
        casus=casus, titel__startswith="Participatieverklaring ondertekend"
    ).exists()


def test_zroute_afronden_vraagt_uren_voor_asiel_ook_participatie(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="z")
    s.aanbod(casus, c1, s.school(gemeente=casus.gemeente))
    _uren(casus, c1, "nt2", 700)
    _uren(casus, c1, "knm", 110)
    with pytest.raises(ValidationError, match="participatie-uren"):
        services.zroute_afronden(casus=casus, eindgesprek_op=s.vandaag(), verslag="Goed gesprek.", door=c1)
    _uren(casus, c1, "participatie", 810)
    afronding = services.zroute_afronden(casus=casus, eindgesprek_op=s.vandaag(), verslag="Goed gesprek.", door=c1)
    assert afronding.cursusuren >= 800 and afronding.participatie_uren >= 800
    assert 'lang="nl"' in afronding.certificaat_html and "<title>Certificaat Z-route" in afronding.certificaat_html
    assert casus.inburgeraar.volledige_naam in afronding.certificaat_html


def test_zroute_gezinsmigrant_zonder_participatie(world):
    c1 = world.users["c1"]
    casus = s.met_pip(world.cases["eigen"], c1, leerroute="z", doelgroep="gezinsmigrant")
    s.aanbod(casus, c1, s.school(naam="Eigen keuze"))
    _uren(casus, c1, "nt2", 810)
    afronding = services.zroute_afronden(casus=casus, eindgesprek_op=s.vandaag(), verslag="Afgerond.", door=c1)
    assert afronding.participatie_uren == 0


def test_zroute_alleen_in_de_zroute(b1):
    casus, c1, _, _ = b1
    with pytest.raises(ValidationError, match="Z-route"):
        services.zroute_afronden(casus=casus, eindgesprek_op=s.vandaag(), verslag="x", door=c1)


# --- anonymisation -------------------------------------------------------------------------------------


def test_anonimiseren_wist_vrije_tekst(b1):
    from cases.retentie import casus_anonimiseren_uitvoeren
    from leerroutes.models import Voortgangsgesprek

    casus, c1, _, aanbod = b1
    services.voortgangsgesprek_vastleggen(
        casus=casus,
        data={
            "datum": s.vandaag(),
            "mentor_school": "J. Jansen",
            "toelichting": "Zorgen om gezondheid",
            "afspraken": "Huisarts.",
        },
        door=c1,
    )
    casus_anonimiseren_uitvoeren(casus=casus, door=c1)
    gesprek = Voortgangsgesprek.objects.get(casus=casus)
    assert (gesprek.mentor_school, gesprek.toelichting, gesprek.afspraken) == ("", "", "(geanonimiseerd)")
    assert not Voortgangsgesprek.history.filter(id=gesprek.pk).exists()
    assert Inburgeringsaanbod.objects.get(pk=aanbod.pk).leerlingnummer == ""
