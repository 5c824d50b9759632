"""Permissions of the leerroutes configuration (schools, contracts, routes, providers, API keys).

`inburgering.roles.sync_roles` gives the case roles every permission of this app (it is one of
the CASE_APPS); the configuration models are the functioneel beheerder's, so this module gives
the beheerder all permissions on them and takes the change/add permissions on them away from the
case roles. Run after `sync_roles` (data migration) and after every migrate (post_migrate),
because a later `sync_roles` call resets the groups. Idempotent.
"""

from inburgering.permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER, TEAMLEIDER

BEHEER_MODELLEN = (
    "leerroute",
    "taalaanbieder",
    "contactpersoon",
    "contract",
    "contractprijs",
    "schooltoken",
    "participatieaanbieder",
)


def beheer_rechten_toekennen(apps=None, **kwargs) -> None:
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    config = Permission.objects.filter(content_type__app_label="leerroutes", content_type__model__in=BEHEER_MODELLEN)
    beheerder = Group.objects.filter(name=FUNCTIONEEL_BEHEERDER).first()
    if beheerder is not None:
        beheerder.permissions.add(*config)
    for groep in Group.objects.filter(name__in=(CONSULTANT, TEAMLEIDER)):
        groep.permissions.remove(*config.exclude(codename__startswith="view_"))
