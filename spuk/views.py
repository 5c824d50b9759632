"""Screens of the SPUK for team leads and the functioneel beheerder.

No personal data is shown: counts and amounts per gemeente, year and cohort. A user sees the
gemeenten of `selectors.spuk_gemeenten` (team lead: own teams' gemeenten; beheerder: all) and
their sum. Numbers come from `spuk.selectors` (dated settings, register); the views hold none.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Doelgroep
from inburgering import permissions
from inburgering.formhulp import fouten_naar_form
from inburgering.models import Gemeente, Toegangslog
from inburgering.regels import DEFAULTS, WET_START
from inburgering.toegangslog import logt

from . import rules, selectors, services
from .export import rapport_xlsx
from .forms import GemeenteKeuzeForm, PrognoseForm, UitgaveForm
from .models import Uitgave

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGNOSE_JAREN_VOORUIT = 4


def _toegang(request):
    if not selectors.mag_spuk_zien(request.user):
        raise PermissionDenied("De SPUK-rapportage is voor teamleiders en de functioneel beheerder.")
    return selectors.spuk_gemeenten(request.user)


def _gekozen(request, gemeenten):
    """The gemeente chosen in ?gemeente= (None: all together); 404 for one the user does not see.

    A user who sees a single gemeente always has that one.
    """
    pk = request.GET.get("gemeente") or ""
    if not pk:
        return gemeenten[0] if len(gemeenten) == 1 else None
    if not pk.isdigit():
        raise Http404("Onbekende gemeente.")
    for g in gemeenten:
        if g.pk == int(pk):
            return g
    raise Http404("Onbekende gemeente.")


def _cijfers(rapport, gekozen):
    if gekozen is None:
        return rapport.totaal
    return next(c for c in rapport.per_gemeente if c.gemeente == gekozen)


def _geld(bedrag) -> str:
    return str(rules.centen(bedrag))


def _grafiek_uitkering(cijfers) -> dict:
    return {
        "type": "bar",
        "eenheid": "euro",
        "labels": [str(j.jaar) for j in cijfers.jaren],
        "datasets": [
            {"label": "Voorlopige uitkering (prognose)", "data": [_geld(j.voorlopig.totaal) for j in cijfers.jaren]},
            {
                "label": "Definitieve uitkering (registratie)",
                "data": [_geld(j.definitief.totaal) for j in cijfers.jaren],
            },
        ],
    }


def _grafiek_besteding(cijfers) -> dict:
    return {
        "type": "bar",
        "eenheid": "euro",
        "labels": [str(j.jaar) for j in cijfers.jaren],
        "datasets": [
            {"label": "Budget (definitieve uitkering)", "data": [_geld(j.saldo.budget) for j in cijfers.jaren]},
            {"label": "Besteding", "data": [_geld(j.saldo.besteding) for j in cijfers.jaren]},
        ],
    }


def _grafiek_prognose(cijfers, cohorten) -> dict:
    datasets = [
        {
            "label": f"Cohort {c} (asiel)",
            "data": [_geld(j.voorlopig.per_cohort.get(c, rules.NUL)) for j in cijfers.jaren],
        }
        for c in cohorten
    ]
    datasets.append(
        {"label": "Gezins- en overige migranten", "data": [_geld(j.voorlopig.migranten) for j in cijfers.jaren]}
    )
    return {
        "type": "bar",
        "gestapeld": True,
        "eenheid": "euro",
        "labels": [str(j.jaar) for j in cijfers.jaren],
        "datasets": datasets,
    }


def rapport(request):
    gemeenten = list(_toegang(request))
    gekozen = _gekozen(request, gemeenten)
    vandaag = timezone.localdate()
    r = selectors.spuk_rapport(gemeenten, vandaag)
    cijfers = _cijfers(r, gekozen)
    jaar = request.GET.get("jaar") or ""
    jaar = int(jaar) if jaar.isdigit() and int(jaar) in r.jaren else min(vandaag.year, r.jaren[-1])
    filter_form = GemeenteKeuzeForm(
        initial={"gemeente": gekozen, "jaar": jaar},
        gemeenten=selectors.spuk_gemeenten(request.user),
        jaren=r.jaren if len(gemeenten) > 1 else None,
    )
    per_gemeente = [(c, c.jaar(jaar)) for c in r.per_gemeente]
    return render(
        request,
        "spuk/rapport.html",
        {
            "titel": "SPUK: uitkering en besteding",
            "rapport": r,
            "cijfers": cijfers,
            "gekozen": gekozen,
            "jaar": jaar,
            "filter_form": filter_form,
            "per_gemeente": per_gemeente,
            "totaal_jaar": r.totaal.jaar(jaar),
            "voorzieningen": rules.VOORZIENINGEN,
            "grafiek_uitkering": _grafiek_uitkering(cijfers),
            "grafiek_besteding": _grafiek_besteding(cijfers),
            "doelgroepen": Doelgroep.choices,
            "query": request.GET.urlencode(),
        },
    )


def prognose(request):
    gemeenten = list(_toegang(request))
    gekozen = _gekozen(request, gemeenten)
    r = selectors.spuk_rapport(gemeenten, timezone.localdate())
    cijfers = _cijfers(r, gekozen)
    cohorten = cijfers.prognose_cohorten
    return render(
        request,
        "spuk/prognose.html",
        {
            "titel": "SPUK-prognose",
            "cijfers": cijfers,
            "gekozen": gekozen,
            "gemeenten": gemeenten,
            "cohorten": cohorten,
            "filter_form": GemeenteKeuzeForm(
                initial={"gemeente": gekozen}, gemeenten=selectors.spuk_gemeenten(request.user)
            ),
            "grafiek_prognose": _grafiek_prognose(cijfers, cohorten),
            "prognose_per_jaar": _prognose_per_jaar(cijfers),
        },
    )


def _prognose_per_jaar(cijfers):
    """Forecast rows added up per year (for the total of several gemeenten)."""
    per_jaar: dict[int, dict] = {}
    for p in cijfers.prognose:
        rij = per_jaar.setdefault(
            p.jaar, {"jaar": p.jaar, "taakstelling": 0, "plichtigen": rules.NUL, "migranten": 0, "factoren": set()}
        )
        rij["taakstelling"] += p.taakstelling
        rij["plichtigen"] += p.plichtigen
        rij["migranten"] += p.migranten
        rij["factoren"].add(p.factor)
    for rij in per_jaar.values():
        rij["factor"] = next(iter(rij["factoren"])) if len(rij["factoren"]) == 1 else None
    return [per_jaar[j] for j in sorted(per_jaar)]


def prognose_bewerken(request, gemeente_pk):
    gemeente = get_object_or_404(_toegang(request), pk=gemeente_pk)
    bestaand = selectors.prognoses_van(gemeente)
    vandaag = timezone.localdate()
    jaren = sorted(set(range(WET_START.year, vandaag.year + PROGNOSE_JAREN_VOORUIT + 1)) | set(bestaand))
    form = PrognoseForm(request.POST or None, jaren=jaren, bestaand=bestaand)
    if request.method == "POST" and form.is_valid():
        try:
            services.prognose_opslaan(
                gemeente=gemeente, jaren=form.prognose(), versies=form.versies(), door=request.user
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"De prognose van {gemeente} is opgeslagen.")
            return redirect(f"{reverse('spuk:prognose')}?gemeente={gemeente.pk}")
    return render(
        request,
        "spuk/prognose_bewerken.html",
        {"titel": f"Prognose {gemeente} wijzigen", "gemeente": gemeente, "form": form},
    )


def uitgaven(request):
    gemeenten = list(_toegang(request))
    gekozen = _gekozen(request, gemeenten)
    ids = [gekozen.pk] if gekozen else [g.pk for g in gemeenten]
    return render(
        request,
        "spuk/uitgaven.html",
        {
            "titel": "Handmatige SPUK-uitgaven",
            "uitgaven": selectors.uitgaven(ids),
            "gekozen": gekozen,
            "filter_form": GemeenteKeuzeForm(
                initial={"gemeente": gekozen}, gemeenten=selectors.spuk_gemeenten(request.user)
            ),
        },
    )


def uitgave_nieuw(request):
    gemeenten = _toegang(request)
    initial = {"jaar": timezone.localdate().year}
    if request.GET.get("gemeente", "").isdigit():
        initial["gemeente"] = int(request.GET["gemeente"])
    form = UitgaveForm(request.POST or None, gemeenten=gemeenten, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            uitgave = services.uitgave_vastleggen(
                gemeente=d["gemeente"],
                voorziening=d["voorziening"],
                jaar=d["jaar"],
                cohort=d["cohort"],
                bedrag=d["bedrag"],
                omschrijving=d["omschrijving"],
                door=request.user,
            )
        except ValidationError as exc:
            fouten_naar_form(form, exc)
        else:
            messages.success(request, f"De uitgave van {rules.euro(uitgave.bedrag)} is vastgelegd.")
            return redirect(f"{reverse('spuk:uitgaven')}?gemeente={uitgave.gemeente_id}")
    return render(request, "spuk/uitgave_form.html", {"titel": "Uitgave toevoegen", "form": form})


@require_POST
def uitgave_verwijderen(request, uitgave_pk):
    gemeenten = _toegang(request)
    uitgave = get_object_or_404(Uitgave.objects.filter(gemeente__in=gemeenten), pk=uitgave_pk)
    services.uitgave_verwijderen(uitgave=uitgave, door=request.user)
    messages.success(request, f"De uitgave van {rules.euro(uitgave.bedrag)} ({uitgave.omschrijving}) is verwijderd.")
    return redirect(f"{reverse('spuk:uitgaven')}?gemeente={uitgave.gemeente_id}")


def tarieven(request):
    _toegang(request)
    vandaag = timezone.localdate()
    boek = selectors.TariefBoek.laden()
    jaren = list(range(WET_START.year, vandaag.year + 2))
    per_jaar = selectors.tarieven_per_jaar(jaren, boek)
    gemeente_namen = dict(Gemeente.objects.values_list("pk", "naam"))
    regels = [
        {
            "code": code,
            "omschrijving": DEFAULTS[code].omschrijving,
            "eenheid": DEFAULTS[code].eenheid,
            "waarden": [tj.waarden[code] for tj in per_jaar],
        }
        for code in selectors.TARIEF_CODES
    ]
    wijzigingen = [
        {
            "code": code,
            "omschrijving": DEFAULTS[code].omschrijving,
            "gemeente": gemeente_namen.get(gid, "") if gid else "",
            "ingangsdatum": ingang,
            "waarde": waarde,
            "eenheid": DEFAULTS[code].eenheid,
        }
        for code, gid, ingang, waarde in boek.wijzigingen()
    ]
    return render(
        request,
        "spuk/tarieven.html",
        {
            "titel": "SPUK-tarieven per jaar",
            "jaren": jaren,
            "regels": regels,
            "wijzigingen": wijzigingen,
            "fouten_tranches": [tj.jaar for tj in per_jaar if not tj.tranches_kloppen],
            "mag_beheren": permissions.heeft_rol(request.user, permissions.FUNCTIONEEL_BEHEERDER)
            or request.user.is_superuser,
        },
    )


@logt(Toegangslog.Actie.EXPORTEREN, object_type="spuk-rapport")
def export(request):
    gemeenten = list(_toegang(request))
    gekozen = _gekozen(request, gemeenten)
    vandaag = timezone.localdate()
    r = selectors.spuk_rapport(gemeenten, vandaag)
    inhoud = rapport_xlsx(
        r,
        _cijfers(r, gekozen),
        uitgaven=selectors.uitgaven([gekozen.pk] if gekozen else [g.pk for g in gemeenten]),
        vandaag=vandaag,
    )
    naam = f"spuk-{(gekozen.naam if gekozen else 'alle-gemeenten').lower().replace(' ', '-')}-{vandaag:%Y%m%d}.xlsx"
    response = HttpResponse(inhoud, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    request.toegangslog_aantal = 0  # figures only, no persons
    return response
