from django.db import migrations


def sync(apps, schema_editor):
    from inburgering.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("inburgering", "0005_rollen_axes"),
        ("intake", "0002_introductieweek_en_rollen"),
        ("pip", "0002_briefpapier_en_rollen"),
    ]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
