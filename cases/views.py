"""Screens of the register. Views check access (cases.access), validate with forms and call services."""

from __future__ import annotations

import functools
import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.views.decorators.http import require_POST

from inburgering import crypto, permissions, regels, vastesql
from inburgering.formhulp import fouten_naar_form
from inburgering.models import Toegangslog
from inburgering.toegangslog import logt

from . import selectors, services, tables, workflow
from .access import casus_voor_bewerken, casus_voor_lezen
from .filters import CaseloadFilterForm
from .forms import (
    CasusForm,
    DocumentForm,
    GezinsledenFormSet,
    NieuweCasusForm,
    PersoonForm,
    StatusForm,
    ToewijzenForm,
    gezinsleden_data,
)
from .models import Casus, Document, Gezinslid, StatusOvergang, TijdlijnGebeurtenis
from .rules import elfproef, normaliseer_bsn


def _vereis_casusrol(request):
    if not permissions.mag_casussen_zien(request.user):
        raise PermissionDenied("Uw rol geeft geen toegang tot casussen.")


def home(request):
    if permissions.mag_casussen_zien(request.user):
        return redirect("cases:caseload")
    if permissions.heeft_rol(request.user, permissions.FUNCTIONEEL_BEHEERDER) or request.user.is_superuser:
        return redirect("admin:index")
    raise PermissionDenied("U heeft nog geen rol. Vraag de functioneel beheerder om u een rol te geven.")


BSN_ZOEK_SESSIE = "bsn_zoekopdrachten"


def _zoek_redirect(request):
    """The search form posts; a whole BSN is swapped for a one-off token so it never appears in a URL."""
    params = {k: v for k, v in request.POST.items() if k in ("bereik", "q", "status", "doelgroep", "actief", "consultant") and v}
    term = params.get("q", "")
    digits = normaliseer_bsn(term)
    if digits.isdigit() and len(digits) == 9:
        token = secrets.token_urlsafe(8)
        store = request.session.get(BSN_ZOEK_SESSIE, {})
        store = dict(list(store.items())[-9:])  # keep the last ten searches
        store[token] = crypto.bsn_hmac(digits) if elfproef(digits) else ""
        request.session[BSN_ZOEK_SESSIE] = store
        params.pop("q")
        params["bsn"] = token
    return redirect(f"{reverse('cases:caseload')}?{urlencode(params)}")


@logt(Toegangslog.Actie.ZOEKEN, object_type="caseload")
def caseload(request):
    _vereis_casusrol(request)
    if request.method == "POST":
        return _zoek_redirect(request)
    is_consultant = permissions.heeft_rol(request.user, permissions.CONSULTANT)
    bereik = request.GET.get("bereik", "mijn" if is_consultant else "team")
    if bereik not in ("mijn", "team"):
        bereik = "mijn"
    caption = "Mijn caseload" if bereik == "mijn" and is_consultant else "Casussen van mijn team(s)"
    form = CaseloadFilterForm(request.GET or None, user=request.user)
    lijst = tables.lijst(request.GET, caption)
    bsn_token = request.GET.get("bsn")
    if form.is_bound and not form.is_valid():
        casussen = []
        lijst.venster(0)
    else:
        bsn_hmac = request.session.get(BSN_ZOEK_SESSIE, {}).get(bsn_token, "") if bsn_token else None
        casussen = selectors.caseload(request.user, form.vraag(bereik, bsn_hmac), lijst)
    request.toegangslog_aantal = len(casussen)
    return render(
        request,
        "cases/caseload.html",
        {
            "form": form, "lijst": lijst, "tabel": tables.html(lijst, casussen),
            "bereik": bereik, "toon_bereik": is_consultant, "titel": caption, "bsn_gezocht": bool(bsn_token),
        },
    )


def _datum(d):
    return formats.date_format(d, "j F Y") if d else "—"


def _persoon_feiten(p):
    tolk = f"Ja, {p.tolk_taal}" if p.tolk_nodig and p.tolk_taal else ("Ja" if p.tolk_nodig else "Nee")
    adres = ", ".join(x for x in (p.straat, f"{p.postcode} {p.woonplaats}".strip()) if x) or "—"
    return [
        ("BSN", p.bsn_gemaskeerd),
        ("V-nummer", p.v_nummer or "—"),
        ("Geboortedatum", _datum(p.geboortedatum)),
        ("Geslacht", p.get_geslacht_display()),
        ("Nationaliteit", p.nationaliteit or "—"),
        ("Gesproken talen", p.talen or "—"),
        ("Tolk nodig", tolk),
        ("Telefoon", p.telefoon or "—"),
        ("E-mail", p.email or "—"),
        ("Adres", adres),
    ]


