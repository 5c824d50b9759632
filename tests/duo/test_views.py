"""The DUO screens of a case: the section on the case page, the DUO page, fetching from DUO."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from duo.models import Bericht, DuoStand, Notificatie
from inburgering.models import Toegangslog

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_the_duo_section_with_the_state_of_each_melding(duo_world, client):
    casus = duo_world.cases["eigen"]
    Bericht.objects.create(
        gemeente=casus.gemeente,
        casus=casus,
        soort="pip",
        operatie="postPipByBsn",
        status="wachtend",
        pogingen=2,
        volgende_poging_op="2026-01-01T10:00:00Z",
        fouten=["DUO is niet bereikbaar (ConnectionError)."],
    )
    client.force_login(casus.consultant)
    html = client.get(casus.get_absolute_url()).content.decode()
    assert 'id="kop-duo"' in html and "Wacht op verzending" in html and "DUO is niet bereikbaar" in html
    assert reverse("duo:casus", kwargs={"casus_pk": casus.pk}) in html


def test_a_read_only_colleague_sees_the_state_but_no_actions(duo_world, client):
    casus = duo_world.cases["team"]
    Bericht.objects.create(
        gemeente=casus.gemeente,
        casus=casus,
        soort="map",
        operatie="updateMapByBsn",
        status="geweigerd",
        volgende_poging_op="2026-01-01T10:00:00Z",
        fouten=["Nee."],
    )
    client.force_login(duo_world.users["c1"])
    html = client.get(reverse("duo:casus", kwargs={"casus_pk": casus.pk})).content.decode()
    assert "Geweigerd door DUO" in html and "Opnieuw versturen" not in html and "Gegevens opvragen" not in html


def test_the_duo_page_shows_what_duo_knows_and_the_notifications(duo_world, client):
    casus = duo_world.cases["eigen"]
    DuoStand.objects.create(
        casus=casus,
        plicht=True,
        plicht_begindatum=dt.date(2025, 9, 1),
        termijn_start=dt.date(2025, 11, 2),
        termijn_einddatum=dt.date(2028, 11, 2),
    )
    n = Notificatie(
        bericht_id="5f1f5a8e-3c1d-4c8e-9a57-0a4a1c9e2b10",
        bron="0" * 20,
        doel="1" * 20,
        gemeente=casus.gemeente,
        gebeurtenis_id="SS102",
        registratie_datum_tijd="2026-05-04T09:00:00Z",
        status="verwerkt",
        resultaat="Inburgeringstermijn volgens DUO.",
        casus=casus,
    )
    n.zet_bsn(casus.inburgeraar.bsn)
    n.save()
    client.force_login(casus.consultant)
    r = client.get(reverse("duo:casus", kwargs={"casus_pk": casus.pk}))
    html = r.content.decode()
    assert "1 november 2028 (volgens DUO)" in html  # DUO's exclusive einddatum shown as the last day
    assert "SS102: Inburgeringstermijn gestart" in html
    assert Toegangslog.objects.filter(url_naam="duo:casus", casus_id=casus.pk).exists()


def test_a_case_opened_by_duo_asks_to_complete_the_person(duo_world, client):
    from duo import services

    casus = duo_world.cases["eigen"]
    persoon = casus.inburgeraar
    persoon.voornamen, persoon.geboortedatum = services.ONBEKENDE_VOORNAMEN, services.ONBEKENDE_GEBOORTEDATUM
    persoon.save()
    client.force_login(casus.consultant)
    assert "Vul ze aan uit de BRP" in client.get(casus.get_absolute_url()).content.decode()


def test_fetching_from_duo_is_queued(duo_world, client, monkeypatch):
    from tests.wachtrij import opnemen

    casus = duo_world.cases["eigen"]
    gepland = opnemen(monkeypatch)
    client.force_login(casus.consultant)
    r = client.post(reverse("duo:verversen", kwargs={"casus_pk": casus.pk}), follow=True)
    assert r.redirect_chain[0][1] == 302 and gepland == [("duo.tasks.casus_verversen", (casus.pk,))]
    assert "De gegevens worden bij DUO opgevraagd" in r.content.decode()


def test_fetching_with_the_broker_down_tells_the_user_in_dutch(duo_world, client):
    from tests.wachtrij import broker_faalde, broker_onbereikbaar

    casus = duo_world.cases["eigen"]
    client.force_login(casus.consultant)
    with broker_onbereikbaar():
        r = client.post(reverse("duo:verversen", kwargs={"casus_pk": casus.pk}))
        assert broker_faalde()
    assert r.status_code == 302
    html = client.get(r["Location"]).content.decode()
    assert "kunnen nu niet bij DUO worden opgevraagd" in html and "Probeer het over een paar minuten opnieuw" in html


def test_fetching_needs_an_oin(world, client):
    casus = world.cases["eigen"]
    client.force_login(casus.consultant)
    r = client.post(reverse("duo:verversen", kwargs={"casus_pk": casus.pk}), follow=True)
    assert "geen OIN van 20 tekens" in r.content.decode()


def test_verversen_stores_what_duo_knows(duo_world, sim, duo_url):
    from duo import services

    casus = duo_world.cases["eigen"]
    stand = services.casus_verversen(casus_id=casus.pk)
    assert stand.plicht is True and stand.lbt_examennummer == "LBT000000042" and stand.doelgroep_indeling


def test_the_beheerder_edits_the_duo_instelling_and_sees_the_outbox(duo_world, client):
    from duo.models import DuoInstelling

    client.force_login(duo_world.users["fb"])
    instelling = DuoInstelling.objects.get(gemeente=duo_world.gemeente_a)
    url = reverse("admin:duo_duoinstelling_change", args=[instelling.pk])
    r = client.post(
        url,
        {
            "gemeente": duo_world.gemeente_a.pk,
            "standaard_team": duo_world.team2.pk,
            "standaard_consultant": "",
            "pip_automatisch_melden": "on",
        },
    )
    assert r.status_code == 200 and "werkt niet voor gemeente" in r.content.decode()  # team 2 works for B
    assert client.get(reverse("admin:duo_bericht_changelist")).status_code == 200
    assert client.get(reverse("admin:duo_bericht_add")).status_code == 403
