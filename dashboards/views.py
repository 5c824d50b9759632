"""Screens of the dashboards: team dashboard, KPI pages, the lists behind the numbers and the exports.

Figures are aggregates without personal data; the lists behind a number show persons, so they go
through the case permission filter and are access-logged. Views hold no numbers: the selectors
count, `dashboards.tabellen` lays the counts out as tables (which also feed charts and exports).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import tables as cases_tables
from inburgering.models import Toegangslog
from inburgering.regels import regel_int
from inburgering.toegangslog import logt

from . import rules, selectors, services, tabellen
from .forms import CbsExportForm, FilterForm, LijstForm, MonitoringExportForm
from .models import Export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _vandaag():
    return timezone.localdate()


def _vereis_team(request):
    if not selectors.mag_team_dashboard(request.user):
        raise PermissionDenied("Het teamdashboard is voor teamleiders.")


def _vereis_kpi(request):
    if not selectors.mag_kpi(request.user):
        raise PermissionDenied("De KPI's zijn voor teamleiders en de functioneel beheerder.")


def _filterform(request, *, kpi: bool):
    params = {k: v for k, v in request.GET.items() if k in FilterForm.base_fields}
    form = FilterForm(params or None, user=request.user, kpi=kpi, vandaag=_vandaag())
    geldig = not form.is_bound or form.is_valid()
    return form, (form.filters() if geldig and form.is_bound else selectors.Filters()), geldig


# ---------------------------------------------------------------------------------------------
# Pages as data (the page views and the table exports share them)
# ---------------------------------------------------------------------------------------------


def _team_pagina(request) -> dict:
    _vereis_team(request)
    vandaag = _vandaag()
    form, filters, geldig = _filterform(request, kpi=False)
    links = tabellen.Links(selectors.mag_lijsten(request.user), filters)
    tabel_lijst = []
    if geldig:
        tabel_lijst = tabellen.team_tabellen(selectors.team_dashboard(request.user, filters, vandaag), links)
        tabellen.exports_zetten(tabel_lijst, filters)
    return {
        "titel": "Teamdashboard",
        "form": form,
        "filters": filters,
        "geldig": geldig,
        "tabellen": tabel_lijst,
        "vandaag": vandaag,
        "week_einde": rules.week_einde(vandaag),
        "verversing": selectors.laatste_verversing(),
    }


def _kpi_context(request, filters, vandaag, gemeenten, boek) -> tabellen.KpiContext:
    per_cohort = selectors.kpi_per_cohort(request.user, filters, vandaag)
    in_beeld = _in_beeld(gemeenten, filters)
    return tabellen.KpiContext(
        per_cohort=per_cohort,
        totaal=selectors.tel_op(per_cohort.values()),
        doelen={k.code: selectors.doel(boek, k.doel_code, in_beeld, vandaag) for k in rules.KPIS},
        prognose={r: selectors.doel(boek, c, in_beeld, vandaag) for r, c in rules.PROGNOSE_CODE.items()},
        links=tabellen.Links(selectors.mag_lijsten(request.user), filters),
    )


def _kpi_pagina(request) -> dict:
    _vereis_kpi(request)
    vandaag = _vandaag()
    form, filters, geldig = _filterform(request, kpi=True)
    gemeenten = form.fields["gemeente"].objecten
    boek = selectors.Regelboek.laden(selectors.KPI_REGEL_CODES + selectors.VENSTER_REGEL_CODES)
    blokken, tabel_lijst, overzicht = [], [], None
    if geldig:
        blokken = tabellen.kpi_blokken(_kpi_context(request, filters, vandaag, gemeenten, boek))
        vensters = _vensters(boek, vandaag, _in_beeld(gemeenten, filters))
        for b in blokken:
            b.venster = vensters.get(b.kpi.code, "")
        overzicht = tabellen.overzicht_tabel(blokken)
        tabel_lijst = [overzicht] + [t for b in blokken for t in b.tabellen]
        tabellen.exports_zetten(tabel_lijst, filters)
    return {
        "titel": "KPI's",
        "form": form,
        "filters": filters,
        "geldig": geldig,
        "blokken": blokken,
        "overzicht": overzicht,
        "tabellen": tabel_lijst,
        "vandaag": vandaag,
        "verversing": selectors.laatste_verversing(),
    }


def _in_beeld(gemeenten, filters):
    return [g for g in gemeenten if not filters.gemeente or g.pk == filters.gemeente]


def _vensters(boek, vandaag, gemeenten) -> dict[str, str]:
    """The window of every KPI as text ('3 maanden'), for the definitions."""
    uit = {}
    for k in rules.VENSTER_KPIS:
        waarden = sorted(
            {boek.int(k.venster_code, vandaag, g.pk) for g in gemeenten} or {boek.int(k.venster_code, vandaag)}
        )
        uit[k.code] = " / ".join(str(w) for w in waarden) + f" {k.venster_eenheid}"
    return uit


def _kpi_detail_pagina(request, code) -> dict:
    _vereis_kpi(request)
    kpi = rules.KPI_PER_CODE.get(code)
    if kpi is None:
        raise Http404("Onbekende KPI.")
    vandaag = _vandaag()
    form, filters, geldig = _filterform(request, kpi=True)
    gemeenten = form.fields["gemeente"].objecten
    boek = selectors.Regelboek.laden(selectors.KPI_REGEL_CODES + selectors.VENSTER_REGEL_CODES)
    blok, tabel_lijst = None, []
    if geldig:
        ctx = _kpi_context(request, filters, vandaag, gemeenten, boek)
        (blok,) = tabellen.kpi_blokken(ctx, code)
        blok.venster = _vensters(boek, vandaag, _in_beeld(gemeenten, filters)).get(code, "")
        tabel_lijst = list(blok.tabellen)
        if code in rules.VENSTER_PER_CODE:
            rijen = selectors.kpi_per_kwartaal(request.user, filters, kpi, vandaag)
            tabel_lijst.insert(0, tabellen.kwartaal_tabel(kpi, rijen, ctx.doelen[code]))
        elif code == "routemix":
            tabel_lijst.append(tabellen.routemix_kwartaal_tabel(selectors.routemix_per_kwartaal(request.user, filters)))
        tabellen.exports_zetten(tabel_lijst, filters)
    return {
        "titel": kpi.titel,
        "kpi": kpi,
        "blok": blok,
        "form": form,
        "filters": filters,
        "geldig": geldig,
        "tabellen": tabel_lijst,
        "vandaag": vandaag,
        "verversing": selectors.laatste_verversing(),
    }


# ---------------------------------------------------------------------------------------------
# Page views
# ---------------------------------------------------------------------------------------------


def team(request):
    return render(request, "dashboards/team.html", _team_pagina(request))


def kpi(request):
    pagina = _kpi_pagina(request)
    pagina["secties"] = tabellen.kpi_secties(pagina["blokken"], pagina["filters"], pagina["verversing"] is not None)
    return render(request, "dashboards/kpi.html", pagina)


def kpi_detail(request, code):
    return render(request, "dashboards/kpi_detail.html", _kpi_detail_pagina(request, code))


def tabel_export(request, tabel, formaat):
    """One table of a page as CSV or XLSX, with the page's filters (aggregates: no personal data)."""
    if formaat not in ("csv", "xlsx"):
        raise Http404("Onbekend formaat.")
    if tabel.startswith("team-"):
        pagina = _team_pagina(request)
    elif tabel.endswith("-kwartaal") and tabel.startswith("kpi-"):
        pagina = _kpi_detail_pagina(request, tabel.removeprefix("kpi-").removesuffix("-kwartaal"))
    elif tabel.startswith("kpi-"):
        pagina = _kpi_pagina(request)
    else:
        raise Http404("Onbekende tabel.")
    gevonden = next((t for t in pagina["tabellen"] if t.id == tabel), None)
    if gevonden is None:
        raise Http404("Onbekende tabel.")
    naam = f"{tabel}-{_vandaag():%Y%m%d}"
    if formaat == "csv":
        response = HttpResponse(tabellen.als_csv(gevonden), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(tabellen.als_xlsx([gevonden]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    response["Cache-Control"] = "private, no-store"
    return response


@logt(Toegangslog.Actie.ZOEKEN, object_type="dashboard")
def casussen(request):
    """The persons behind one number: only cases the team lead may read; logged like every list."""
    if not selectors.mag_lijsten(request.user):
        raise PermissionDenied("De lijsten achter de cijfers zijn voor teamleiders.")
    form, filters, geldig = _filterform(request, kpi=False)
    lijst_form = LijstForm(request.GET)
    if not geldig or not lijst_form.is_valid():
        raise Http404("Deze lijst bestaat niet.")
    vraag = lijst_form.vraag()
    qs = selectors.lijst(request.user, filters, vraag, _vandaag())
    lijst = cases_tables.lijst(request.GET, _lijst_titel(vraag))
    aantal, vanaf = lijst.venster(qs.count())
    casussen = list(qs.order_by(*lijst.orde).values(*cases_tables.VELDEN)[vanaf : vanaf + aantal])
    request.toegangslog_aantal = len(casussen)
    terug = reverse("dashboards:kpi") if vraag.bron == "kpi" else reverse("dashboards:team")
    return render(
        request,
        "dashboards/casussen.html",
        {
            "titel": _lijst_titel(vraag),
            "lijst": lijst,
            "casussen": casussen,
            "tabel": cases_tables.html(lijst, casussen),
            "form": form,
            "filters": filters,
            "terug": f"{terug}?{filters.querystring()}",
            "bron": vraag.bron,
        },
    )


def _lijst_titel(vraag: selectors.LijstVraag) -> str:
    delen = []
    if vraag.fase:
        delen.append(f"fase {rules.FASE_LABEL[vraag.fase].lower()}")
    if vraag.termijn:
        delen.append("met een termijn te laat" if vraag.termijn == rules.TE_LAAT else "met een termijn deze week")
    if vraag.kpi:
        k = rules.KPI_PER_CODE[vraag.kpi]
        uitkomst = {"bepaald": "uitkomst vastgesteld (noemer)"}.get(
            vraag.uitkomst, rules.UITKOMST_LABEL.get(vraag.uitkomst, "")
        )
        delen.append(f"{k.titel.lower()}: {uitkomst.lower()}")
    if vraag.route:
        delen.append(rules.ROUTE_LABEL[vraag.route])
    if vraag.kenmerk:
        delen.append(selectors.KENMERKEN[vraag.kenmerk][0])
    if vraag.zonder_consultant:
        delen.append("niet toegewezen")
    return "Casussen" + (f" – {', '.join(delen)}" if delen else "")


@require_POST
def verversen(request):
    """Queue a refresh of the KPI summary table (beat also runs it every hour)."""
    from inburgering.celery import inplannen

    from .tasks import samenvatting_verversen

    _vereis_kpi(request)
    if inplannen(samenvatting_verversen):  # nothing to commit first; best effort, the hourly run follows anyway
        messages.success(request, "De cijfers worden opnieuw berekend. Vernieuw de pagina over een paar minuten.")
    else:
        messages.warning(
            request,
            "De cijfers kunnen nu niet opnieuw worden berekend: de takenwachtrij is niet bereikbaar. "
            "Ze worden bij de volgende automatische verversing (elk uur) bijgewerkt; u kunt het ook over "
            "een paar minuten opnieuw proberen.",
        )
    return redirect(f"{reverse('dashboards:kpi')}?{request.POST.get('terug', '')}".rstrip("?"))


# ---------------------------------------------------------------------------------------------
# Long exports: CBS file and monitoring dataset
# ---------------------------------------------------------------------------------------------


def exports(request):
    _vereis_kpi(request)
    vandaag = _vandaag()
    mag_cbs = selectors.mag_cbs_export(request.user)
    cbs_form = CbsExportForm(user=request.user, vandaag=vandaag, prefix="cbs") if mag_cbs else None
    mon_form = MonitoringExportForm(user=request.user, prefix="mon")
    if request.method == "POST":
        soort = request.POST.get("soort")
        if soort == Export.Soort.CBS and mag_cbs:
            cbs_form = CbsExportForm(request.POST, user=request.user, vandaag=vandaag, prefix="cbs")
            if cbs_form.is_valid():
                d = cbs_form.cleaned_data
                export = services.export_aanvragen(
                    soort=Export.Soort.CBS,
                    parameters={"gemeente": d["gemeente"].pk, "jaar": d["jaar"], "kwartaal": d["kwartaal"]},
                    omschrijving=f"CBS-bestand {d['gemeente']} {rules.kwartaal_label(d['jaar'], d['kwartaal'])}",
                    door=request.user,
                )
                return redirect("dashboards:export_detail", uuid=export.uuid)
        elif soort == Export.Soort.MONITORING:
            mon_form = MonitoringExportForm(request.POST, user=request.user, prefix="mon")
            if mon_form.is_valid():
                g = mon_form.cleaned_data.get("gemeente")
                export = services.export_aanvragen(
                    soort=Export.Soort.MONITORING,
                    parameters={"gemeente": g.pk if g else None},
                    omschrijving=f"Monitoringsdataset {g or 'alle gemeenten'} ({vandaag:%d-%m-%Y})",
                    door=request.user,
                )
                return redirect("dashboards:export_detail", uuid=export.uuid)
        else:
            messages.error(request, "Kies een export.")
    eigen = list(Export.objects.filter(aangevraagd_door=request.user).order_by("-aangemaakt_op")[:20])
    services.exports_bijwerken(eigen)
    jaar, k = rules.vorig_kwartaal(vandaag)
    return render(
        request,
        "dashboards/exports.html",
        {
            "titel": "Exports",
            "cbs_form": cbs_form,
            "mon_form": mon_form,
            "exports": eigen,
            "vorig_kwartaal": rules.kwartaal_label(jaar, k),
            "bewaardagen": regel_int("export_bewaardagen", op=vandaag),
            "cbs_leverdatum": rules.cbs_leverdatum(jaar, k),
        },
    )


def _eigen_export(request, uuid) -> Export:
    _vereis_kpi(request)
    return get_object_or_404(Export, uuid=uuid, aangevraagd_door=request.user)


def export_detail(request, uuid):
    """The progress of an export, its download, or why it failed; POST starts a failed export again."""
    export = _eigen_export(request, uuid)
    services.exports_bijwerken([export])
    if request.method == "POST":
        try:
            nieuw = services.export_opnieuw(export=export, door=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            return redirect("dashboards:export_detail", uuid=nieuw.uuid)
    template = (
        "dashboards/_export_status.html" if request.headers.get("HX-Request") else "dashboards/export_detail.html"
    )
    return render(request, template, {"titel": export.omschrijving, "export": export})


@logt(Toegangslog.Actie.EXPORTEREN, object_type="export")
def export_download(request, uuid):
    export = _eigen_export(request, uuid)
    if export.status != Export.Status.KLAAR or not export.bestand:
        raise Http404("Deze export is (nog) niet klaar.")
    try:
        fh = export.bestand.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Het bestand is niet meer beschikbaar.") from exc
    request.toegangslog_aantal = export.aantal_personen
    response = FileResponse(fh, as_attachment=True, filename=export.bestandsnaam, content_type=export.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
