from django.urls import path

from . import views

app_name = "handhaving"

urlpatterns = [
    path("handhaving/", views.overzicht, name="overzicht"),
    path("casussen/<int:casus_pk>/handhaving/nieuw/", views.nieuw, name="nieuw"),
    path("casussen/<int:casus_pk>/handhaving/<int:procedure_pk>/", views.detail, name="detail"),
    path("casussen/<int:casus_pk>/handhaving/<int:procedure_pk>/boetebeschikking.pdf", views.pdf, name="pdf"),
    path("casussen/<int:casus_pk>/handhaving/<int:procedure_pk>/<slug:stap>/", views.stap, name="stap"),
    path("casussen/<int:casus_pk>/bezwaren/nieuw/", views.bezwaar_nieuw, name="bezwaar_nieuw"),
    path("casussen/<int:casus_pk>/bezwaren/<int:bezwaar_pk>/", views.bezwaar_detail, name="bezwaar_detail"),
    path("casussen/<int:casus_pk>/bezwaren/<int:bezwaar_pk>/horen/", views.bezwaar_horen, name="bezwaar_horen"),
    path(
        "casussen/<int:casus_pk>/bezwaren/<int:bezwaar_pk>/beslissen/",
        views.bezwaar_beslissen,
        name="bezwaar_beslissen",
    ),
]
