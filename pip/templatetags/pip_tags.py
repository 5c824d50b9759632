from django import template
from django.utils import timezone

from pip import selectors

register = template.Library()


@register.inclusion_tag("pip/_sectie.html", takes_context=True)
def pip_sectie(context):
    """The PIP section of the case page (context: casus, mag_bewerken)."""
    casus = context["casus"]
    return {
        "casus": casus,
        "mag_bewerken": bool(context.get("mag_bewerken")),
        "stand": selectors.pip_stand(casus, vandaag=timezone.localdate()),
    }