def _casus_feiten(c):
    return [
        ("Doelgroep", c.get_doelgroep_display()),
        ("Gemeente", str(c.gemeente)),
        ("Team", str(c.team)),
        ("Consultant", str(c.consultant) if c.consultant else "Niet toegewezen"),
        ("DUO-kennisgeving", _datum(c.datum_kennisgeving)),
        ("Koppeling aan gemeente", _datum(c.datum_koppeling)),
        ("Huisvesting", _datum(c.datum_huisvesting)),
        ("BRP-inschrijving", _datum(c.datum_brp_inschrijving)),
    ]


@functools.cache
def _pagina_query():
    """The case with what the sections of its page read as one-to-one rows and counts (see `selectors.leesmemo_aan`).

    Built once per process: the queryset only describes the SQL (no rows), and every request filters its own copy.
    """
    from duo.selectors import casus_pagina as duo
    from intake.selectors import casus_pagina as intake
    from leerroutes.selectors import casus_pagina as leerroutes
    from ontzorgen.selectors import casus_pagina as ontzorgen

    qs = Casus.objects.select_related("inburgeraar", "gemeente", "team", "consultant")
    for sectie in (intake, ontzorgen, leerroutes, duo):
        qs = sectie(qs)
    return qs


# the lists of the case page (inburgering.vastesql.rijen: their SQL is compiled once)
def _overgangen(casus_id):
    return StatusOvergang.objects.filter(casus_id=casus_id).select_related("door")


def _tijdlijn(casus_id):
    return TijdlijnGebeurtenis.objects.filter(casus_id=casus_id).select_related("door")[:200]


def _documenten(casus_id):
    return Document.objects.filter(casus_id=casus_id).select_related("geupload_door")


def _gezinsleden(inburgeraar_id):
    return Gezinslid.objects.filter(inburgeraar_id=inburgeraar_id)


def detail(request, casus_pk):
    casus = selectors.leesmemo_aan(casus_voor_lezen(request, casus_pk, _pagina_query()))
    with regels.onthouden():  # the sections ask for dated settings: read them once
        return _detail(request, casus)


def _detail(request, casus):
    mag_bewerken = permissions.mag_casus_bewerken(request.user, casus)
    context = {
        "casus": casus,
        "persoon": casus.inburgeraar,
        "mag_bewerken": mag_bewerken,
        "mag_toewijzen": permissions.mag_toewijzen(request.user, casus),
        "status_form": StatusForm(casus=casus) if mag_bewerken and workflow.toegestane_overgangen(casus.status) else None,
        "overgangen": vastesql.rijen(_overgangen, casus_id=casus.pk),
        "tijdlijn": vastesql.rijen(_tijdlijn, casus_id=casus.pk),
        "documenten": vastesql.rijen(_documenten, casus_id=casus.pk),
        "gezinsleden": vastesql.rijen(_gezinsleden, inburgeraar_id=casus.inburgeraar_id),
        "geschiedenis": selectors.casus_geschiedenis(casus),
        "persoon_feiten": _persoon_feiten(casus.inburgeraar),
        "casus_feiten": _casus_feiten(casus),
    }
    return render(request, "cases/detail.html", context)


def nieuw(request):
    _vereis_casusrol(request)
    form = NieuweCasusForm(request.POST or None, user=request.user)
    formset = GezinsledenFormSet(request.POST or None, prefix="gezin")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            casus = services.inburgeraar_aanmaken(
                bsn=form.cleaned_data["bsn"],
                persoon=form.persoon_data(),
                casus=form.casus_data(),
                gezinsleden=gezinsleden_data(formset),
                door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"Inburgeraar {casus.inburgeraar.volledige_naam} is geregistreerd.")
            return redirect(casus)
    return render(request, "cases/form.html", {"form": form, "formset": formset, "formset_legend": "Gezinslid", "titel": "Nieuwe inburgeraar", "annuleren": reverse("cases:caseload")})


