from django.db import migrations


def seed(apps, schema_editor):
    from inburgering.regels import seed_defaults
    from inburgering.roles import sync_roles

    seed_defaults(apps.get_model("inburgering", "RegelInstelling"))
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("termijnen", "0001_initial"),
        ("inburgering", "0006_rollen_configuratie"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
