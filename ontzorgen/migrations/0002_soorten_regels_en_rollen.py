from django.db import migrations


def seed(apps, schema_editor):
    from inburgering.regels import seed_defaults
    from inburgering.roles import sync_roles
    from ontzorgen.seed import seed_vaste_last_soorten

    seed_vaste_last_soorten(apps.get_model("ontzorgen", "VasteLastSoort"))
    seed_defaults(apps.get_model("inburgering", "RegelInstelling"))
    sync_roles(apps)  # VasteLastSoort is a configuration model (inburgering.roles.CONFIG_MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("ontzorgen", "0001_initial"),
        ("inburgering", "0005_rollen_axes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
