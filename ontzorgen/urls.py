from django.urls import path

from . import views

app_name = "ontzorgen"

urlpatterns = [
    path("casussen/<int:casus_pk>/ontzorgen/", views.detail, name="detail"),
    path("casussen/<int:casus_pk>/ontzorgen/vastleggen/", views.ontzorgen, name="ontzorgen"),
    path("casussen/<int:casus_pk>/ontzorgen/vaste-lasten/nieuw/", views.vaste_last, name="vaste_last_nieuw"),
    path("casussen/<int:casus_pk>/ontzorgen/vaste-lasten/<int:last_pk>/", views.vaste_last, name="vaste_last"),
    path("casussen/<int:casus_pk>/ontzorgen/machtiging/", views.machtiging, name="machtiging"),
    path("casussen/<int:casus_pk>/ontzorgen/evaluatie/", views.evaluatie, name="evaluatie"),
    path("casussen/<int:casus_pk>/ontzorgen/training/", views.training, name="training"),
    path("casussen/<int:casus_pk>/participatie/", views.participatie, name="participatie"),
    path("casussen/<int:casus_pk>/participatie/begeleiding/", views.begeleiding, name="begeleiding"),
    path("casussen/<int:casus_pk>/participatie/activiteiten/nieuw/", views.activiteit, name="activiteit_nieuw"),
    path(
        "casussen/<int:casus_pk>/participatie/activiteiten/<int:activiteit_pk>/",
        views.activiteit,
        name="activiteit",
    ),
    path("casussen/<int:casus_pk>/participatie/trede/", views.trede, name="trede"),
    path("casussen/<int:casus_pk>/participatie/uitstroom/", views.uitstroom, name="uitstroom"),
]
