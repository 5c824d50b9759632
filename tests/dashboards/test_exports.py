"""Exports: every table as CSV and XLSX, the CBS quarterly file and the monitoring dataset as tasks with progress."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.dashboards.scenario import D, aanbod, casus, intake, leerbaarheidstoets, pip, procedure, verversen  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def gegevens(world):
    c = {}
    c["a"] = casus(
        world,
        datum_huisvesting=D(2025, 1, 10),
        datum_kennisgeving=D(2024, 12, 1),
        datum_brp_inschrijving=D(2025, 1, 13),
    )
    pip(c["a"], D(2025, 2, 20))
    aanbod(c["a"], D(2025, 3, 1))
    intake(c["a"], bijstand=True, trede=2, opleiding="mbo", routeadvies="b1", afgerond_op=D(2025, 2, 1))
    leerbaarheidstoets(c["a"], D(2025, 1, 25), 30)
    procedure(c["a"], "betaald", boete="1234.50")
    c["b"] = casus(world, datum_huisvesting=D(2025, 1, 10), datum_brp_inschrijving=D(2025, 1, 13))
    pip(c["b"], D(2025, 4, 1), leerroute="z", niveau="")
    c["c"] = casus(world, datum_huisvesting=D(2025, 2, 1), datum_brp_inschrijving=D(2025, 2, 3))
    c["oud"] = casus(world, status="afgesloten", actief=False, datum_huisvesting=D(2024, 1, 10))
    c["team2"] = casus(
        world, consultant="c3", team=world.team2, gemeente=world.gemeente_b, datum_huisvesting=D(2025, 1, 10)
    )
    verversen()
    return c


def test_elke_tabel_als_csv_met_nederlandse_getallen(world, client, gegevens, vandaag):
    client.force_login(world.users["tl"])
    r = client.get(reverse("dashboards:tabel_export", args=["kpi-pip-wettelijk", "csv"]))
    assert r.status_code == 200
    assert r["Content-Type"] == "text/csv; charset=utf-8"
    assert r["Content-Disposition"] == 'attachment; filename="kpi-pip-wettelijk-20261118.csv"'
    tekst = r.content.decode("utf-8")
    assert tekst.startswith("\ufeff")  # Excel reads UTF-8
    rijen = list(csv.reader(io.StringIO(tekst.lstrip("\ufeff")), delimiter=";"))
    assert rijen[0] == [
        "Cohort",
        "Behaald",
        "Niet behaald",
        "Noemer",
        "Percentage (%)",
        "Streefwaarde (%)",
        "Termijn loopt nog",
    ]
    # cohort 2025: a in time, b late (1 Apr > 24 Mar), c without PIP and overdue → 1 of 3 = 33,3
    assert rijen[1:] == [["2025", "1", "2", "3", "33,3", "100,0", "0"], ["Totaal", "1", "2", "3", "33,3", "100,0", "0"]]


def test_elke_tabel_als_xlsx_met_getallen_als_getallen(world, client, gegevens, vandaag):
    client.force_login(world.users["tl"])
    r = client.get(reverse("dashboards:tabel_export", args=["kpi-handhaving", "xlsx"]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = load_workbook(io.BytesIO(r.content)).active
    kop = [c.value for c in ws[1]]
    assert kop[:6] == [
        "Cohort",
        "Personen met een procedure",
        "Procedures",
        "Lopend",
        "Boetes opgelegd",
        "Opgelegd bedrag",
    ]
    assert ws.max_row == 3  # header, cohort 2025, total
    bedrag = ws.cell(row=2, column=6)
    assert bedrag.data_type == "n" and bedrag.value == 1234.5
    assert bedrag.number_format == "[$€-413] #,##0.00;[$€-413] -#,##0.00"  # shown as € 1.234,50 in nl-NL
    aantal = ws.cell(row=2, column=3)
    assert aantal.data_type == "n" and aantal.value == 1 and aantal.number_format == "#,##0"

    r = client.get(reverse("dashboards:tabel_export", args=["kpi-pip-wettelijk", "xlsx"]))
    ws = load_workbook(io.BytesIO(r.content)).active
    pct = ws.cell(row=2, column=5)
    assert pct.data_type == "n" and pct.value == pytest.approx(0.333) and pct.number_format == "0.0%"  # 33,3%

    r = client.get(reverse("dashboards:tabel_export", args=["team-caseload", "xlsx"]))
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in ws[1]][:3] == ["Consultant", "Warme overdracht", "Intake"]
    assert ws.max_row == 4  # c1, c2, total
    assert all(ws.cell(row=i, column=8).data_type == "n" for i in range(2, 5))


def test_export_van_een_onbekende_tabel_of_formaat_bestaat_niet(world, client, vandaag):
    client.force_login(world.users["tl"])
    assert client.get(reverse("dashboards:tabel_export", args=["kpi-bestaat-niet", "csv"])).status_code == 404
    assert client.get(reverse("dashboards:tabel_export", args=["kpi-gestart", "pdf"])).status_code == 404
    assert client.get(reverse("dashboards:tabel_export", args=["onzin", "csv"])).status_code == 404


def _maak(client, data, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("dashboards:exports"), data)
    assert r.status_code == 302, r.content
    return r


def test_cbs_kwartaalbestand_als_taak_met_voortgang_en_download(
    world, client, gegevens, settings, django_capture_on_commit_callbacks
):
    from dashboards.exports import CBS_VELDEN
    from dashboards.models import Export
    from inburgering.models import Toegangslog

    client.force_login(world.users["tl"])
    r = _maak(
        client,
        {"soort": "cbs", "cbs-gemeente": world.gemeente_a.pk, "cbs-jaar": 2025, "cbs-kwartaal": 1},
        django_capture_on_commit_callbacks,
        settings,
    )
    export = Export.objects.get()
    assert r["Location"] == reverse("dashboards:export_detail", args=[export.uuid])
    # gemeente A, team 1, in the register during Q1 2025 (from its first known date): a, b, c and the closed case
    # (no closing date); not the world's cases (registered today, no dates) and not team 2's case (gemeente B)
    assert (export.status, export.voortgang, export.aantal_rijen, export.aantal_personen) == ("klaar", 100, 4, 4)

    pagina = client.get(r["Location"])
    assert "Download cbs-wet-inburgering-GM0001-2025K1.csv" in pagina.content.decode()

    r = client.get(reverse("dashboards:export_download", args=[export.uuid]))
    assert r.status_code == 200
    rijen = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert rijen[0] == [naam for naam, _ in CBS_VELDEN]
    assert len(rijen) == 1 + 4
    per_bsn = {r[2]: dict(zip(rijen[0], r, strict=True)) for r in rijen[1:]}
    assert set(per_bsn) == {gegevens[k].inburgeraar.bsn for k in ("a", "b", "c", "oud")}
    a = per_bsn[gegevens["a"].inburgeraar.bsn]
    assert a["gemeentecode"] == "GM0001" and a["verslagperiode"] == "2025K1"
    assert (a["doelgroep"], a["datum_huisvesting"], a["cohort"], a["geboortedatum"]) == (
        "1",
        "20250110",
        "2025",
        "19900101",
    )
    assert (a["datum_eerste_pip"], a["pip_op_tijd"], a["leerroute"], a["niveau"]) == ("20250220", "J", "B", "B1")
    assert (a["score_leerbaarheidstoets"], a["b1_haalbaar"], a["routeadvies"], a["trede_nulmeting"]) == (
        "30",
        "J",
        "B",
        "2",
    )
    assert (a["aanbod"], a["datum_start_leerroute"], a["bijstand"], a["bedrag_boetes"]) == (
        "I",
        "20250301",
        "J",
        "1234,50",
    )
    # b: deadline 24 Mar 2025 passed within the quarter without a PIP (it came on 1 April, after the quarter)
    b = per_bsn[gegevens["b"].inburgeraar.bsn]
    assert (b["datum_eerste_pip"], b["pip_op_tijd"], b["leerroute"]) == ("", "N", "")
    # c: deadline 14 Apr 2025 is after the quarter: not yet decided on 31 March
    c = per_bsn[gegevens["c"].inburgeraar.bsn]
    assert c["pip_op_tijd"] == ""

    log = Toegangslog.objects.filter(url_naam="dashboards:export_download").get()
    assert (log.actie, log.gebruiker, log.aantal_personen) == ("exporteren", world.users["tl"], export.aantal_personen)


def test_cbs_bestand_alleen_voor_de_teamleider_en_eigen_gemeenten(
    world, client, gegevens, settings, django_capture_on_commit_callbacks
):
    from dashboards.models import Export

    client.force_login(world.users["fb"])
    r = client.get(reverse("dashboards:exports"))
    assert r.context["cbs_form"] is None  # the BSN file is not offered to the beheerder
    client.post(
        reverse("dashboards:exports"),
        {"soort": "cbs", "cbs-gemeente": world.gemeente_a.pk, "cbs-jaar": 2025, "cbs-kwartaal": 1},
    )
    assert not Export.objects.exists()
    client.force_login(world.users["tl"])
    r = client.post(
        reverse("dashboards:exports"),
        {"soort": "cbs", "cbs-gemeente": world.gemeente_b.pk, "cbs-jaar": 2025, "cbs-kwartaal": 1},
    )
    assert r.status_code == 200 and "gemeente" in r.context["cbs_form"].errors
    assert not Export.objects.exists()


def test_cbs_formulier_weigert_een_kwartaal_dat_nog_niet_begonnen_is(world):
    from dashboards.forms import CbsExportForm

    data = {"gemeente": world.gemeente_a.pk, "jaar": 2026, "kwartaal": 3}
    form = CbsExportForm(data, user=world.users["tl"], vandaag=D(2026, 2, 1))
    assert not form.is_valid() and form.non_field_errors() == ["Dit kwartaal is nog niet begonnen."]
    assert CbsExportForm(data, user=world.users["tl"], vandaag=D(2026, 7, 1)).is_valid()
    assert (
        CbsExportForm(data, user=world.users["tl"], vandaag=D(2026, 7, 1)).fields["kwartaal"].initial == "2"
    )  # the last quarter done


def test_monitoringsdataset_als_werkmap_zonder_persoonsgegevens(
    world, client, gegevens, settings, django_capture_on_commit_callbacks
):
    from dashboards.models import Export

    client.force_login(world.users["fb"])
    _maak(client, {"soort": "monitoring", "mon-gemeente": ""}, django_capture_on_commit_callbacks, settings)
    export = Export.objects.get()
    assert export.status == "klaar" and export.aantal_personen is None
    r = client.get(reverse("dashboards:export_download", args=[export.uuid]))
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert wb.sheetnames == [
        t[:31]
        for t in (
            "Toelichting",
            "Aangeboden trajecten",
            "PIP's vastgesteld",
            "Leerbaarheidstoets en routeadvies",
            "Routeadvies tegenover route in het PIP",
            "Afschalen en schakelen",
            "Schakelen van route naar route",
            "Opleidingsniveau en leerroute",
            "Handhaving",
        )
    ]
    ws = wb["Aangeboden trajecten"]
    kop = [c.value for c in ws[1]]
    assert kop[:5] == ["Gemeente", "Cohort", "Doelgroep", "Personen", "Met inburgeringsaanbod"]
    rijen = {(r[0], r[1], r[2]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    # the beheerder sees both gemeenten: A cohort 2025 (a, b, c), A 2024 (the closed one), A without date (2 world cases), B 2025
    assert rijen[("Gemeente A", 2025, "Asielstatushouder (art. 13-1-a)")][3:5] == (3, 1)
    assert rijen[("Gemeente B", 2025, "Asielstatushouder (art. 13-1-a)")][3] == 1
    assert isinstance(rijen[("Gemeente A", 2025, "Asielstatushouder (art. 13-1-a)")][3], int)
    pip_blad = wb["PIP's vastgesteld"]
    rij = next(r for r in pip_blad.iter_rows(min_row=2) if r[0].value == "Gemeente A" and r[1].value == 2025)
    assert [c.value for c in rij[3:6]] == [2, 1, 3]  # 2 PIPs, 1 in time, 3 decided
    assert rij[6].number_format == "0.0%" and rij[6].value == pytest.approx(1 / 3, abs=0.001)
    alle_waarden = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    for c in gegevens.values():
        assert c.inburgeraar.bsn not in alle_waarden and c.inburgeraar.achternaam not in alle_waarden


def test_voortgang_en_alleen_eigen_exports(world, client, settings):
    from dashboards import services
    from dashboards.models import Export

    export = Export.objects.create(soort="monitoring", omschrijving="Test", aangevraagd_door=world.users["tl"])
    services.export_voortgang(export.pk, 42, "Cijfers bijwerken (420 van 1000)")
    client.force_login(world.users["tl"])
    r = client.get(reverse("dashboards:export_detail", args=[export.uuid]))
    html = r.content.decode()
    assert '<progress id="export-voortgang" max="100" value="42">' in html
    assert 'hx-trigger="every 2s"' in html  # htmx fetches the fragment again while it runs
    r = client.get(reverse("dashboards:export_detail", args=[export.uuid]), HTTP_HX_REQUEST="true")
    assert r.content.decode().lstrip().startswith('<div id="export-status"')  # the fragment only
    assert client.get(reverse("dashboards:export_download", args=[export.uuid])).status_code == 404  # not done yet
    client.force_login(world.users["fb"])  # not the beheerder's export
    assert client.get(reverse("dashboards:export_detail", args=[export.uuid])).status_code == 404


def test_export_taak_is_idempotent_en_meldt_een_fout(world, settings, monkeypatch):
    from dashboards import exports, services
    from dashboards.models import Export

    export = Export.objects.create(
        soort="monitoring", omschrijving="Test", aangevraagd_door=world.users["fb"], parameters={"gemeente": None}
    )
    services.export_uitvoeren(export.pk)
    export.refresh_from_db()
    naam = export.bestand.name
    assert export.status == "klaar"
    services.export_uitvoeren(export.pk)  # a redelivered task changes nothing
    export.refresh_from_db()
    assert export.bestand.name == naam

    kapot = Export.objects.create(
        soort="monitoring", omschrijving="Kapot", aangevraagd_door=world.users["fb"], parameters={"gemeente": None}
    )
    monkeypatch.setattr(exports, "monitoring_tabellen", lambda *a, **k: 1 / 0)
    services.export_uitvoeren(kapot.pk)
    kapot.refresh_from_db()
    assert kapot.status == "mislukt" and "division by zero" in kapot.fout


def test_oude_exports_worden_opgeruimd(world, settings):
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from dashboards import services
    from dashboards.models import Export

    oud = Export(soort="cbs", omschrijving="Oud", aangevraagd_door=world.users["tl"], status="klaar")
    oud.bestand.save("oud.csv", ContentFile(b"bsn"), save=True)
    Export.objects.filter(pk=oud.pk).update(aangemaakt_op=timezone.now() - dt.timedelta(days=8))
    nieuw = Export.objects.create(soort="cbs", omschrijving="Nieuw", aangevraagd_door=world.users["tl"])
    assert services.exports_opruimen() == 1  # export_bewaardagen: 7
    assert list(Export.objects.all()) == [nieuw]
    assert not oud.bestand.storage.exists(oud.bestand.name)


def test_samenvatting_verversen_is_idempotent(world, gegevens):
    from dashboards.models import CasusKenmerken, Verversing

    eerst = {k.casus_id: (k.pip_op, k.gestart_op, k.hh_boete_bedrag) for k in CasusKenmerken.objects.all()}
    verversen()
    assert {k.casus_id: (k.pip_op, k.gestart_op, k.hh_boete_bedrag) for k in CasusKenmerken.objects.all()} == eerst
    assert CasusKenmerken.objects.count() == 3 + 5  # every case once
    assert Verversing.objects.filter(klaar_op__isnull=False).count() == 2
    assert CasusKenmerken.objects.get(casus=gegevens["a"]).hh_boete_bedrag == Decimal("1234.50")


def test_cbs_md_beschrijft_elk_veld_van_het_bestand_in_dezelfde_volgorde():
    import re
    from pathlib import Path

    from dashboards.exports import CBS_VELDEN

    tekst = (Path(__file__).resolve().parents[2] / "dashboards" / "CBS.md").read_text(encoding="utf-8")
    gedocumenteerd = re.findall(r"^\| `([a-z0-9_]+)` \|", tekst, flags=re.MULTILINE)
    assert gedocumenteerd == [naam for naam, _ in CBS_VELDEN]
