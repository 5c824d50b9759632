"""The access log: one mechanism for every screen, download and export of personal data.

`ToegangslogMiddleware` writes a row for every successful request to a view that
shows or changes personal data. A view says what it does with the attribute
`toegangslog` (set by the decorator `@logt(actie, ...)`); every view with a
`casus_pk` URL argument is logged automatically (GET = bekijken, POST = wijzigen),
so later screens are covered without extra work. Lists and exports set
`request.toegangslog_aantal` to the number of persons shown.
"""

from __future__ import annotations

import functools

from django.conf import settings

from . import permissions, vastesql
from .models import Toegangslog

DOWNLOAD_TYPES = ("application/pdf", "application/octet-stream")


def logt(actie: str | None = None, object_type: str = ""):
    """Mark a view as one that shows personal data; `actie` None = derive from the method."""

    def deco(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.toegangslog = {"actie": actie, "object_type": object_type}
        return wrapper

    return deco


def _client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


class ToegangslogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        spec = getattr(request, "_toegangslog_spec", None)
        if spec is not None and request.user.is_authenticated and response.status_code < 400:
            self._write(request, response, spec)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        spec = getattr(view_func, "toegangslog", None)
        if spec is None and "casus_pk" in view_kwargs:
            spec = {"actie": None, "object_type": "casus"}
        if spec is not None:
            request._toegangslog_spec = (spec, view_kwargs)
        return None

    def _write(self, request, response, spec_kwargs):
        spec, kwargs = spec_kwargs
        actie = spec["actie"]
        if actie is None:
            if request.method == "POST":
                actie = Toegangslog.Actie.WIJZIGEN
            elif response.get("Content-Disposition", "").startswith("attachment"):
                actie = Toegangslog.Actie.DOWNLOADEN
            else:
                actie = Toegangslog.Actie.BEKIJKEN
        casus_id = kwargs.get("casus_pk")
        inburgeraar_id = getattr(request, "toegangslog_inburgeraar_id", None)
        if casus_id and inburgeraar_id is None:
            from cases.models import Casus

            inburgeraar_id = Casus.objects.filter(pk=casus_id).values_list("inburgeraar_id", flat=True).first()
        obj_id = next((str(v) for k, v in kwargs.items() if k != "casus_pk"), "")
        match = request.resolver_match
        # written on every page that shows personal data: its INSERT is compiled once (vastesql.invoegen)
        vastesql.invoegen(
            Toegangslog(
                gebruiker=request.user,
                gebruikersnaam=request.user.get_username(),
                rol=permissions.rol_label(request.user),
                actie=actie,
                casus_id=casus_id,
                inburgeraar_id=inburgeraar_id,
                object_type=spec.get("object_type") or "",
                object_id=obj_id,
                url_naam=match.view_name if match else request.path[:150],
                methode=request.method,
                statuscode=response.status_code,
                ip_adres=_client_ip(request),
                doel=getattr(request, "toegangslog_doel", settings.TOEGANGSLOG_DOEL),
                aantal_personen=getattr(request, "toegangslog_aantal", None),
            )
        )
