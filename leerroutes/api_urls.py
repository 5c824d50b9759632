"""URLs of the school API, version 1, and its OpenAPI schema (only this API's paths)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from . import api

app_name = "leerroutes_api"

v1 = [
    path("inschrijvingen/", login_not_required(api.InschrijvingenView.as_view()), name="inschrijvingen"),
    path("inschrijvingen/<int:pk>/", login_not_required(api.InschrijvingView.as_view()), name="inschrijving"),
    path("inschrijvingen/<int:pk>/uren/", login_not_required(api.UrenView.as_view()), name="uren"),
    path(
        "inschrijvingen/<int:pk>/aanwezigheid/",
        login_not_required(api.AanwezigheidView.as_view()),
        name="aanwezigheid",
    ),
]
PREFIX = "api/leerroutes/v1/"

urlpatterns = [
    path(PREFIX, include(v1)),
    path(
        PREFIX + "schema/",
        login_not_required(
            SpectacularJSONAPIView.as_view(
                patterns=[path(PREFIX, include(v1))],
                custom_settings={
                    "TITLE": "Inburgering – API voor taalscholen",
                    "DESCRIPTION": "Uren en aanwezigheid van ingeschreven inburgeraars melden. "
                    "Authenticatie: `Authorization: Token <sleutel>` (API-sleutel van de school).",
                    "VERSION": "1.0.0",
                },
            )
        ),
        name="schema",
    ),
]
