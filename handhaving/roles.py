"""The configuration model of handhaving that the functioneel beheerder edits in the admin.

`inburgering.roles.sync_roles` resets the beheerder's permissions to its CONFIG_MODELS; like
`intake.roles`, this app grants its own configuration model after `sync_roles` (in its data
migration) and after every migrate (post_migrate). Idempotent.
"""

from inburgering.permissions import FUNCTIONEEL_BEHEERDER

BEHEER_MODELLEN = {"handhaving": ("betaalgegevens",)}


def beheer_rechten_toekennen(apps=None, **kwargs) -> None:
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
