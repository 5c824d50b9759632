"""The sweep: stages marked, one item per deadline per stage, twice gives the same, constant queries."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import TijdlijnGebeurtenis
from termijnen import rules
from termijnen.models import Termijn, WerkItem
from termijnen.services import _fase_expressie, _volgende_expressie
from tests.pip.scenario import met_datums

from .scenario import D, de_termijn, herbereken, open_items, sweep, termijn_maken

pytestmark = pytest.mark.django_db


@pytest.fixture
def casus(world):
    casus = met_datums(world.cases["eigen"])  # PIP due 11 April 2023; 'binnenkort' from 28 March
    herbereken(casus, D(2023, 2, 1))
    return casus


def items_tuple():
    return sorted(WerkItem.objects.values_list("termijn_id", "fase", "uiterlijk", "afgehandeld_op", "afhandeling"))


def test_stages_over_time_one_item_per_deadline_per_stage(casus):
    pip = de_termijn(casus, "pip_wettelijk")
    lbt = de_termijn(casus, "lbt_plannen")  # due 28 February, 'binnenkort' from 21 February
    assert sweep(D(2023, 2, 20)).items == 0
    assert not open_items()

    r = sweep(D(2023, 2, 21))
    assert (r.termijnen, r.items) == (1, 1)
    [item] = open_items(casus)
    assert (item.termijn_id, item.fase, item.uiterlijk) == (lbt.pk, rules.BINNENKORT, D(2023, 2, 28))
    lbt.refresh_from_db()
    assert lbt.fase == rules.BINNENKORT and lbt.volgende_fase_op == D(2023, 3, 1)

    # twice on the same day: the same items, nothing new on the timeline
    voor, tijdlijn = items_tuple(), TijdlijnGebeurtenis.objects.count()
    assert sweep(D(2023, 2, 21)).items == 0
    assert items_tuple() == voor and TijdlijnGebeurtenis.objects.count() == tijdlijn

    # overdue: a new item for the stage 'te laat'; the 'binnenkort' item is followed up by it
    r = sweep(D(2023, 3, 1))
    assert r.items == 1
    assert [(i.termijn_id, i.fase) for i in open_items(casus)] == [(lbt.pk, rules.TE_LAAT)]
    opgevolgd = WerkItem.objects.get(termijn=lbt, fase=rules.BINNENKORT)
    assert opgevolgd.afhandeling == "opgevolgd"

    # weeks pass without a sweep: the PIP deadline jumps straight to 'te laat' (one item, the highest stage)
    r = sweep(D(2023, 4, 20))
    assert r.items == 1
    assert sorted((i.termijn_id, i.fase) for i in open_items(casus)) == sorted(
        [(lbt.pk, rules.TE_LAAT), (pip.pk, rules.TE_LAAT)]
    )
    pip.refresh_from_db()
    assert pip.volgende_fase_op is None  # never looked at again
    assert "Werkvoorraad: Wettelijke termijn PIP te laat (uiterlijk 11-04-2023)" in set(
        TijdlijnGebeurtenis.objects.filter(casus=casus).values_list("titel", flat=True)
    )


def test_items_close_when_the_deadline_closes_and_restart_when_it_moves(casus, world):
    from cases import services as case_services
    from termijnen.services import verzoeken_verwerken

    sweep(D(2023, 4, 12))
    pip = de_termijn(casus, "pip_wettelijk")
    assert {(i.termijn_id, i.fase) for i in open_items(casus)} >= {(pip.pk, rules.TE_LAAT)}
    # the BRP date was wrong: the deadline moves to 25 April; the overdue item goes, 'binnenkort' comes
    case_services.casus_bijwerken(casus=casus, data={"datum_brp_inschrijving": D(2023, 2, 14)}, door=world.users["c1"])
    verzoeken_verwerken(vandaag=D(2023, 4, 12))
    assert WerkItem.objects.get(termijn=pip, fase=rules.TE_LAAT).afhandeling == "verschoven"
    sweep(D(2023, 4, 12))
    assert [(i.fase, i.uiterlijk) for i in open_items(casus) if i.termijn_id == pip.pk] == [
        (rules.BINNENKORT, D(2023, 4, 25))
    ]
    # the case is closed: everything goes off the list
    case_services.casus_status_wijzigen(
        casus=casus, naar="afgesloten", toelichting="Vertrokken", door=world.users["c1"]
    )
    verzoeken_verwerken(vandaag=D(2023, 4, 13))
    assert not open_items(casus)
    assert set(WerkItem.objects.filter(casus=casus, afhandeling="voldaan").values_list("termijn_id", flat=True)) >= {
        pip.pk
    }


def test_sweep_takes_batches_and_never_creates_twice(world):
    casus = world.cases["eigen"]
    termijnen = [termijn_maken(casus, uiterlijk=D(2023, 1, 1), sleutel=f"t{i}") for i in range(25)]
    r = sweep(D(2023, 6, 1), batch=10)
    assert (r.batches, r.termijnen, r.items) == (3, 25, 25)
    assert WerkItem.objects.count() == 25
    # a second sweep, and a row put back by hand as if the first run had died after inserting its items:
    Termijn.objects.filter(pk=termijnen[0].pk).update(fase=0, volgende_fase_op=D(2023, 1, 2))
    r = sweep(D(2023, 6, 1), batch=10)
    assert r.termijnen == 1
    assert WerkItem.objects.count() == 25  # the unique constraint per deadline and stage: no duplicate


def _queries_van_sweep(vandaag):
    with CaptureQueriesContext(connection) as ctx:
        sweep(vandaag, batch=50)
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_query_count_does_not_grow_with_open_deadlines_that_are_not_due(world):
    casus = world.cases["eigen"]
    for i in range(3):
        termijn_maken(casus, uiterlijk=D(2023, 1, 1), sleutel=f"due{i}")
    for i in range(5):
        termijn_maken(casus, uiterlijk=D(2030, 1, 1), sleutel=f"later{i}")
    weinig = _queries_van_sweep(D(2023, 6, 1))
    Termijn.objects.filter(sleutel__startswith="due").update(fase=0, volgende_fase_op=D(2023, 1, 2))
    WerkItem.objects.all().delete()
    Termijn.objects.bulk_create(
        [
            Termijn(casus=casus, soort="voortgangsgesprek", sleutel=f"veel{i}", uiterlijk=D(2030, 1, 1), berekend=D(2030, 1, 1),
                    signaal_op=D(2029, 12, 1), te_laat_op=D(2030, 1, 2), volgende_fase_op=D(2029, 12, 1))
            for i in range(500)
        ]
    )  # fmt: skip
    veel = _queries_van_sweep(D(2023, 6, 1))
    assert veel == weinig
    assert weinig <= 5  # select, update, items, follow-ups, timeline


def test_sql_stage_update_matches_the_rules(world):
    """The UPDATE the sweep runs (SQL CASE expressions) gives what rules.fase_op/volgende_fase_datum say."""
    casus = world.cases["eigen"]
    vandaag = D(2023, 6, 1)
    dagen = [None, D(2023, 5, 1), D(2023, 6, 1), D(2023, 7, 1)]
    rijen = []
    for n, (v, s, t, fase) in enumerate(itertools.product(dagen, dagen, dagen, range(4))):
        if any(a and b and a >= b for a, b in ((v, s), (s, t), (v, t))):
            continue  # stage dates ascend (rules.fasedatums)
        rijen.append(
            Termijn(casus=casus, soort="pip_wettelijk", sleutel=str(n), uiterlijk=D(2023, 6, 1), berekend=D(2023, 6, 1),
                    vooraankondiging_op=v, signaal_op=s, te_laat_op=t, fase=fase)
        )  # fmt: skip
    Termijn.objects.bulk_create(rijen)
    Termijn.objects.filter(casus=casus).update(
        fase=_fase_expressie(vandaag), volgende_fase_op=_volgende_expressie(vandaag)
    )
    for t in Termijn.objects.filter(casus=casus):
        oud = next(r for r in rijen if r.sleutel == t.sleutel)
        verwacht = max(oud.fase, rules.fase_op(vandaag, oud.vooraankondiging_op, oud.signaal_op, oud.te_laat_op))
        assert t.fase == verwacht, t.sleutel
        assert t.volgende_fase_op == rules.volgende_fase_datum(
            verwacht, oud.vooraankondiging_op, oud.signaal_op, oud.te_laat_op
        )


def test_reassigning_the_case_moves_its_items_to_the_new_consultant(casus, world):
    from cases import services as case_services
    from termijnen.services import verzoeken_verwerken

    sweep(D(2023, 4, 12))
    assert WerkItem.objects.filter(termijn__verantwoordelijke=world.users["c1"]).exists()
    case_services.casus_toewijzen(casus=casus, consultant=world.users["c2"], door=world.users["tl"])
    verzoeken_verwerken(vandaag=D(2023, 4, 12))
    assert not WerkItem.objects.filter(
        termijn__verantwoordelijke=world.users["c1"], afgehandeld_op__isnull=True
    ).exists()
    assert WerkItem.objects.filter(termijn__verantwoordelijke=world.users["c2"], afgehandeld_op__isnull=True).exists()
