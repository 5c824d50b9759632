"""Fetch a case for a view with the role and visibility checks in SQL.

Every view that shows or changes case content goes through these two functions
(or `CasusMixin`), so the permission module is the only place that decides.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from inburgering import permissions

from .models import Casus


def casus_voor_lezen(request, pk, qs=None) -> Casus:
    """The case if the user may see it; 404 otherwise (its existence is not revealed)."""
    if not permissions.mag_casussen_zien(request.user):
        raise PermissionDenied("Uw rol geeft geen toegang tot casussen.")
    qs = qs if qs is not None else Casus.objects.select_related("inburgeraar", "gemeente", "team", "consultant")
    casus = get_object_or_404(permissions.zichtbare_casussen(request.user, qs), pk=pk)
    match = getattr(request, "resolver_match", None)
    if match is not None and str(match.kwargs.get("casus_pk")) == str(pk):
        request.toegangslog_inburgeraar_id = casus.inburgeraar_id  # the access log need not read the case again
    return casus


def casus_voor_bewerken(request, pk, qs=None) -> Casus:
    """The case if the user may change it; 403 when only readable, 404 when not visible."""
    casus = casus_voor_lezen(request, pk, qs)
    if not permissions.mag_casus_bewerken(request.user, casus):
        raise PermissionDenied("U kunt deze casus alleen inzien, niet wijzigen.")
    return casus


class CasusMixin:
    """For class-based views under /casussen/<casus_pk>/...: sets self.casus.

    `casus_bewerken = True` on views that change data (GET shows the form, so also
    requires edit rights).
    """

    casus_bewerken = False
    casus_url_kwarg = "casus_pk"

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs[self.casus_url_kwarg]
        fetch = casus_voor_bewerken if self.casus_bewerken else casus_voor_lezen
        self.casus = fetch(request, pk)
        self.mag_bewerken = permissions.mag_casus_bewerken(request.user, self.casus)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["casus"] = self.casus
        ctx["mag_bewerken"] = self.mag_bewerken
        return ctx


__all__ = ["casus_voor_lezen", "casus_voor_bewerken", "CasusMixin", "Http404"]
