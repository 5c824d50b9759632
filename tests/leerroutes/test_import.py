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
