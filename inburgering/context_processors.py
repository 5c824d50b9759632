from . import permissions


def rol(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "rol_label": permissions.rol_label(user),
        "is_consultant": permissions.heeft_rol(user, permissions.CONSULTANT),
        "is_teamleider": permissions.heeft_rol(user, permissions.TEAMLEIDER),
        "is_beheerder": permissions.heeft_rol(user, permissions.FUNCTIONEEL_BEHEERDER) or user.is_superuser,
    }
