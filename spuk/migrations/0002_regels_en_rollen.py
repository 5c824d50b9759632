from django.db import migrations


def seed(apps, schema_editor):
    from inburgering.regels import seed_defaults
    from inburgering.roles import sync_roles

    # the SPUK cost-price settings (spuk_kostprijs_*) get their national default rows
    seed_defaults(apps.get_model("inburgering", "RegelInstelling"))
    # the team lead gets the permissions of the new models (spuk is one of the CASE_APPS)
    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("spuk", "0001_initial"),
        ("inburgering", "0005_rollen_axes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
