from django.db import migrations


def seed(apps, schema_editor):
    from handhaving.roles import beheer_rechten_toekennen as handhaving_beheer
    from inburgering.regels import seed_defaults
    from inburgering.roles import sync_roles
    from intake.roles import beheer_rechten_toekennen as intake_beheer

    seed_defaults(apps.get_model("inburgering", "RegelInstelling"))
    Gemeente = apps.get_model("inburgering", "Gemeente")
    Betaalgegevens = apps.get_model("handhaving", "Betaalgegevens")
    for gemeente in Gemeente.objects.all():
        Betaalgegevens.objects.get_or_create(gemeente=gemeente)
    sync_roles(apps)
    # sync_roles resets the beheerder to the inburgering configuration models: give the apps' own back
    intake_beheer(apps)
    handhaving_beheer(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("handhaving", "0001_initial"),
        ("intake", "0002_introductieweek_en_rollen"),
        ("pip", "0002_briefpapier_en_rollen"),
        ("inburgering", "0005_rollen_axes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
