"""`inburgering.vastesql.rijen` gives the instances the ORM gives (select_related, defer/only, annotations), with its
SQL compiled once; the case page's lists and sections read through it."""

from __future__ import annotations

import pytest
from django.db.models import Count

from cases import selectors
from cases import views as case_views
from cases.models import Casus
from duo import selectors as duo
from handhaving import selectors as handhaving
from inburgering import vastesql
from leerroutes import selectors as leerroutes
from ontzorgen import selectors as ontzorgen
from pip import selectors as pip
from tests.cases.test_detail_queries import _twintig_meer, _volle_casus
from tests.handhaving import scenario as hh

pytestmark = pytest.mark.django_db


def _met_aantal_overgangen(casus_id):
    return Casus.objects.filter(pk=casus_id).select_related("inburgeraar", "consultant").annotate(n=Count("overgangen"))


def _inhoud(obj, gezien=()) -> dict:
    """The field values, deferred fields, annotations and select_related rows of an instance."""
    uit = {k: v for k, v in obj.__dict__.items() if k != "_state"}
    uit["_uitgesteld"] = obj.get_deferred_fields()
    gezien = (*gezien, obj)
    uit["_gerelateerd"] = {
        naam: "terug" if rel in gezien else None if rel is None else _inhoud(rel, gezien)  # a one-to-one links back
        for naam, rel in obj._state.fields_cache.items()
    }
    return uit


def _bouwers(casus):
    per_casus = {"casus_id": casus.pk}
    per_persoon = {"inburgeraar_id": casus.inburgeraar_id}
    return [
        (case_views._overgangen, per_casus),
        (case_views._tijdlijn, per_casus),
        (case_views._documenten, per_casus),
        (case_views._gezinsleden, per_persoon),
        (selectors._casus_historie, per_casus),
        (selectors._persoon_historie, per_persoon),
        (selectors._gezin_historie, per_persoon),
        (selectors._document_historie, per_casus),
        (pip._versies, per_casus),
        (handhaving._procedures, per_casus),
        (handhaving._bezwaren, per_casus),
        (ontzorgen._intake_historie, per_casus),
        (ontzorgen._laatste_meting, per_casus),
        (ontzorgen._activiteiten, per_casus),
        (leerroutes._lopend_aanbod, per_casus),
        (leerroutes._eerste_aanbod, per_casus),
        (leerroutes._afschalingen, per_casus),
        (leerroutes._examens, per_casus),
        (leerroutes._open_signalen, per_casus),
        (duo._vijf_berichten, per_casus),
        (duo._honderd_berichten, per_casus),
        (_met_aantal_overgangen, {"casus_id": casus.pk}),
    ]


def test_the_same_instances_as_the_orm(world):
    casus = _volle_casus(world)
    _twintig_meer(world, casus, world.users["c1"])
    team = hh.met_pip(world.cases["team"])
    hh.procedure_tot(team, world.users["c2"], "opgelegd")  # a procedure with its boetebeschikking
    for c in (casus, team, world.cases["ander"]):
        for bouw, waarden in _bouwers(c):
            verwacht = [_inhoud(o) for o in bouw(**waarden)]
            assert [_inhoud(o) for o in vastesql.rijen(bouw, **waarden)] == verwacht, bouw.__qualname__
    # the data really reached the related rows, deferred fields and annotations
    (bezwaar,) = vastesql.rijen(handhaving._bezwaren, casus_id=casus.pk)
    assert bezwaar.pip_versie.versie == 1 and "beschikking_html" in bezwaar.pip_versie.get_deferred_fields()
    (procedure,) = vastesql.rijen(handhaving._procedures, casus_id=team.pk)
    assert procedure.beschikking.kenmerk
    assert [s.aanbod.taalaanbieder.naam for s in vastesql.rijen(leerroutes._open_signalen, casus_id=casus.pk)]
    (met_aantal,) = vastesql.rijen(_met_aantal_overgangen, casus_id=casus.pk)
    assert met_aantal.n == casus.overgangen.count() > 20


def test_compiled_once(world):
    sleutel = f"{__name__}._met_aantal_overgangen"
    eigen, ander = world.cases["eigen"], world.cases["ander"]
    assert vastesql.rijen(_met_aantal_overgangen, casus_id=eigen.pk)[0].pk == eigen.pk
    vorm_sleutel = vastesql._sleutel(sleutel, "default", {"casus_id": eigen.pk})
    vorm, lezer = vastesql.vorm(sleutel, casus_id=eigen.pk), vastesql._RIJLEZERS[vorm_sleutel]
    assert vastesql.rijen(_met_aantal_overgangen, casus_id=ander.pk)[0].pk == ander.pk
    assert vastesql.vorm(sleutel, casus_id=ander.pk) is vorm
    assert vastesql._RIJLEZERS[vorm_sleutel] is lezer


def test_a_function_without_a_name_of_its_own_is_refused(world):
    with pytest.raises(ValueError, match="module-level"):
        vastesql.rijen(lambda casus_id: Casus.objects.filter(pk=casus_id), casus_id=1)
