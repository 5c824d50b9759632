"""The work list ("Werkvoorraad"): what is due for the consultant, and for a team lead the team's overdue items."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from inburgering import permissions
from inburgering.models import Toegangslog
from inburgering.toegangslog import logt

from . import selectors


@logt(Toegangslog.Actie.ZOEKEN, object_type="werkvoorraad")
def werkvoorraad(request):
    if not permissions.mag_casussen_zien(request.user):
        raise PermissionDenied("De werkvoorraad is voor consultants en teamleiders.")
    vandaag = timezone.localdate()
    wv = selectors.werkvoorraad(request.user, vandaag=vandaag)
    request.toegangslog_aantal = wv.personen
    return render(
        request,
        "termijnen/werkvoorraad.html",
        {
            "werkvoorraad": wv,
            "vandaag": vandaag,
            "is_consultant": permissions.heeft_rol(request.user, permissions.CONSULTANT),
        },
    )
