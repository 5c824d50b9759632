"""Roles as data: the kinds of fixed costs are configuration (beheerder), the records are case content."""

import pytest
from django.contrib.auth.models import Group

from inburgering.permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER, TEAMLEIDER

pytestmark = pytest.mark.django_db


def codenames(groep, model):
    return set(
        Group.objects.get(name=groep)
        .permissions.filter(content_type__app_label="ontzorgen", content_type__model=model)
        .values_list("codename", flat=True)
    )


def test_the_beheerder_configures_the_kinds_of_fixed_costs_not_the_consultants():
    alle = {f"{p}_vastelastsoort" for p in ("add", "change", "delete", "view")}
    assert codenames(FUNCTIONEEL_BEHEERDER, "vastelastsoort") == alle
    assert codenames(CONSULTANT, "vastelastsoort") == set()
    assert codenames(TEAMLEIDER, "vastelastsoort") == set()


def test_case_content_is_for_consultants_and_team_leads_not_for_the_beheerder():
    assert {"add_vastelast", "change_vastelast", "view_vastelast"} <= codenames(CONSULTANT, "vastelast")
    assert "delete_vastelast" not in codenames(CONSULTANT, "vastelast")
    assert codenames(FUNCTIONEEL_BEHEERDER, "ontzorgen") == set()
    assert codenames(FUNCTIONEEL_BEHEERDER, "participatiewetsignaal") == set()


def test_the_default_kinds_are_seeded():
    from ontzorgen.models import VasteLastSoort

    assert list(VasteLastSoort.objects.filter(standaard=True).values_list("naam", flat=True)) == [
        "Huur",
        "Energie",
        "Water",
        "Zorgverzekering",
    ]
