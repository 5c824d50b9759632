from django.urls import path

from . import views

app_name = "termijnen"

urlpatterns = [
    path("werkvoorraad/", views.werkvoorraad, name="werkvoorraad"),
]
