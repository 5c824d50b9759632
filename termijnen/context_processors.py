from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from inburgering import permissions


def werkvoorraad(request):
    """`werkvoorraad_telling` for the header on every page: one aggregate query, only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not permissions.mag_casussen_zien(user):
        return {}

    def tel():
        from .selectors import telling

        return telling(user, vandaag=timezone.localdate())

    return {"werkvoorraad_telling": SimpleLazyObject(tel)}
