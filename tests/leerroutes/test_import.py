"""CSV import of a school's hours and attendance: preview, row-level errors, all or nothing, idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import TijdlijnGebeurtenis
from leerroutes import services
from leerroutes.csvimport import controleer, lees_maand, lees_uren
from leerroutes.models import Aanwezigheid, ImportBatch, Signaal, Urenregistratie

from . import scenario as s

pytestmark = pytest.mark.django_db


@pytest.fixture
def twee(world):
    """Two own cases of c1 at one school (S-1 and S-2) and a team colleague's case (S-3)."""
    c1, c2 = world.users["c1"], world.users["c2"]
    eigen = s.met_pip(world.cases["eigen"], c1)
    school = s.school(gemeente=eigen.gemeente)
    from tests.conftest import make_case

    tweede = s.met_pip(make_case(consultant=c1, team=world.team1, gemeente=world.gemeente_a, door=c1, n=11), c1)
    team = s.met_pip(world.cases["team"], c2)
    s.aanbod(eigen, c1, school, leerlingnummer="S-1")
    s.aanbod(tweede, c1, school, leerlingnummer="S-2")
    s.aanbod(team, c2, school, leerlingnummer="S-3")
    return c1, school, eigen, tweede


def _csv(*regels, kop="leerlingnummer;maand;nt2_uren;knm_uren;geplande_uren;aanwezige_uren"):
    return ("\n".join([kop, *regels]) + "\n").encode()


def _batch(c1, school, inhoud, naam="uren.csv"):
    return services.import_voorbeeld_maken(taalaanbieder=school, bestandsnaam=naam, inhoud=inhoud, door=c1)


def _goed():
    m1, m2 = s.maand(1).strftime("%Y-%m"), s.maand(2).strftime("%m-%Y")
    return _csv(f"S-1;{m1};42,5;4;48;44", f"S-1;{m2};40;;;", f"S-2;{m1};38;2;48;30")


@pytest.mark.parametrize(
    "tekst, maand",
    [
        ("2024-03", (2024, 3)),  # year-month
        ("03-2024", (2024, 3)),  # month-year
        ("2024-03-17", (2024, 3)),  # a date in the month
        ("17-03-2024", (2024, 3)),  # a Dutch date in the month
        ("2024-13", None),  # no such month
        ("maart", None),  # not a month
    ],
)
def test_lees_maand(tekst, maand):
    uitkomst = lees_maand(tekst)
    assert (uitkomst.year, uitkomst.month) == maand if maand else uitkomst is None


@pytest.mark.parametrize(
    "tekst, uren",
    [
        ("42,5", Decimal("42.50")),
        ("42.5", Decimal("42.50")),
        ("1.234,5", Decimal("1234.50")),
        ("x", None),
        ("NaN", None),
    ],
)
def test_lees_uren(tekst, uren):
    assert lees_uren(tekst) == uren


def test_goed_bestand_voorbeeld_en_dan_alles_verwerkt(twee):
    c1, school, eigen, tweede = twee
    batch = _batch(c1, school, _goed())
    controle = controleer(batch, door=c1)
    assert controle.fouten == 0 and len(controle.rijen) == 3
    assert not Urenregistratie.objects.exists()  # the preview writes nothing
    batch = services.import_verwerken(batch=batch, door=c1)
    assert batch.status == "verwerkt" and batch.aantal_rijen == 3
    assert batch.aantal_nieuw == 7  # 5 hour figures + 2 attendance months
    assert Urenregistratie.objects.filter(casus=eigen, soort="nt2").count() == 2
    assert Urenregistratie.objects.filter(bron="csv").count() == 5
    assert Aanwezigheid.objects.count() == 2
    # S-2 attended 30 of 48 hours: 62.5% is under the threshold
    assert Signaal.objects.filter(casus=tweede).count() == 1 and not Signaal.objects.filter(casus=eigen).exists()
    assert TijdlijnGebeurtenis.objects.filter(casus=eigen, titel__startswith="Uren ingelezen").count() == 1
    assert batch.inhoud == ""  # the file is not kept after the import


