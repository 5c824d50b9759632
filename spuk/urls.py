from django.urls import path

from . import views

app_name = "spuk"

urlpatterns = [
    path("spuk/", views.rapport, name="rapport"),
    path("spuk/export.xlsx", views.export, name="export"),
    path("spuk/prognose/", views.prognose, name="prognose"),
    path("spuk/prognose/<int:gemeente_pk>/wijzigen/", views.prognose_bewerken, name="prognose_bewerken"),
    path("spuk/uitgaven/", views.uitgaven, name="uitgaven"),
    path("spuk/uitgaven/nieuw/", views.uitgave_nieuw, name="uitgave_nieuw"),
    path("spuk/uitgaven/<int:uitgave_pk>/verwijderen/", views.uitgave_verwijderen, name="uitgave_verwijderen"),
    path("spuk/tarieven/", views.tarieven, name="tarieven"),
]
