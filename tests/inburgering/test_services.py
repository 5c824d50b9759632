"""The shared service plumbing (inburgering.services): locking a case and a row of it, changed fields and their labels."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from inburgering.concurrency import Conflict
from inburgering.services import casus_en_rij_vergrendelen, casus_vergrendelen, labels, velden_zetten
from intake.models import WarmeOverdracht

D = dt.date


def _overdracht(**velden) -> WarmeOverdracht:
    return WarmeOverdracht(gesprek_datum=D(2023, 1, 10), gesprek_plaats="AZC Zeist", **velden)


@pytest.mark.parametrize(
    "data, velden, veranderd, waarden",
    [
        ({"gesprek_plaats": "AZC Zeist"}, ("gesprek_plaats",), [], {"gesprek_plaats": "AZC Zeist"}),
        ({"gesprek_plaats": "Gemeentehuis"}, ("gesprek_plaats",), ["gesprek_plaats"], {"gesprek_plaats": "Gemeentehuis"}),
        ({"azc": "AZC Ede", "zorgen": "Geen."}, ("azc",), ["azc"], {"azc": "AZC Ede", "zorgen": ""}),
        ({"zorgen": "Geen.", "azc": "AZC Ede"}, ("azc", "zorgen"), ["azc", "zorgen"], {"azc": "AZC Ede"}),
        ({}, ("azc", "zorgen"), [], {"azc": "", "zorgen": ""}),
        # a required foreign key that is not set yet reads as None
        ({"vastgelegd_door": None}, ("vastgelegd_door",), [], {}),
    ],
)
def test_velden_zetten_sets_the_fields_in_data_and_names_the_changed_ones(data, velden, veranderd, waarden):
    obj = _overdracht()
    assert velden_zetten(obj, data, velden) == veranderd
    for veld, waarde in waarden.items():
        assert getattr(obj, veld) == waarde


@pytest.mark.parametrize(
    "velden, tekst",
    [
        ((), ""),
        (("azc",), "AZC (locatie)"),
        (("gesprek_datum", "coa_contactpersoon"), "datum driegesprek, COA-casemanager"),
    ],
)
def test_labels_are_the_verbose_names_in_order(velden, tekst):
    assert labels(WarmeOverdracht, velden) == tekst


@pytest.mark.parametrize(
    "gebruiker, casus, mag",
    [("c1", "eigen", True), ("tl", "team", True), ("c2", "eigen", False), ("c3", "eigen", False), ("fb", "eigen", False)],
)
def test_casus_vergrendelen_returns_the_case_to_whom_may_change_it(world, gebruiker, casus, mag):
    door, casus = world.users[gebruiker], world.cases[casus]
    if mag:
        locked = casus_vergrendelen(casus, door)
        assert locked.pk == casus.pk and locked is not casus
    else:
        with pytest.raises(PermissionDenied):
            casus_vergrendelen(casus, door)


@pytest.mark.parametrize(
    "gebruiker, versie, fout",
    [("c1", None, None), ("c1", 2, None), ("c1", "2", None), ("c1", 1, Conflict), ("c1", 0, Conflict),
     ("c3", 2, PermissionDenied)],
)
def test_casus_en_rij_vergrendelen_checks_the_user_then_the_version(world, gebruiker, versie, fout):
    casus = world.cases["eigen"]
    rij = WarmeOverdracht.objects.create(
        casus=casus, gesprek_datum=D(2023, 1, 10), gesprek_plaats="AZC", vastgelegd_door=world.users["c1"], versie=2
    )
    if fout is not None:
        with pytest.raises(fout):
            casus_en_rij_vergrendelen(rij, world.users[gebruiker], versie)
        return
    locked_casus, locked = casus_en_rij_vergrendelen(
        rij, world.users[gebruiker], versie, queryset=WarmeOverdracht.objects.select_related("vastgelegd_door")
    )
    assert (locked.pk, locked.versie, locked_casus.pk) == (rij.pk, 2, casus.pk)
    assert locked is not rij and locked.casus is locked_casus
