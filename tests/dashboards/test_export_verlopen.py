"""An export whose run outlived the task's hard time limit (killed by the worker, or the worker died) is
failed with a Dutch reason and can be started again; it never stays "bezig" for ever.

The rule for a run that ends late: once its export is marked failed, the run writes nothing (no file,
no "klaar", not its own error): the user was told it failed and may have started it again. A run that
holds its export locked while it finishes wins: the sweep skips that row.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dashboards import exports, rules, services
from dashboards.models import Export
from dashboards.tasks import export_maken, export_sweep
from tests.wachtrij import opnemen

REDEN = "De export duurde te lang en is afgebroken. Start hem opnieuw."


def _export(world, *, gebruiker="tl", status=Export.Status.BEZIG, gestart_sinds=None, **velden) -> Export:
    """A monitoring export of `gebruiker`, started `gestart_sinds` (seconds) ago."""
    gestart_op = None if gestart_sinds is None else timezone.now() - dt.timedelta(seconds=gestart_sinds)
    return Export.objects.create(
        soort=Export.Soort.MONITORING,
        parameters={"gemeente": None},
        omschrijving="Monitoringsdataset alle gemeenten",
        aangevraagd_door=world.users[gebruiker],
        status=status,
        gestart_op=gestart_op,
        **velden,
    )


def _te_oud(settings) -> int:
    """Seconds since the start of a run that has certainly died: the time limit, the margin and a second."""
    return settings.CELERY_TASK_TIME_LIMIT + int(rules.EXPORT_MARGE.total_seconds()) + 1


def _later(settings):
    """A sweep that runs when a run started now has outlived its time limit."""
    return timezone.now() + dt.timedelta(seconds=_te_oud(settings))


@pytest.mark.parametrize(
    "limiet, verwacht",
    [
        (600, dt.datetime(2026, 11, 18, 11, 49)),  # the default CELERY_TASK_TIME_LIMIT: 10 minutes + 1 minute margin
        (3300, dt.datetime(2026, 11, 18, 11, 4)),  # a longer limit from the environment: 55 minutes + 1 minute
    ],
)
def test_een_run_is_dood_na_de_tijdslimiet_plus_een_minuut(limiet, verwacht):
    assert rules.export_afgebroken_voor(dt.datetime(2026, 11, 18, 12, 0), limiet) == verwacht


@pytest.mark.django_db
def test_een_vastgelopen_export_toont_de_reden_en_start_opnieuw(
    world, client, settings, django_capture_on_commit_callbacks
):
    dood = _export(world, gestart_sinds=_te_oud(settings), voortgang=40, stap="Cijfers bijwerken")
    client.force_login(world.users["tl"])

    html = client.get(reverse("dashboards:export_detail", args=[dood.uuid])).content.decode()
    assert f"<strong>Het maken van deze export is mislukt.</strong> {REDEN}" in html
    assert "hx-trigger" not in html and "<progress" not in html  # no more polling of a dead export
    assert (
        '<button type="submit" class="utrecht-button utrecht-button--primary-action">Opnieuw starten</button>' in html
    )
    dood.refresh_from_db()
    assert (dood.status, dood.fout) == (Export.Status.MISLUKT, REDEN)  # stored, not only shown

    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("dashboards:export_detail", args=[dood.uuid]))
    nieuw = Export.objects.exclude(pk=dood.pk).get()
    assert r.status_code == 302 and r["Location"] == reverse("dashboards:export_detail", args=[nieuw.uuid])
    assert (nieuw.soort, nieuw.parameters, nieuw.omschrijving, nieuw.aangevraagd_door) == (
        dood.soort,
        dood.parameters,
        dood.omschrijving,
        world.users["tl"],
    )
    assert nieuw.status == Export.Status.KLAAR and nieuw.bestand  # made by its task
    assert Export.objects.get(pk=dood.pk).status == Export.Status.MISLUKT  # the failed one stays as it was


@pytest.mark.django_db
def test_de_lijst_van_exports_slaat_een_vastgelopen_export_op_als_mislukt(world, client, settings):
    dood = _export(world, gestart_sinds=_te_oud(settings))
    client.force_login(world.users["tl"])
    html = client.get(reverse("dashboards:exports")).content.decode()
    assert '<td class="utrecht-table__cell">Mislukt</td>' in html and "Bezig" not in html
    assert Export.objects.get(pk=dood.pk).status == Export.Status.MISLUKT


@pytest.mark.django_db
def test_htmx_fragment_van_een_vastgelopen_export_stopt_met_verversen(world, client, settings):
    dood = _export(world, gestart_sinds=_te_oud(settings))
    client.force_login(world.users["tl"])
    r = client.get(reverse("dashboards:export_detail", args=[dood.uuid]), HTTP_HX_REQUEST="true")
    fragment = r.content.decode().lstrip()
    assert fragment.startswith('<div id="export-status" class="app-card">')  # no hx-get: polling ends
    assert REDEN in fragment and "Opnieuw starten" in fragment


@pytest.mark.django_db
def test_de_sweep_breekt_alleen_runs_af_die_de_tijdslimiet_uit_de_settings_overschreden(world, settings, monkeypatch):
    opnemen(monkeypatch)  # the sweep may queue waiting exports: record instead of publishing
    settings.CELERY_TASK_TIME_LIMIT = 120  # the setting the task runs with decides, not a number of its own
    dood = _export(world, gestart_sinds=120 + 61)
    binnen_de_marge = _export(world, gestart_sinds=120 + 30)  # past the limit, within the margin: clocks differ
    vers = _export(world, gestart_sinds=5)
    klaar = _export(world, status=Export.Status.KLAAR, gestart_sinds=10_000, voortgang=100)
    mislukt = _export(world, status=Export.Status.MISLUKT, gestart_sinds=10_000, fout="division by zero")
    wachtrij = _export(world, status=Export.Status.WACHTRIJ)

    export_sweep()

    def stand(e):
        e.refresh_from_db()
        return (e.status, e.fout)

    assert stand(dood) == (Export.Status.MISLUKT, REDEN)
    assert stand(binnen_de_marge) == (Export.Status.BEZIG, "")
    assert stand(vers) == (Export.Status.BEZIG, "")
    assert stand(klaar) == (Export.Status.KLAAR, "")
    assert stand(mislukt) == (Export.Status.MISLUKT, "division by zero")
    assert stand(wachtrij) == (Export.Status.WACHTRIJ, "")
    assert services.exports_afbreken() == 0  # again: nothing twice


@pytest.mark.django_db
def test_een_verse_en_een_klare_export_tonen_zich_zoals_ze_zijn(world, client, settings):
    vers = _export(world, gestart_sinds=5, voortgang=30)
    client.force_login(world.users["tl"])
    html = client.get(reverse("dashboards:export_detail", args=[vers.uuid])).content.decode()
    assert 'hx-trigger="every 2s"' in html and "Bezig: 30%" in html and "Opnieuw starten" not in html
    assert Export.objects.get(pk=vers.pk).status == Export.Status.BEZIG

    export_maken(vers.pk)  # (its run is not this one: a second delivery changes nothing)
    assert Export.objects.get(pk=vers.pk).status == Export.Status.BEZIG


@pytest.mark.django_db
def test_een_run_die_na_het_afbreken_klaar_is_zet_de_export_niet_terug(world, settings, monkeypatch):
    export = _export(world, gebruiker="fb", status=Export.Status.WACHTRIJ)
    echt = exports.maak

    def maak_terwijl_de_sweep_afbreekt(e, voortgang):
        resultaat = echt(e, voortgang)
        assert services.exports_afbreken(nu=_later(settings)) == 1  # this run outlived its limit meanwhile
        return resultaat

    monkeypatch.setattr(exports, "maak", maak_terwijl_de_sweep_afbreekt)
    export_maken(export.pk)

    export.refresh_from_db()
    assert (export.status, export.fout, export.bestand.name, export.klaar_op) == (
        Export.Status.MISLUKT,
        REDEN,
        "",
        None,
    )
    assert not default_storage.exists(f"exports/{export.uuid}")  # the late file is not kept (it may hold BSNs)


@pytest.mark.django_db
def test_een_run_die_na_het_afbreken_faalt_laat_de_reden_staan(world, settings, monkeypatch):
    export = _export(world, gebruiker="fb", status=Export.Status.WACHTRIJ)

    def faalt_na_het_afbreken(e, voortgang):
        services.exports_afbreken(nu=_later(settings))
        raise RuntimeError("verbinding verbroken")

    monkeypatch.setattr(exports, "maak", faalt_na_het_afbreken)
    export_maken(export.pk)
    export.refresh_from_db()
    assert (export.status, export.fout) == (Export.Status.MISLUKT, REDEN)


@pytest.mark.django_db
def test_de_zachte_tijdslimiet_geeft_dezelfde_nederlandse_reden(world, monkeypatch):
    export = _export(world, gebruiker="fb", status=Export.Status.WACHTRIJ)

    def te_lang(e, voortgang):
        raise SoftTimeLimitExceeded()  # what Celery raises in the task at CELERY_TASK_SOFT_TIME_LIMIT

    monkeypatch.setattr(exports, "maak", te_lang)
    export_maken(export.pk)
    export.refresh_from_db()
    assert (export.status, export.fout) == (Export.Status.MISLUKT, REDEN)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.timeout(60)
def test_een_run_die_zijn_export_vasthoudt_terwijl_hij_afrondt_wint_van_de_sweep(world, settings, monkeypatch):
    """The run has locked its export and is writing the file when a sweep comes by that thinks it outlived
    its limit. PostgreSQL: the sweep skips the locked row (SKIP LOCKED). SQLite: the sweep waits for the
    run's write transaction and then finds the export finished. Either way the run wins, once."""
    export = _export(world, gebruiker="fb", status=Export.Status.WACHTRIJ)
    in_de_lock, verder = threading.Event(), threading.Event()
    echt_opslaan = FileSystemStorage.save

    def opslaan_en_wachten(storage, *args, **kwargs):
        in_de_lock.set()
        assert verder.wait(30)
        return echt_opslaan(storage, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", opslaan_en_wachten)
    uitkomst: dict = {}

    def in_een_thread(naam, functie):
        def run():
            try:
                uitkomst[naam] = functie()
            except Exception as exc:  # noqa: BLE001 - the main thread reports it
                uitkomst[naam] = exc
            finally:
                connection.close()

        t = threading.Thread(target=run)
        t.start()
        return t

    taak = in_een_thread("taak", lambda: services.export_uitvoeren(export.pk))
    assert in_de_lock.wait(30)
    sweep = in_een_thread("sweep", lambda: services.exports_afbreken(nu=_later(settings)))
    sweep.join(timeout=1)  # PostgreSQL: done, the row skipped; SQLite: waiting for the run's transaction
    verder.set()
    taak.join(30)
    sweep.join(30)

    assert uitkomst == {"taak": None, "sweep": 0}
    export.refresh_from_db()
    assert export.status == Export.Status.KLAAR and default_storage.exists(export.bestand.name)


@pytest.mark.django_db
def test_alleen_een_eigen_mislukte_export_start_opnieuw(world, client, settings):
    loopt = _export(world, gestart_sinds=5)
    client.force_login(world.users["tl"])
    r = client.post(reverse("dashboards:export_detail", args=[loopt.uuid]), follow=True)
    assert "Alleen een mislukte export kunt u opnieuw starten." in r.content.decode()
    assert Export.objects.count() == 1

    mislukt = _export(world, status=Export.Status.MISLUKT, fout=REDEN)
    client.force_login(world.users["fb"])  # not the beheerder's export
    assert client.post(reverse("dashboards:export_detail", args=[mislukt.uuid])).status_code == 404
    assert Export.objects.count() == 2


def test_beat_draait_de_export_sweep():
    from django.conf import settings

    from inburgering.celery import app

    app.loader.import_default_modules()
    app.finalize()
    [entry] = [e for e in app.conf.beat_schedule.values() if e["task"] == "dashboards.tasks.export_sweep"]
    assert entry["schedule"] == settings.INPLANNEN_SWEEP_SECONDS