def test_bestand_met_foute_regels_importeert_niets_en_meldt_elke_fout(twee):
    c1, school, _, _ = twee
    m1 = s.maand(1).strftime("%Y-%m")
    toekomst = s.maand(0).replace(year=s.maand(0).year + 1).strftime("%Y-%m")
    inhoud = _csv(
        f"S-1;{m1};42,5;4;48;44",  # good
        f"S-9;{m1};10;;;",  # 3: unknown student
        f"S-3;{m1};10;;;",  # 4: a colleague's case (not editable for c1)
        "S-1;maart;10;;;",  # 5: not a month
        f"S-2;{m1};tien;;;",  # 6: not a number
        f"S-2;{toekomst};10;;;",  # 7: future month
        f"S-2;{m1};10;;48;50",  # 8: more attended than planned
        f"S-1;{m1};5;;;",  # 9: the same student and month twice
        f"S-2;{m1};-3;;40;",  # 10: negative and attendance half filled in
    )
    batch = _batch(c1, school, inhoud)
    controle = controleer(batch, door=c1)
    fout_regels = sorted({r.regel for r in controle.foute_rijen})
    assert fout_regels == [3, 4, 5, 6, 7, 8, 9, 10]
    assert controle.fouten >= 9
    with pytest.raises(ValidationError) as exc:
        services.import_verwerken(batch=batch, door=c1)
    for regel in fout_regels:
        assert any(m.startswith(f"Regel {regel}:") for m in exc.value.messages)
    assert not Urenregistratie.objects.exists() and not Aanwezigheid.objects.exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == "voorbeeld"


def test_zelfde_bestand_twee_keer_geeft_geen_dubbele_regels(twee):
    c1, school, eigen, _ = twee
    services.import_verwerken(batch=_batch(c1, school, _goed()), door=c1)
    aantallen = (Urenregistratie.objects.count(), Aanwezigheid.objects.count(), Signaal.objects.count())
    tijdlijn = TijdlijnGebeurtenis.objects.filter(casus=eigen).count()
    tweede = services.import_verwerken(batch=_batch(c1, school, _goed()), door=c1)
    assert (tweede.aantal_nieuw, tweede.aantal_gewijzigd) == (0, 0)
    assert (Urenregistratie.objects.count(), Aanwezigheid.objects.count(), Signaal.objects.count()) == aantallen
    assert TijdlijnGebeurtenis.objects.filter(casus=eigen).count() == tijdlijn
    # a corrected figure replaces, it does not add
    m1 = s.maand(1).strftime("%Y-%m")
    derde = services.import_verwerken(batch=_batch(c1, school, _csv(f"S-1;{m1};45;4;48;44")), door=c1)
    assert (derde.aantal_nieuw, derde.aantal_gewijzigd) == (0, 1)
    assert Urenregistratie.objects.get(casus=eigen, soort="nt2", maand=s.maand(1)).uren == Decimal("45")


def test_kopregel_ontbreekt_of_leeg_bestand(twee):
    c1, school, _, _ = twee
    assert "mist de kolom" in controleer(_batch(c1, school, b"a;b;c\n1;2;3\n"), door=c1).bestandsfouten[0]
    assert controleer(_batch(c1, school, b""), door=c1).bestandsfouten == ["Het bestand is leeg."]


def test_komma_gescheiden_en_windows_tekens(twee):
    c1, school, _, _ = twee
    m1 = s.maand(1).strftime("%Y-%m")
    inhoud = f"leerlingnummer,maand,nt2_uren\r\nS-1,{m1},12.5\r\n".encode("cp1252")
    controle = controleer(_batch(c1, school, inhoud), door=c1)
    assert controle.fouten == 0 and controle.rijen[0].nt2_uren == Decimal("12.50")


