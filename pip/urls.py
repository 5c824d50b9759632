from django.urls import path

from . import views

app_name = "pip"

urlpatterns = [
    path("casussen/<int:casus_pk>/pip/nieuw/", views.nieuw, name="nieuw"),
    path("casussen/<int:casus_pk>/pip/<int:versie_pk>/", views.detail, name="detail"),
    path("casussen/<int:casus_pk>/pip/<int:versie_pk>/bewerken/", views.bewerken, name="bewerken"),
    path("casussen/<int:casus_pk>/pip/<int:versie_pk>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("casussen/<int:casus_pk>/pip/<int:versie_pk>/beschikking.pdf", views.pdf, name="pdf"),
]
