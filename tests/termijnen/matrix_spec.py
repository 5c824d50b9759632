"""Role x URL matrix entries of the work list (merged by tests/test_permission_matrix.py).

The work list is for consultants and team leads (each sees their own items; a team lead also
the team's overdue items); the functioneel beheerder has no case content.
"""

from tests.matrix import CASE_STAFF, Rule

MATRIX = {
    "termijnen:werkvoorraad": Rule(get=CASE_STAFF),
}