def test_alleen_wie_inlas_verwerkt(twee, world):
    c1, school, _, _ = twee
    batch = _batch(c1, school, _goed())
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_verwerken(batch=batch, door=world.users["c2"])


def test_schermen_voorbeeld_fouten_en_verwerken(twee, client):
    c1, school, _, _ = twee
    client.force_login(c1)
    url = reverse("leerroutes:import_nieuw")
    m1 = s.maand(1).strftime("%Y-%m")
    slecht = SimpleUploadedFile("slecht.csv", _csv(f"S-1;{m1};42;;;", f"S-9;{m1};1;;;"), content_type="text/csv")
    r = client.post(url, {"taalaanbieder": school.pk, "bestand": slecht})
    assert r.status_code == 302
    r = client.get(r["Location"])
    html = r.content.decode()
    assert "Er is niets ingelezen" in html and "Regel 3" in html and "S-9" in html
    assert "regels verwerken" not in html
    goed = SimpleUploadedFile("goed.csv", _goed(), content_type="text/csv")
    r = client.post(url, {"taalaanbieder": school.pk, "bestand": goed})
    voorbeeld = r["Location"]
    html = client.get(voorbeeld).content.decode()
    assert "Alle 3 regels verwerken" in html
    r = client.post(voorbeeld)
    assert r.status_code == 302
    html = client.get(voorbeeld).content.decode()
    assert "Uren ingelezen" in html and Urenregistratie.objects.count() == 5
    # another consultant does not see c1's upload
    client.force_login(twee[0].__class__.objects.get(username="consultant2"))
    assert client.get(voorbeeld).status_code == 404


MAANDEN = (1, 2, 3, 4, 5)
QUERIES_MAX = 45  # whatever the size of the file: reads and writes go per batch of rows, not per row


def _groot_bestand(nummers, *, nt2=lambda i: 20 + i % 25, aanwezig=lambda i: 30 if i % 10 == 0 else 38):
    """Five months per student; attendance 30 (75%: a signal) or 38 of 40 planned hours."""
    return _csv(
        *(f"{n};{s.maand(m):%Y-%m};{nt2(i)};2;40;{aanwezig(i)}" for i, n in enumerate(nummers) for m in MAANDEN)
    )


