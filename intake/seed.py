"""Default rows of the intake's configuration, used by the data migration (and by tests after a flush)."""

STANDAARD_INTRODUCTIE_ITEMS = [
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


def seed_introductie_items(IntroductieItem) -> int:
    """Insert the missing default checklist items. Idempotent; takes the (historical) model."""
    created = 0
    for volgorde, (naam, toelichting) in enumerate(STANDAARD_INTRODUCTIE_ITEMS, start=1):
        _, was_created = IntroductieItem.objects.get_or_create(
            naam=naam, defaults={"toelichting": toelichting, "volgorde": volgorde * 10}
        )
        created += was_created
    return created
