from django.db import migrations


def rollen(apps, schema_editor):
    from inburgering.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("duo", "0001_initial"),
        ("inburgering", "0005_rollen_axes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(rollen, migrations.RunPython.noop)]
