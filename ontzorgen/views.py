"""Screens of ontzorgen, maatschappelijke begeleiding and participation.

Every view fetches the case through cases.access (reading pages: `casus_voor_lezen`; every
screen with a form: `casus_voor_bewerken`, also for GET), validates with a form and writes
through `ontzorgen.services`. Numbers come from the records, which took them from the dated
settings; the views hold none.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cases.access import casus_voor_bewerken, casus_voor_lezen
from inburgering import permissions
from inburgering.formhulp import fouten_naar_form
from inburgering.regels import regel_int

from . import rules, selectors, services
from .forms import (
    ActiviteitForm,
    BegeleidingForm,
    EvaluatieForm,
    MachtigingForm,
    OntzorgenForm,
    TrainingForm,
    TredeForm,
    UitstroomForm,
    VasteLastForm,
    vaste_lasten_formset,
)
from .models import (
    MaatschappelijkeBegeleiding,
    Ontzorgen,
    ParticipatieActiviteit,
    ParticipatiewetSignaal,
    TrainingFinancieleZelfredzaamheid,
    Uitstroom,
    VasteLast,
)

ONTZORGEN_TITEL = "Financieel ontzorgen"
PARTICIPATIE_TITEL = "Begeleiding en participatie"


def _terug(casus, naam):
    """(label, url) of the page a form belongs to: the breadcrumb between the case and the form."""
    if naam == "detail":
        return ONTZORGEN_TITEL, reverse("ontzorgen:detail", kwargs={"casus_pk": casus.pk})
    return PARTICIPATIE_TITEL, reverse("ontzorgen:participatie", kwargs={"casus_pk": casus.pk})


def _formulier(request, casus, form, titel, *, terug="detail", template="ontzorgen/form.html", **extra):
    ouder_label, ouder_url = _terug(casus, terug)
    context = {
        "form": form,
        "casus": casus,
        "titel": titel,
        "ouder_label": ouder_label,
        "ouder_url": ouder_url,
        "annuleren": ouder_url,
        **extra,
    }
    return render(request, template, context)


def _ontzorgen_of_start(request, casus):
    ontzorgen = Ontzorgen.objects.filter(casus=casus).first()
    if ontzorgen is None:
        messages.info(request, "Start eerst het financieel ontzorgen.")
    return ontzorgen


# --------------------------------------------------------------------------------------------
# Financieel ontzorgen
# --------------------------------------------------------------------------------------------


def detail(request, casus_pk):
    """Financieel ontzorgen of a case: the period, the fixed costs, the machtiging, the evaluations."""
    casus = casus_voor_lezen(request, casus_pk)
    stand = selectors.ontzorgen_stand(casus)
    o = stand.ontzorgen
    context = {
        "casus": casus,
        "titel": ONTZORGEN_TITEL,
        "mag_bewerken": permissions.mag_casus_bewerken(request.user, casus),
        "stand": stand,
        "evaluaties": list(o.evaluaties.select_related("door")) if o else [],
        "signalen": list(ParticipatiewetSignaal.objects.filter(casus=casus).select_related("door")),
    }
    return render(request, "ontzorgen/detail.html", context)


def ontzorgen(request, casus_pk):
    """Start financieel ontzorgen (with a row for each default fixed cost) or change its start data."""
    casus = casus_voor_bewerken(request, casus_pk)
    stand = selectors.ontzorgen_stand(casus)
    bestaand = stand.ontzorgen
    if bestaand is None and casus.doelgroep != rules.ASIELSTATUSHOUDER:
        return render(
            request,
            "ontzorgen/niet_van_toepassing.html",
            {"casus": casus, "titel": ONTZORGEN_TITEL, "reden": stand.reden},
        )
    versies = selectors.vastgestelde_pip_versies(casus)
    form = OntzorgenForm(
        request.POST or None, instance=bestaand, casus=casus, versies=versies, huidige_pip=stand.huidige_pip
    )
    formset = None
    if bestaand is None:
        formset = vaste_lasten_formset(request.POST or None, soorten=selectors.standaard_soorten())
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        try:
            if bestaand is None:
                services.ontzorgen_starten(
                    casus=casus, data=form.service_data(), vaste_lasten=formset.regels(), door=request.user
                )
            else:
                services.ontzorgen_bijwerken(
                    ontzorgen=bestaand, data=form.service_data(), versie=form.cleaned_data["versie"], door=request.user
                )
        except ValidationError as exc:
            regel = getattr(exc, "vaste_last_regel", None)
            if regel is not None:
                fouten_naar_form(formset.regel_forms()[regel], exc)
            else:
                fouten_naar_form(form, exc)
        else:
            messages.success(
                request,
                "Het financieel ontzorgen is gestart."
                if bestaand is None
                else "Het financieel ontzorgen is opgeslagen.",
            )
            return redirect("ontzorgen:detail", casus_pk=casus.pk)
    return _formulier(
        request,
        casus,
        form,
        "Financieel ontzorgen starten" if bestaand is None else "Financieel ontzorgen wijzigen",
        template="ontzorgen/ontzorgen_form.html",
        formset=formset,
        formset_legend="Vaste last",
        stand=stand,
    )


def vaste_last(request, casus_pk, last_pk=None):
    """Add a fixed cost, or change one (a stop date stops the payments)."""
    casus = casus_voor_bewerken(request, casus_pk)
    ontzorgen = _ontzorgen_of_start(request, casus)
    if ontzorgen is None:
        return redirect("ontzorgen:ontzorgen", casus_pk=casus.pk)
    last = get_object_or_404(VasteLast, ontzorgen=ontzorgen, pk=last_pk) if last_pk else None
    form = VasteLastForm(request.POST or None, instance=last)
    if last is None and not form.is_bound:
        form.initial.setdefault("startdatum", ontzorgen.bijstand_vanaf)
    if request.method == "POST" and form.is_valid():
        try:
            if last is None:
                services.vaste_last_toevoegen(ontzorgen=ontzorgen, data=form.service_data(), door=request.user)
            else:
                services.vaste_last_wijzigen(
                    last=last, data=form.service_data(), versie=form.cleaned_data["versie"], door=request.user
                )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De vaste last is opgeslagen.")
            return redirect("ontzorgen:detail", casus_pk=casus.pk)
    titel = f"Vaste last wijzigen: {last.soort}" if last else "Vaste last toevoegen"
    intro = (
        "Vul bij 'gestopt per' de laatste betaaldag in om de betaling te stoppen. De regel blijft bewaard."
        if last
        else "Een vaste last die de gemeente uit de bijstand betaalt."
    )
    return _formulier(request, casus, form, titel, intro=intro)


def machtiging(request, casus_pk):
    """The status of the machtiging; a refusal becomes a Participatiewet signal (never a fine)."""
    casus = casus_voor_bewerken(request, casus_pk)
    ontzorgen = _ontzorgen_of_start(request, casus)
    if ontzorgen is None:
        return redirect("ontzorgen:ontzorgen", casus_pk=casus.pk)
    form = MachtigingForm(request.POST or None, instance=ontzorgen)
    if request.method == "POST" and form.is_valid():
        vorige = Ontzorgen.objects.get(pk=ontzorgen.pk).machtiging
        try:
            o = services.machtiging_wijzigen(
                ontzorgen=ontzorgen, data=form.service_data(), versie=form.cleaned_data["versie"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            tekst = "De machtiging is opgeslagen."
            if o.machtiging in rules.WEIGERING and vorige != o.machtiging:
                tekst += (
                    " Er is een signaal voor de Participatiewet vastgelegd; dit leidt niet tot een inburgeringsboete."
                )
            messages.success(request, tekst)
            return redirect("ontzorgen:detail", casus_pk=casus.pk)
    intro = (
        "Voor het betalen van de vaste lasten is een machtiging van de inburgeraar nodig. Weigert de persoon, "
        "dan volgt een signaal voor de Participatiewet (een maatregel op de bijstand), geen inburgeringsboete."
    )
    return _formulier(request, casus, form, "Machtiging", intro=intro)


def evaluatie(request, casus_pk):
    """The evaluation before the end of the period: stop, taper off or extend, with a motivation."""
    casus = casus_voor_bewerken(request, casus_pk)
    ontzorgen = _ontzorgen_of_start(request, casus)
    if ontzorgen is None:
        return redirect("ontzorgen:ontzorgen", casus_pk=casus.pk)
    # `versie` is that of the ontzorgen row: the evaluation changes its period
    form = EvaluatieForm(request.POST or None, initial={"datum": timezone.localdate(), "versie": ontzorgen.versie})
    if request.method == "POST" and form.is_valid():
        try:
            services.ontzorgen_evalueren(
                ontzorgen=ontzorgen, **form.service_kwargs(), versie=form.cleaned_data["versie"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De evaluatie is opgeslagen.")
            return redirect("ontzorgen:detail", casus_pk=casus.pk)
    return _formulier(
        request, casus, form, "Evaluatie ontzorgen", template="ontzorgen/evaluatie_form.html", ontzorgen=ontzorgen
    )


def training(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    bestaand = TrainingFinancieleZelfredzaamheid.objects.filter(casus=casus).first()
    form = TrainingForm(request.POST or None, instance=bestaand)
    if request.method == "POST" and form.is_valid():
        try:
            services.training_opslaan(
                casus=casus, data=form.service_data(), versie=form.cleaned_data["versie"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De training financiële zelfredzaamheid is opgeslagen.")
            return redirect("ontzorgen:detail", casus_pk=casus.pk)
    intro = "Iedere inburgeraar volgt een training financiële zelfredzaamheid, ook zonder financieel ontzorgen."
    return _formulier(request, casus, form, "Training financiële zelfredzaamheid", intro=intro)


# --------------------------------------------------------------------------------------------
# Maatschappelijke begeleiding and participation
# --------------------------------------------------------------------------------------------


def participatie(request, casus_pk):
    """Maatschappelijke begeleiding, participation activities, the participatieladder and uitstroom."""
    casus = casus_voor_lezen(request, casus_pk)
    stand = selectors.participatie_stand(casus)
    zroute_norm = None
    if stand.uren.leerroute == rules.Z_ROUTE and casus.doelgroep in rules.ASIEL:
        zroute_norm = regel_int("zroute_min_participatieuren", gemeente=casus.gemeente)
    context = {
        "casus": casus,
        "titel": PARTICIPATIE_TITEL,
        "mag_bewerken": permissions.mag_casus_bewerken(request.user, casus),
        "stand": stand,
        "zroute_norm": zroute_norm,
    }
    return render(request, "ontzorgen/participatie.html", context)


def begeleiding(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    if not rules.maatschappelijke_begeleiding_van_toepassing(casus.doelgroep):
        reden = (
            "Maatschappelijke begeleiding hoort bij het aanbod voor asielstatushouders en hun gezinsleden "
            f"(art. 13-1-a en 13-1-b), niet bij dat voor een {casus.get_doelgroep_display().lower()}."
        )
        return render(
            request,
            "ontzorgen/niet_van_toepassing.html",
            {"casus": casus, "titel": "Maatschappelijke begeleiding", "reden": reden, "terug": "participatie"},
        )
    bestaand = MaatschappelijkeBegeleiding.objects.filter(casus=casus).first()
    form = BegeleidingForm(
        request.POST or None,
        instance=bestaand,
        casus=casus,
        versies=selectors.vastgestelde_pip_versies(casus),
        huidige_pip=selectors.huidige_pip(casus),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.begeleiding_opslaan(
                casus=casus, data=form.service_data(), versie=form.cleaned_data["versie"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De maatschappelijke begeleiding is opgeslagen.")
            return redirect("ontzorgen:participatie", casus_pk=casus.pk)
    return _formulier(request, casus, form, "Maatschappelijke begeleiding", terug="participatie")


def activiteit(request, casus_pk, activiteit_pk=None):
    casus = casus_voor_bewerken(request, casus_pk)
    bestaand = get_object_or_404(ParticipatieActiviteit, casus=casus, pk=activiteit_pk) if activiteit_pk else None
    form = ActiviteitForm(request.POST or None, instance=bestaand)
    if request.method == "POST" and form.is_valid():
        try:
            services.activiteit_opslaan(
                casus=casus,
                data=form.service_data(),
                activiteit=bestaand,
                versie=form.cleaned_data["versie"],
                door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De participatieactiviteit is opgeslagen.")
            return redirect("ontzorgen:participatie", casus_pk=casus.pk)
    titel = "Participatieactiviteit wijzigen" if bestaand else "Participatieactiviteit toevoegen"
    return _formulier(request, casus, form, titel, terug="participatie")


def trede(request, casus_pk):
    """A new position on the participatieladder (the history keeps every earlier one)."""
    casus = casus_voor_bewerken(request, casus_pk)
    historie = selectors.trede_historie(casus)
    form = TredeForm(
        request.POST or None,
        initial={"datum": timezone.localdate(), "vorige_meting": selectors.laatste_meting_id(casus)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.trede_vastleggen(casus=casus, **form.cleaned_data, door=request.user)
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De trede op de participatieladder is vastgelegd.")
            return redirect("ontzorgen:participatie", casus_pk=casus.pk)
    if historie and not form.is_bound:
        form.initial["trede"] = historie[-1].trede
    return _formulier(
        request,
        casus,
        form,
        "Participatieladder",
        terug="participatie",
        template="ontzorgen/trede_form.html",
        historie=historie,
    )


def uitstroom(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    bestaand = Uitstroom.objects.filter(casus=casus).first()
    form = UitstroomForm(request.POST or None, instance=bestaand)
    if request.method == "POST" and form.is_valid():
        try:
            services.uitstroom_vastleggen(
                casus=casus, data=form.service_data(), versie=form.cleaned_data["versie"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De uitstroom is opgeslagen.")
            return redirect("ontzorgen:participatie", casus_pk=casus.pk)
    return _formulier(request, casus, form, "Uitstroom naar werk of studie", terug="participatie")
