"""The Notificatie API (duo-m2m/API/Notificatie/openapi.yml): POST /notificaties.

Only DUO may post: a configured credential (`Authorization: Bearer DUO_NOTIFICATIE_TOKEN`, or the
OIN of DUO's PKIoverheid certificate passed by the TLS proxy in DUO_NOTIFICATIE_CERT_HEADER)
and `bron` = DUO_OIN; `doel` must be the OIN of a gemeente of this installation. Answers as
specified: 201, 400, 401, 403 (no body), 500, 503 (a Foutmelding), each with `API-Version`.
Idempotent on `berichtId`: a repeat answers 201 and has no second effect.

Not a session endpoint: exempt from login, MFA redirect (anonymous) and CSRF; a logged-in
member of staff is not DUO and gets 401 like anyone without the credential.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from cases.models import Inburgeraar
from inburgering.models import Gemeente, Toegangslog

from . import rules, services

logger = logging.getLogger(__name__)
API_VERSION = "1.8.0"  # info.version of the Notificatie specification this endpoint implements


def _antwoord(status: int, body: dict | None = None) -> HttpResponse:
    response = JsonResponse(body, status=status) if body is not None else HttpResponse(status=status, content_type=None)
    if body is None:
        del response["Content-Type"]
    response["API-Version"] = API_VERSION
    return response


def _geauthenticeerd(request) -> bool:
    token = settings.DUO_NOTIFICATIE_TOKEN
    if token:
        auth = request.META.get("HTTP_AUTHORIZATION", "")
        if auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
            return True
    header = settings.DUO_NOTIFICATIE_CERT_HEADER
    if header:
        waarde = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        if waarde and hmac.compare_digest(waarde.strip().encode(), settings.DUO_OIN.encode()):
            return True
    return False


def _log(request, notificatie) -> None:
    persoon_id = (
        Inburgeraar.objects.filter(bsn_hmac=notificatie.bsn_hmac).values_list("pk", flat=True).first()
        if notificatie.bsn_hmac
        else None
    )
    Toegangslog.objects.create(
        gebruiker=None,
        gebruikersnaam="DUO",
        rol="DUO (Notificatie API)",
        actie=Toegangslog.Actie.WIJZIGEN,
        casus_id=notificatie.casus_id,
        inburgeraar_id=persoon_id,
        object_type="duo-notificatie",
        object_id=str(notificatie.bericht_id),
        url_naam="duo:notificaties",
        methode=request.method,
        statuscode=201,
        ip_adres=request.META.get("REMOTE_ADDR") or None,
        doel=settings.TOEGANGSLOG_DOEL,
    )


@csrf_exempt
@login_not_required
def notificaties(request):
    if request.method != "POST":
        response = _antwoord(405)
        response["Allow"] = "POST"
        return response
    try:
        return _verwerken(request)
    except Exception:  # the specified 500, never a traceback page
        logger.exception("DUO-notificatie: interne fout")
        return _antwoord(500)


def _verwerken(request) -> HttpResponse:
    if settings.DUO_NOTIFICATIE_ONDERHOUD:
        return _antwoord(503, {"fouttekst": "De Notificatie API is tijdelijk niet beschikbaar wegens onderhoud."})
    if not _geauthenticeerd(request):
        return _antwoord(401)
    bron, doel, bericht_id = (request.headers.get(h) for h in ("bron", "doel", "berichtId"))
    fouten = rules.header_fouten(bron=bron, doel=doel, bericht_id=bericht_id)
    inhoud = None
    if request.content_type != "application/json":
        fouten.append("De body is geen application/json.")
    else:
        try:
            data = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            fouten.append("De body is geen geldige JSON.")
        else:
            inhoud, body_fouten = rules.notificatie_parsen(data)
            fouten += body_fouten
    if fouten:
        logger.info("DUO-notificatie geweigerd (400): %s", " ".join(fouten))
        return _antwoord(400)
    if not hmac.compare_digest(bron.encode(), settings.DUO_OIN.encode()):
        return _antwoord(403)
    gemeente = Gemeente.objects.filter(oin=doel).first()
    if gemeente is None:
        return _antwoord(403)
    notificatie, _ = services.notificatie_ontvangen(
        bericht_id=bericht_id.lower(), bron=bron, doel=doel, gemeente=gemeente, inhoud=inhoud
    )
    _log(request, notificatie)
    return _antwoord(201)
