import pytest
from django.core.exceptions import ValidationError

from cases import services, workflow
from cases.models import Casus, StatusOvergang, TijdlijnGebeurtenis
from cases.workflow import TRANSITIONS, Status

ALLOWED = [(van, naar) for van, targets in TRANSITIONS.items() for naar in sorted(targets)]
FORBIDDEN = [(van, naar) for van in Status.values for naar in Status.values if naar not in TRANSITIONS[van]]


def test_table_covers_every_state():
    assert set(TRANSITIONS) == set(Status.values)
    for targets in TRANSITIONS.values():
        assert targets <= set(Status.values)


def test_every_state_reachable_from_start():
    seen, todo = {workflow.START}, [workflow.START]
    while todo:
        for nxt in TRANSITIONS[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    assert seen == set(Status.values)


def _path_to(target):
    """Shortest path of states from START to target through the table."""
    from collections import deque

    prev = {workflow.START: None}
    q = deque([workflow.START])
    while q:
        s = q.popleft()
        for n in sorted(TRANSITIONS[s]):
            if n not in prev:
                prev[n] = s
                q.append(n)
    path, s = [], target
    while s is not None:
        path.append(s)
        s = prev[s]
    return list(reversed(path))


def _bring_to(casus, state, door):
    for step in _path_to(state)[1:]:
        casus = services.casus_status_wijzigen(casus=casus, naar=step, door=door, toelichting="test")
    return casus


@pytest.mark.django_db
@pytest.mark.parametrize("van, naar", ALLOWED)
def test_every_allowed_transition_works(world, van, naar):
    user = world.users["c1"]
    casus = _bring_to(world.cases["eigen"], van, user)
    n_rows = StatusOvergang.objects.filter(casus=casus).count()
    casus = services.casus_status_wijzigen(casus=casus, naar=naar, door=user, toelichting="reden")
    casus.refresh_from_db()
    assert casus.status == naar
    last = StatusOvergang.objects.filter(casus=casus).order_by("-pk").first()
    assert (last.van, last.naar, last.door_id, last.toelichting) == (van, naar, user.pk, "reden")
    assert StatusOvergang.objects.filter(casus=casus).count() == n_rows + 1
    assert casus.actief is (naar != Status.AFGESLOTEN)


@pytest.mark.django_db
@pytest.mark.parametrize("van, naar", FORBIDDEN)
def test_forbidden_transition_raises_and_writes_nothing(world, van, naar):
    user = world.users["c1"]
    casus = _bring_to(world.cases["eigen"], van, user)
    counts = (StatusOvergang.objects.count(), TijdlijnGebeurtenis.objects.count())
    with pytest.raises(ValidationError):
        services.casus_status_wijzigen(casus=casus, naar=naar, door=user, toelichting="reden")
    assert Casus.objects.get(pk=casus.pk).status == van
    assert (StatusOvergang.objects.count(), TijdlijnGebeurtenis.objects.count()) == counts


@pytest.mark.django_db
def test_closing_requires_a_reason(world):
    casus = world.cases["eigen"]
    with pytest.raises(ValidationError, match="toelichting"):
        services.casus_status_wijzigen(casus=casus, naar=Status.AFGESLOTEN, door=world.users["c1"], toelichting=" ")
    assert Casus.objects.get(pk=casus.pk).status == Status.AANGEMELD


@pytest.mark.django_db
def test_one_active_case_per_person(world):
    from django.db import IntegrityError, transaction

    casus = world.cases["eigen"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Casus.objects.create(
            inburgeraar=casus.inburgeraar, gemeente=casus.gemeente, team=casus.team, doelgroep=casus.doelgroep
        )
    # after closing, a new case for the same person is allowed
    services.casus_status_wijzigen(casus=casus, naar=Status.AFGESLOTEN, door=world.users["c1"], toelichting="verhuisd")
    Casus.objects.create(inburgeraar=casus.inburgeraar, gemeente=casus.gemeente, team=casus.team, doelgroep=casus.doelgroep)
    assert Casus.objects.filter(inburgeraar=casus.inburgeraar).count() == 2
