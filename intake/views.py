"""Screens of the intake. Every view fetches the case through cases.access, validates with a form
and writes through intake.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from cases.access import casus_voor_bewerken
from inburgering.formhulp import fouten_naar_form
from inburgering.regels import regel_int

from . import rules, selectors, services
from .forms import (
    BredeIntakeForm,
    IntakeGesprekForm,
    IntroductieweekForms,
    LeerbaarheidstoetsForm,
    WarmeOverdrachtForm,
)
from .models import BredeIntake, IntakeGesprek, Leerbaarheidstoets, WarmeOverdracht


def _opgeslagen(request, casus, tekst):
    messages.success(request, tekst)
    return redirect(casus)


def warme_overdracht(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    overdracht = WarmeOverdracht.objects.filter(casus=casus).first()
    form = WarmeOverdrachtForm(request.POST or None, request.FILES or None, instance=overdracht)
    if request.method == "POST" and form.is_valid():
        try:
            services.warme_overdracht_opslaan(
                casus=casus,
                data=form.service_data(),
                bijlagen=form.cleaned_data["bijlagen_upload"],
                versie=form.cleaned_data.get("versie"),
                door=request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "bestand" in exc.error_dict:
                exc = ValidationError({"bijlagen_upload": exc.error_dict["bestand"]})
            fouten_naar_form(form, exc)
        else:
            return _opgeslagen(request, casus, "De warme overdracht is opgeslagen.")
    bijlagen = overdracht.bijlagen.all() if overdracht else []
    return render(
        request,
        "intake/warme_overdracht.html",
        {"form": form, "casus": casus, "bijlagen": bijlagen, "titel": "Warme overdracht"},
    )


def introductieweek(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    rijen = selectors.introductieweek(casus)
    forms = IntroductieweekForms(rijen, request.POST or None)
    if request.method == "POST" and forms.is_valid():
        try:
            services.introductieweek_bijwerken(casus=casus, regels=forms.regels(), door=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return _opgeslagen(request, casus, "De introductieweek is opgeslagen.")
    return render(request, "intake/introductieweek.html", {"forms": forms, "casus": casus, "titel": "Introductieweek"})


def brede_intake(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    intake = BredeIntake.objects.filter(casus=casus).first()
    form = BredeIntakeForm(request.POST or None, instance=intake)
    if request.method == "POST" and form.is_valid():
        try:
            services.brede_intake_opslaan(
                casus=casus, data=form.service_data(), versie=form.cleaned_data.get("versie"), door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            return _opgeslagen(request, casus, "De brede intake is opgeslagen.")
    context = {
        "form": form,
        "casus": casus,
        "titel": "Brede intake",
        "gesprekken": casus.intakegesprekken.select_related("gevoerd_door"),
    }
    return render(request, "intake/brede_intake.html", context)


def gesprek(request, casus_pk, gesprek_pk=None):
    casus = casus_voor_bewerken(request, casus_pk)
    bestaand = get_object_or_404(IntakeGesprek, casus=casus, pk=gesprek_pk) if gesprek_pk else None
    form = IntakeGesprekForm(request.POST or None, instance=bestaand)
    if request.method == "POST" and form.is_valid():
        try:
            services.intakegesprek_opslaan(
                casus=casus,
                data=form.service_data(),
                gesprek=bestaand,
                versie=form.cleaned_data.get("versie"),
                door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het intakegesprek is opgeslagen.")
            return redirect("intake:brede_intake", casus_pk=casus.pk)
    titel = "Intakegesprek wijzigen" if bestaand else "Intakegesprek vastleggen"
    return render(
        request,
        "intake/form.html",
        {
            "form": form,
            "casus": casus,
            "titel": titel,
            "annuleren": reverse("intake:brede_intake", kwargs={"casus_pk": casus.pk}),
        },
    )


def leerbaarheidstoets(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    toets = Leerbaarheidstoets.objects.filter(casus=casus).first()
    max_score = regel_int(rules.LBT_MAX_SCORE_CODE, gemeente=casus.gemeente)
    form = LeerbaarheidstoetsForm(request.POST or None, instance=toets, max_score=max_score)
    if request.method == "POST" and form.is_valid():
        try:
            toets = services.leerbaarheidstoets_opslaan(
                casus=casus, data=form.service_data(), versie=form.cleaned_data.get("versie"), door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            if toets.haalbaar is not None:
                uitslag = "haalbaar" if toets.haalbaar else "niet haalbaar"
                tekst = f"De leerbaarheidstoets is opgeslagen: met score {toets.score} is de B1-route {uitslag} (drempel {toets.drempel})."
            else:
                tekst = "De leerbaarheidstoets is opgeslagen."
            return _opgeslagen(request, casus, tekst)
    return render(
        request,
        "intake/leerbaarheidstoets.html",
        {"form": form, "casus": casus, "toets": toets, "titel": "Leerbaarheidstoets"},
    )
