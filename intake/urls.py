from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("casussen/<int:casus_pk>/warme-overdracht/", views.warme_overdracht, name="warme_overdracht"),
    path("casussen/<int:casus_pk>/introductieweek/", views.introductieweek, name="introductieweek"),
    path("casussen/<int:casus_pk>/brede-intake/", views.brede_intake, name="brede_intake"),
    path("casussen/<int:casus_pk>/brede-intake/gesprekken/nieuw/", views.gesprek, name="gesprek_nieuw"),
    path("casussen/<int:casus_pk>/brede-intake/gesprekken/<int:gesprek_pk>/", views.gesprek, name="gesprek"),
    path("casussen/<int:casus_pk>/leerbaarheidstoets/", views.leerbaarheidstoets, name="leerbaarheidstoets"),
]
