from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cases import views as case_views
from inburgering import health
from inburgering import views as beheer_views

admin.site.site_header = "Inburgering – beheer"
admin.site.site_title = "Inburgering beheer"
admin.site.index_title = "Configuratie"

urlpatterns = [
    path("", case_views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", health.healthz, name="healthz"),
    path("", include("inburgering.mfa_urls")),
    path("beheer/toegangslog.csv", beheer_views.toegangslog_export, name="toegangslog_export"),
    # leerroutes before the admin: the role x URL matrix walks patterns in order, and the leerroutes
    # entries create the school/contract rows whose admin pages are walked next
    path("", include("leerroutes.urls")),
    path("", include("leerroutes.api_urls")),
    path("admin/", admin.site.urls),
    path("", include("cases.urls")),
    path("", include("intake.urls")),
    path("", include("pip.urls")),
    path("", include("dashboards.urls")),
    path("", include("termijnen.urls")),
    path("", include("handhaving.urls")),
    path("", include("ontzorgen.urls")),
    path("", include("spuk.urls")),
    path("", include("duo.urls")),
]

handler500 = "inburgering.errors.server_error"
