"""Receivers of other apps' signals."""

from __future__ import annotations


def instelling_voor_gemeente(sender, instance, created, raw=False, **kwargs):
    """Every gemeente gets its (empty) DUO-instelling row, so the beheerder only fills it in."""
    if created and not raw:
        from .models import DuoInstelling

        DuoInstelling.objects.get_or_create(gemeente=instance)


def pip_vastgesteld(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A PIP version was vastgesteld (pip.services.pip_vaststellen saves it once with that status;
    the later PDF save names only the PDF fields): report it to DUO in the same transaction."""
    from pip.models import PDF_VELDEN

    if raw or not instance.is_vastgesteld:
        return
    if update_fields and set(update_fields) <= PDF_VELDEN:
        return
    from . import services
    from .models import Bericht

    if Bericht.objects.filter(bron_object=f"pipversie:{instance.pk}").exists():
        return
    services.pip_automatisch_melden(versie=instance)
