"""Screens of the PIP. Every view fetches the case through cases.access and writes through pip.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone

from cases.access import casus_voor_bewerken, casus_voor_lezen
from inburgering import permissions
from inburgering.formhulp import fouten_naar_form

from . import rules, services
from .forms import NieuweVersieForm, PipInhoudForm, VaststellenForm
from .models import PipVersie


def _versie(casus, versie_pk) -> PipVersie:
    return get_object_or_404(PipVersie.objects.defer("beschikking_html"), casus=casus, pk=versie_pk)


def _inhoud_feiten(versie: PipVersie, casus) -> list[tuple[str, object]]:
    """The content of a version as (label, value) rows for the summary list."""
    offer = rules.aanbod(casus.doelgroep, bijstand=versie.bijstand)
    rows = [
        ("Leerroute", versie.get_leerroute_display() or None),
        ("Te behalen niveau", versie.niveau or None),
        ("Motivering van de route", versie.route_motivatie),
        (
            "Inkoop leerroute",
            "Gemeente koopt in" if offer.leerroute_inkoop else "Advies; persoon betaalt zelf (DUO-lening)",
        ),
    ]
    if casus.doelgroep in rules.ASIEL:
        rows.append(
            (
                "Geschatte intensiteit B1-route",
                f"{versie.geschatte_intensiteit_b1} uur" if versie.geschatte_intensiteit_b1 else None,
            )
        )
    rows += [
        ("Alfabetisering", versie.get_alfabetisering_display()),
        ("Mag lopende opleiding afmaken", versie.mag_opleiding_afmaken),
        ("Begeleiding en ondersteuning", versie.ondersteuning),
        ("Voortgangsgesprekken", versie.get_voortgangsgesprekken_display()),
        (
            "MAP",
            "Geen MAP in de onderwijsroute"
            if versie.leerroute == rules.ONDERWIJSROUTE
            else " – ".join(x for x in (versie.map_inhoud, versie.map_intensiteit) if x) or None,
        ),
        ("PVT", " – ".join(x for x in (versie.pvt_inhoud, versie.pvt_intensiteit) if x) or None),
        ("Bijstand", versie.bijstand),
    ]
    if offer.ontzorgen or versie.ontzorgen:
        rows.append(("Financieel ontzorgen", versie.ontzorgen_afspraken or versie.ontzorgen))
    rows.append(("Training financiële zelfredzaamheid", versie.training_financiele_zelfredzaamheid))
    if offer.maatschappelijke_begeleiding or versie.maatschappelijke_begeleiding:
        rows.append(
            (
                "Maatschappelijke begeleiding",
                versie.maatschappelijke_begeleiding_afspraken or versie.maatschappelijke_begeleiding,
            )
        )
    rows += [
        ("Voor- en vroegschoolse educatie", versie.vve),
        ("Voorwaarden kinderopvang", versie.voorwaarden_kinderopvang),
        ("Voorwaarden reiskosten", versie.voorwaarden_reiskosten),
        ("Participatieafspraken", versie.participatie_afspraken),
        (
            "Looptijd tot en met",
            formats.date_format(versie.looptijd_tot, "j F Y") if versie.looptijd_tot else "Einde inburgeringstermijn",
        ),
    ]
    return rows


def detail(request, casus_pk, versie_pk):
    casus = casus_voor_lezen(request, casus_pk)
    versie = _versie(casus, versie_pk)
    context = {
        "casus": casus,
        "versie": versie,
        "mag_bewerken": permissions.mag_casus_bewerken(request.user, casus),
        "inhoud": _inhoud_feiten(versie, casus),
        "titel": f"PIP versie {versie.versie}",
    }
    return render(request, "pip/detail.html", context)


def nieuw(request, casus_pk):
    """Open the concept: the first PIP straight from the intake, a later one with a reason."""
    casus = casus_voor_bewerken(request, casus_pk)
    concept = PipVersie.objects.filter(casus=casus, status=PipVersie.Status.CONCEPT).only("pk").first()
    if concept is not None:
        messages.info(request, "Er is al een concept; werk dat bij.")
        return redirect("pip:bewerken", casus_pk=casus.pk, versie_pk=concept.pk)
    huidige = services.vastgestelde_versies(casus).only("versie").last()
    eerste = huidige is None
    form = None if eerste else NieuweVersieForm(request.POST or None, basis=huidige.versie)
    if request.method == "POST" and (eerste or form.is_valid()):
        kwargs = (
            {}
            if eerste
            else {
                "reden": form.cleaned_data["reden"],
                "reden_toelichting": form.cleaned_data["reden_toelichting"],
                "basis": form.cleaned_data.get("basis"),
            }
        )
        try:
            versie = services.pip_concept_aanmaken(casus=casus, door=request.user, **kwargs)
        except ValidationError as exc:
            if form is None:
                messages.error(request, " ".join(exc.messages))
                return redirect(casus)
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"Het concept voor PIP versie {versie.versie} is aangemaakt.")
            return redirect("pip:bewerken", casus_pk=casus.pk, versie_pk=versie.pk)
    titel = "PIP opstellen" if eerste else "Nieuwe PIP-versie"
    return render(request, "pip/nieuw.html", {"casus": casus, "form": form, "eerste": eerste, "titel": titel})


def bewerken(request, casus_pk, versie_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    versie = _versie(casus, versie_pk)
    if versie.is_vastgesteld:
        messages.error(
            request, "Deze PIP-versie is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie."
        )
        return redirect(versie)
    form = PipInhoudForm(request.POST or None, instance=versie, casus=casus)
    if request.method == "POST" and form.is_valid():
        try:
            services.pip_concept_bijwerken(
                versie=versie, data=form.service_data(), revisie=form.cleaned_data.get("revisie"), door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"Het concept van PIP versie {versie.versie} is opgeslagen.")
            if "vaststellen" in request.POST:
                return redirect("pip:vaststellen", casus_pk=casus.pk, versie_pk=versie.pk)
            return redirect(versie)
    offer = rules.aanbod(casus.doelgroep, bijstand=versie.bijstand)
    return render(
        request,
        "pip/bewerken.html",
        {
            "casus": casus,
            "versie": versie,
            "form": form,
            "aanbod": offer,
            "titel": f"PIP versie {versie.versie} bewerken",
        },
    )


def vaststellen(request, casus_pk, versie_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    versie = _versie(casus, versie_pk)
    if versie.is_vastgesteld:
        messages.error(request, "Deze PIP-versie is al vastgesteld.")
        return redirect(versie)
    form = VaststellenForm(request.POST or None, versie=versie)
    if request.method == "POST" and form.is_valid():
        try:
            services.pip_vaststellen(
                versie=versie,
                dagtekening=form.cleaned_data["dagtekening"],
                ondertekend_op=form.cleaned_data["ondertekend_op"],
                revisie=form.cleaned_data.get("revisie"),
                door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"PIP versie {versie.versie} is vastgesteld. De beschikking (PDF) wordt gemaakt.")
            return redirect(casus)
    # what would block vaststelling today: shown before the consultant presses the button
    alle = list(services.vastgestelde_versies(casus))
    controle = (
        []
        if request.method == "POST"
        else services.vaststel_fouten(
            versie=versie,
            casus=casus,
            dagtekening=timezone.localdate(),
            eerste=alle[0] if alle else None,
            huidige=alle[-1] if alle else None,
        )
    )
    return render(
        request,
        "pip/vaststellen.html",
        {
            "casus": casus,
            "versie": versie,
            "form": form,
            "controle": controle,
            "inhoud": _inhoud_feiten(versie, casus),
            "titel": f"PIP versie {versie.versie} vaststellen",
        },
    )


def pdf(request, casus_pk, versie_pk):
    """Download the beschikking of a vastgestelde version (readers of the case may download it)."""
    casus = casus_voor_lezen(request, casus_pk)
    versie = _versie(casus, versie_pk)
    if not versie.pdf:
        raise Http404("Er is (nog) geen beschikking voor deze PIP-versie.")
    try:
        fh = versie.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Het bestand is niet gevonden.") from exc
    naam = f"beschikking-pip-{casus.pk}-versie-{versie.versie}.pdf"
    response = FileResponse(fh, as_attachment=True, filename=naam, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
