"""Roles as data: the permissions of each group. Used by data migrations (idempotent)."""

from .permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER, TEAMLEIDER

CASE_APPS = ("cases", "intake", "pip", "leerroutes", "handhaving", "spuk")
CONFIG_MODELS = {
    # app_label: models the functioneel beheerder configures in the admin
    "inburgering": ("organisatie", "gemeente", "team", "gebruiker", "regelinstelling", "hartslag"),
}


def sync_roles(apps) -> None:
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    case_perms = Permission.objects.filter(content_type__app_label__in=CASE_APPS)
    view_perms = case_perms.filter(codename__startswith="view_")
    config_perms = Permission.objects.none()
    for app_label, models in CONFIG_MODELS.items():
        config_perms = config_perms | Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    config_perms = config_perms | Permission.objects.filter(
        content_type__app_label="auth", content_type__model="group", codename="view_group"
    )
    edit_case = case_perms.exclude(codename__startswith="delete_").exclude(codename="toewijzen_casus")

    consultant, _ = Group.objects.get_or_create(name=CONSULTANT)
    consultant.permissions.set(list(edit_case) + list(view_perms))
    teamleider, _ = Group.objects.get_or_create(name=TEAMLEIDER)
    teamleider.permissions.set(list(case_perms.exclude(codename__startswith="delete_")))
    beheerder, _ = Group.objects.get_or_create(name=FUNCTIONEEL_BEHEERDER)
    beheerder.permissions.set(list(config_perms))
