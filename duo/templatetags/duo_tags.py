from django import template

from duo import selectors

register = template.Library()


@register.inclusion_tag("duo/_sectie.html", takes_context=True)
def duo_sectie(context):
    """The DUO section of the case page (context: casus, mag_bewerken): the state of each melding, resend."""
    casus = context["casus"]
    return {
        "casus": casus,
        "mag_bewerken": bool(context.get("mag_bewerken")),
        "overzicht": selectors.sectie(casus),
        "csrf_token": context.get("csrf_token"),
    }
