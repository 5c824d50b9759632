"""The screens through the test client: start with fixed costs, machtiging, evaluation, participation."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.models import Casus
from ontzorgen.models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    OntzorgenEvaluatie,
    ParticipatieActiviteit,
    ParticipatiewetSignaal,
    TredeMeting,
    VasteLast,
    VasteLastSoort,
)
from tests.ontzorgen.scenario import nulmeting, ontzorgen_starten, pip_vastgesteld

D = dt.date
pytestmark = pytest.mark.django_db


def url(name, casus, **kw):
    return reverse(f"ontzorgen:{name}", kwargs={"casus_pk": casus.pk, **kw})


def start_post(soorten, pip_versie="", **rows):
    data = {
        "verblijfsvergunning_asiel": "on",
        "bijstand_vanaf": "2023-01-31",
        "beschikking_datum": "2023-02-03",
        "pip_versie": str(pip_versie),
        "lasten-TOTAL_FORMS": str(len(soorten)),
        "lasten-INITIAL_FORMS": str(len(soorten)),
        "lasten-MIN_NUM_FORMS": "0",
        "lasten-MAX_NUM_FORMS": "30",
    }
    for i, soort in enumerate(soorten):
        data[f"lasten-{i}-soort"] = str(soort.pk)
        data[f"lasten-{i}-frequentie"] = "maand"
    for key, value in rows.items():
        data[f"lasten-{key}"] = value
    return data


def test_start_screen_offers_a_row_per_default_kind_and_saves_the_filled_ones(client, casus, c1):
    soorten = list(VasteLastSoort.objects.filter(standaard=True))
    html = client.get(url("ontzorgen", casus)).content.decode()
    assert "Financieel ontzorgen starten" in html
    assert "Van toepassing zodra de persoon bijstand ontvangt" in html  # no intake yet: bijstand unknown
    versie = pip_vastgesteld(casus)
    html = client.get(url("ontzorgen", casus)).content.decode()
    assert f'<option value="{versie.pk}" selected>' in html  # the current PIP version is preselected
    assert "Van toepassing: asielstatushouder met een asielvergunning en bijstand." in html  # bijstand per the PIP
    for i, soort in enumerate(soorten):  # each default kind preselected in its own row
        select = re.search(rf'<select name="lasten-{i}-soort".*?</select>', html, re.S).group(0)
        assert f'<option value="{soort.pk}" selected>' in select
    r = client.post(
        url("ontzorgen", casus),
        start_post(
            soorten,
            pip_versie=versie.pk,
            **{
                "0-begunstigde": "Woonstichting De Linge",
                "0-bedrag": "1.234,56",
                "0-startdatum": "2023-02-01",
                "3-begunstigde": "Zilveren Kruis",
                "3-bedrag": "€ 151,20",
                "3-startdatum": "2023-02-01",
            },
        ),
    )
    assert r.status_code == 302 and r["Location"] == url("detail", casus)
    o = Ontzorgen.objects.get(casus=casus)
    assert (o.bijstand_vanaf, o.minimaal_tot, o.beschikking_datum) == (D(2023, 1, 31), D(2023, 7, 30), D(2023, 2, 3))
    assert o.pip_versie == versie
    assert sorted(VasteLast.objects.values_list("soort__naam", "bedrag")) == [
        ("Huur", Decimal("1234.56")),
        ("Zorgverzekering", Decimal("151.20")),
    ]  # the untouched rows (energie, water) are skipped
    html = client.get(url("detail", casus)).content.decode()
    assert "€\u00a01.234,56" in html and "€\u00a0151,20" in html
    assert "Woonstichting De Linge" in html
    assert "30 juli 2023" in html and "2 juli 2023" in html


def test_an_error_in_a_fixed_cost_row_is_shown_at_that_row_and_nothing_is_saved(client, casus, c1):
    soorten = list(VasteLastSoort.objects.filter(standaard=True))
    data = start_post(
        soorten,
        **{"1-begunstigde": "Energie BV", "1-bedrag": "110", "1-startdatum": "2023-01-01"},  # before the start
    )
    r = client.post(url("ontzorgen", casus), data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Er is een probleem" in html
    assert 'href="#id_lasten-1-startdatum"' in html and "Vaste last 2" in html
    assert not Ontzorgen.objects.exists()
    r = client.post(url("ontzorgen", casus), start_post(soorten, **{"0-begunstigde": "X", "0-bedrag": "veel"}))
    assert r.status_code == 200 and "Vul een bedrag in" in r.content.decode()
    assert not Ontzorgen.objects.exists()


def test_screens_say_when_something_does_not_apply(client, casus, c1):
    Casus.objects.filter(pk=casus.pk).update(doelgroep="gezinsmigrant")
    html = client.get(url("ontzorgen", casus)).content.decode()
    assert "alleen voor asielstatushouders" in html and "<form method" not in html.split("</header>")[1]
    html = client.get(url("begeleiding", casus)).content.decode()
    assert "niet bij dat voor een gezinsmigrant" in html
    html = client.get(casus.get_absolute_url()).content.decode()
    section = html[html.index('id="kop-ontzorgen"') :]
    assert "Niet van toepassing" in section
    # screens that need a record lead to the start screen
    r = client.get(url("machtiging", casus))
    assert r.status_code == 302 and r["Location"] == url("ontzorgen", casus)


def test_refusing_the_machtiging_on_screen(client, casus, c1):
    ontzorgen_starten(casus, c1)
    r = client.post(
        url("machtiging", casus),
        {"machtiging": "geweigerd", "machtiging_datum": "2023-02-08", "machtiging_toelichting": "Wil het zelf doen."},
        follow=True,
    )
    html = r.content.decode()
    assert "signaal voor de Participatiewet" in html and "niet tot een inburgeringsboete" in html
    assert "Signalen Participatiewet" in html and "Machtiging ontzorgen geweigerd" in html
    assert ParticipatiewetSignaal.objects.filter(casus=casus).count() == 1


def test_evaluation_on_screen(client, casus, c1):
    ontzorgen_starten(casus, c1)
    html = client.get(url("evaluatie", casus)).content.decode()
    assert "30 juli 2023" in html and "2 juli 2023" in html  # minimum end and due date beside the form
    r = client.post(
        url("evaluatie", casus),
        {"datum": "2023-06-28", "besluit": "stoppen", "tot": "2023-06-30", "motivering": "Klaar."},
    )
    assert r.status_code == 200 and "minimaal tot en met 30 juli 2023" in r.content.decode()
    r = client.post(
        url("evaluatie", casus),
        {"datum": "2023-06-28", "besluit": "verlengen", "tot": "2023-12-31", "motivering": "Schulden."},
    )
    assert r.status_code == 302
    assert OntzorgenEvaluatie.objects.get().besluit == "verlengen"
    html = client.get(casus.get_absolute_url()).content.decode()
    assert "verlengd tot en met 31 december 2023" in html and '<time datetime="2023-12-03">' in html


def test_fixed_cost_screens(client, casus, c1):
    o = ontzorgen_starten(casus, c1, lasten=False)
    huur = VasteLastSoort.objects.get(naam="Huur")
    html = client.get(url("vaste_last_nieuw", casus)).content.decode()
    assert 'value="2023-01-31"' in html  # the first payment defaults to the start
    r = client.post(
        url("vaste_last_nieuw", casus),
        {
            "soort": huur.pk,
            "begunstigde": "Woonstichting",
            "bedrag": "650",
            "frequentie": "maand",
            "startdatum": "2023-02-01",
        },
    )
    assert r.status_code == 302
    last = o.vaste_lasten.get()
    html = client.get(url("vaste_last", casus, last_pk=last.pk)).content.decode()
    assert 'value="650,00"' in html  # a Dutch amount in the field
    r = client.post(
        url("vaste_last", casus, last_pk=last.pk),
        {
            "soort": huur.pk,
            "begunstigde": "Woonstichting",
            "bedrag": "650,00",
            "frequentie": "maand",
            "startdatum": "2023-02-01",
            "einddatum": "2023-08-31",
        },
    )
    assert r.status_code == 302
    assert VasteLast.objects.get().einddatum == D(2023, 8, 31)


def test_participation_screens(client, casus, c1, world):
    r = client.post(
        url("begeleiding", casus),
        {
            "aanbieder": "Vluchtelingenwerk",
            "startdatum": "2023-02-01",
            "praktische_hulp": "on",
            "kennismaking_omgeving": "on",
            "uren": "12,5",
        },
    )
    assert r.status_code == 302 and MaatschappelijkeBegeleiding.objects.get().uren == Decimal("12.5")
    r = client.post(
        url("activiteit_nieuw", casus),
        {
            "soort": "taalstage",
            "aanbieder": "Bibliotheek Elst",
            "startdatum": "2023-04-01",
            "uren_per_week": "6",
            "uren": "48,5",
            "nederlandstalig": "on",
        },
    )
    assert r.status_code == 302
    a = ParticipatieActiviteit.objects.get()
    assert (a.soort, a.uren, a.nederlandstalig, a.vastgelegd_door) == ("taalstage", Decimal("48.5"), True, c1)
    # the ladder needs the nulmeting first
    html = client.get(url("participatie", casus)).content.decode()
    assert "Er is nog geen nulmeting" in html
    nulmeting(casus, c1, trede=2)
    r = client.post(url("trede", casus), {"trede": "3", "datum": "2023-05-01", "toelichting": "Taalstage."})
    assert r.status_code == 302 and TredeMeting.objects.get().door == c1
    r = client.post(url("uitstroom", casus), {"datum": "2024-09-01", "soort": "studie", "toelichting": "mbo Zorg"})
    assert r.status_code == 302
    html = client.get(url("participatie", casus)).content.decode()
    for text in (
        "Taalstage",
        "Bibliotheek Elst",
        "48,5",
        "20 februari 2023",
        "1 mei 2023",
        "Omhoog van trede 2",
        "Naar studie op 1 september 2024",
    ):
        assert text in html, text
    # a read-only colleague sees it all, without the edit links
    client.force_login(world.users["c2"])
    html = client.get(url("participatie", casus)).content.decode()
    assert (
        "Bibliotheek Elst" in html
        and url("activiteit_nieuw", casus) not in html
        and "inzien maar niet wijzigen" in html
    )
    html = client.get(url("detail", casus)).content.decode()
    assert url("training", casus) not in html
