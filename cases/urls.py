from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("team/", views.team, name="team"),
    path("casussen/nieuw/", views.nieuw, name="nieuw"),
    path("casussen/<int:casus_pk>/", views.detail, name="detail"),
    path("casussen/<int:casus_pk>/bewerken/", views.casus_bewerken, name="bewerken"),
    path("casussen/<int:casus_pk>/persoon/", views.persoon_bewerken, name="persoon"),
    path("casussen/<int:casus_pk>/status/", views.status_wijzigen, name="status"),
    path("casussen/<int:casus_pk>/toewijzen/", views.toewijzen, name="toewijzen"),
    path("casussen/<int:casus_pk>/toegangslog/", views.toegangslog, name="toegangslog"),
    path("casussen/<int:casus_pk>/documenten/nieuw/", views.document_toevoegen, name="document_nieuw"),
    path("casussen/<int:casus_pk>/documenten/<uuid:document_uuid>/", views.document_downloaden, name="document"),
]
