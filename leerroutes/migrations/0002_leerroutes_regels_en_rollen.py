from django.db import migrations

ROUTES = [
    (
        "b1",
        "B1-route",
        "Taal op niveau B1 (lezen, luisteren, schrijven, spreken) en KNM, afgesloten met examens; "
        "participatie wordt aangeraden. Afschalen naar A2 per onderdeel kan bij voldoende uren en inzet.",
    ),
    (
        "onderwijs",
        "Onderwijsroute",
        "Taalschakeltraject naar mbo, hbo of wo (ongeveer anderhalf tot twee jaar), afgesloten met examens. "
        "Geen MAP; wel PVT.",
    ),
    (
        "z",
        "Z-route (zelfredzaamheidsroute)",
        "Voor wie A2 niet haalbaar is; met alfabetisering waar nodig. Geen examen: afronding met een "
        "eindgesprek en een certificaat na voldoende cursus- (en voor asielstatushouders participatie-)uren.",
    ),
]


def seed(apps, schema_editor):
    from inburgering.regels import seed_defaults
    from inburgering.roles import sync_roles
    from leerroutes.roles import beheer_rechten_toekennen

    Leerroute = apps.get_model("leerroutes", "Leerroute")
    for code, naam, omschrijving in ROUTES:
        Leerroute.objects.get_or_create(code=code, defaults={"naam": naam, "omschrijving": omschrijving})
    seed_defaults(apps.get_model("inburgering", "RegelInstelling"))
    sync_roles(apps)
    beheer_rechten_toekennen(apps)
    try:  # the intake and PIP configuration models: sync_roles reset the beheerder's group
        from intake.roles import beheer_rechten_toekennen as intake_beheer

        intake_beheer(apps)
    except ImportError:  # pragma: no cover
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("leerroutes", "0001_initial"),
        ("intake", "0002_introductieweek_en_rollen"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
