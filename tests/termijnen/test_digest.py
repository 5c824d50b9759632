"""The daily digest: Dutch, text + HTML, one per consultant, only with something new or overdue, once a day."""

import pytest
from django.core import mail

from termijnen.models import Digest, WerkItem
from termijnen.services import digest_versturen, termijnen_sweep
from tests.pip.scenario import met_datums

from .scenario import D, herbereken, om, termijn_maken

pytestmark = pytest.mark.django_db


@pytest.fixture
def mensen(world):
    for key in ("c1", "c2", "c3"):
        u = world.users[key]
        u.email = f"{u.username}@gemeente.example"
        u.save()
    return world


def sweep_en_digest(dag, uur=8):
    termijnen_sweep(vandaag=dag, nu=om(dag, uur))
    return digest_versturen(vandaag=dag, nu=om(dag, uur))


def test_sweep_twice_gives_the_same_items_and_one_digest(mensen):
    eigen = met_datums(mensen.cases["eigen"])  # c1: PIP due 11 April 2023
    team = met_datums(mensen.cases["team"], brp=D(2023, 2, 7))  # c2: PIP due 18 April 2023
    herbereken([eigen, team], D(2023, 2, 1))

    assert sweep_en_digest(D(2023, 4, 5)) == 2
    items = sorted(WerkItem.objects.values_list("pk", "termijn_id", "fase"))
    assert sweep_en_digest(D(2023, 4, 5), uur=9) == 0  # the sweep runs more often; the digest once a day
    assert sweep_en_digest(D(2023, 4, 5), uur=17) == 0
    assert sorted(WerkItem.objects.values_list("pk", "termijn_id", "fase")) == items
    assert len(mail.outbox) == 2
    assert Digest.objects.filter(datum=D(2023, 4, 5)).count() == 2

    per_ontvanger = {m.to[0]: m for m in mail.outbox}
    m = per_ontvanger["consultant1@gemeente.example"]
    assert m.subject == "Werkvoorraad 05-04-2023: 1 te laat, 1 nieuw"  # leerbaarheidstoets overdue, PIP soon
    assert "Dit is uw dagoverzicht van de werkvoorraad van woensdag 5 april 2023." in m.body
    assert f"Casus {eigen.pk}: Wettelijke termijn PIP, uiterlijk 11 april 2023 (nog 6 dagen)" in m.body
    assert f"Casus {eigen.pk}: Leerbaarheidstoets plannen, uiterlijk 28 februari 2023 (36 dagen te laat)" in m.body
    assert f"http://localhost:8000/casussen/{eigen.pk}/pip/nieuw/" in m.body
    assert "http://localhost:8000/werkvoorraad/" in m.body
    html, mimetype = m.alternatives[0]
    assert mimetype == "text/html" and '<html lang="nl">' in html and "Te laat (1)" in html and "Nieuw (1)" in html
    # no names or other personal data in an e-mail
    assert eigen.inburgeraar.achternaam not in m.body + html
    assert f"Casus {team.pk}" not in m.body  # only the consultant's own cases


def test_nothing_new_and_nothing_overdue_means_no_mail(mensen):
    eigen = met_datums(mensen.cases["eigen"])
    herbereken(eigen, D(2023, 2, 1))
    assert sweep_en_digest(D(2023, 4, 5)) == 1  # new: PIP 'binnenkort', leerbaarheidstoets overdue
    mail.outbox.clear()
    from termijnen.models import Termijn

    Termijn.objects.filter(soort="lbt_plannen").update(gesloten_op=om(D(2023, 4, 5)))
    WerkItem.objects.filter(termijn__soort="lbt_plannen").update(afgehandeld_op=om(D(2023, 4, 5)))
    assert sweep_en_digest(D(2023, 4, 6)) == 0  # the PIP item was reported yesterday and is not overdue
    assert sweep_en_digest(D(2023, 4, 12)) == 1  # overdue now: reported every day while overdue
    assert mail.outbox[0].subject == "Werkvoorraad 12-04-2023: 1 te laat, 0 nieuw"
    assert sweep_en_digest(D(2023, 4, 13)) == 1


def test_not_before_the_digest_hour(mensen):
    termijn_maken(mensen.cases["eigen"], uiterlijk=D(2023, 4, 1))
    termijnen_sweep(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5), 6))
    assert digest_versturen(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5), 6)) == 0  # digest_uur: 7
    assert digest_versturen(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5), 7)) == 1


def test_a_claim_that_was_never_sent_is_taken_again_later(mensen):
    termijn_maken(mensen.cases["eigen"], uiterlijk=D(2023, 4, 1))
    termijnen_sweep(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5)))
    # a worker claimed the digest and died before sending it
    Digest.objects.create(
        gebruiker=mensen.users["c1"], datum=D(2023, 4, 5), claim="dood", geclaimd_op=om(D(2023, 4, 5), 7)
    )
    assert digest_versturen(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5), 7)) == 0  # fresh claim of another worker
    assert digest_versturen(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5), 8)) == 1
    assert Digest.objects.get().verzonden_op is not None
    assert digest_versturen(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5), 9)) == 0


def test_digest_queries_do_not_grow_with_consultants(mensen, django_assert_max_num_queries):
    for key in ("eigen", "team", "ander"):
        termijn_maken(mensen.cases[key], uiterlijk=D(2023, 4, 1))
    termijnen_sweep(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5)))
    with django_assert_max_num_queries(12):
        assert digest_versturen(vandaag=D(2023, 4, 5), nu=om(D(2023, 4, 5))) == 3
