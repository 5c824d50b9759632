"""A consultant records financieel ontzorgen with its fixed costs and a participation activity in a real
browser, from the case page on; axe checks every page on the way (WCAG 2.1 A/AA)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import WACHTWOORD, ConsultantFactory, GemeenteFactory, TeamFactory, make_bsn

from .axe import assert_no_axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date


@pytest.fixture
def casus(rollen):
    """An asielstatushouder on bijstand with a finished intake (nulmeting) and a vastgesteld PIP."""
    from cases import services
    from ontzorgen.models import VasteLastSoort
    from ontzorgen.seed import seed_vaste_last_soorten
    from tests.ontzorgen.scenario import nulmeting, pip_vastgesteld

    seed_vaste_last_soorten(VasteLastSoort)  # a transactional test before this one flushed the migration's rows
    gemeente = GemeenteFactory(naam="Overbetuwe")
    team = TeamFactory(organisatie=gemeente.organisatie, naam="Team Inburgering", gemeenten=[gemeente])
    user = ConsultantFactory(username="m.jansen", first_name="Mila", last_name="Jansen", teams=[team])
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    casus = services.inburgeraar_aanmaken(
        bsn=make_bsn(6_161),
        persoon={"voornamen": "Yonas", "achternaam": "Tesfay", "geboortedatum": D(1994, 6, 2)},
        casus={"gemeente": gemeente, "team": team, "consultant": user, "doelgroep": "asielstatushouder"},
        door=user,
    )
    nulmeting(casus, user, trede=2)
    pip_vastgesteld(casus)
    return casus


def _opslaan(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()


def _vaste_last(page, nummer, *, begunstigde, bedrag, start, frequentie=None):
    rij = page.get_by_role("group", name=f"Vaste last {nummer}", exact=True)
    rij.get_by_label("Begunstigde (aan wie)").fill(begunstigde)
    rij.get_by_label("Bedrag (in euro)").fill(bedrag)
    rij.get_by_label("Eerste betaling vanaf").fill(start)
    if frequentie:
        rij.get_by_label("Frequentie").select_option(label=frequentie)
    return rij


def test_consultant_legt_ontzorgen_met_vaste_lasten_en_een_participatieactiviteit_vast(page, live_server, casus):
    login(page, live_server, "m.jansen", WACHTWOORD)
    page.goto(live_server.url + casus.get_absolute_url())
    sectie = page.get_by_role("region", name="Ontzorgen, begeleiding en participatie")
    expect(sectie).to_contain_text("Nog niet gestart")
    expect(sectie).to_contain_text("Van toepassing: asielstatushouder met een asielvergunning en bijstand.")
    assert_no_axe_violations(page)

    # 1. start financieel ontzorgen: a row per default kind, one more added with the button
    sectie.get_by_role("link", name="Financieel ontzorgen", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Financieel ontzorgen starten")
    expect(page.get_by_label("PIP-versie met de afspraken")).to_have_value(
        re.compile(r"\d+")
    )  # the vastgestelde PIP is preselected
    for nummer, soort in enumerate(("Huur", "Energie", "Water", "Zorgverzekering"), start=1):
        rij = page.get_by_role("group", name=f"Vaste last {nummer}", exact=True)
        expect(rij.get_by_label("Soort")).to_have_value(re.compile(r"\d+"))
        expect(rij.get_by_label("Soort").locator("option:checked")).to_have_text(soort)
    assert_no_axe_violations(page)

    page.get_by_label("Eerste dag recht op bijstand").fill("2023-01-31")
    _vaste_last(page, 1, begunstigde="Woonstichting De Linge", bedrag="650,00", start="2023-02-01")
    _vaste_last(page, 2, begunstigde="Energiebedrijf Noord", bedrag="110", start="2023-02-01")
    _vaste_last(page, 4, begunstigde="Zilveren Kruis", bedrag="1.234,56", start="2023-02-01", frequentie="Per jaar")
    page.get_by_role("button", name="Nog een vaste last toevoegen").click()
    extra = page.get_by_role("group", name="Vaste last 5", exact=True)
    extra.get_by_label("Soort").select_option(label="Water")
    _vaste_last(page, 5, begunstigde="Vitens", bedrag="60", start="2023-03-01", frequentie="Per kwartaal")
    assert_no_axe_violations(page)
    _opslaan(page)

    # 2. the ontzorgen page: period, evaluation due before the minimum end, the fixed costs in euros
    expect(page.get_by_role("heading", level=1)).to_contain_text("Financieel ontzorgen")
    expect(page.get_by_role("status").filter(has_text="Het financieel ontzorgen is gestart.")).to_be_visible()
    periode = page.get_by_role("region", name="Periode")
    expect(periode).to_contain_text("30 juli 2023 (6 maanden)")
    expect(periode).to_contain_text("2 juli 2023")
    expect(periode).to_contain_text("PIP versie 1")
    lasten = page.get_by_role("table", name="Vaste lasten die de gemeente uit de bijstand betaalt")
    expect(lasten.get_by_role("row")).to_have_count(1 + 4 + 1)  # header, four costs (water row 3 left empty), total
    expect(lasten).to_contain_text("Woonstichting De Linge")
    expect(lasten).to_contain_text("€\u00a0650,00 per maand")
    expect(lasten).to_contain_text("€\u00a01.234,56 per jaar")
    expect(lasten).to_contain_text("Vitens")
    assert_no_axe_violations(page)

    # 3. the case page shows it, with the evaluation's due date
    page.goto(live_server.url + casus.get_absolute_url())
    sectie = page.get_by_role("region", name="Ontzorgen, begeleiding en participatie")
    expect(sectie).to_contain_text("Evaluatie ontzorgen uiterlijk")
    expect(sectie).to_contain_text("2 juli 2023")
    expect(sectie).to_contain_text("(4 lopend)")
    tijdlijn = page.get_by_role("region", name="Tijdlijn")
    expect(tijdlijn).to_contain_text("Financieel ontzorgen gestart")
    assert_no_axe_violations(page)

    # 4. a participation activity: first an empty form (error summary), then the real one
    sectie.get_by_role("link", name="Begeleiding en participatie").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Begeleiding en participatie")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Activiteit toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participatieactiviteit toevoegen")
    assert_no_axe_violations(page)
    _opslaan(page)
    samenvatting = page.get_by_role("alert")
    expect(samenvatting.get_by_role("heading", name="Er is een probleem")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Soort").select_option(label="Vrijwilligerswerk")
    page.get_by_label("Aanbieder of organisatie").fill("Voedselbank Overbetuwe")
    page.get_by_label("Omschrijving").fill("Uitgifte op vrijdag")
    page.get_by_label("Nederlandstalige omgeving").check()
    page.get_by_label("Startdatum").fill("2023-04-01")
    page.get_by_label("Afgesproken uren per week").fill("6")
    page.get_by_label("Gerealiseerde uren tot nu toe").fill("24,5")
    _opslaan(page)

    expect(page.get_by_role("status").filter(has_text="De participatieactiviteit is opgeslagen.")).to_be_visible()
    activiteiten = page.get_by_role("table", name="Participatieactiviteiten")
    expect(activiteiten).to_contain_text("Vrijwilligerswerk")
    expect(activiteiten).to_contain_text("Voedselbank Overbetuwe")
    expect(activiteiten).to_contain_text("24,5")
    ladder = page.get_by_role("table", name="Verloop op de participatieladder")
    expect(ladder).to_contain_text("Nulmeting (brede intake)")
    assert_no_axe_violations(page)

    # 5. a new position on the participatieladder, kept beside the nulmeting
    page.get_by_role("link", name="Nieuwe meting vastleggen").click()
    page.get_by_label(re.compile(r"^3 – Specifieke diagnose")).check()
    page.get_by_label("Datum van de meting").fill("2023-06-01")
    assert_no_axe_violations(page)
    _opslaan(page)
    ladder = page.get_by_role("table", name="Verloop op de participatieladder")
    expect(ladder.get_by_role("row")).to_have_count(3)
    expect(ladder).to_contain_text("Omhoog van trede 2")
    expect(ladder).to_contain_text("Mila Jansen")
    assert_no_axe_violations(page)

    from ontzorgen.models import Ontzorgen, ParticipatieActiviteit

    ontzorgen = Ontzorgen.objects.get(casus=casus)
    assert sorted(ontzorgen.vaste_lasten.values_list("soort__naam", flat=True)) == [
        "Energie",
        "Huur",
        "Water",
        "Zorgverzekering",
    ]
    assert ParticipatieActiviteit.objects.get(casus=casus).nederlandstalig is True
    assert reverse("ontzorgen:participatie", kwargs={"casus_pk": casus.pk}) in page.url
