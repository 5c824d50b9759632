"""The register's services and screens: history, search, caseload, documents, team."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases import selectors, services
from cases.models import Casus, Document, Inburgeraar, TijdlijnGebeurtenis
from tests.conftest import PDF_BYTES, _valid_bsn, caseload_zoeken, make_case

pytestmark = pytest.mark.django_db


def test_history_rows_written_on_change_and_shown_on_case_page(world, client):
    casus = world.cases["eigen"]
    user = world.users["c1"]
    n_before = casus.history.count()
    services.casus_bijwerken(casus=casus, data={"datum_brp_inschrijving": dt.date(2026, 3, 2)}, door=user)
    services.inburgeraar_bijwerken(casus=casus, persoon={"telefoon": "0612345678"}, door=user)
    assert casus.history.count() == n_before + 1
    last = casus.history.first()
    assert last.history_user_id == user.pk
    assert last.datum_brp_inschrijving == dt.date(2026, 3, 2)
    client.force_login(user)
    html = client.get(reverse("cases:detail", kwargs={"casus_pk": casus.pk})).content.decode()
    assert "Wijzigingsgeschiedenis" in html
    assert "02-03-2026" in html  # the new BRP date, in the history table
    assert "0612345678" in html  # old → new of the phone number
    changes = selectors.casus_geschiedenis(casus)
    fields = [(label, new) for w in changes for (label, old, new) in w.velden]
    assert ("datum BRP-inschrijving", "02-03-2026") in fields
    assert ("telefoon", "0612345678") in fields
    assert all(w.door == user for w in changes if w.velden)


def test_bsn_change_is_not_recorded_in_history_in_plain_text(world):
    casus = world.cases["eigen"]
    new_bsn = _valid_bsn(77)
    services.inburgeraar_bijwerken(casus=casus, persoon={}, bsn=new_bsn, door=world.users["c1"])
    persoon = Inburgeraar.objects.get(pk=casus.inburgeraar_id)
    assert persoon.bsn == new_bsn
    for rec in persoon.history.all():
        assert new_bsn not in str(rec.__dict__)
    assert TijdlijnGebeurtenis.objects.filter(
        casus=casus, titel="Persoonsgegevens gewijzigd", omschrijving__contains="BSN"
    ).exists()


def test_bsn_encrypted_at_rest_and_found_by_search(world):
    from django.db import connection

    casus = world.cases["eigen"]
    bsn = casus.inburgeraar.bsn
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM cases_inburgeraar WHERE id = %s", [casus.inburgeraar_id])
        row = cur.fetchone()
    assert all(bsn not in str(v) for v in row)
    tl = world.users["tl"]
    assert caseload_zoeken(tl, bsn) == [casus.pk]
    assert caseload_zoeken(tl, f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}") == [casus.pk]
    assert casus.pk in caseload_zoeken(tl, bsn[-4:])
    assert caseload_zoeken(tl, "123456789") == []  # fails elfproef: nothing


@pytest.mark.parametrize(
    "bsn, message",
    [
        ("123456789", "elfproef"),
        ("12345", "elfproef"),
    ],
)
def test_invalid_bsn_refused_with_dutch_message_and_nothing_written(world, bsn, message):
    n = Inburgeraar.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.inburgeraar_aanmaken(
            bsn=bsn,
            persoon={"voornamen": "A", "achternaam": "B", "geboortedatum": dt.date(1990, 1, 1)},
            casus={"gemeente": world.gemeente_a, "team": world.team1, "doelgroep": "gezinsmigrant"},
            door=world.users["c1"],
        )
    assert Inburgeraar.objects.count() == n


def test_duplicate_bsn_refused(world):
    existing = world.cases["eigen"].inburgeraar.bsn
    with pytest.raises(ValidationError, match="al een inburgeraar"):
        services.inburgeraar_aanmaken(
            bsn=existing,
            persoon={"voornamen": "A", "achternaam": "B", "geboortedatum": dt.date(1990, 1, 1)},
            casus={"gemeente": world.gemeente_a, "team": world.team1, "doelgroep": "gezinsmigrant"},
            door=world.users["c1"],
        )


def test_create_case_for_other_team_is_refused(world):
    with pytest.raises(PermissionDenied):
        make_case(consultant=None, team=world.team2, gemeente=world.gemeente_b, door=world.users["c1"], n=50)


def test_new_case_form_creates_person_case_and_household(world, client):
    client.force_login(world.users["c1"])
    data = {
        "bsn": _valid_bsn(60),
        "voornamen": "Amina",
        "achternaam": "Haddad",
        "geboortedatum": "1994-05-17",
        "geslacht": "V",
        "gemeente": world.gemeente_a.pk,
        "team": world.team1.pk,
        "doelgroep": "asielstatushouder",
        "datum_brp_inschrijving": "2026-09-01",
        "gezin-TOTAL_FORMS": "2",
        "gezin-INITIAL_FORMS": "0",
        "gezin-MIN_NUM_FORMS": "0",
        "gezin-MAX_NUM_FORMS": "20",
        "gezin-0-relatie": "kind",
        "gezin-0-naam": "Sami",
        "gezin-0-geboortejaar": "2019",
    }
    r = client.post(reverse("cases:nieuw"), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    casus = Casus.objects.get(inburgeraar__achternaam="Haddad")
    assert casus.consultant == world.users["c1"]  # defaults to the consultant who registers
    assert casus.inburgeraar.gezinsleden.get().naam == "Sami"
    assert r.headers["Location"] == reverse("cases:detail", kwargs={"casus_pk": casus.pk})


def test_new_case_form_with_bad_bsn_shows_error_and_writes_nothing(world, client):
    client.force_login(world.users["c1"])
    n = Inburgeraar.objects.count()
    r = client.post(
        reverse("cases:nieuw"),
        {"bsn": "123456789", "voornamen": "X", "gezin-TOTAL_FORMS": "0", "gezin-INITIAL_FORMS": "0"},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "Er is een probleem" in html
    assert "elfproef" in html
    assert Inburgeraar.objects.count() == n


def test_caseload_search_and_filters(world, client):
    client.force_login(world.users["c1"])
    url = reverse("cases:caseload")
    mine = client.get(url).content.decode()
    assert "Achternaam1" in mine and "Achternaam2" not in mine  # own caseload only
    team = client.get(url, {"bereik": "team"}).content.decode()
    assert "Achternaam1" in team and "Achternaam2" in team and "Achternaam3" not in team
    found = client.get(url, {"bereik": "team", "q": "Achternaam2"}).content.decode()
    assert "Achternaam2" in found and "Achternaam1" not in found
    bsn = world.cases["eigen"].inburgeraar.bsn
    assert bsn not in mine  # masked in lists
    assert f"*****{bsn[-4:]}" in mine
    none = client.get(url, {"status": "uitvoering"}).content.decode()
    assert "Achternaam1" not in none


def test_caseload_query_count_does_not_grow_with_rows(world, client, django_assert_max_num_queries):
    c1 = world.users["c1"]
    for n in range(100, 140):
        make_case(consultant=c1, team=world.team1, gemeente=world.gemeente_a, door=c1, n=n)
    client.force_login(c1)
    url = reverse("cases:caseload")
    with django_assert_max_num_queries(6):
        r = client.get(url, {"bereik": "team"})
    assert r.status_code == 200
    assert r.content.decode().count("/casussen/") >= 25


def test_team_page_query_count_and_numbers(world, client, django_assert_max_num_queries):
    tl = world.users["tl"]
    for n in range(200, 230):
        make_case(consultant=world.users["c2"], team=world.team1, gemeente=world.gemeente_a, door=tl, n=n)
    client.force_login(tl)
    with django_assert_max_num_queries(5):
        r = client.get(reverse("cases:team"))
    assert r.status_code == 200
    rows = {row.consultant.username: row.totaal for row in r.context["regels"]}
    assert rows == {"consultant1": 1, "consultant2": 31}


def test_reassign_by_team_lead(world, client):
    casus = world.cases["team"]
    client.force_login(world.users["tl"])
    r = client.post(reverse("cases:toewijzen", kwargs={"casus_pk": casus.pk}), {"consultant": world.users["c1"].pk})
    assert r.status_code == 302
    casus.refresh_from_db()
    assert casus.consultant == world.users["c1"]
    assert casus.tijdlijn.filter(soort="toewijzing").exists()


def test_reassign_to_consultant_of_other_team_refused(world, client):
    casus = world.cases["team"]
    client.force_login(world.users["tl"])
    r = client.post(reverse("cases:toewijzen", kwargs={"casus_pk": casus.pk}), {"consultant": world.users["c3"].pk})
    assert r.status_code == 200  # form error: c3 is not a choice
    casus.refresh_from_db()
    assert casus.consultant == world.users["c2"]


def test_status_change_through_the_case_page(world, client):
    casus = world.cases["eigen"]
    client.force_login(world.users["c1"])
    r = client.post(reverse("cases:status", kwargs={"casus_pk": casus.pk}), {"naar": "intake", "toelichting": ""})
    assert r.status_code == 302
    casus.refresh_from_db()
    assert casus.status == "intake"
    html = client.get(reverse("cases:detail", kwargs={"casus_pk": casus.pk})).content.decode()
    assert "Aangemeld → Brede intake" in html


def test_forbidden_status_through_the_form_shows_error(world, client):
    casus = world.cases["eigen"]
    client.force_login(world.users["c1"])
    r = client.post(reverse("cases:status", kwargs={"casus_pk": casus.pk}), {"naar": "uitvoering"})
    assert r.status_code == 200
    assert "Er is een probleem" in r.content.decode()
    casus.refresh_from_db()
    assert casus.status == "aangemeld"


@pytest.mark.parametrize(
    "name, content, ok",
    [
        ("brief.pdf", PDF_BYTES, True),  # a real PDF
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, True),  # a real PNG
        ("script.pdf", b"<html><script>alert(1)</script>", False),  # HTML pretending to be a PDF
        ("brief.exe", b"MZ\x90\0" + b"\0" * 20, False),  # an executable
        ("foto.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, False),  # PNG bytes with a .pdf name
        ("leeg.pdf", b"", False),  # empty
    ],
)
def test_document_upload_sniffs_content(world, name, content, ok):
    casus = world.cases["eigen"]
    n = Document.objects.count()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    if ok:
        doc = services.document_toevoegen(casus=casus, soort="brief", titel="t", upload=upload, door=world.users["c1"])
        assert doc.content_type in ("application/pdf", "image/png")
        assert Document.objects.count() == n + 1
    else:
        with pytest.raises(ValidationError):
            services.document_toevoegen(casus=casus, soort="brief", titel="t", upload=upload, door=world.users["c1"])
        assert Document.objects.count() == n


def test_document_too_large_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("groot.pdf", PDF_BYTES + b"x" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError, match="te groot"):
        services.document_toevoegen(
            casus=world.cases["eigen"], soort="brief", titel="t", upload=upload, door=world.users["c1"]
        )


def test_document_download_through_permission_checked_view(world, client):
    casus = world.cases["eigen"]
    doc = world.docs[casus.pk]
    client.force_login(world.users["c1"])
    r = client.get(reverse("cases:document", kwargs={"casus_pk": casus.pk, "document_uuid": doc.uuid}))
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF_BYTES
    assert r.headers["Content-Disposition"].startswith("attachment")
    # the document of another case cannot be fetched through this case's URL
    other = world.docs[world.cases["team"].pk]
    r = client.get(reverse("cases:document", kwargs={"casus_pk": casus.pk, "document_uuid": other.uuid}))
    assert r.status_code == 404
    assert not doc.bestand.path.startswith(str(__import__("django.conf").conf.settings.STATIC_ROOT))


def test_team_lead_filters_caseload_by_consultant(world, client):
    client.force_login(world.users["tl"])
    html = client.get(
        reverse("cases:caseload"), {"bereik": "team", "consultant": world.users["c2"].pk}
    ).content.decode()
    assert "Achternaam2" in html and "Achternaam1" not in html
    # a consultant has no consultant filter
    client.force_login(world.users["c1"])
    r = client.get(reverse("cases:caseload"), {"bereik": "team", "consultant": world.users["c2"].pk})
    assert "Achternaam1" in r.content.decode()


def test_caseload_rows_escape_names_and_show_each_column(world, client):
    c1 = world.users["c1"]
    casus = world.cases["eigen"]
    Inburgeraar.objects.filter(pk=casus.inburgeraar_id).update(voornamen="<b>Ali</b>", achternaam="O'Neil & Zn")
    Casus.objects.filter(pk=casus.pk).update(datum_brp_inschrijving=dt.date(2026, 3, 7))
    client.force_login(c1)
    html = client.get(reverse("cases:caseload")).content.decode()
    rij = html[html.index(f'href="/casussen/{casus.pk}/"') : html.index("</tr>", html.index(f"/casussen/{casus.pk}/"))]
    assert "&lt;b&gt;Ali&lt;/b&gt; O&#x27;Neil &amp; Zn</a>" in rij
    assert "<b>" not in rij
    assert f"*****{casus.inburgeraar.bsn[-4:]}" in rij
    assert casus.get_doelgroep_display() in rij
    assert f'app-status-badge--{casus.status}">{casus.get_status_display()}</span>' in rij
    assert f"<td>{c1}</td>" in rij and "<td>Gemeente A</td>" in rij and "<td>07-03-2026</td>" in rij
