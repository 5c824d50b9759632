from django.db import migrations

STANDAARD_SOORTEN = ["Huur", "Energie", "Water", "Zorgverzekering"]


def seed(apps, schema_editor):
    from inburgering.regels import seed_defaults
    from inburgering.roles import sync_roles
    from ontzorgen.roles import beheer_rechten_toekennen

    VasteLastSoort = apps.get_model("ontzorgen", "VasteLastSoort")
    for volgorde, naam in enumerate(STANDAARD_SOORTEN, start=1):
        VasteLastSoort.objects.get_or_create(naam=naam, defaults={"standaard": True, "volgorde": volgorde * 10})
    seed_defaults(apps.get_model("inburgering", "RegelInstelling"))
    sync_roles(apps)
    beheer_rechten_toekennen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("ontzorgen", "0001_initial"),
        ("inburgering", "0005_rollen_axes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
