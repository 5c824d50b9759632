from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.team, name="team"),
    path("dashboard/casussen/", views.casussen, name="casussen"),
    path("dashboard/tabel/<slug:tabel>.<slug:formaat>", views.tabel_export, name="tabel_export"),
    path("dashboard/exports/", views.exports, name="exports"),
    path("dashboard/exports/<uuid:uuid>/", views.export_detail, name="export_detail"),
    path("dashboard/exports/<uuid:uuid>/download/", views.export_download, name="export_download"),
    path("kpi/", views.kpi, name="kpi"),
    path("kpi/verversen/", views.verversen, name="verversen"),
    path("kpi/<slug:code>/", views.kpi_detail, name="kpi_detail"),
]
