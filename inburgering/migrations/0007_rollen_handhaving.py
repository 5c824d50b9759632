from django.db import migrations


def sync(apps, schema_editor):
    from inburgering.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("inburgering", "0006_rollen_configuratie"),
        ("handhaving", "0002_regels_betaalgegevens_en_rollen"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
