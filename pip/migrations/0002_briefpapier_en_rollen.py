from django.db import migrations


def seed(apps, schema_editor):
    from inburgering.roles import sync_roles
    from intake.roles import beheer_rechten_toekennen

    Gemeente = apps.get_model("inburgering", "Gemeente")
    Briefpapier = apps.get_model("pip", "Briefpapier")
    for gemeente in Gemeente.objects.all():
        Briefpapier.objects.get_or_create(gemeente=gemeente)
    sync_roles(apps)
    beheer_rechten_toekennen(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("pip", "0001_initial"),
        ("intake", "0002_introductieweek_en_rollen"),
        ("inburgering", "0002_seed_regels_en_rollen"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
