"""Used by intake's data migration 0002 (kept for it). The configuration models of intake and pip
are now listed in `inburgering.roles.CONFIG_MODELS`, which `sync_roles` grants to the beheerder.
"""

from inburgering.permissions import FUNCTIONEEL_BEHEERDER

BEHEER_MODELLEN = {
    "intake": ("introductieitem",),
    "pip": ("briefpapier",),
}


def beheer_rechten_toekennen(apps=None, **kwargs) -> None:
    """Give the functioneel beheerder all permissions on BEHEER_MODELLEN. Idempotent."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groep = Group.objects.filter(name=FUNCTIONEEL_BEHEERDER).first()
    if groep is None:
        return
    for app_label, modellen in BEHEER_MODELLEN.items():
        groep.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=modellen)
        )
