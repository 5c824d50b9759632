"""Optimistic locking of the SPUK forecast: a stale form gets the Dutch conflict message and writes nothing."""

import pytest
from django.urls import reverse

from inburgering.concurrency import CONFLICT_MESSAGE, Conflict
from spuk import services
from spuk.models import Prognose
from tests.intake.formulier import formdata

pytestmark = pytest.mark.django_db


def _stand():
    return list(Prognose.objects.order_by("jaar").values_list("jaar", "huisvestingstaakstelling", "versie"))


def test_stale_forecast_form_shows_conflict_keeps_input_and_the_colleagues_numbers(world, client):
    tl, fb, gemeente = world.users["tl"], world.users["fb"], world.gemeente_a
    services.prognose_opslaan(gemeente=gemeente, jaren={2023: (22, 3), 2024: (20, 3)}, door=fb)
    client.force_login(tl)
    url = reverse("spuk:prognose_bewerken", args=[gemeente.pk])
    r = client.get(url)
    html = r.content.decode()
    for veld in ('name="versie_2023" value="1"', 'name="versie_2024" value="1"', 'name="versie_2025" value="0"'):
        assert f'<input type="hidden" {veld}' in html, veld  # the hidden versions are in the page
    form = r.context["form"]
    # the colleague changes 2024; the team lead, on the old page, changes 2023 and adds 2025
    services.prognose_opslaan(gemeente=gemeente, jaren={2024: (30, 3)}, versies={2024: 1}, door=fb)
    geschiedenis = Prognose.history.count()
    r = client.post(url, formdata(form, taakstelling_2023="23", taakstelling_2025="24", migranten_2025="4"))
    assert r.status_code == 200
    html = r.content.decode()
    assert CONFLICT_MESSAGE in html
    assert 'name="taakstelling_2025" id="id_taakstelling_2025" value="24"' in html  # the input is kept
    assert _stand() == [(2023, 22, 1), (2024, 30, 2)]
    assert Prognose.history.count() == geschiedenis
    # reopened, the page carries the new versions and the same input saves without undoing 2024
    form = client.get(url).context["form"]
    r = client.post(url, formdata(form, taakstelling_2023="23", taakstelling_2025="24", migranten_2025="4"))
    assert r.status_code == 302
    assert _stand() == [(2023, 23, 2), (2024, 30, 2), (2025, 24, 1)]


@pytest.mark.parametrize(
    "collega",
    [
        {2024: (30, 3)},  # the row was changed
        {2025: (10, 0)},  # a year that had no row got one
        {2024: None},  # the row was removed
    ],
    ids=["gewijzigd", "aangemaakt", "verwijderd"],
)
def test_service_refuses_a_stale_version_and_writes_nothing(world, collega):
    fb, tl, gemeente = world.users["fb"], world.users["tl"], world.gemeente_a
    services.prognose_opslaan(gemeente=gemeente, jaren={2023: (22, 3), 2024: (20, 3)}, door=fb)
    versies = {2023: 1, 2024: 1, 2025: 0}
    services.prognose_opslaan(gemeente=gemeente, jaren=collega, versies=versies, door=fb)
    voor = (list(Prognose.objects.values()), Prognose.history.count())
    with pytest.raises(Conflict) as exc:
        services.prognose_opslaan(
            gemeente=gemeente, jaren={2023: (25, 3), 2024: (21, 3), 2025: (5, 0)}, versies=versies, door=tl
        )
    assert exc.value.messages == [CONFLICT_MESSAGE]
    assert (list(Prognose.objects.values()), Prognose.history.count()) == voor


def test_an_unchanged_year_keeps_its_version(world):
    fb, gemeente = world.users["fb"], world.gemeente_a
    services.prognose_opslaan(gemeente=gemeente, jaren={2023: (22, 3), 2024: (20, 3)}, door=fb)
    services.prognose_opslaan(
        gemeente=gemeente, jaren={2023: (22, 3), 2024: (21, 3)}, versies={2023: 1, 2024: 1}, door=fb
    )
    assert _stand() == [(2023, 22, 1), (2024, 21, 2)]
    assert "versie" not in {f.name for f in Prognose.history.model._meta.get_fields()}