def test_groot_bestand_in_bulk_met_dezelfde_uitkomst(twee, django_assert_max_num_queries):
    c1, school, eigen, _ = twee
    nummers = s.leerlingen(eigen, c1, school, 60)
    # already there, month 1 of students 0-19: NT2 as in the file (0-9) or not (10-19), KNM and attendance
    # as in the file, except students 0-4 who attended 20 of 40 hours (a signal)
    voor = _csv(
        *(
            f"{n};{s.maand(1):%Y-%m};{20 + i if i < 10 else 99};2;40;{20 if i < 5 else (30 if i % 10 == 0 else 38)}"
            for i, n in enumerate(nummers[:20])
        )
    )
    services.import_verwerken(batch=_batch(c1, school, voor), door=c1)
    assert Signaal.objects.filter(aanbod__leerlingnummer__in=nummers).count() == 6  # students 0-4 and 10
    tijdlijn_voor = TijdlijnGebeurtenis.objects.order_by("-pk").values_list("pk", flat=True).first()

    batch = _batch(c1, school, _groot_bestand(nummers))
    with django_assert_max_num_queries(QUERIES_MAX):
        batch = services.import_verwerken(batch=batch, door=c1)

    # 900 figures: 60 were there, of which NT2 of 10-19 and attendance of 0-4 changed
    assert (batch.aantal_rijen, batch.aantal_nieuw, batch.aantal_gewijzigd) == (300, 840, 15)
    uren = {
        (u.aanbod.leerlingnummer, u.soort, u.maand): u
        for u in Urenregistratie.objects.filter(aanbod__leerlingnummer__in=nummers).select_related("aanbod")
    }
    assert len(uren) == 600
    for i, n in enumerate(nummers):
        for m in MAANDEN:
            nt2, knm = uren[(n, "nt2", s.maand(m))], uren[(n, "knm", s.maand(m))]
            assert (nt2.uren, knm.uren, nt2.bron, nt2.vastgelegd_door_id) == (20 + i % 25, 2, "csv", c1.pk)
    aanwezig = Aanwezigheid.objects.filter(aanbod__leerlingnummer__in=nummers)
    assert sorted({a.percentage for a in aanwezig}) == [Decimal("75.0"), Decimal("95.0")] and aanwezig.count() == 300
    # a history row with the user for every created or changed row, none for a figure that stayed the same
    assert Urenregistratie.history.filter(aanbod__leerlingnummer__in=nummers).count() == 40 + 560 + 10
    gewijzigd = Urenregistratie.history.filter(history_type="~")
    assert sorted(h.uren for h in gewijzigd) == [20 + i for i in range(10, 20)]
    assert Aanwezigheid.history.filter(history_type="+").count() == 20 + 280
    assert sorted(h.aanwezige_uren for h in Aanwezigheid.history.filter(history_type="~")) == [30, 38, 38, 38, 38]
    for model in (Urenregistratie, Aanwezigheid, Signaal):
        assert set(model.history.values_list("history_user", flat=True)) == {c1.pk}
    # signals: student 0 still low in month 1 (75% now), 1-4 corrected (closed), a new one for every other low month
    signalen = Signaal.objects.filter(aanbod__leerlingnummer__in=nummers).select_related("aanbod")
    open_ = {(g.aanbod.leerlingnummer, g.maand): g for g in signalen if g.afgehandeld_op is None}
    assert set(open_) == {(nummers[i], s.maand(m)) for i in range(0, 60, 10) for m in MAANDEN}
    assert open_[(nummers[0], s.maand(1))].percentage == Decimal("75.0")
    gesloten = [g for g in signalen if g.afgehandeld_op]
    assert sorted(g.aanbod.leerlingnummer for g in gesloten) == nummers[1:5]
    assert all(g.afhandeling == "Aanwezigheid gecorrigeerd naar 95%." for g in gesloten)
    assert Signaal.history.filter(history_type="~").count() == 5
    # one timeline entry per case (every case has new months), and one per new signal
    nieuw = TijdlijnGebeurtenis.objects.filter(pk__gt=tijdlijn_voor, door=c1)
    ingelezen = nieuw.filter(titel=f"Uren ingelezen uit het bestand van {school}")
    assert ingelezen.count() == 60 and len({t.casus_id for t in ingelezen}) == 60
    assert nieuw.filter(soort="signaal").count() == 28
    tien = ingelezen.get(casus__inburgeringsaanbod__leerlingnummer=nummers[10]).omschrijving
    assert tien.startswith(f"NT2 {services._maand_tekst(s.maand(1))}: 30 uur; NT2 {services._maand_tekst(s.maand(2))}")


def test_aantal_queries_groeit_niet_per_regel(twee):
    """300 and 600 rows: the same queries, plus at most one more per batch of rows of each table written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c1, school, eigen, _ = twee
    aantallen = []
    for eerste, aantal in ((0, 60), (1000, 120)):
        nummers = s.leerlingen(eigen, c1, school, aantal, eerste_nummer=eerste)
        batch = _batch(c1, school, _groot_bestand(nummers))
        with CaptureQueriesContext(connection) as queries:
            batch = services.import_verwerken(batch=batch, door=c1)
        assert batch.aantal_nieuw == aantal * 5 * 3
        aantallen.append(len(queries))
    # per batch: IMPORT_STUK rows, or fewer where the database takes fewer parameters (SQLite: 999)
    stuk = min(services.IMPORT_STUK, (connection.features.max_query_params or 10**6) // 12)
    extra_uren = -(-600 // stuk)  # 300 more rows: 600 more hour figures, 300 attendance months, signals, entries
    assert aantallen[0] <= QUERIES_MAX
    assert aantallen[1] - aantallen[0] <= 4 * extra_uren, aantallen
