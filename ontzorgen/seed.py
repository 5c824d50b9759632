"""Default data of this app, used by the data migration and by tests that start from a flushed database."""

STANDAARD_SOORTEN = ("Huur", "Energie", "Water", "Zorgverzekering")


def seed_vaste_last_soorten(VasteLastSoort) -> int:
    """The default kinds of fixed costs (idempotent); `VasteLastSoort` may be a migration's historical model."""
    created = 0
    for volgorde, naam in enumerate(STANDAARD_SOORTEN, start=1):
        _, was_created = VasteLastSoort.objects.get_or_create(
            naam=naam, defaults={"standaard": True, "volgorde": volgorde * 10}
        )
        created += was_created
    return created
