from django import template
from django.utils import timezone

from leerroutes import selectors

register = template.Library()


@register.inclusion_tag("leerroutes/_sectie.html", takes_context=True)
def leerroutes_sectie(context):
    """The journey at a glance on the case page (context: casus, mag_bewerken)."""
    casus = context["casus"]
    mag_bewerken = bool(context.get("mag_bewerken"))
    return {
        "casus": casus,
        "mag_bewerken": mag_bewerken,
        "stand": selectors.traject_stand(casus, vandaag=timezone.localdate(), mag_bewerken=mag_bewerken),
    }
