"""Error pages. A lost database connection gets a friendly 503 instead of a 500."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request, *args, **kwargs):
    """handler500: 503 with Retry-After when the database is unreachable (e.g. restarting)."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
