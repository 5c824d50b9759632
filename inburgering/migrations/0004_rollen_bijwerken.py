from django.db import migrations


def sync(apps, schema_editor):
    from inburgering.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [("inburgering", "0003_anonimiseringsrapport_toegangslog")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
