from django.db import migrations

STANDAARD_ITEMS = [
    ("Bijstand aanvragen", "Aanvraag levensonderhoud (Participatiewet) indienen."),
    ("Inrichtingskrediet", "Krediet of lening voor de inrichting van de woning aanvragen."),
    ("Overbruggingskrediet", "Voorschot tot de eerste bijstandsbetaling."),
    ("Energie en water", "Contracten voor energie en water afsluiten."),
    ("Zorgverzekering", "Basisverzekering afsluiten (en zorgtoeslag aanvragen)."),
    ("WA- en inboedelverzekering", "Aansprakelijkheids- en inboedelverzekering afsluiten."),
    ("BRP-inschrijving", "Inschrijving in de Basisregistratie Personen op het nieuwe adres."),
    ("Huurcontract", "Huurcontract tekenen (en huurtoeslag aanvragen)."),
    ("DigiD", "DigiD aanvragen en activeren."),
    ("Kwijtschelding", "Kwijtschelding van gemeentelijke belastingen aanvragen."),
]


def seed(apps, schema_editor):
    from inburgering.roles import sync_roles
    from intake.roles import beheer_rechten_toekennen

    IntroductieItem = apps.get_model("intake", "IntroductieItem")
    for volgorde, (naam, toelichting) in enumerate(STANDAARD_ITEMS, start=1):
        IntroductieItem.objects.get_or_create(naam=naam, defaults={"toelichting": toelichting, "volgorde": volgorde * 10})
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
