from django.urls import path

from . import security

app_name = "mfa"

urlpatterns = [
    path("mfa/", security.verifieren, name="verifieren"),
    path("mfa/instellen/", security.instellen, name="instellen"),
    path("mfa/herstelcodes/", security.herstelcodes, name="herstelcodes"),
]
