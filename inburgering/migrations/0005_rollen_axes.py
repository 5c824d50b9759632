from django.db import migrations


def sync(apps, schema_editor):
    from inburgering.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0004_rollen_bijwerken"), ("axes", "0010_accessattemptexpiration")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
