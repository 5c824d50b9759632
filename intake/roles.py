"""Configuration models of the case apps that the functioneel beheerder edits in the admin.

`inburgering.roles.sync_roles` gives the beheerder the configuration models listed in its
CONFIG_MODELS; these apps add theirs here and grant them after `sync_roles` and after every
migrate (post_migrate), because a later `sync_roles` call resets the beheerder's permissions.
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
