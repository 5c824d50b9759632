"""Role x URL matrix entries of the dashboards (merged by tests/test_permission_matrix.py).

The team dashboard and the lists behind its numbers are for team leads; the KPI pages, their table
exports and the (aggregate) monitoring export are for team leads and the functioneel beheerder; a
consultant gets none of it. An export is only visible to whoever asked for it (the team lead here).
"""

from django.core.files.base import ContentFile

from tests.matrix import DENY, LOGIN, OK, TEAMLEIDER_ONLY, Rule, _all

KPI = _all(DENY, anon=LOGIN, teamleider=OK, beheerder=OK)


def export_van_teamleider(world):
    from dashboards.models import Export

    export = Export.objects.filter(aangevraagd_door=world.users["tl"]).first()
    if export is None:
        export = Export(
            soort="monitoring",
            omschrijving="Matrix",
            aangevraagd_door=world.users["tl"],
            status="klaar",
            bestandsnaam="matrix.xlsx",
            content_type="application/octet-stream",
        )
        export.bestand.save("matrix.xlsx", ContentFile(b"PK matrix"), save=False)
        export.save()
    return export


def export_kwargs(world, casus):
    return {"uuid": export_van_teamleider(world).uuid}


MATRIX = {
    "dashboards:team": Rule(get=TEAMLEIDER_ONLY),
    "dashboards:casussen": Rule(get=TEAMLEIDER_ONLY),
    "dashboards:tabel_export": Rule(get=KPI, kwargs=lambda world, casus: {"tabel": "kpi-overzicht", "formaat": "csv"}),
    "dashboards:kpi": Rule(get=KPI),
    "dashboards:kpi_detail": Rule(get=KPI, kwargs=lambda world, casus: {"code": "gestart"}),
    "dashboards:verversen": Rule(get=None, post=KPI),
    "dashboards:exports": Rule(get=KPI, post=KPI),
    "dashboards:export_detail": Rule(get=TEAMLEIDER_ONLY, post=TEAMLEIDER_ONLY, kwargs=export_kwargs),
    "dashboards:export_download": Rule(get=TEAMLEIDER_ONLY, kwargs=export_kwargs),
}
