"""Screens of the uitvoering. Every case view fetches the case through cases.access and writes
through leerroutes.services; numbers shown come from the dated settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cases.access import casus_voor_bewerken, casus_voor_lezen
from inburgering import permissions
from inburgering.formhulp import fouten_naar_form
from inburgering.regels import regel, regel_int
from inburgering.toegangslog import logt
from pip.models import PipVersie

from . import rules, selectors, services
from .csvimport import KOLOMMEN, controleer
from .forms import (
    AanbodBeeindigenForm,
    AanbodForm,
    AanwezigheidForm,
    AfschalenForm,
    ExamenForm,
    ImportForm,
    MapForm,
    PraktijkFormSet,
    PvtForm,
    SchakelenForm,
    SessieFormSet,
    SignaalAfhandelenForm,
    UrenForm,
    VoortgangsgesprekForm,
    VoortgangsgesprekWijzigenForm,
    ZrouteForm,
    rijen_uit_formset,
)
from .models import (
    ImportBatch,
    Inburgeringsaanbod,
    MapTraject,
    PvtTraject,
    Signaal,
    Voortgangsgesprek,
    ZrouteAfronding,
)


def _overzicht(casus):
    return redirect("leerroutes:overzicht", casus_pk=casus.pk)


def _pip_of_none(request, casus):
    """(eerste, huidige) PIP, or None with a message when there is no vastgesteld PIP yet."""
    eerste, huidige = selectors.pip_eerste_en_huidige(casus)
    if huidige is None:
        messages.info(request, "De uitvoering begint na het vastgestelde PIP. Stel eerst het PIP vast.")
        return None
    return eerste, huidige


def _schakelen_mogelijk(eerste, vandaag) -> bool:
    """Up to the last day of the switch window; a PIP without that date (made in bulk) has no window to show."""
    return eerste.laatste_dag_schakelen is not None and vandaag <= eerste.laatste_dag_schakelen


def _form_pagina(request, casus, form, titel, *, template="leerroutes/form.html", **extra):
    return render(request, template, {"casus": casus, "form": form, "titel": titel, **extra})


# --------------------------------------------------------------------------------------------
# Overview
# --------------------------------------------------------------------------------------------


def overzicht(request, casus_pk):
    casus = casus_voor_lezen(request, casus_pk)
    mag_bewerken = permissions.mag_casus_bewerken(request.user, casus)
    vandaag = timezone.localdate()
    stand = selectors.traject_stand(casus, vandaag=vandaag, mag_bewerken=mag_bewerken)
    context = {
        "casus": casus,
        "mag_bewerken": mag_bewerken,
        "stand": stand,
        "titel": "Uitvoering",
        "vandaag": vandaag,
    }
    if stand.huidige is not None:
        onderdelen = rules.traject_onderdelen(casus.doelgroep, stand.huidige.leerroute)
        context.update(
            onderdelen=onderdelen,
            aanbiedingen=Inburgeringsaanbod.objects.filter(casus=casus).select_related("taalaanbieder", "contract"),
            maanden=selectors.uren_per_maand(casus),
            signalen=Signaal.objects.filter(casus=casus).select_related("aanbod__taalaanbieder", "afgehandeld_door"),
            gesprekken=Voortgangsgesprek.objects.filter(casus=casus),
            examens=selectors.examen_stand(casus, stand.huidige),
            map_traject=MapTraject.objects.filter(casus=casus).select_related("aanbieder").first(),
            pvt_traject=PvtTraject.objects.filter(casus=casus).select_related("aanbieder").first(),
            zroute=ZrouteAfronding.objects.filter(casus=casus).first(),
            schakelen_mogelijk=_schakelen_mogelijk(stand.eerste, vandaag),
            afschalen_min=regel_int("afschalen_min_nt2_uren", op=vandaag, gemeente=casus.gemeente_id),
            nt2_keurmerk=selectors.nt2_uren_keurmerk(casus),
            aanwezigheid_drempel=regel("aanwezigheid_signaal_pct", op=vandaag, gemeente=casus.gemeente_id),
        )
        context["map_praktijk_uren"] = (
            sum(p.uren for p in context["map_traject"].praktijk.all()) if context["map_traject"] else 0
        )
        context["pvt_uren"] = sum(s.uren for s in context["pvt_traject"].sessies.all()) if context["pvt_traject"] else 0
    return render(request, "leerroutes/overzicht.html", context)


# --------------------------------------------------------------------------------------------
# Inburgeringsaanbod
# --------------------------------------------------------------------------------------------


def aanbod_nieuw(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    pip = _pip_of_none(request, casus)
    if pip is None:
        return redirect(casus)
    eerste, huidige = pip
    lopend = selectors.lopend_aanbod(casus)
    if lopend is not None:
        messages.info(request, "Er loopt al een aanbod. Beëindig het eerst om een nieuw aanbod vast te leggen.")
        return _overzicht(casus)
    form = AanbodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.aanbod_vastleggen(casus=casus, door=request.user, **form.service_data())
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het inburgeringsaanbod is vastgelegd.")
            return _overzicht(casus)
    code = f"leerroute_{huidige.leerroute}_verwachte_maanden"
    maanden = regel_int(code, op=timezone.localdate(), gemeente=casus.gemeente_id)
    return _form_pagina(
        request,
        casus,
        form,
        "Inburgeringsaanbod vastleggen",
        template="leerroutes/aanbod_form.html",
        huidige=huidige,
        eerste=eerste,
        soort=rules.aanbod_soort(casus.doelgroep),
        verwachte_maanden=maanden,
    )


def _aanbod(casus, aanbod_pk) -> Inburgeringsaanbod:
    return get_object_or_404(Inburgeringsaanbod.objects.select_related("taalaanbieder"), casus=casus, pk=aanbod_pk)


def aanbod_bewerken(request, casus_pk, aanbod_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    aanbod = _aanbod(casus, aanbod_pk)
    form = AanbodForm(request.POST or None, instance=aanbod, wijzigen=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.aanbod_bijwerken(
                aanbod=aanbod, data=form.service_data(), versie=form.cleaned_data.get("versie"), door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het inburgeringsaanbod is bijgewerkt.")
            return _overzicht(casus)
    aanbod.refresh_from_db()
    return _form_pagina(request, casus, form, f"Aanbod bij {aanbod.taalaanbieder} wijzigen")


def aanbod_beeindigen(request, casus_pk, aanbod_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    aanbod = _aanbod(casus, aanbod_pk)
    form = AanbodBeeindigenForm(request.POST or None, initial={"versie": aanbod.versie})
    if request.method == "POST" and form.is_valid():
        try:
            services.aanbod_beeindigen(aanbod=aanbod, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het inburgeringsaanbod is beëindigd.")
            return _overzicht(casus)
    return _form_pagina(
        request, casus, form, f"Aanbod bij {aanbod.taalaanbieder} beëindigen", opslaan_label="Aanbod beëindigen"
    )


# --------------------------------------------------------------------------------------------
# Hours, attendance, signals
# --------------------------------------------------------------------------------------------


def uren_nieuw(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    if _pip_of_none(request, casus) is None:
        return redirect(casus)
    form = UrenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, status = services.uren_registreren(casus=casus, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            tekst = {"nieuw": "De uren zijn geregistreerd.", "gewijzigd": "De uren van die maand zijn bijgewerkt."}
            messages.success(request, tekst.get(status, "Deze uren waren al zo geregistreerd."))
            return _overzicht(casus)
    return _form_pagina(
        request,
        casus,
        form,
        "Uren registreren",
        intro="Per soort één aantal per maand: opnieuw invoeren voor dezelfde maand vervangt het aantal. "
        "NT2- en KNM-uren horen bij het lopende aanbod.",
    )


def aanwezigheid_nieuw(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    if _pip_of_none(request, casus) is None:
        return redirect(casus)
    aanbod = selectors.lopend_aanbod(casus)
    if aanbod is None:
        messages.info(request, "Aanwezigheid hoort bij een lopend aanbod. Leg eerst het inburgeringsaanbod vast.")
        return _overzicht(casus)
    form = AanwezigheidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rij, _ = services.aanwezigheid_registreren(aanbod=aanbod, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"De aanwezigheid is geregistreerd ({rij.percentage}%).")
            return _overzicht(casus)
    drempel = regel("aanwezigheid_signaal_pct", op=timezone.localdate(), gemeente=casus.gemeente_id)
    return _form_pagina(
        request,
        casus,
        form,
        f"Aanwezigheid bij {aanbod.taalaanbieder}",
        intro=f"Onder {drempel.normalize():f}% aanwezigheid in een maand komt er een signaal op de casus.",
    )


def signaal_afhandelen(request, casus_pk, signaal_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    signaal = get_object_or_404(Signaal, casus=casus, pk=signaal_pk)
    if signaal.afgehandeld_op is not None:
        messages.info(request, "Dit signaal is al afgehandeld.")
        return _overzicht(casus)
    form = SignaalAfhandelenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signaal_afhandelen(
                signaal=signaal, afhandeling=form.cleaned_data["afhandeling"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het signaal is afgehandeld.")
            return _overzicht(casus)
    return _form_pagina(request, casus, form, f"Signaal afhandelen: {signaal}", opslaan_label="Afhandelen")


# --------------------------------------------------------------------------------------------
# Voortgangsgesprekken and exams
# --------------------------------------------------------------------------------------------


def gesprek_nieuw(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    pip = _pip_of_none(request, casus)
    if pip is None:
        return redirect(casus)
    eerste, huidige = pip
    form = VoortgangsgesprekForm(request.POST or None, initial={"datum": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            gesprek = services.voortgangsgesprek_vastleggen(casus=casus, data=form.service_data(), door=request.user)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request,
                f"Het voortgangsgesprek is vastgelegd. Het volgende gesprek is uiterlijk "
                f"{gesprek.volgende_uiterlijk:%d-%m-%Y}.",
            )
            return _overzicht(casus)
    due, _ = selectors.volgend_gesprek(casus, huidige, eerste)
    return _form_pagina(
        request,
        casus,
        form,
        "Voortgangsgesprek vastleggen",
        intro=f"Frequentie volgens het PIP: {huidige.get_voortgangsgesprekken_display().lower()}. "
        f"Dit gesprek was uiterlijk {due:%d-%m-%Y} gepland.",
    )


def gesprek(request, casus_pk, gesprek_pk):
    casus = casus_voor_lezen(request, casus_pk)
    obj = get_object_or_404(Voortgangsgesprek.objects.select_related("vastgelegd_door"), casus=casus, pk=gesprek_pk)
    return render(
        request,
        "leerroutes/gesprek.html",
        {
            "casus": casus,
            "gesprek": obj,
            "titel": f"Voortgangsgesprek van {obj.datum:%d-%m-%Y}",
            "mag_bewerken": permissions.mag_casus_bewerken(request.user, casus),
        },
    )


def gesprek_wijzigen(request, casus_pk, gesprek_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    obj = get_object_or_404(Voortgangsgesprek, casus=casus, pk=gesprek_pk)
    form = VoortgangsgesprekWijzigenForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.voortgangsgesprek_wijzigen(
                gesprek=obj, data=form.service_data(), versie=form.cleaned_data.get("versie"), door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het voortgangsgesprek is gewijzigd.")
            return _overzicht(casus)
    obj.refresh_from_db()  # the title shows the stored date, not the one typed in
    return _form_pagina(request, casus, form, f"Voortgangsgesprek van {obj.datum:%d-%m-%Y} wijzigen")


def examen_nieuw(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    if _pip_of_none(request, casus) is None:
        return redirect(casus)
    form = ExamenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            examen = services.examen_registreren(casus=casus, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request,
                f"Het examen is vastgelegd: poging {examen.poging}, {'gratis' if examen.gratis else 'niet gratis'}.",
            )
            return _overzicht(casus)
    return _form_pagina(
        request,
        casus,
        form,
        "Examenresultaat vastleggen",
        intro="Het pogingnummer per onderdeel en of de poging gratis is, volgen uit de eerdere pogingen en de doelgroep.",
    )


# --------------------------------------------------------------------------------------------
# Schakelen and afschalen
# --------------------------------------------------------------------------------------------


def _concept_aanwezig(request, casus):
    concept = PipVersie.objects.filter(casus=casus, status=PipVersie.Status.CONCEPT).only("pk", "versie").first()
    if concept is not None:
        messages.info(
            request, f"Er is al een PIP-concept (versie {concept.versie}). Stel dat eerst vast of werk het bij."
        )
    return concept


def schakelen(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    pip = _pip_of_none(request, casus)
    if pip is None:
        return redirect(casus)
    eerste, huidige = pip
    form = SchakelenForm(
        request.POST or None,
        casus=casus,
        huidige_route=huidige.leerroute,
        initial={"pip_stand": selectors.laatste_pip_nummer(casus)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            versie = services.schakeling_aanvragen(casus=casus, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request,
                f"PIP-concept versie {versie.versie} (schakelen) is aangemaakt. Vul het aan en stel het vast; "
                "de inburgeringstermijn blijft gelijk.",
            )
            return redirect("pip:bewerken", casus_pk=casus.pk, versie_pk=versie.pk)
    vandaag = timezone.localdate()
    return _form_pagina(
        request,
        casus,
        form,
        "Schakelen van leerroute",
        template="leerroutes/schakelen.html",
        eerste=eerste,
        huidige=huidige,
        mogelijk=_schakelen_mogelijk(eerste, vandaag),
        concept=None if request.method == "POST" else _concept_aanwezig(request, casus),
    )


def afschalen(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    pip = _pip_of_none(request, casus)
    if pip is None:
        return redirect(casus)
    eerste, huidige = pip
    form = AfschalenForm(request.POST or None, initial={"pip_stand": selectors.laatste_pip_nummer(casus)})
    if request.method == "POST" and form.is_valid():
        try:
            versie = services.afschaling_aanvragen(casus=casus, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request,
                f"PIP-concept versie {versie.versie} (afschalen naar A2) is aangemaakt. Controleer en stel het vast.",
            )
            return redirect("pip:bewerken", casus_pk=casus.pk, versie_pk=versie.pk)
    vandaag = timezone.localdate()
    return _form_pagina(
        request,
        casus,
        form,
        "Afschalen van B1 naar A2",
        template="leerroutes/afschalen.html",
        huidige=huidige,
        nt2_uren=selectors.nt2_uren_keurmerk(casus),
        min_uren=regel_int("afschalen_min_nt2_uren", op=vandaag, gemeente=casus.gemeente_id),
        concept=None if request.method == "POST" else _concept_aanwezig(request, casus),
    )


# --------------------------------------------------------------------------------------------
# MAP, PVT, Z-route
# --------------------------------------------------------------------------------------------


def map_traject(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    pip = _pip_of_none(request, casus)
    if pip is None:
        return redirect(casus)
    if not rules.traject_onderdelen(casus.doelgroep, pip[1].leerroute).map:
        messages.info(request, "De onderwijsroute kent geen MAP.")
        return _overzicht(casus)
    traject = MapTraject.objects.filter(casus=casus).first()
    form = MapForm(request.POST or None, instance=traject)
    formset = PraktijkFormSet(request.POST or None, instance=traject or MapTraject(), prefix="praktijk")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.map_opslaan(
                casus=casus,
                data=form.service_data(),
                praktijk=rijen_uit_formset(formset, ("omschrijving", "organisatie", "van", "tot", "uren")),
                versie=form.cleaned_data.get("versie"),
                door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De MAP is opgeslagen.")
            return _overzicht(casus)
    min_uren = regel("map_min_praktijkuren", op=timezone.localdate(), gemeente=casus.gemeente_id)
    return render(
        request,
        "leerroutes/map.html",
        {
            "casus": casus,
            "form": form,
            "formset": formset,
            "formset_legend": "Praktijkonderdeel",
            "titel": "MAP (Module Arbeidsmarkt en Participatie)",
            "min_uren": min_uren,
        },
    )


def pvt_traject(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    if _pip_of_none(request, casus) is None:
        return redirect(casus)
    traject = PvtTraject.objects.filter(casus=casus).first()
    form = PvtForm(request.POST or None, instance=traject)
    formset = SessieFormSet(request.POST or None, instance=traject or PvtTraject(), prefix="sessie")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.pvt_opslaan(
                casus=casus,
                data=form.service_data(),
                sessies=rijen_uit_formset(formset, ("soort", "datum", "uren", "omschrijving")),
                versie=form.cleaned_data.get("versie"),
                door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het PVT is opgeslagen.")
            return _overzicht(casus)
    min_uren = regel("pvt_min_uren", op=timezone.localdate(), gemeente=casus.gemeente_id)
    return render(
        request,
        "leerroutes/pvt.html",
        {
            "casus": casus,
            "form": form,
            "formset": formset,
            "formset_legend": "Sessie",
            "titel": "PVT (participatieverklaringstraject)",
            "min_uren": min_uren,
        },
    )


def zroute(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    pip = _pip_of_none(request, casus)
    if pip is None:
        return redirect(casus)
    afronding = ZrouteAfronding.objects.filter(casus=casus).first()
    if afronding is not None:
        messages.info(request, "De Z-route is al afgerond.")
        return _overzicht(casus)
    form = ZrouteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.zroute_afronden(casus=casus, door=request.user, **form.cleaned_data)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De Z-route is afgerond. Het certificaat (PDF) wordt gemaakt.")
            return _overzicht(casus)
    vandaag = timezone.localdate()
    totalen = selectors.uren_totalen(casus)
    return _form_pagina(
        request,
        casus,
        form,
        "Z-route afronden",
        template="leerroutes/zroute.html",
        huidige=pip[1],
        cursusuren=totalen["nt2"] + totalen["knm"],
        participatie=totalen["participatie"],
        min_cursus=regel("zroute_min_cursusuren", op=vandaag, gemeente=casus.gemeente_id),
        min_participatie=regel("zroute_min_participatieuren", op=vandaag, gemeente=casus.gemeente_id),
        opslaan_label="Z-route afronden",
    )


def zroute_pdf(request, casus_pk):
    casus = casus_voor_lezen(request, casus_pk)
    afronding = ZrouteAfronding.objects.filter(casus=casus).first()
    if afronding is None or not afronding.pdf:
        raise Http404("Er is (nog) geen certificaat.")
    try:
        fh = afronding.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Het bestand is niet gevonden.") from exc
    response = FileResponse(
        fh, as_attachment=True, filename=f"certificaat-zroute-{casus.pk}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------------------------
# CSV import of a school's hours and attendance
# --------------------------------------------------------------------------------------------


def _mag_inlezen(request):
    if not permissions.mag_casussen_zien(request.user):
        raise PermissionDenied("Alleen consultants en teamleiders kunnen uren inlezen.")


def import_nieuw(request):
    _mag_inlezen(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        batch = services.import_voorbeeld_maken(
            taalaanbieder=form.cleaned_data["taalaanbieder"],
            bestandsnaam=bestand.name,
            inhoud=bestand.read(),
            door=request.user,
        )
        return redirect("leerroutes:import_voorbeeld", batch_pk=batch.pk)
    return render(
        request,
        "leerroutes/import_nieuw.html",
        {"form": form, "titel": "Uren en aanwezigheid inlezen", "kolommen": ";".join(KOLOMMEN)},
    )


@logt(None, "csv-import")
def import_voorbeeld(request, batch_pk):
    _mag_inlezen(request)
    batch = get_object_or_404(
        ImportBatch.objects.select_related("taalaanbieder"), pk=batch_pk, aangemaakt_door=request.user
    )
    if batch.status == ImportBatch.Status.VERWERKT:
        return render(request, "leerroutes/import_klaar.html", {"batch": batch, "titel": "Uren ingelezen"})
    fouten_bij_verwerken = []
    if request.method == "POST":
        try:
            batch = services.import_verwerken(batch=batch, door=request.user)
        except ValidationError as exc:
            fouten_bij_verwerken = exc.messages
        else:
            messages.success(
                request,
                f"Het bestand is verwerkt: {batch.aantal_nieuw} nieuw, {batch.aantal_gewijzigd} gewijzigd.",
            )
            return redirect("leerroutes:import_voorbeeld", batch_pk=batch.pk)
    controle = controleer(batch, door=request.user)
    request.toegangslog_aantal = len({r.aanbod.casus_id for r in controle.rijen if r.aanbod})
    eerder = (
        ImportBatch.objects.filter(
            taalaanbieder=batch.taalaanbieder, sha256=batch.sha256, status=ImportBatch.Status.VERWERKT
        )
        .exclude(pk=batch.pk)
        .order_by("-verwerkt_op")
        .first()
    )
    return render(
        request,
        "leerroutes/import_voorbeeld.html",
        {
            "batch": batch,
            "controle": controle,
            "eerder": eerder,
            "fouten_bij_verwerken": fouten_bij_verwerken,
            "titel": f"Voorbeeld: {batch.bestandsnaam}",
            "opnieuw_url": reverse("leerroutes:import_nieuw"),
        },
    )
