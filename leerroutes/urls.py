from django.urls import path

from . import views

app_name = "leerroutes"

C = "casussen/<int:casus_pk>/uitvoering/"

urlpatterns = [
    path(C, views.overzicht, name="overzicht"),
    path(C + "aanbod/nieuw/", views.aanbod_nieuw, name="aanbod_nieuw"),
    path(C + "aanbod/<int:aanbod_pk>/", views.aanbod_bewerken, name="aanbod_bewerken"),
    path(C + "aanbod/<int:aanbod_pk>/beeindigen/", views.aanbod_beeindigen, name="aanbod_beeindigen"),
    path(C + "uren/nieuw/", views.uren_nieuw, name="uren_nieuw"),
    path(C + "aanwezigheid/nieuw/", views.aanwezigheid_nieuw, name="aanwezigheid_nieuw"),
    path(C + "signalen/<int:signaal_pk>/afhandelen/", views.signaal_afhandelen, name="signaal_afhandelen"),
    path(C + "voortgangsgesprekken/nieuw/", views.gesprek_nieuw, name="gesprek_nieuw"),
    path(C + "voortgangsgesprekken/<int:gesprek_pk>/", views.gesprek, name="gesprek"),
    path(C + "voortgangsgesprekken/<int:gesprek_pk>/wijzigen/", views.gesprek_wijzigen, name="gesprek_wijzigen"),
    path(C + "examens/nieuw/", views.examen_nieuw, name="examen_nieuw"),
    path(C + "schakelen/", views.schakelen, name="schakelen"),
    path(C + "afschalen/", views.afschalen, name="afschalen"),
    path(C + "map/", views.map_traject, name="map"),
    path(C + "pvt/", views.pvt_traject, name="pvt"),
    path(C + "z-route/", views.zroute, name="zroute"),
    path(C + "z-route/certificaat.pdf", views.zroute_pdf, name="zroute_pdf"),
    path("uitvoering/uren-inlezen/", views.import_nieuw, name="import_nieuw"),
    path("uitvoering/uren-inlezen/<int:batch_pk>/", views.import_voorbeeld, name="import_voorbeeld"),
]
