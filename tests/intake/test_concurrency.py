"""Optimistic locking of the intake's edit forms: a stale save gets the Dutch conflict message and writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from inburgering.concurrency import CONFLICT_MESSAGE, Conflict
from intake import services
from intake.models import (
    BredeIntake,
    IntakeGesprek,
    IntroductieItem,
    IntroductieTaak,
    Leerbaarheidstoets,
    WarmeOverdracht,
)
from tests.intake.formulier import formdata, verborgen_versie

D = dt.date
pytestmark = pytest.mark.django_db

OVERDRACHT = {
    "azc": "AZC Zeist",
    "gesprek_datum": D(2023, 1, 10),
    "gesprek_plaats": "AZC Zeist",
    "zorgen": "Kinderopvang.",
}
GESPREK = {"datum": D(2023, 2, 1), "onderwerpen": "opleiding", "verslag": "Eerste gesprek."}


def _tijdlijn(casus):
    return TijdlijnGebeurtenis.objects.filter(casus=casus).count()


def _service(model, casus):
    """The service that saves the one row of `model` of the case: call it with data, door and versie."""
    return {
        WarmeOverdracht: lambda **kw: services.warme_overdracht_opslaan(casus=casus, **kw),
        BredeIntake: lambda **kw: services.brede_intake_opslaan(casus=casus, **kw),
        Leerbaarheidstoets: lambda **kw: services.leerbaarheidstoets_opslaan(casus=casus, **kw),
    }[model]


# (url name, model, data that creates the row, colleague's change, the user's stale change, field)
SCHERMEN = [
    (
        "intake:warme_overdracht",
        WarmeOverdracht,
        OVERDRACHT,
        {"zorgen": "Schulden."},
        {"zorgen": "Huisvesting."},
        "zorgen",
    ),
    ("intake:brede_intake", BredeIntake, {"beroep": "Lasser"}, {"beroep": "Kok"}, {"beroep": "Bakker"}, "beroep"),
    (
        "intake:leerbaarheidstoets",
        Leerbaarheidstoets,
        {"gepland_op": D(2023, 3, 1)},
        {"gepland_op": D(2023, 3, 8)},
        {"gepland_op": "2023-03-15"},
        "gepland_op",
    ),
]


@pytest.mark.parametrize(("url_naam", "model", "start", "collega", "eigen", "veld"), SCHERMEN)
def test_stale_form_shows_conflict_keeps_input_and_the_colleagues_value(
    world, client, url_naam, model, start, collega, eigen, veld
):
    casus, c1, tl = world.cases["eigen"], world.users["c1"], world.users["tl"]
    opslaan = _service(model, casus)
    opslaan(data=start, door=c1)
    client.force_login(c1)
    url = reverse(url_naam, kwargs={"casus_pk": casus.pk})
    r = client.get(url)
    assert verborgen_versie(r.content.decode()) == 1  # the hidden field is rendered in the page
    form = r.context["form"]
    # a colleague saves first
    opslaan(data=collega, versie=1, door=tl)
    geschiedenis, tijdlijn = model.history.count(), _tijdlijn(casus)
    r = client.post(url, formdata(form, **eigen))
    assert r.status_code == 200
    html = r.content.decode()
    assert CONFLICT_MESSAGE in html
    assert str(eigen[veld]) in html  # the user's input is kept on the form
    rij = model.objects.get(casus=casus)
    assert getattr(rij, veld) == collega[veld] and rij.versie == 2
    assert (model.history.count(), _tijdlijn(casus)) == (geschiedenis, tijdlijn)
    # reopened, the form carries the new version and the same input saves
    form = client.get(url).context["form"]
    assert form.initial["versie"] == 2
    r = client.post(url, formdata(form, **eigen))
    assert r.status_code == 302
    rij.refresh_from_db()
    assert str(getattr(rij, veld)) == str(eigen[veld]) and rij.versie == 3


def test_empty_form_is_stale_once_a_colleague_created_the_row(world, client):
    """Both open the empty brede intake; the colleague saves first: the second is refused, not merged."""
    casus, c1, tl = world.cases["eigen"], world.users["c1"], world.users["tl"]
    client.force_login(c1)
    url = reverse("intake:brede_intake", kwargs={"casus_pk": casus.pk})
    form = client.get(url).context["form"]
    assert form.initial["versie"] == 0
    services.brede_intake_opslaan(casus=casus, data={"beroep": "Kok"}, versie=0, door=tl)
    r = client.post(url, formdata(form, beroep="Bakker"))
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    assert BredeIntake.objects.get(casus=casus).beroep == "Kok"
    assert BredeIntake.history.count() == 1


def test_stale_intakegesprek_edit(world, client):
    casus, c1, tl = world.cases["eigen"], world.users["c1"], world.users["tl"]
    gesprek = services.intakegesprek_opslaan(casus=casus, data=GESPREK, door=c1)
    client.force_login(c1)
    url = reverse("intake:gesprek", kwargs={"casus_pk": casus.pk, "gesprek_pk": gesprek.pk})
    r = client.get(url)
    assert verborgen_versie(r.content.decode()) == 1
    form = r.context["form"]
    services.intakegesprek_opslaan(
        casus=casus, gesprek=gesprek, data={"verslag": "Verslag van de collega."}, versie=1, door=tl
    )
    r = client.post(url, formdata(form, verslag="Mijn verslag."))
    assert r.status_code == 200
    assert CONFLICT_MESSAGE in r.content.decode() and "Mijn verslag." in r.content.decode()
    gesprek.refresh_from_db()
    assert (gesprek.verslag, gesprek.versie) == ("Verslag van de collega.", 2)
    # a new conversation has no version to check
    r = client.post(reverse("intake:gesprek_nieuw", kwargs={"casus_pk": casus.pk}), formdata(form, verslag="Tweede."))
    assert r.status_code == 302 and IntakeGesprek.objects.filter(casus=casus).count() == 2


def test_stale_introductieweek_row_refuses_the_whole_checklist(world, client):
    casus, c1, tl = world.cases["eigen"], world.users["c1"], world.users["tl"]
    digid = IntroductieItem.objects.get(naam="DigiD")
    huur = IntroductieItem.objects.get(naam="Huurcontract")
    services.introductieweek_bijwerken(casus=casus, regels=[{"item": digid, "uitvoerder": "consultant"}], door=c1)
    client.force_login(c1)
    url = reverse("intake:introductieweek", kwargs={"casus_pk": casus.pk})
    r = client.get(url)
    html = r.content.decode()
    assert f'name="item-{digid.pk}-versie" value="1"' in html and f'name="item-{huur.pk}-versie" value="0"' in html
    forms = r.context["forms"]
    services.introductieweek_bijwerken(
        casus=casus, regels=[{"item": digid, "uitvoerder": "inburgeraar", "versie": 1}], door=tl
    )
    geschiedenis = IntroductieTaak.history.count()
    data = formdata(
        *forms, **{f"item-{digid.pk}-opmerking": "Mijn opmerking", f"item-{huur.pk}-gedaan_op": "2023-02-03"}
    )
    r = client.post(url, data)
    assert r.status_code == 200
    html = r.content.decode()
    assert CONFLICT_MESSAGE in html and "Mijn opmerking" in html
    taak = IntroductieTaak.objects.get(casus=casus, item=digid)
    assert (taak.uitvoerder, taak.opmerking, taak.versie) == ("inburgeraar", "", 2)
    assert not IntroductieTaak.objects.filter(casus=casus, item=huur).exists()  # the other row is not half-written
    assert IntroductieTaak.history.count() == geschiedenis


@pytest.mark.parametrize(
    "aanroep",
    [
        lambda casus, door, v: services.warme_overdracht_opslaan(
            casus=casus, data={"zorgen": "Oud."}, versie=v, door=door
        ),
        lambda casus, door, v: services.brede_intake_opslaan(casus=casus, data={"beroep": "Oud"}, versie=v, door=door),
        lambda casus, door, v: services.leerbaarheidstoets_opslaan(
            casus=casus, data={"gepland_op": D(2023, 1, 1)}, versie=v, door=door
        ),
        lambda casus, door, v: services.intakegesprek_opslaan(
            casus=casus, gesprek=IntakeGesprek.objects.get(casus=casus), data={"verslag": "Oud."}, versie=v, door=door
        ),
        lambda casus, door, v: services.introductieweek_bijwerken(
            casus=casus,
            regels=[{"item": IntroductieItem.objects.get(naam="DigiD"), "opmerking": "Oud.", "versie": v}],
            door=door,
        ),
    ],
    ids=["warme_overdracht", "brede_intake", "leerbaarheidstoets", "intakegesprek", "introductieweek"],
)
def test_service_refuses_a_stale_version_and_writes_nothing(world, aanroep):
    casus, c1, tl = world.cases["eigen"], world.users["c1"], world.users["tl"]
    services.warme_overdracht_opslaan(casus=casus, data=OVERDRACHT, door=c1)
    services.brede_intake_opslaan(casus=casus, data={"beroep": "Lasser"}, door=c1)
    services.leerbaarheidstoets_opslaan(casus=casus, data={"gepland_op": D(2023, 3, 1)}, door=c1)
    services.intakegesprek_opslaan(casus=casus, data=GESPREK, door=c1)
    services.introductieweek_bijwerken(
        casus=casus, regels=[{"item": IntroductieItem.objects.get(naam="DigiD"), "uitvoerder": "consultant"}], door=c1
    )
    aanroep(casus, tl, 1)  # the colleague's save with the current version: version 2
    modellen = (WarmeOverdracht, BredeIntake, Leerbaarheidstoets, IntakeGesprek, IntroductieTaak)
    voor = ([m.history.count() for m in modellen], [list(m.objects.values()) for m in modellen], _tijdlijn(casus))
    for stale in (1, 0):
        with pytest.raises(Conflict) as exc:
            aanroep(casus, c1, stale)
        assert exc.value.messages == [CONFLICT_MESSAGE]
    assert (
        [m.history.count() for m in modellen],
        [list(m.objects.values()) for m in modellen],
        _tijdlijn(casus),
    ) == voor
    aanroep(casus, c1, 2)  # the current version saves (same data: nothing changes, still no conflict)


def test_version_is_excluded_from_the_change_history(world):
    casus, c1 = world.cases["eigen"], world.users["c1"]
    intake = services.brede_intake_opslaan(casus=casus, data={"beroep": "Lasser"}, door=c1)
    services.brede_intake_opslaan(casus=casus, data={"beroep": "Kok"}, versie=intake.versie, door=c1)
    assert BredeIntake.objects.get(casus=casus).versie == 2
    assert "versie" not in {f.name for f in BredeIntake.history.model._meta.get_fields()}
