from django.db import migrations


def rollen(apps, schema_editor):
    from inburgering.roles import sync_roles

    sync_roles(apps)  # VasteLastSoort joined inburgering.roles.CONFIG_MODELS: beheerder edits, consultants read


class Migration(migrations.Migration):
    dependencies = [
        ("ontzorgen", "0002_soorten_regels_en_rollen"),
        ("inburgering", "0006_rollen_configuratie"),
    ]
    operations = [migrations.RunPython(rollen, migrations.RunPython.noop)]
