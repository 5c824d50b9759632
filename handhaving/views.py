"""Screens of handhaving. Every case view fetches the case through cases.access, validates with a form
and writes through handhaving.services; the services refuse a step whose precondition is missing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cases.access import casus_voor_bewerken, casus_voor_lezen
from inburgering import permissions
from inburgering.formhulp import fouten_naar_form
from inburgering.models import Toegangslog
from inburgering.toegangslog import logt

from . import forms, rules, selectors, services, workflow
from .models import Bezwaar, Handhavingsprocedure


def _procedure(casus, procedure_pk) -> Handhavingsprocedure:
    procedure = get_object_or_404(
        Handhavingsprocedure.objects.select_related("pip_versie", "beschikking").defer(
            "pip_versie__beschikking_html", "beschikking__beschikking_html"
        ),
        casus=casus,
        pk=procedure_pk,
    )
    procedure.casus = casus
    return procedure


def _procedure_feiten(procedure: Handhavingsprocedure) -> list[tuple[str, object]]:
    rows = [
        ("Soort overtreding", procedure.get_soort_display()),
        ("Datum van de overtreding", procedure.datum_constatering),
        ("Wat is er gebeurd", procedure.feiten),
    ]
    if procedure.pip_versie_id:
        rows.append(
            ("PIP", f"Versie {procedure.pip_versie.versie}, dagtekening {procedure.pip_versie.dagtekening:%d-%m-%Y}")
        )
    if procedure.verwijtbaarheid:
        rows += [
            ("Verwijtbaarheid", procedure.get_verwijtbaarheid_display()),
            ("Motivering verwijtbaarheid", procedure.verwijtbaarheid_motivering),
        ]
    if procedure.waarschuwing_op:
        rows.append(
            ("Schriftelijke waarschuwing", f"{procedure.waarschuwing_op:%d-%m-%Y}: {procedure.waarschuwing_inhoud}")
        )
    if procedure.bedrag is not None:
        rows += [
            ("Voornemen verstuurd", procedure.voornemen_op),
            ("Zienswijze mogelijk tot en met", procedure.zienswijze_tot),
            ("Berekening", procedure.berekening),
            ("Bedrag", rules.euro(procedure.bedrag)),
        ]
        if procedure.verlaging_motivering:
            rows.append(("Motivering lager bedrag", procedure.verlaging_motivering))
    if procedure.zienswijze_soort:
        rows.append(
            (
                "Zienswijze of horen",
                f"{procedure.get_zienswijze_soort_display()} ({procedure.zienswijze_op:%d-%m-%Y})"
                + (f": {procedure.zienswijze_samenvatting}" if procedure.zienswijze_samenvatting else ""),
            )
        )
    if procedure.juridische_toets_akkoord is not None:
        rows.append(
            (
                "Juridische toets",
                f"{'Akkoord' if procedure.juridische_toets_akkoord else 'Niet akkoord'} – {procedure.jurist}, "
                f"{procedure.juridische_toets_op:%d-%m-%Y}: {procedure.juridische_toets_motivering}",
            )
        )
    if procedure.te_betalen is not None:
        rows.append(("Te betalen", rules.euro(procedure.te_betalen)))
    return [(label, f"{v:%d-%m-%Y}" if hasattr(v, "strftime") else v) for label, v in rows]


# --------------------------------------------------------------------------------------------
# Overview (team leads)
# --------------------------------------------------------------------------------------------


@logt(Toegangslog.Actie.ZOEKEN, object_type="handhaving")
def overzicht(request):
    if not permissions.heeft_rol(request.user, permissions.TEAMLEIDER):
        raise PermissionDenied("Het handhavingsoverzicht is voor teamleiders.")
    data = selectors.overzicht(request.user, vandaag=timezone.localdate())
    request.toegangslog_aantal = data.aantal_personen
    return render(request, "handhaving/overzicht.html", {"overzicht": data, "titel": "Handhaving"})


# --------------------------------------------------------------------------------------------
# The procedure
# --------------------------------------------------------------------------------------------


def nieuw(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    form = forms.SignaalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.signaal_registreren(casus=casus, door=request.user, **form.service_data())
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            if procedure.status == workflow.Status.PARTICIPATIEWET:
                messages.success(request, "Het signaal is geregistreerd en doorgezet naar de Participatiewet.")
            else:
                messages.success(request, "Het signaal is geregistreerd. Beoordeel nu de verwijtbaarheid.")
            return redirect(procedure)
    return render(
        request,
        "handhaving/form.html",
        {"casus": casus, "form": form, "titel": "Signaal registreren", "opslaan_label": "Signaal registreren"},
    )


def detail(request, casus_pk, procedure_pk):
    casus = casus_voor_lezen(request, casus_pk)
    procedure = _procedure(casus, procedure_pk)
    mag_bewerken = permissions.mag_casus_bewerken(request.user, casus)
    stand = selectors.procedure_stand(procedure, vandaag=timezone.localdate(), mag_bewerken=mag_bewerken)
    return render(
        request,
        "handhaving/detail.html",
        {
            "casus": casus,
            "procedure": procedure,
            "stand": stand,
            "feiten": _procedure_feiten(procedure),
            "stappen": procedure.stappen.select_related("door"),
            "beschikking": getattr(procedure, "beschikking", None),
            "mag_bewerken": mag_bewerken,
            "titel": f"Handhaving {procedure.soort_kort}",
        },
    )


@dataclass(frozen=True)
class Stap:
    form: type
    service: Callable
    gelukt: str
    knop: str
    uitleg: str = ""


STAPPEN: dict[str, Stap] = {
    "verwijtbaarheid": Stap(
        forms.VerwijtbaarheidForm,
        services.verwijtbaarheid_beoordelen,
        "De verwijtbaarheid is vastgelegd.",
        "Verwijtbaarheid vastleggen",
        "Geen boete zonder verwijtbaarheid. De mate van verwijtbaarheid bepaalt het percentage van de boete.",
    ),
    "waarschuwing": Stap(
        forms.WaarschuwingForm,
        services.waarschuwing_vastleggen,
        "De schriftelijke waarschuwing is vastgelegd.",
        "Waarschuwing vastleggen",
    ),
    "voornemen": Stap(
        forms.VoornemenForm,
        services.voornemen_vastleggen,
        "Het voornemen is vastgelegd.",
        "Voornemen vastleggen",
        "In het voornemen staat het bedrag en hoe het volgt uit de boeteladder en de verwijtbaarheid. "
        "De inburgeraar kan daarop reageren (zienswijze).",
    ),
    "zienswijze": Stap(
        forms.ZienswijzeForm,
        services.zienswijze_vastleggen,
        "De zienswijze is vastgelegd.",
        "Zienswijze vastleggen",
    ),
    "juridische-toets": Stap(
        forms.JuridischeToetsForm,
        services.juridische_toets_vastleggen,
        "De juridische toets is vastgelegd.",
        "Juridische toets vastleggen",
        "Een boete voor een asielstatushouder of een gezinslid (art. 13-1-b) is alleen in uitzonderlijke gevallen "
        "mogelijk en wordt altijd eerst juridisch getoetst.",
    ),
    "opleggen": Stap(
        forms.OpleggenForm,
        services.boete_opleggen,
        "De boete is opgelegd. De boetebeschikking (PDF) wordt gemaakt.",
        "Boete opleggen",
        "Met opleggen wordt de boetebeschikking gemaakt. Daarna verandert die niet meer.",
    ),
    "betaald": Stap(forms.BetaaldForm, services.boete_betaald, "De betaling is vastgelegd.", "Betaling vastleggen"),
    "invordering": Stap(
        forms.DatumMotiveringForm, services.boete_invorderen, "De invordering is gestart.", "Invordering starten"
    ),
    "kwijtschelding": Stap(
        forms.DatumMotiveringForm, services.boete_kwijtschelden, "De boete is kwijtgescholden.", "Kwijtschelden"
    ),
    "participatiewet": Stap(
        forms.DatumMotiveringForm,
        services.signaal_doorzetten,
        "Het signaal is doorgezet naar de Participatiewet.",
        "Doorzetten",
        "Een verplichting uit de Participatiewet (ook binnen een breed PIP) krijgt een maatregel op de bijstand, "
        "geen inburgeringsboete.",
    ),
    "afzien": Stap(
        forms.DatumMotiveringForm, services.boete_afzien, "Er wordt geen boete opgelegd.", "Afzien van een boete"
    ),
}


def stap(request, casus_pk, procedure_pk, stap):
    casus = casus_voor_bewerken(request, casus_pk)
    procedure = _procedure(casus, procedure_pk)
    config = STAPPEN.get(stap)
    if config is None:
        raise Http404("Onbekende stap.")
    label, _ = workflow.ACTIES[stap]
    # a POST goes to the service even when the step is no longer possible: a form opened before a
    # colleague's step (or submitted twice) then gets the conflict message with its input kept
    if request.method != "POST" and not workflow.actie_toegestaan(procedure.status, stap):
        messages.error(
            request, f"'{label}' kan niet in de stap '{procedure.get_status_display().lower()}' van deze procedure."
        )
        return redirect(procedure)
    form = config.form(request.POST or None, initial={"versie": procedure.versie})
    if request.method == "POST" and form.is_valid():
        try:
            config.service(procedure=procedure, door=request.user, **form.service_data())
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, config.gelukt)
            return redirect(procedure)
    stand = selectors.procedure_stand(procedure, vandaag=timezone.localdate(), mag_bewerken=True)
    return render(
        request,
        "handhaving/stap.html",
        {
            "casus": casus,
            "procedure": procedure,
            "stap": stap,
            "stand": stand,
            "config": config,
            "form": form,
            "feiten": _procedure_feiten(procedure),
            "titel": label,
            "opslaan_label": config.knop,
            "annuleren": procedure.get_absolute_url(),
        },
    )


def pdf(request, casus_pk, procedure_pk):
    """Download the boetebeschikking (readers of the case may download it)."""
    casus = casus_voor_lezen(request, casus_pk)
    procedure = _procedure(casus, procedure_pk)
    beschikking = getattr(procedure, "beschikking", None)
    if beschikking is None or not beschikking.pdf:
        raise Http404("Er is (nog) geen boetebeschikking.")
    try:
        fh = beschikking.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Het bestand is niet gevonden.") from exc
    naam = f"boetebeschikking-{casus.pk}-{procedure.pk}.pdf"
    response = FileResponse(fh, as_attachment=True, filename=naam, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------------------------
# Bezwaar
# --------------------------------------------------------------------------------------------


def _bezwaar(casus, bezwaar_pk) -> Bezwaar:
    bezwaar = get_object_or_404(
        Bezwaar.objects.select_related("pip_versie", "boetebeschikking__procedure", "nieuwe_pip_versie").defer(
            "pip_versie__beschikking_html", "boetebeschikking__beschikking_html"
        ),
        casus=casus,
        pk=bezwaar_pk,
    )
    bezwaar.casus = casus
    return bezwaar


def bezwaar_nieuw(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    keuzes = selectors.beschikking_keuzes(casus)
    if not keuzes:
        messages.error(
            request, "Deze casus heeft nog geen beschikking (vastgesteld PIP of boete) om bezwaar tegen te maken."
        )
        return redirect(casus)
    initial = {"beschikking": request.GET.get("beschikking", "")}
    form = forms.BezwaarForm(request.POST or None, keuzes=keuzes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            bezwaar = services.bezwaar_registreren(
                casus=casus,
                ontvangen_op=data["ontvangen_op"],
                gronden=data["gronden"],
                door=request.user,
                **selectors.beschikking_uit_keuze(casus, data["beschikking"]),
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(
                request, f"Het bezwaar is geregistreerd. Beslissen vóór {bezwaar.beslissen_voor:%d-%m-%Y}."
            )
            return redirect(bezwaar)
    return render(
        request,
        "handhaving/form.html",
        {"casus": casus, "form": form, "titel": "Bezwaar registreren", "opslaan_label": "Bezwaar registreren"},
    )


def bezwaar_detail(request, casus_pk, bezwaar_pk):
    casus = casus_voor_lezen(request, casus_pk)
    bezwaar = _bezwaar(casus, bezwaar_pk)
    return render(
        request,
        "handhaving/bezwaar.html",
        {
            "casus": casus,
            "bezwaar": bezwaar,
            "mag_bewerken": permissions.mag_casus_bewerken(request.user, casus),
            "termijn": selectors.BezwaarRegel(bezwaar, rules.dagen_over(bezwaar.beslissen_voor, timezone.localdate())),
            "titel": f"Bezwaar tegen {bezwaar.beschikking_label}",
        },
    )


def _bezwaar_intro(bezwaar: Bezwaar) -> str:
    tekst = (
        f"Bezwaar tegen {bezwaar.beschikking_label}, ontvangen op {bezwaar.ontvangen_op:%d-%m-%Y}; "
        f"beslissen vóór {bezwaar.beslissen_voor:%d-%m-%Y}."
    )
    if bezwaar.boetebeschikking_id:
        tekst += f" Te betalen nu: {rules.euro(bezwaar.boetebeschikking.procedure.te_betalen)}."
    if bezwaar.hoorzitting_op:
        tekst += f" Gehoord op {bezwaar.hoorzitting_op:%d-%m-%Y}."
    elif bezwaar.horen_afgezien_reden:
        tekst += " Van horen is afgezien."
    else:
        tekst += " Nog niet gehoord: bij ongegrond of deels gegrond eerst horen (Awb 7:2), of vastleggen waarom niet."
    return tekst


def _bezwaar_stap(request, casus_pk, bezwaar_pk, *, maak_form, service, titel, knop, gelukt):
    casus = casus_voor_bewerken(request, casus_pk)
    bezwaar = _bezwaar(casus, bezwaar_pk)
    if request.method != "POST" and not bezwaar.is_open:  # a POST: the service says why (as in `stap`)
        messages.error(request, "Op dit bezwaar is al beslist.")
        return redirect(bezwaar)
    form = maak_form(bezwaar, request.POST or None)
    form.initial["versie"] = bezwaar.versie
    if request.method == "POST" and form.is_valid():
        try:
            service(bezwaar=bezwaar, door=request.user, **form.service_data())
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, gelukt)
            return redirect(bezwaar)
    return render(
        request,
        "handhaving/form.html",
        {
            "casus": casus,
            "bezwaar": bezwaar,
            "form": form,
            "titel": titel,
            "opslaan_label": knop,
            "annuleren": bezwaar.get_absolute_url(),
            "intro": _bezwaar_intro(bezwaar),
        },
    )


def bezwaar_horen(request, casus_pk, bezwaar_pk):
    return _bezwaar_stap(
        request,
        casus_pk,
        bezwaar_pk,
        maak_form=lambda bezwaar, data: forms.BezwaarHorenForm(data),
        service=services.bezwaar_horen,
        titel="Horen in bezwaar",
        knop="Vastleggen",
        gelukt="Het horen is vastgelegd.",
    )


def bezwaar_beslissen(request, casus_pk, bezwaar_pk):
    return _bezwaar_stap(
        request,
        casus_pk,
        bezwaar_pk,
        maak_form=lambda bezwaar, data: forms.BezwaarBeslissenForm(data, tegen=bezwaar.tegen),
        service=services.bezwaar_beslissen,
        titel="Beslissen op bezwaar",
        knop="Beslissing vastleggen",
        gelukt="De beslissing op bezwaar is vastgelegd.",
    )
