from django.db import migrations


def seed(apps, schema_editor):
    from inburgering.roles import sync_roles
    from intake.roles import beheer_rechten_toekennen
    from intake.seed import seed_introductie_items

    seed_introductie_items(apps.get_model("intake", "IntroductieItem"))
    sync_roles(apps)
    beheer_rechten_toekennen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("inburgering", "0002_seed_regels_en_rollen"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
