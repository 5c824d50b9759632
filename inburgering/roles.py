"""Roles as data: the permissions of each group. Used by data migrations (idempotent).

An app that adds models adds a data migration calling `sync_roles(apps)` (after its
model migrations), so that the groups get the new models' permissions.
"""

from .permissions import CONSULTANT, FUNCTIONEEL_BEHEERDER, TEAMLEIDER

CASE_APPS = ("cases", "intake", "pip", "leerroutes", "handhaving", "spuk", "ontzorgen", "termijnen")
CONFIG_MODELS = {
    # app_label: models the functioneel beheerder configures in the admin (not case content:
    # consultants and team leads get no write permission on these)
    "inburgering": ("organisatie", "gemeente", "team", "gebruiker", "regelinstelling", "hartslag"),
    "duo": ("duoinstelling",),  # DUO exchange: standaardteam per gemeente
    "intake": ("introductieitem",),
    "pip": ("briefpapier",),
    "ontzorgen": ("vastelastsoort",),  # kinds of fixed costs paid from the bijstand
    "handhaving": ("betaalgegevens",),  # IBAN and name on the boetebeschikking, per gemeente
    "leerroutes": (  # routes, schools with contacts and contracts, providers, school API keys
        "leerroute", "taalaanbieder", "contactpersoon", "contract", "contractprijs", "schooltoken",
        "participatieaanbieder",
    ),
}
# models the functioneel beheerder may only view (the admin makes them read-only too)
VIEW_ONLY_MODELS = {
    "inburgering": ("toegangslog", "anonimiseringsrapport"),
    "duo": ("notificatie", "bericht"),  # received notifications (unknown events) and the outbox
    "axes": ("accessattempt", "accesslog", "accessfailurelog"),
}
# extra single permissions of the functioneel beheerder
EXTRA_BEHEER_PERMS = [("axes", "delete_accessattempt")]  # unlock a locked-out account


def sync_roles(apps) -> None:
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # a migration's app registry has no models_module; create_permissions skips such apps
        old = getattr(app_config, "models_module", None)
        app_config.models_module = old or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = old

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    config_perms = Permission.objects.none()
    for app_label, models in CONFIG_MODELS.items():
        config_perms = config_perms | Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    case_perms = Permission.objects.filter(content_type__app_label__in=CASE_APPS).exclude(
        pk__in=config_perms.values("pk")
    )
    view_perms = case_perms.filter(codename__startswith="view_")
    config_perms = config_perms | Permission.objects.filter(
        content_type__app_label="auth", content_type__model="group", codename="view_group"
    )
    for app_label, models in VIEW_ONLY_MODELS.items():
        config_perms = config_perms | Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models, codename__startswith="view_"
        )
    for app_label, codename in EXTRA_BEHEER_PERMS:
        config_perms = config_perms | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    edit_case = case_perms.exclude(codename__startswith="delete_").exclude(codename="toewijzen_casus")

    consultant, _ = Group.objects.get_or_create(name=CONSULTANT)
    consultant.permissions.set(list(edit_case) + list(view_perms))
    teamleider, _ = Group.objects.get_or_create(name=TEAMLEIDER)
    teamleider.permissions.set(list(case_perms.exclude(codename__startswith="delete_")))
    beheerder, _ = Group.objects.get_or_create(name=FUNCTIONEEL_BEHEERDER)
    beheerder.permissions.set(list(config_perms))
