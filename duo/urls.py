from django.urls import path

from . import api, views

app_name = "duo"

urlpatterns = [
    # DUO's Notificatie API (path as in duo-m2m/API/Notificatie/openapi.yml)
    path("notificaties", api.notificaties, name="notificaties"),
    path("casussen/<int:casus_pk>/duo/", views.casus, name="casus"),
    path("casussen/<int:casus_pk>/duo/melden/<slug:soort>/", views.melden, name="melden"),
    path("casussen/<int:casus_pk>/duo/berichten/<int:bericht_pk>/opnieuw/", views.opnieuw, name="opnieuw"),
    path("casussen/<int:casus_pk>/duo/verversen/", views.verversen, name="verversen"),
]
