"""Screens of the DUO exchange on a case: what DUO knows, the meldingen and their state, resend.

Every view fetches the case through cases.access; writes go through duo.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.access import casus_voor_bewerken, casus_voor_lezen
from inburgering import permissions
from inburgering.formhulp import fouten_naar_form

from . import selectors, services
from .forms import FORMS
from .models import Bericht


def _terug(casus):
    return redirect(reverse("duo:casus", kwargs={"casus_pk": casus.pk}))


def casus(request, casus_pk):
    casus = casus_voor_lezen(request, casus_pk)
    context = {
        "casus": casus,
        "titel": "DUO",
        "mag_bewerken": permissions.mag_casus_bewerken(request.user, casus),
        "overzicht": selectors.overzicht(casus),
        "meldingen": selectors.MELDINGEN,
    }
    return render(request, "duo/casus.html", context)


def _melding_doen(form, casus, door):
    data = form.cleaned_data
    if form.soort == "pip":
        return services.pip_melden(versie=data["versie"], door=door)
    if form.soort in ("map", "pvt"):
        return services.map_pvt_melden(
            casus=casus, soort=form.soort, datum=data["datum"], verwijtbaar=data["verwijtbaar"] or None, door=door
        )
    if form.soort == "zroute":
        return services.zroute_melden(casus=casus, datum=data["datum"], door=door)
    if form.soort == "uren":
        return services.uren_melden(casus=casus, soort=data["urensoort"], uren=data["uren"], door=door)
    if form.soort == Bericht.Soort.CONTACTPERSOON_KOPPELEN:
        return services.contactpersoon_melden(
            casus=casus,
            gebruiker=data["gebruiker"],
            naam=data["naam"],
            email=data["email"],
            telefoon=data["telefoon"],
            door=door,
        )
    if form.soort == "aanbod":
        return services.aanbod_melden(
            casus=casus,
            instellingsnummer=data["instelling"].instellingsnummer,
            datum_aanbod=data["datum_aanbod"],
            start=data["start"],
            einde=data["einde"],
            alfabetisering=data["alfabetisering"],
            door=door,
        )
    if form.soort == "lbt_overgeslagen":
        return services.lbt_overgeslagen_melden(casus=casus, door=door)
    raise Http404


def melden(request, casus_pk, soort):
    casus = casus_voor_bewerken(request, casus_pk)
    form_class = FORMS.get(soort)
    if form_class is None:
        raise Http404
    initial = selectors.beginwaarden(casus, soort, request.user)
    form = form_class(request.POST or None, casus=casus, gebruiker=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bericht = _melding_doen(form, casus, request.user)
        except ValidationError as exc:
            form.add_error(None, "Deze melding is niet naar DUO verstuurd:")
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request,
                f"De melding '{bericht.get_soort_display()}' staat klaar en gaat naar DUO zodra DUO bereikbaar is.",
            )
            return _terug(casus)
    return render(request, "duo/melden.html", {"casus": casus, "form": form, "titel": form.titel, "soort": soort})


@require_POST
def opnieuw(request, casus_pk, bericht_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    bericht = get_object_or_404(Bericht, pk=bericht_pk, casus=casus)
    try:
        nieuw = services.bericht_opnieuw(bericht=bericht, door=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"De melding '{nieuw.get_soort_display()}' wordt opnieuw naar DUO gestuurd.")
    return _terug(casus)


@require_POST
def verversen(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    try:
        gepland = services.verversen_inplannen(casus=casus, door=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        if gepland:
            messages.info(request, "De gegevens worden bij DUO opgevraagd; ververs deze pagina over een ogenblik.")
        else:
            messages.warning(
                request,
                "De gegevens kunnen nu niet bij DUO worden opgevraagd: de takenwachtrij is niet bereikbaar. "
                "Probeer het over een paar minuten opnieuw.",
            )
    return _terug(casus)
