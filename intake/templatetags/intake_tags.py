from django import template

from intake import selectors

register = template.Library()


@register.inclusion_tag("intake/_sectie.html", takes_context=True)
def intake_sectie(context):
    """The intake section of the case page (context: casus, mag_bewerken)."""
    casus = context["casus"]
    mag_bewerken = bool(context.get("mag_bewerken"))
    return {
        "casus": casus,
        "mag_bewerken": mag_bewerken,
        "stand": selectors.intake_stand(casus, mag_bewerken=mag_bewerken),
    }
