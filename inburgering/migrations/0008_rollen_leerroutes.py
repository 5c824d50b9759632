from django.db import migrations


def sync(apps, schema_editor):
    from inburgering.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("inburgering", "0007_rollen_handhaving"),
        ("leerroutes", "0002_leerroutes_regels_en_rollen"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