def persoon_bewerken(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    persoon = casus.inburgeraar
    form = PersoonForm(request.POST or None, instance=persoon)
    formset = GezinsledenFormSet(request.POST or None, instance=persoon, prefix="gezin")
    if request.method == "POST":
        # validate on a copy: the ModelForm must not mutate the instance the service locks and writes
        if form.is_valid() and formset.is_valid():
            data = {k: form.cleaned_data[k] for k in PersoonForm.Meta.fields}
            try:
                services.inburgeraar_bijwerken(
                    casus=casus, persoon=data, bsn=form.cleaned_data["bsn"], gezinsleden=gezinsleden_data(formset),
                    versie=form.cleaned_data.get("versie"), door=request.user,
                )
            except ValidationError as exc:
                fouten_naar_form(form, exc)
            else:
                messages.success(request, "De persoonsgegevens zijn opgeslagen.")
                return redirect(casus)
    return render(request, "cases/form.html", {"form": form, "formset": formset, "formset_legend": "Gezinslid", "casus": casus, "titel": f"Persoonsgegevens van {persoon.volledige_naam} wijzigen", "annuleren": casus.get_absolute_url()})


def casus_bewerken(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    form = CasusForm(request.POST or None, instance=casus)
    if request.method == "POST" and form.is_valid():
        try:
            services.casus_bijwerken(
                casus=casus, data=form.cleaned_data, versie=form.cleaned_data.get("versie"), door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "De casusgegevens zijn opgeslagen.")
            return redirect(casus)
    return render(request, "cases/form.html", {"form": form, "casus": casus, "titel": "Casusgegevens wijzigen", "annuleren": casus.get_absolute_url()})


@require_POST
def status_wijzigen(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    form = StatusForm(request.POST, casus=casus)
    if form.is_valid():
        try:
            services.casus_status_wijzigen(
                casus=casus, naar=form.cleaned_data["naar"], toelichting=form.cleaned_data["toelichting"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"De status is gewijzigd naar '{workflow.Status(form.cleaned_data['naar']).label}'.")
            return redirect(casus)
    return render(request, "cases/status_form.html", {"form": form, "casus": casus, "titel": "Status wijzigen"})


def toewijzen(request, casus_pk):
    casus = casus_voor_lezen(request, casus_pk)
    if not permissions.mag_toewijzen(request.user, casus):
        raise PermissionDenied("Alleen de teamleider van dit team kan casussen toewijzen.")
    form = ToewijzenForm(request.POST or None, casus=casus)
    if request.method == "POST" and form.is_valid():
        try:
            services.casus_toewijzen(
                casus=casus, consultant=form.cleaned_data["consultant"], toelichting=form.cleaned_data["toelichting"], door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"De casus is toegewezen aan {form.cleaned_data['consultant']}.")
            return redirect(request.POST.get("terug") if request.POST.get("terug") == reverse("cases:team") else casus)
    return render(request, "cases/form.html", {"form": form, "casus": casus, "titel": f"Casus van {casus.inburgeraar.volledige_naam} toewijzen", "annuleren": casus.get_absolute_url()})


def team(request):
    if not permissions.heeft_rol(request.user, permissions.TEAMLEIDER):
        raise PermissionDenied("Het teamoverzicht is alleen voor teamleiders.")
    return render(request, "cases/team.html", {"regels": selectors.team_overzicht(request.user), "statussen": workflow.Status.choices, "titel": "Team"})


def document_toevoegen(request, casus_pk):
    casus = casus_voor_bewerken(request, casus_pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.document_toevoegen(
                    casus=casus, soort=form.cleaned_data["soort"], titel=form.cleaned_data["titel"],
                    upload=form.cleaned_data["bestand"], door=request.user,
                )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, "Het document is toegevoegd.")
            return redirect(casus)
    return render(request, "cases/form.html", {"form": form, "casus": casus, "titel": "Document toevoegen", "multipart": True, "annuleren": casus.get_absolute_url()})


def document_downloaden(request, casus_pk, document_uuid):
    casus = casus_voor_lezen(request, casus_pk)
    doc = get_object_or_404(Document, casus=casus, uuid=document_uuid)
    try:
        fh = doc.bestand.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Het bestand is niet gevonden.") from exc
    response = FileResponse(fh, as_attachment=True, filename=doc.bestandsnaam, content_type=doc.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def toegangslog(request, casus_pk):
    """Team lead: who looked at or changed this case, and when."""
    casus = casus_voor_lezen(request, casus_pk)
    if not permissions.mag_toewijzen(request.user, casus):
        raise PermissionDenied("Alleen de teamleider van dit team kan het toegangslog van een casus inzien.")
    regels = Toegangslog.objects.filter(casus_id=casus.pk).order_by("-tijdstip", "-pk")[:500]
    return render(request, "cases/toegangslog.html", {"casus": casus, "regels": regels, "titel": "Toegangslog"})
