"""Queries compiled once (inburgering.vastesql) give what the ORM gives, for every value and shape."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from cases.models import Casus
from inburgering import vastesql
from inburgering.models import Gebruiker
from inburgering.sessies import SessionStore
from tests.conftest import make_case

pytestmark = pytest.mark.django_db


def _gebruiker(user_id):
    return Gebruiker.objects.filter(pk=user_id).values_list("username", flat=True)


def _gebruikersnaam(naam):
    return Gebruiker.objects.filter(username=naam).values_list("username", flat=True)


def _casussen_van(ids):
    return Casus.objects.filter(consultant_id__in=ids).order_by("pk").values_list("pk", flat=True)


def _gekoppeld_voor(datum, consultant):
    return (
        Casus.objects.filter(datum_koppeling__lt=datum, consultant_id=consultant)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _aangemaakt_voor(tijd):
    return Gebruiker.objects.filter(date_joined__lt=tijd, is_active=True).order_by("pk").values_list("pk", flat=True)


def _rijen(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [r[0] for r in cursor.fetchall()]


def _waarden(world, naam):
    """Per case: (key, builder, values) for two calls of the same shape."""
    c1, c2, c3 = world.users["c1"], world.users["c2"], world.users["c3"]
    nu = timezone.now()
    return {
        "int": (_gebruiker, [{"user_id": c1.pk}, {"user_id": c2.pk}]),
        "int_onbekend": (_gebruiker, [{"user_id": c1.pk}, {"user_id": 10**9}]),
        "tekst": (_gebruikersnaam, [{"naam": "consultant1"}, {"naam": "teamleider"}]),
        "lijst_1": (_casussen_van, [{"ids": [c1.pk]}, {"ids": [c3.pk]}]),
        "lijst_2": (_casussen_van, [{"ids": [c1.pk, c2.pk]}, {"ids": [c2.pk, c3.pk]}]),
        "datum": (
            _gekoppeld_voor,
            [{"datum": dt.date(2030, 1, 1), "consultant": c1.pk}, {"datum": dt.date(2000, 1, 1), "consultant": c1.pk}],
        ),
        "datumtijd": (_aangemaakt_voor, [{"tijd": nu + dt.timedelta(days=1)}, {"tijd": nu - dt.timedelta(days=1)}]),
    }[naam]


@pytest.mark.parametrize("naam", ["int", "int_onbekend", "tekst", "lijst_1", "lijst_2", "datum", "datumtijd"])
def test_same_rows_as_the_orm_for_each_value(world, naam):
    Casus.objects.filter(pk=world.cases["eigen"].pk).update(datum_koppeling=dt.date(2020, 1, 1))
    bouw, reeks = _waarden(world, naam)
    sleutel = f"test-{naam}-{id(world)}"
    uitkomsten = []
    for waarden in reeks:
        verwacht = list(bouw(**waarden))
        assert _rijen(*vastesql.sql(sleutel, bouw, **waarden)) == verwacht
        uitkomsten.append(verwacht)
    assert uitkomsten[0] != uitkomsten[1]  # the second value really is a different question
    # the second call did not compile again: one shape for both
    assert vastesql.vorm(sleutel, **reeks[1]) is vastesql.vorm(sleutel, **reeks[0])


def test_compiled_once_per_shape(world, monkeypatch):
    c1, c2, c3 = world.users["c1"], world.users["c2"], world.users["c3"]
    compilaties = []
    origineel = SQLCompiler.as_sql

    def tel(self, *args, **kwargs):
        compilaties.append(self.query.model)
        return origineel(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", tel)
    sleutel = f"test-vorm-{id(world)}"
    for ids in ([c1.pk], [c2.pk], [c1.pk, c2.pk], [c3.pk, c1.pk], [c1.pk, c2.pk, c3.pk]):
        assert _rijen(*vastesql.sql(sleutel, _casussen_van, ids=ids)) == list(_casussen_van(ids))
    orm = 5  # the comparison above compiles each time
    assert len(compilaties) - orm == 3  # lists of 1, 2 and 3 ids


def test_a_value_that_is_not_a_parameter_is_refused(world):
    with pytest.raises(ValueError, match="komt niet als parameter"):
        vastesql.sql(
            f"test-vergeten-{id(world)}", lambda user_id, datum: _gebruiker(user_id), user_id=1, datum=dt.date.today()
        )


@pytest.mark.parametrize("waarde", [True, None, 1.5])
def test_values_without_a_marker_are_refused(world, waarde):
    with pytest.raises(TypeError):
        vastesql.sql(f"test-soort-{id(world)}", lambda x: _gebruiker(x), x=waarde)


def test_session_store_loads_a_valid_session_and_drops_an_expired_one(world):
    s = SessionStore()
    s["kleur"] = "blauw"
    s.create()
    sleutel = s.session_key
    assert SessionStore(sleutel).load() == {"kleur": "blauw"}
    Session.objects.filter(session_key=sleutel).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    verlopen = SessionStore(sleutel)
    assert verlopen.load() == {}
    assert verlopen.session_key is None
    onbekend = SessionStore("x" * 32)
    assert onbekend.load() == {}
    assert onbekend.session_key is None


def _naam_en_misschien_meer(user_id, teams=None):
    velden = ["username", "first_name"] if teams else ["username"]
    qs = Gebruiker.objects.filter(pk=user_id)
    return (qs.filter(teams__in=teams) if teams else qs).values(*velden)


def test_dicts_read_each_shape_with_its_own_columns(world):
    c1 = world.users["c1"]
    sleutel = f"test-dicts-{id(world)}"
    zonder = vastesql.dicts(sleutel, _naam_en_misschien_meer, user_id=c1.pk)
    met = vastesql.dicts(sleutel, _naam_en_misschien_meer, user_id=c1.pk, teams=[world.team1.pk])
    assert zonder == list(_naam_en_misschien_meer(c1.pk))
    assert (
        met
        == list(_naam_en_misschien_meer(c1.pk, [world.team1.pk]))
        == [{"username": "consultant1", "first_name": "Consultant1"}]
    )


def _naam_bevat(deel, begin, eind):
    return (
        Gebruiker.objects.filter(username__icontains=deel, username__startswith=begin, last_name__endswith=eind)
        .order_by("pk")
        .values_list("username", flat=True)
    )


@pytest.mark.parametrize(
    "deel, begin, eind",
    [("SULT", "con", ""), ("ltant1", "consultant", ""), ("%", "", ""), ("_", "c", ""), ("\\", "", ""), ("", "team", "")],
)
def test_a_value_in_a_like_pattern_is_escaped_as_the_orm_escapes_it(world, deel, begin, eind):
    sleutel = f"test-like-{id(world)}"
    assert _rijen(*vastesql.sql(sleutel, _naam_bevat, deel=deel, begin=begin, eind=eind)) == list(
        _naam_bevat(deel, begin, eind)
    )
    # every value shares one shape: the pattern is kept, the value escaped at each call
    assert vastesql.vorm(sleutel, deel="x", begin="y", eind="z") is not None


def _gebruikers_op(orde, actief):
    return Gebruiker.objects.filter(is_active=actief).order_by(orde).values_list("username", flat=True)


def test_a_fixed_value_is_part_of_the_shape_and_reaches_the_builder_as_is(world):
    Gebruiker.objects.filter(pk=world.users["c3"].pk).update(is_active=False)
    sleutel = f"test-vast-{id(world)}"
    for orde in ("username", "-username"):
        for actief in (True, False):
            waarden = {"orde": vastesql.Vast(orde), "actief": vastesql.Vast(actief)}
            assert _rijen(*vastesql.sql(sleutel, _gebruikers_op, **waarden)) == list(_gebruikers_op(orde, actief))
    assert vastesql.vorm(sleutel, orde=vastesql.Vast("username"), actief=vastesql.Vast(True)) is not (
        vastesql.vorm(sleutel, orde=vastesql.Vast("-username"), actief=vastesql.Vast(True))
    )


def _casussen_gesorteerd(consultant):
    return Casus.objects.filter(consultant_id=consultant).order_by("-pk").values("pk", "inburgeraar__achternaam")


def test_a_window_reads_one_page_with_the_shared_sql(world):
    c1 = world.users["c1"]
    for n in range(300, 307):
        make_case(consultant=c1, team=world.team1, gemeente=world.gemeente_a, door=c1, n=n)
    alles = list(_casussen_gesorteerd(c1.pk))
    assert len(alles) >= 8
    sleutel = f"test-venster-{id(world)}"
    paginas = [
        vastesql.dicts(sleutel, _casussen_gesorteerd, venster=(3, vanaf), consultant=c1.pk) for vanaf in (0, 3, 6)
    ]
    assert paginas == [alles[i : i + 3] for i in (0, 3, 6)]
    assert vastesql.vorm(sleutel, consultant=c1.pk) is not None  # one shape for every page


def test_insert_writes_the_row_save_would_write(world):
    from inburgering.models import Toegangslog

    velden = {
        "gebruiker": world.users["c1"],
        "gebruikersnaam": "consultant1",
        "rol": "Consultant",
        "actie": "zoeken",
        "casus_id": None,
        "inburgeraar_id": 7,
        "object_type": "caseload",
        "object_id": "",
        "url_naam": "cases:caseload",
        "methode": "GET",
        "statuscode": 200,
        "ip_adres": "127.0.0.1",
        "doel": "Uitvoering Wet inburgering 2021",
        "aantal_personen": 25,
    }
    voor = timezone.now()
    vastesql.invoegen(Toegangslog(**velden))
    vastesql.invoegen(Toegangslog(**velden | {"ip_adres": None, "aantal_personen": None}))
    Toegangslog.objects.create(**velden)
    a, b, orm = Toegangslog.objects.order_by("pk")
    kolommen = [f.attname for f in Toegangslog._meta.concrete_fields if f.attname not in ("id", "tijdstip")]
    assert [getattr(a, k) for k in kolommen] == [getattr(orm, k) for k in kolommen]
    assert (b.ip_adres, b.aantal_personen, b.gebruiker_id) == (None, None, world.users["c1"].pk)
    assert voor <= a.tijdstip <= orm.tijdstip  # auto_now_add, as save() sets it


def test_past_the_maximum_the_shapes_are_forgotten_and_made_again(world, monkeypatch):
    monkeypatch.setattr(vastesql, "MAX_VORMEN", 3)
    c1 = world.users["c1"]
    sleutel = f"test-max-{id(world)}"
    for n in range(1, 6):  # lists of 1..5 ids: five shapes
        ids = [c1.pk] * n
        assert _rijen(*vastesql.sql(sleutel, _casussen_van, ids=ids)) == list(_casussen_van(ids))
        assert len(vastesql._VORMEN) <= 3
    assert vastesql.vorm(sleutel, ids=[c1.pk] * 5) is not None
    assert vastesql.vorm(sleutel, ids=[c1.pk]) is None  # forgotten
