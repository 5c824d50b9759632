"""The procedure's transition table."""

import pytest

from handhaving import workflow
from handhaving.workflow import ACTIES, EINDSTATUSSEN, TRANSITIONS, Status


def test_every_state_has_a_row_and_only_known_targets():
    assert set(TRANSITIONS) == set(Status.values)
    for van, naar in TRANSITIONS.items():
        assert naar <= set(Status.values), van


def test_end_states_lead_nowhere_and_open_states_somewhere():
    for status in Status.values:
        assert (TRANSITIONS[status] == frozenset()) is (status in EINDSTATUSSEN), status


def test_every_open_state_is_reachable_from_the_signal():
    seen, todo = set(), [workflow.START]
    while todo:
        s = todo.pop()
        if s not in seen:
            seen.add(s)
            todo.extend(TRANSITIONS[s])
    assert seen == set(Status.values)


@pytest.mark.parametrize(
    ("van", "naar", "allowed"),
    [
        ("signaal", "voornemen", False),  # no voornemen before the culpability is assessed
        ("signaal", "opgelegd", False),  # no fine straight from a signal
        ("beoordeeld", "voornemen", True),  # a repeat fine needs no warning (the rule decides, not the table)
        ("voornemen", "opgelegd", False),  # never a fine without the zienswijze / hearing step
        ("voornemen", "juridisch_getoetst", False),  # legal review after the hearing
        ("gehoord", "opgelegd", True),  # non-asiel: impose after the hearing
        ("opgelegd", "afgezien", False),  # an imposed fine ends by payment, remission or withdrawal
        ("in_bezwaar", "ingetrokken", True),  # withdrawn after bezwaar
        ("in_bezwaar", "betaald", False),  # decide on the bezwaar first
        ("betaald", "in_bezwaar", False),  # closed
    ],
)
def test_transitions(van, naar, allowed):
    assert workflow.toegestaan(van, naar) is allowed


def test_acties_follow_the_table():
    assert [slug for slug, _ in workflow.acties("signaal")] == ["verwijtbaarheid", "participatiewet", "afzien"]
    assert [slug for slug, _ in workflow.acties("opgelegd")] == ["betaald", "invordering", "kwijtschelding"]
    assert workflow.acties("betaald") == []
    assert workflow.acties("in_bezwaar") == []  # the decision on bezwaar moves the procedure on, not a step


def test_transitions_of_the_bezwaar_decision_are_no_step():
    assert workflow.toegestaan("in_bezwaar", "opgelegd")  # the table allows it, for the decision on bezwaar
    assert not workflow.actie_toegestaan("in_bezwaar", "opleggen")  # but a second boetebeschikking: never
    with pytest.raises(
        workflow.OngeldigeOvergang, match="'Boetebeschikking opleggen' kan niet in de stap 'in bezwaar'"
    ):
        workflow.controleer_actie("in_bezwaar", "opleggen")
    assert {naar for _, naar in ACTIES.values()} <= set(Status.values)


def test_controleer_overgang_message_is_dutch():
    with pytest.raises(workflow.OngeldigeOvergang, match="Vanuit de stap 'Signaal' kan niet naar 'Boete opgelegd'"):
        workflow.controleer_overgang("signaal", "opgelegd")
