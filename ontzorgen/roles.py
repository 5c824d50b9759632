"""The configuration model of this app that the functioneel beheerder edits in the admin.

`inburgering.roles.sync_roles` gives the beheerder only the models in its CONFIG_MODELS and
resets the group's permissions when it runs; this app grants its own after `sync_roles`
(in the data migration) and after every migrate (post_migrate), like intake and pip do.
"""

from inburgering.permissions import FUNCTIONEEL_BEHEERDER

BEHEER_MODELLEN = ("vastelastsoort",)


def beheer_rechten_toekennen(apps=None, **kwargs) -> None:
    """Give the functioneel beheerder all permissions on the soorten vaste lasten. Idempotent."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groep = Group.objects.filter(name=FUNCTIONEEL_BEHEERDER).first()
    if groep is None:
        return
    groep.permissions.add(
        *Permission.objects.filter(content_type__app_label="ontzorgen", content_type__model__in=BEHEER_MODELLEN)
    )
