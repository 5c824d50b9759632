"""Optimistic locking of the PIP: a stale concept save or vaststelling is refused; a PIP is vastgesteld once."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from inburgering.concurrency import CONFLICT_MESSAGE, Conflict
from pip import services
from pip.models import PipVersie, Reden
from tests.intake.formulier import formdata, verborgen_versie
from tests.pip.scenario import DAGTEKENING, concept, intake_afronden, met_datums, vastgesteld

D = dt.date


@pytest.fixture
def casus(world):
    casus = met_datums(world.cases["eigen"])
    intake_afronden(casus, world.users["c1"])
    return casus


@pytest.fixture(autouse=True)
def _pdf_wachtrij(monkeypatch):
    """The PDF is queued on commit; here only counted."""
    wachtrij = []
    monkeypatch.setattr(services, "_pdf_inplannen", wachtrij.append)
    return wachtrij


def _vastgesteld_tijdlijn(casus):
    return TijdlijnGebeurtenis.objects.filter(casus=casus, titel__contains="vastgesteld (dagtekening").count()


def _vastgesteld_geschiedenis(versie):
    return PipVersie.history.filter(id=versie.pk, status=PipVersie.Status.VASTGESTELD).count()


def _concept_openen(client, world, casus, scherm):
    """c1 opens `scherm` of a fresh concept: (concept, url, the form as shown, with its hidden revisie)."""
    versie = concept(casus, world.users["c1"])
    client.force_login(world.users["c1"])
    url = reverse(scherm, kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk})
    r = client.get(url)
    assert verborgen_versie(r.content.decode(), "revisie") == versie.revisie
    return versie, url, r.context["form"]


@pytest.mark.django_db
def test_stale_concept_form_shows_conflict_and_keeps_both_texts(world, client, casus):
    tl = world.users["tl"]
    versie, url, form = _concept_openen(client, world, casus, "pip:bewerken")
    services.pip_concept_bijwerken(
        versie=versie, data={"ondersteuning": "Taalmaatje (collega)."}, revisie=versie.revisie, door=tl
    )
    geschiedenis = PipVersie.history.filter(id=versie.pk).count()
    r = client.post(url, formdata(form, ondersteuning="Huiswerkbegeleiding (eigen)."))
    assert r.status_code == 200
    html = r.content.decode()
    assert CONFLICT_MESSAGE in html and "Huiswerkbegeleiding (eigen)." in html
    opgeslagen = PipVersie.objects.get(pk=versie.pk)
    assert opgeslagen.ondersteuning == "Taalmaatje (collega)." and opgeslagen.revisie == versie.revisie + 1
    assert PipVersie.history.filter(id=versie.pk).count() == geschiedenis
    # reopened: the current revisie, and the same input saves
    form = client.get(url).context["form"]
    r = client.post(url, formdata(form, ondersteuning="Huiswerkbegeleiding (eigen)."))
    assert r.status_code == 302
    assert PipVersie.objects.get(pk=versie.pk).ondersteuning == "Huiswerkbegeleiding (eigen)."


@pytest.mark.django_db
def test_vaststellen_after_a_colleague_changed_the_concept_is_refused(world, client, casus):
    """The consultant checked the content on the vaststellen page; a change since then is not signed unseen."""
    tl = world.users["tl"]
    versie, url, form = _concept_openen(client, world, casus, "pip:vaststellen")
    services.pip_concept_bijwerken(versie=versie, data={"pvt_intensiteit": "20 uur"}, revisie=versie.revisie, door=tl)
    r = client.post(url, formdata(form, dagtekening="2023-03-01", ondertekend_op="2023-03-01"))
    assert r.status_code == 200 and CONFLICT_MESSAGE in r.content.decode()
    opgeslagen = PipVersie.objects.get(pk=versie.pk)
    assert opgeslagen.status == PipVersie.Status.CONCEPT and opgeslagen.dagtekening is None
    assert _vastgesteld_tijdlijn(casus) == 0
    # the page opened again shows the new content and vaststelt it
    form = client.get(url).context["form"]
    r = client.post(url, formdata(form, dagtekening="2023-03-01", ondertekend_op="2023-03-01"))
    assert r.status_code == 302
    assert PipVersie.objects.get(pk=versie.pk).status == PipVersie.Status.VASTGESTELD


@pytest.mark.django_db
def test_service_refuses_a_stale_revisie_and_writes_nothing(world, casus, _pdf_wachtrij):
    c1, tl = world.users["c1"], world.users["tl"]
    versie = concept(casus, c1)
    oud = versie.revisie
    services.pip_concept_bijwerken(versie=versie, data={"map_intensiteit": "6 uur per week"}, revisie=oud, door=tl)
    voor = (
        list(PipVersie.objects.values()),
        PipVersie.history.count(),
        TijdlijnGebeurtenis.objects.filter(casus=casus).count(),
    )
    with pytest.raises(Conflict) as exc:
        services.pip_concept_bijwerken(versie=versie, data={"map_intensiteit": "2 uur"}, revisie=oud, door=c1)
    assert exc.value.messages == [CONFLICT_MESSAGE]
    with pytest.raises(Conflict):
        services.pip_vaststellen(
            versie=versie, dagtekening=DAGTEKENING, ondertekend_op=DAGTEKENING, revisie=oud, door=c1
        )
    na = (
        list(PipVersie.objects.values()),
        PipVersie.history.count(),
        TijdlijnGebeurtenis.objects.filter(casus=casus).count(),
    )
    assert na == voor and _pdf_wachtrij == []


@pytest.mark.django_db
def test_vaststellen_twice_with_the_same_revisie_happens_once(
    world, client, casus, _pdf_wachtrij, django_capture_on_commit_callbacks
):
    c1 = world.users["c1"]
    versie = concept(casus, c1)
    revisie = versie.revisie
    with django_capture_on_commit_callbacks(execute=True):
        eerste = services.pip_vaststellen(
            versie=versie, dagtekening=DAGTEKENING, ondertekend_op=DAGTEKENING, revisie=revisie, door=c1
        )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError, match="vastgesteld"):
        services.pip_vaststellen(
            versie=versie, dagtekening=D(2023, 3, 2), ondertekend_op=D(2023, 3, 2), revisie=revisie, door=c1
        )
    # the same double submit through the screen
    client.force_login(c1)
    url = reverse("pip:vaststellen", kwargs={"casus_pk": casus.pk, "versie_pk": versie.pk})
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, {"revisie": revisie, "dagtekening": "2023-03-02", "ondertekend_op": "2023-03-02"})
    assert r.status_code == 302
    opgeslagen = PipVersie.objects.get(pk=versie.pk)
    assert (opgeslagen.dagtekening, opgeslagen.kenmerk) == (DAGTEKENING, eerste.kenmerk)
    assert _vastgesteld_tijdlijn(casus) == 1 and _vastgesteld_geschiedenis(versie) == 1
    assert len(_pdf_wachtrij) == 1


@pytest.mark.django_db
def test_new_version_from_a_stale_page_is_refused(world, client, casus):
    """Two consultants open "Nieuwe PIP-versie" on version 1; the colleague makes and vaststelt version 2 first."""
    c1, tl = world.users["c1"], world.users["tl"]
    vastgesteld(casus, c1)
    client.force_login(c1)
    url = reverse("pip:nieuw", kwargs={"casus_pk": casus.pk})
    r = client.get(url)
    assert verborgen_versie(r.content.decode(), "basis") == 1
    tweede = services.pip_concept_aanmaken(
        casus=casus, reden=Reden.OVERIG, reden_toelichting="Nieuwe afspraken.", basis=1, door=tl
    )
    services.pip_vaststellen(versie=tweede, dagtekening=D(2023, 6, 1), ondertekend_op=D(2023, 6, 1), door=tl)
    r = client.post(url, {"reden": Reden.VERHUIZING, "reden_toelichting": "Verhuisd.", "basis": 1})
    assert r.status_code == 200
    html = r.content.decode()
    assert CONFLICT_MESSAGE in html and "Verhuisd." in html
    assert list(PipVersie.objects.filter(casus=casus).values_list("versie", "status")) == [
        (1, "vastgesteld"),
        (2, "vastgesteld"),
    ]
    with pytest.raises(Conflict):
        services.pip_concept_aanmaken(casus=casus, reden=Reden.OVERIG, reden_toelichting="x", basis=0, door=c1)
    assert (
        services.pip_concept_aanmaken(casus=casus, reden=Reden.OVERIG, reden_toelichting="x", basis=2, door=c1).versie
        == 3
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.timeout(300)
def test_concurrent_vaststellen_of_one_concept_happens_once(world, _pdf_wachtrij):
    """Two requests (a double click, two colleagues) vaststellen the same concept at the same moment."""
    c1 = world.users["c1"]
    casus = met_datums(world.cases["eigen"])
    intake_afronden(casus, c1)
    versie = concept(casus, c1)
    pogingen = 6 if connection.vendor == "postgresql" else 4
    gelukt, geweigerd, fouten = [], [], []
    start = threading.Barrier(pogingen)

    def poging(n):
        try:
            eigen = PipVersie.objects.get(pk=versie.pk)
            start.wait(timeout=30)
            dag = DAGTEKENING + dt.timedelta(days=n)
            try:
                services.pip_vaststellen(
                    versie=eigen, dagtekening=dag, ondertekend_op=dag, revisie=versie.revisie, door=c1
                )
            except ValidationError:
                geweigerd.append(n)
            else:
                gelukt.append(n)
        except Exception as exc:  # noqa: BLE001 - reported below
            fouten.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=poging, args=(n,)) for n in range(pogingen)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not fouten, fouten[:3]
    assert len(gelukt) == 1 and len(geweigerd) == pogingen - 1
    opgeslagen = PipVersie.objects.get(pk=versie.pk)
    assert opgeslagen.dagtekening == DAGTEKENING + dt.timedelta(days=gelukt[0])
    assert _vastgesteld_tijdlijn(casus) == 1 and _vastgesteld_geschiedenis(versie) == 1
    assert len(_pdf_wachtrij) == 1
