"""Recompute deadlines when case data changes, without edits in the other apps.

A `post_save`/`post_delete` receiver on the models the sources read writes a recompute request
(`HerberekenVerzoek`) in the same transaction as the change: if the change rolls back, so does the
request; if it commits, the request is durable (a transactional outbox). The requests of a web
request are processed right after its response (`request_finished`, outside any transaction);
requests left by tasks, commands and imports are processed by the beat task
`termijnen.tasks.verzoeken`, and the nightly recompute catches bulk writes that send no signals.
"""

from __future__ import annotations

import logging
import threading

from django.db import connection
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

# (app label, model): every model a source in termijnen.bronnen reads
BEWAAKT = [
    ("cases", "Casus"),
    ("pip", "PipVersie"),
    ("intake", "Leerbaarheidstoets"),
    ("leerroutes", "Voortgangsgesprek"),
    ("leerroutes", "MapTraject"),
    ("leerroutes", "PvtTraject"),
    ("leerroutes", "ZrouteAfronding"),
    ("leerroutes", "Examen"),
    ("leerroutes", "Afschaling"),
    ("ontzorgen", "Ontzorgen"),
    ("handhaving", "Handhavingsprocedure"),
    ("handhaving", "Boetebeschikking"),
    ("handhaving", "Bezwaar"),
]

_lokaal = threading.local()


def _casus_id(instance) -> int | None:
    if instance._meta.label == "cases.Casus":
        return instance.pk
    return getattr(instance, "casus_id", None)


def verzoek_na_wijziging(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    casus_id = _casus_id(instance)
    if not casus_id:
        return
    from .models import HerberekenVerzoek

    verzoek = HerberekenVerzoek.objects.create(casus_id=casus_id)
    openstaand = getattr(_lokaal, "verzoeken", None)
    if openstaand is not None:  # inside a web request: processed right after its response
        openstaand.append(verzoek.pk)


def verzoek_na_verwijderen(sender, instance, **kwargs):
    if instance._meta.label == "cases.Casus":
        return  # its deadlines went with it (on_delete=CASCADE)
    verzoek_na_wijziging(sender, instance)


def request_gestart(sender, **kwargs):
    _lokaal.verzoeken = []  # outside a request (tasks, commands) nothing is collected: the beat task processes


def request_klaar(sender, **kwargs):
    """After the response: recompute the cases this request changed (committed by now).

    Inside a transaction that is still open (a test case wraps every request in one) nothing
    happens here: the beat task processes the requests once they are committed.
    """
    pks = getattr(_lokaal, "verzoeken", None)
    _lokaal.verzoeken = None
    if not pks or connection.in_atomic_block:
        return
    from .services import verzoeken_verwerken

    try:
        verzoeken_verwerken(pks=pks)
    except Exception:  # the beat task tries again; never fail a request that has been answered
        logger.exception("Termijnen herberekenen na de request is mislukt; de beat-taak probeert het opnieuw.")


def verbind():
    from django.apps import apps
    from django.core.signals import request_finished, request_started

    for app_label, model_name in BEWAAKT:
        if not apps.is_installed(app_label):
            continue
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        uid = f"termijnen_{app_label}_{model_name}"
        post_save.connect(verzoek_na_wijziging, sender=model, dispatch_uid=uid + "_save")
        post_delete.connect(verzoek_na_verwijderen, sender=model, dispatch_uid=uid + "_delete")
    request_started.connect(request_gestart, dispatch_uid="termijnen_request_gestart")
    request_finished.connect(request_klaar, dispatch_uid="termijnen_request_klaar")
